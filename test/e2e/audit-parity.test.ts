/**
 * The offline audit reproduces the live bot, for every shipped rule. A live scenario runs through the
 * real app (Bolt over HTTP, the simulator, a real Redis) with every rule file of rules/ enabled as
 * shipped (real thresholds: 1h/3h/6h business-hours response time, 14 days of client silence, 24 h
 * for an incident report …) on a virtual clock (test/helpers/virtual-clock.ts): the clock stands
 * still while the bot works and stops at every due job, so two weeks pass in seconds and every timer
 * fires at its due time. The simulator's export is then replayed by `runAudit`, and both must report
 * the same findings. The scenario makes every rule fire live at least once: a rule that silently
 * stops firing fails here, as does any difference between live and audit.
 *
 * Timeline (Asia/Tokyo; business hours 09-12, 13-18 Mon-Fri; Tue 2026-10-06 → Tue 2026-10-20):
 *   #client-acme  (U0CLIENT, assistant U0SATO)
 *     Tue 09:30 client request nobody answers ........ response-time reminder 10:30, slow 13:30, breach 16:30
 *     Tue 11:00 huddle started by Sato, no recap ..... call-recap 11:30
 *     Wed 09:10 Sato answers ............................. (a response; the team worked after the client's last word)
 *     Tue 10/20 09:30, 14 days after the client's last message ... client-silence
 *   #client-beta  (U0CLIENT2; U0SATO, U0SUZUKI)
 *     Tue 10:05 「承知いたしました!対応いたします!」 ........ deadline-missing
 *     Tue 10:10 「どうでしょうか?…03-1234-5678…」 ............. closed-question, phone-number
 *     Tue 10:15 a Google Docs link, no word on access .... link-permission
 *     Tue 10:25 20 lines to a 1-line question ............ overlong-reply
 *     Tue 10:30-10:34 three separate questions ........... batch-questions
 *     Tue 10:40, 10:45 two check-ins, no answer between .. unsolicited-checkin
 *     Tue 11:10 client request, Suzuki only reacts, writes at 12:20 ... reaction-only 12:10 (an hour, rule 0.1);
 *                 「本日17時までに再発行いたします」 is never delivered ........ delay-notice reminder, breach 17:00
 *     Tue 13:00 「本日15時までに…お送りいたします」, silence .. delay-notice reminder 14:36, breach 15:00
 *     Tue 17:50 a message 10 minutes before closing ...... send-timing (before closing)
 *     Tue 10/20 11:10 ............................................ client-silence
 *   #client-gamma (U0CLIENT3; U0SUZUKI)
 *     Tue 11:00 「困っています」, Suzuki answers first ....... complaint-protocol checklist; no report → Wed 11:00
 *     Tue 13:10 「確認の上、15時までにご返信いたします」, nothing by 15:00 ... response-time follow-up-due
 *     Sat 10:00 Suzuki writes to the client .............. send-timing (closed day)
 *     Tue 10/20 13:00 ............................................ client-silence
 *   DM D0DM1      Tue 10:50 Sato (opted in) talks business ... dm-usage
 *
 * What an export cannot carry, and how parity is still checked:
 *   - DMs: a standard export (what the simulator writes) holds public channels only; the audit reads DMs
 *     when the export holds them (dms.json, as a Business+/Enterprise export does). The scenario's DM is
 *     added to the export the way such an export lays it out; without it the audit reports everything
 *     but the DM's dm-usage finding.
 *   - Reactions carry no time in an export: the audit counts a reaction as given when its message was
 *     posted. The reaction here is given at the message's moment, so reaction-only fires at the same
 *     time live and in the audit.
 *   - Incident reports are not in an export (complaint-protocol counts every complaint without one):
 *     none is filed here, so both see the complaint go unreported.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DateTime } from 'luxon';
import { loadRulebook } from '../../src/config/rulebook';
import type { ResponseRecord } from '../../src/core/detector';
import type { Finding } from '../../src/core/finding';
import { SlackExport } from '../../src/audit/export';
import { runAudit } from '../../src/audit/replay';
import { auditMain } from '../../src/cli/audit';
import { rulesDirWithShipped } from '../helpers/app';
import { startVirtualHarness, type VirtualHarness } from '../helpers/virtual-clock';

jest.setTimeout(60_000);
const ZONE = 'Asia/Tokyo';
/** Every rule file shipped in rules/ (team.yaml is the team's configuration, not a rule). */
const RULES = fs
  .readdirSync(path.join(__dirname, '..', '..', 'rules'))
  .filter((f) => f.endsWith('.yaml') && f !== 'team.yaml')
  .map((f) => f.replace(/\.yaml$/, ''))
  .sort();
