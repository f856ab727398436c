/**
 * Message rules end to end: event in (signed, over HTTP), private nudge out to the author only,
 * finding stored. Real Bolt app, the simulator, a real Redis.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SlackExport } from '../../src/audit/export';
import { runAudit } from '../../src/audit/replay';
import { loadRulebook } from '../../src/config/rulebook';
import type { Finding } from '../../src/core/finding';
import { rulesDirWithShipped, sleep, startHarness, type Harness } from '../helpers/app';

jest.setTimeout(30_000);
const RULES = ['batch-questions', 'call-recap', 'closed-question', 'deadline-missing', 'delay-notice', 'link-permission', 'overlong-reply', 'phone-number', 'reaction-only', 'unsolicited-checkin'];
// Timer-based rules run on seconds here.
// Wall-clock seconds instead of minutes, and a call's recap due after `after` only (not at the day's close).
const seconds = (id: string, text: string) =>
  text.replace('after: 10m', 'after: 1s').replace('after: 30m', 'after: 1s').replace('sameDay: true', 'sameDay: false').replace('after: 1h', id === 'reaction-only' ? 'after: 1s' : 'after: 1h');

let h: Harness;
let rulesDir: string;
beforeAll(async () => {
  rulesDir = rulesDirWithShipped(RULES, seconds);
  h = await startHarness({ rulesDir });
});
afterAll(() => h.close());
beforeEach(() => h.sim.clearCalls());

async function findingsFor(rule: string, ts: string): Promise<Finding[]> {
  const all = await h.store.rangeRecords<Finding>('findings', 0, Date.now() + 60_000);
  return all.map((r) => r.record).filter((f) => f.rule === rule && f.ts === ts);
}

test.each([
  ['closed-question', 'デザイン案を作りました。どうでしょうか?', 'はい/いいえ'],
  ['deadline-missing', '承知いたしました!対応いたします!', '期限'],
  ['link-permission', '議事録です <https://docs.google.com/document/d/1AbC/edit|議事録>', '権限'],
  ['phone-number', '本日はありがとうございました。ご不明点があれば03-1234-5678までお電話ください。', '電話番号'],
])('%s: nudge to the author only, finding stored', async (rule, text, expected) => {
  const ts = await h.sim.postUserMessage({ channel: 'C0ACME', user: 'U0SATO', teamId: 'T0OURTEAM', text });
  const nudge = await h.sim.waitForCall('chat.postEphemeral', undefined, 5000);
  expect(nudge.args).toMatchObject({ channel: 'C0ACME', user: 'U0SATO' });
  expect(String(nudge.args.text)).toContain(expected);
  await sleep(200);
  expect(h.sim.callsTo('chat.postEphemeral')).toHaveLength(1);
  expect(h.sim.callsTo('chat.postMessage')).toHaveLength(0);
  expect(await findingsFor(rule, ts)).toEqual([expect.objectContaining({ rule, user: 'U0SATO', channel: 'C0ACME' })]);
});

test('the same words from a client nudge nobody', async () => {
  await h.sim.postUserMessage({ channel: 'C0ACME', user: 'U0CLIENT', teamId: 'T0ACME', text: '進捗どうですか?03-1234-5678までお電話ください。<https://docs.google.com/document/d/1|資料>' });
  await sleep(800);
  expect(h.sim.callsTo('chat.postEphemeral')).toHaveLength(0);
});

test('valid messages stay silent', async () => {
  await h.sim.postUserMessage({ channel: 'C0ACME', user: 'U0SATO', teamId: 'T0OURTEAM', text: '承知いたしました!11月25日15時までに完了いたします!Aの案で進める形でよろしいでしょうか?' });
  await sleep(800);
  expect(h.sim.callsTo('chat.postEphemeral').map((c) => String(c.args.text))).toEqual([]);
});

test('reaction-only: a reaction without a message nudges the reactor once the time passes', async () => {
  const ts = await h.sim.postUserMessage({ channel: 'C0BETA', user: 'U0CLIENT2', teamId: 'T0BETA', text: '請求書を再発行してください' });
  await h.sim.reactionAdded({ channel: 'C0BETA', user: 'U0SUZUKI', reaction: 'eyes', itemTs: ts });
  const nudge = await h.sim.waitForCall('chat.postEphemeral', (c) => String(c.args.text).includes('リアクション'), 5000);
  expect(nudge.args).toMatchObject({ channel: 'C0BETA', user: 'U0SUZUKI' });
  expect(await findingsFor('reaction-only', ts)).toEqual([expect.objectContaining({ user: 'U0SUZUKI' })]);
  // Close the request so the response-time clock does not run into later tests.
  await h.sim.postUserMessage({ channel: 'C0BETA', user: 'U0SUZUKI', teamId: 'T0OURTEAM', threadTs: ts, text: '本日17時までに再発行いたします。' });
});

test('call-recap: a huddle with no written recap nudges the one who started it', async () => {
  const ev = h.sim.message({ channel: 'C0ACME', user: 'U0SATO', teamId: 'T0OURTEAM', text: '', subtype: 'huddle_thread' });
  expect((await h.sim.sendEvent(ev)).status).toBe(200);
  const nudge = await h.sim.waitForCall('chat.postEphemeral', (c) => String(c.args.text).includes('☎️'), 5000);
  expect(nudge.args).toMatchObject({ channel: 'C0ACME', user: 'U0SATO' });
  expect(await findingsFor('call-recap', ev.ts)).toHaveLength(1);
});

test.each([
  ['batch-questions', ['色は青でよろしいでしょうか?', 'サイズはA4ですか?', '納期は金曜で大丈夫ですか?'], '1つのメッセージ'],
  ['unsolicited-checkin', ['その後いかがでしょうか?', 'その後どうでしょうか?'], '追いかけず'],
  ['overlong-reply', [Array.from({ length: 20 }, (_, i) => `${i + 1}. 詳しくご説明します。`).join('\n')], '行で返信'],
])('%s end to end', async (_rule, texts, expected) => {
  if (_rule === 'overlong-reply') await h.sim.postUserMessage({ channel: 'C0BETA', user: 'U0CLIENT2', teamId: 'T0BETA', text: '料金はいくらですか?' });
  for (const text of texts) await h.sim.postUserMessage({ channel: 'C0BETA', user: 'U0SUZUKI', teamId: 'T0OURTEAM', text });
  const nudge = await h.sim.waitForCall('chat.postEphemeral', (c) => String(c.args.text).includes(expected), 5000);
  expect(nudge.args).toMatchObject({ channel: 'C0BETA', user: 'U0SUZUKI' });
  const all = await h.store.rangeRecords<Finding>('findings', 0, Date.now() + 60_000);
  expect(all.filter((f) => f.record.rule === _rule && f.record.user === 'U0SUZUKI' && f.record.channel === 'C0BETA')).toHaveLength(1);
});

test('delay-notice: a commitment whose time passes silently gets the reminder, then the breach', async () => {
  // The commitment was made an hour ago ("within the hour"), so its deadline is seconds away.
  const at = Date.now() - 60 * 60_000 + 3000;
  const ts = `${Math.floor(at / 1000)}.${String((at % 1000) * 1000).padStart(6, '0')}`;
  // A channel of its own: the back-dated promise sorts before the other tests' messages in the export,
  // where a delivery of theirs would read as delivering it.
  h.sim.addChannel({ id: 'C0DELAY', name: 'client-delay', members: ['U0SATO', 'U0CLIENT', 'U0SLABOT'], isExtShared: true });
  await h.sim.postUserMessage({ channel: 'C0DELAY', user: 'U0SATO', teamId: 'T0OURTEAM', ts, text: '1時間以内に納品いたします。' });
  const reminder = await h.sim.waitForCall('chat.postEphemeral', (c) => String(c.args.text).includes('近づいています'), 5000);
  expect(reminder.args).toMatchObject({ channel: 'C0DELAY', user: 'U0SATO' });
  const breach = await h.sim.waitForCall('chat.postEphemeral', (c) => String(c.args.text).includes('過ぎましたが'), 8000);
  expect(breach.at - reminder.at).toBeGreaterThan(1000);
  expect((await findingsFor('delay-notice', ts)).map((f) => f.evidence.level)).toEqual(['reminder', 'breach']);
});

// Last, over everything above: the offline audit of the simulator's export finds what the live bot stored.
test("the audit of this file's export reproduces every finding the live bot stored", async () => {
  await sleep(1500);
  // Timers due in the last moment may still be on their way live; compare up to a second ago.
  const to = Date.now() - 1000;
  const key = (f: Finding) => `${f.rule}|${f.channel}|${f.ts}|${f.user}|${String(f.evidence.level ?? f.evidence.messageId ?? '')}`;
  const live = (await h.store.rangeRecords<Finding>('findings', 0, to)).map((r) => r.record).filter((f) => f.at <= to);
  expect(new Set(live.map((f) => f.rule)).size).toBeGreaterThanOrEqual(RULES.length);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sla-export-'));
  h.sim.exportTo(dir);
  const warnings: string[] = [];
  const audit = runAudit(new SlackExport(dir), { rulebook: loadRulebook(rulesDir), to, onWarning: (w) => warnings.push(w) });
  expect(audit.findings.map(key).sort()).toEqual(live.map(key).sort());
  // The fixture team file names @assistants, which no export can resolve: said once, on stderr.
  expect(warnings).toEqual([expect.stringContaining('@assistants')]);
  fs.rmSync(dir, { recursive: true, force: true });
});