const at = (local: string) => DateTime.fromISO(local, { zone: ZONE }).toMillis();
const START = at('2026-10-06T09:00'); // a Tuesday
const END = at('2026-10-20T14:00');

let h: VirtualHarness;
let rulesDir: string;
let live: Finding[];
let liveResponses: ResponseRecord[];
/** The export as the simulator writes it (channels only), and the same plus the DM as a full export holds it. */
let channelsOnly: string;
let full: string;

/** Post at a local time (the clock moves there first, firing what is due on the way) and let the bot work. */
async function post(when: string, channel: string, user: string, text: string, threadTs?: string): Promise<string> {
  await h.advanceTo(at(when));
  const ts = await h.sim.postUserMessage({ channel, user, text, threadTs });
  await h.settle();
  return ts;
}

/** The DM opt-in as an assistant does it: /slack/optin, Slack's consent, the redirect with state and cookie. */
async function optIn(user: string): Promise<void> {
  const base = `http://127.0.0.1:${h.port}`;
  const start = await fetch(`${base}/slack/optin`, { redirect: 'manual' });
  const state = new URL(start.headers.get('location')!).searchParams.get('state')!;
  const cookie = (start.headers.get('set-cookie') ?? '').split(';')[0];
  const done = await fetch(`${base}/slack/oauth_redirect?${new URLSearchParams({ code: h.sim.consent(user), state })}`, { headers: { cookie } });
  expect(done.status).toBe(200);
}

/** Add a DM to an export folder as a full (Business+/Enterprise) export lays it out: dms.json and a folder per DM id. */
function addDm(dir: string, id: string, members: string[]): void {
  fs.writeFileSync(path.join(dir, 'dms.json'), JSON.stringify([{ id, created: Math.floor(START / 1000), members }], null, 1));
  const byDay = new Map<string, unknown[]>();
  for (const m of h.sim.messages(id)) {
    const day = new Date(Number(m.ts) * 1000).toISOString().slice(0, 10);
    byDay.set(day, [...(byDay.get(day) ?? []), { ...m, user_team: m.team }]);
  }
  fs.mkdirSync(path.join(dir, id), { recursive: true });
  for (const [day, msgs] of byDay) fs.writeFileSync(path.join(dir, id, `${day}.json`), JSON.stringify(msgs, null, 1));
}

const exportDir = () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sla-export-'));
  h.sim.exportTo(dir);
  return dir;
};

beforeAll(async () => {
  rulesDir = rulesDirWithShipped(RULES);
  h = await startVirtualHarness({ rulesDir, start: START, env: { SLACK_CLIENT_ID: '123.456', SLACK_CLIENT_SECRET: 'shh' } });
  h.sim.addUser({ id: 'U0CLIENT3', name: 'ito', realName: 'Ito (Gamma)', teamId: 'T0GAMMA' });
  h.sim.addChannel({ id: 'C0GAMMA', name: 'client-gamma', members: ['U0SUZUKI', 'U0CLIENT3', 'U0SLABOT'], isExtShared: true });
  await optIn('U0SATO');

  // Tuesday
  await post('2026-10-06T09:30', 'C0ACME', 'U0CLIENT', '請求書の件、ご確認いただけますか?');
  const estimate = await post('2026-10-06T10:00', 'C0BETA', 'U0CLIENT2', '見積もりをお願いします');
  await post('2026-10-06T10:05', 'C0BETA', 'U0SATO', '承知いたしました!対応いたします!', estimate);
  await post('2026-10-06T10:10', 'C0BETA', 'U0SATO', 'デザイン案です。どうでしょうか?ご不明点は03-1234-5678までお電話ください。');
  await post('2026-10-06T10:15', 'C0BETA', 'U0SATO', '議事録です <https://docs.google.com/document/d/1AbC/edit|議事録>');
  await post('2026-10-06T10:20', 'C0BETA', 'U0CLIENT2', '料金はいくらですか?');
  await post('2026-10-06T10:25', 'C0BETA', 'U0SUZUKI', Array.from({ length: 20 }, (_, i) => `${i + 1}. 詳しくご説明します。`).join('\n'));
  await post('2026-10-06T10:30', 'C0BETA', 'U0SUZUKI', '色は青でよろしいでしょうか?');
  await post('2026-10-06T10:32', 'C0BETA', 'U0SUZUKI', 'サイズはA4ですか?');
  await post('2026-10-06T10:34', 'C0BETA', 'U0SUZUKI', '納期は金曜で大丈夫ですか?');
  await post('2026-10-06T10:40', 'C0BETA', 'U0SUZUKI', 'その後いかがでしょうか?');
  await post('2026-10-06T10:45', 'C0BETA', 'U0SUZUKI', 'その後どうでしょうか?');
  await post('2026-10-06T10:50', 'D0DM1', 'U0SATO', 'A社の請求書、今日中に送ってもらえますか?');
  await post('2026-10-06T11:00', 'C0BETA', 'U0CLIENT2', 'ありがとうございます!');
  expect((await h.sim.sendEvent(h.sim.message({ channel: 'C0ACME', user: 'U0SATO', text: '', subtype: 'huddle_thread' }))).status).toBe(200);
  const complaint = await post('2026-10-06T11:00', 'C0GAMMA', 'U0CLIENT3', '対応が遅くて本当に困っています。');
  await post('2026-10-06T11:05', 'C0GAMMA', 'U0SUZUKI', '大変申し訳ございません。ご不便をおかけしております。', complaint);
  const reissue = await post('2026-10-06T11:10', 'C0BETA', 'U0CLIENT2', '請求書を再発行してください');
  expect((await h.sim.reactionAdded({ channel: 'C0BETA', user: 'U0SUZUKI', reaction: 'eyes', itemTs: reissue })).status).toBe(200);
  await post('2026-10-06T12:20', 'C0BETA', 'U0SUZUKI', '本日17時までに再発行いたします。', reissue);
  await post('2026-10-06T13:00', 'C0BETA', 'U0SATO', '本日15時までに修正版をお送りいたします。');
  const material = await post('2026-10-06T13:00', 'C0GAMMA', 'U0CLIENT3', '資料を送っていただけますか?');
  await post('2026-10-06T13:10', 'C0GAMMA', 'U0SUZUKI', '確認の上、15時までにご返信いたします。', material);
  await post('2026-10-06T17:50', 'C0BETA', 'U0SUZUKI', '本日の作業報告は以上です。');
  // Wednesday
  await post('2026-10-07T09:10', 'C0ACME', 'U0SATO', 'お待たせいたしました。請求書は10月9日までに再送いたします。');
  // Saturday
  await post('2026-10-10T10:00', 'C0GAMMA', 'U0SUZUKI', '週末に失礼します。修正版をお送りします。');
  // Two weeks after the clients last spoke
  await h.advanceTo(END);

  live = (await h.store.rangeRecords<Finding>('findings', 0, END + 1)).map((r) => r.record);
  liveResponses = (await h.store.rangeRecords<ResponseRecord>('responses', 0, END + 1)).map((r) => r.record);
  channelsOnly = exportDir();
  full = exportDir();
  addDm(full, 'D0DM1', ['U0SATO', 'U0BOSS']);
});
afterAll(() => h?.close());

const byKey = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
/** Whole findings (rule, channel, message, person, severity, time, evidence), in one order. */
const sorted = (list: Finding[]) => {
  const order = (f: Finding) => JSON.stringify([f.rule, f.channel, f.ts, f.at, f.user, String(f.evidence.level ?? f.evidence.messageId ?? '')]);
  return [...list].sort((a, b) => byKey(order(a), order(b)));
};
const audit = (dir: string) => runAudit(new SlackExport(dir), { rulebook: loadRulebook(rulesDir), to: END });

test('every shipped rule is enabled and fires live in the scenario', () => {
  expect(RULES).toEqual(['batch-questions', 'call-recap', 'client-silence', 'closed-question', 'complaint-protocol', 'deadline-missing', 'delay-notice', 'dm-usage', 'link-permission', 'overlong-reply', 'phone-number', 'reaction-only', 'response-time', 'send-timing', 'unsolicited-checkin']);
  expect(RULES).toEqual(loadRulebook(rulesDir).rules.map((r) => r.id).sort());
  expect([...new Set(live.map((f) => f.rule))].sort()).toEqual(RULES);
  // The scenario's timers fired at their levels (not merged into one by a late scheduler).
  const levels = (rule: string, channel: string) => live.filter((f) => f.rule === rule && f.channel === channel).map((f) => String(f.evidence.level ?? f.evidence.messageId));
  expect(levels('response-time', 'C0ACME')).toEqual(['reminder', 'slow', 'breach']);
  expect(levels('response-time', 'C0GAMMA')).toEqual(['follow-up-due']);
  // 「本日15時までに修正版を…」 and 12:20's 「本日17時までに再発行いたします」: neither delivered.
  expect(levels('delay-notice', 'C0BETA')).toEqual(['reminder', 'breach', 'reminder', 'breach']);
  expect(levels('complaint-protocol', 'C0GAMMA')).toEqual(['checklist', 'noReport']);
  expect(levels('send-timing', 'C0BETA')).toEqual(['beforeClosing']);
  expect(levels('send-timing', 'C0GAMMA')).toEqual(['closed']);
  expect(live.filter((f) => f.rule === 'client-silence').map((f) => f.channel).sort()).toEqual(['C0ACME', 'C0BETA', 'C0GAMMA']);
});

test('the audit of the export reports the same findings as the live bot: same times, same evidence', () => {
  const a = audit(full);
  expect(sorted(a.findings)).toEqual(sorted(live));
  // First responses too (the reports' medians and shares).
  const rsorted = (rs: ResponseRecord[]) => [...rs].sort((x, y) => byKey(`${x.channel}|${x.ts}`, `${y.channel}|${y.ts}`));
  expect(rsorted(a.responses)).toEqual(rsorted(liveResponses));
  expect(liveResponses.length).toBeGreaterThanOrEqual(5);
  expect(a.report.totals.breaches).toHaveLength(1);
});

test('a standard export (no DMs) reports everything but the DM', () => {
  const a = audit(channelsOnly);
  expect(sorted(a.findings)).toEqual(sorted(live.filter((f) => f.rule !== 'dm-usage')));
  expect(live.filter((f) => f.rule === 'dm-usage')).toEqual([expect.objectContaining({ channel: 'D0DM1', user: 'U0SATO' })]);
});

test('the CLI prints exactly { findings, report } as JSON', async () => {
  const out = path.join(full, 'audit.json');
  // The replay ends at the export's last message unless --to says otherwise: client-silence is due later.
  expect(await auditMain([full, '--rules', rulesDir, '--to', '2026-10-20', '--format', 'json', '--out', out])).toBe(0);
  const json = JSON.parse(fs.readFileSync(out, 'utf8'));
  expect(Object.keys(json)).toEqual(['findings', 'report']);
  expect(Object.keys(json.findings[0]).sort()).toEqual(['channel', 'evidence', 'rule', 'severity', 'ts', 'user']);
  expect(new Set(json.findings.map((f: Finding) => f.rule)).size).toBe(RULES.length);
});

test('a malformed day file is reported with its path and the rest goes on', () => {
  const dir = exportDir();
  const folder = path.join(dir, 'client-acme');
  fs.writeFileSync(path.join(folder, '1999-01-01.json'), '[{"ts": "1.1", ');
  const warnings: string[] = [];
  const a = runAudit(new SlackExport(dir, (w) => warnings.push(w)), { rulebook: loadRulebook(rulesDir), to: END, onWarning: (w) => warnings.push(w) });
  expect(warnings.some((w) => w.includes(path.join(folder, '1999-01-01.json')))).toBe(true);
  expect(a.messages).toBeGreaterThan(0);
});

test('a zip export gives the same answer as the folder', async () => {
  const yazl = await import('yazl');
  const dir = exportDir();
  const zipPath = path.join(os.tmpdir(), `sla-export-${Date.now()}.zip`);
  const zip = new yazl.ZipFile();
  const walk = (d: string, rel = '') => {
    for (const f of fs.readdirSync(d)) {
      const p = path.join(d, f);
      if (fs.statSync(p).isDirectory()) walk(p, path.join(rel, f));
      else zip.addFile(p, path.join('export', rel, f));
    }
  };
  walk(dir);
  zip.end();
  await new Promise<void>((resolve) => zip.outputStream.pipe(fs.createWriteStream(zipPath)).on('close', () => resolve()));
  const to = '2099-12-31';
  const a = path.join(dir, 'a.md');
  const b = path.join(dir, 'b.md');
  expect(await auditMain([dir, '--rules', rulesDir, '--to', to, '--format', 'md', '--out', a])).toBe(0);
  expect(await auditMain([zipPath, '--rules', rulesDir, '--to', to, '--format', 'md', '--out', b])).toBe(0);
  expect(fs.readFileSync(b, 'utf8')).toBe(fs.readFileSync(a, 'utf8'));
  expect(fs.readFileSync(a, 'utf8')).toContain('# SLA audit');
  const html = path.join(dir, 'audit.html');
  expect(await auditMain([dir, '--rules', rulesDir, '--to', to, '--format', 'html', '--out', html])).toBe(0);
  const page = fs.readFileSync(html, 'utf8');
  expect(page).toMatch(/^<!doctype html>/);
  expect((page.match(/<svg /g) ?? []).length).toBe(3);
  expect(page).not.toMatch(/<script|<link|src=/);
  expect(await auditMain([path.join(dir, 'users.json'), '--rules', rulesDir])).toBe(2);
  expect(await auditMain([dir, '--format', 'pdf'])).toBe(2);
});
