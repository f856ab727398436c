/**
 * The request model end to end (issue 12's situations, ja and en): the real app over HTTP against the
 * simulator and a real Redis on a virtual clock, with the shipped response-time, reaction-only and
 * send-timing rules; then the audit of the simulator's export must report the same findings and the
 * same answered requests.
 *
 * Timeline (Asia/Tokyo; business hours 09-12, 13-18 Mon-Fri; Mon 10/12 is a holiday). Stamps are in the
 * team's language (team.yaml), whatever the client writes in:
 *   #client-acme (two clients of the same company: U0CLIENT, U0CLIENTB; assistant U0SATO)
 *     Tue 10:00 U0CLIENT asks (A) at top level; 10:10 U0CLIENTB asks (B) at top level
 *     Tue 10:20 Sato answers B in B's thread ............. B answered; A stays open → reminder 11:00
 *     Tue 11:30 Sato answers A in A's thread ............. A answered after its reminder
 *     Tue 13:05 「ありがとうございます。確認します。」 ......... the client's own next step: no request
 *     Wed 10:00 a request for dates; 10:30 dates offered with a question .. the stamp shows no deadline
 *   #client-beta (U0CLIENT2, English)
 *     Tue 14:00 request, 14:30 answer; then "Perfect, thanks!", "Noted 👍", "No need to reply." ... no request
 *     Thu 15:00 a complaint two days later, answered at top level 15:20 .... timed from itself (20 min)
 *     Fri 17:30 a request answered Mon 09:30 (a holiday) . the stamp shows the wall-clock wait (2日16時間);
 *                                                           a reply to a waiting request is not send-timing
 *     Sat 23:36 a client asks; Sato answers at 23:40 ..... a prompt reply to a client is not send-timing
 */
import { DateTime } from 'luxon';
import { loadRulebook } from '../../src/config/rulebook';
import type { ResponseRecord } from '../../src/core/detector';
import type { Finding } from '../../src/core/finding';
import { SlackExport } from '../../src/audit/export';
import { runAudit } from '../../src/audit/replay';
import { rulesDirWithShipped } from '../helpers/app';
import { startVirtualHarness, type VirtualHarness } from '../helpers/virtual-clock';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

jest.setTimeout(60_000);
const ZONE = 'Asia/Tokyo';
const at = (local: string) => DateTime.fromISO(local, { zone: ZONE }).toMillis();
const START = at('2026-10-06T09:00'); // a Tuesday
const END = at('2026-10-13T12:00');

let h: VirtualHarness;
let rulesDir: string;
let live: Finding[];
let liveResponses: ResponseRecord[];
const ts: Record<string, string> = {};

async function post(when: string, channel: string, user: string, text: string, threadTs?: string): Promise<string> {
  await h.advanceTo(at(when));
  const posted = await h.sim.postUserMessage({ channel, user, text, threadTs });
  await h.settle();
  return posted;
}

/** The stamp texts the bot posted (or updated) under a client's message. */
function stampsUnder(channel: string, clientTs: string): string[] {
  const posts = h.sim.callsTo('chat.postMessage').filter((c) => c.ok && c.args.channel === channel && c.args.thread_ts === clientTs);
  const ids = new Set(posts.map((c) => String(c.response.ts)));
  const updates = h.sim.callsTo('chat.update').filter((c) => c.ok && ids.has(String(c.args.ts)));
  return [...posts, ...updates].map((c) => String(c.args.text));
}

beforeAll(async () => {
  rulesDir = rulesDirWithShipped(['response-time', 'reaction-only', 'send-timing']);
  h = await startVirtualHarness({ rulesDir, start: START });
  h.sim.addUser({ id: 'U0CLIENTB', name: 'mori', realName: 'Mori (ACME)', teamId: 'T0ACME' });
  h.sim.addChannel({ id: 'C0ACME', name: 'client-acme', members: ['U0SATO', 'U0BOSS', 'U0CLIENT', 'U0CLIENTB', 'U0SLABOT'], isExtShared: true });

  // Two clients in one channel: an answer in B's thread must not close A's request.
  ts.a = await post('2026-10-06T10:00', 'C0ACME', 'U0CLIENT', '請求書の件、ご確認いただけますか?');
  ts.b = await post('2026-10-06T10:10', 'C0ACME', 'U0CLIENTB', '来週の会議室を予約していただけますか?');
  await post('2026-10-06T10:20', 'C0ACME', 'U0SATO', '第2会議室を予約しました。', ts.b);
  await post('2026-10-06T11:30', 'C0ACME', 'U0SATO', 'お待たせしました。請求書は先ほど再送いたしました。', ts.a);
  ts.ownStep = await post('2026-10-06T13:05', 'C0ACME', 'U0CLIENT', 'ありがとうございます。確認します。');
  ts.dates = await post('2026-10-07T10:00', 'C0ACME', 'U0CLIENT', '打ち合わせの候補日をいただけますか?');
  await post('2026-10-07T10:30', 'C0ACME', 'U0SATO', '候補日は11/25 10時、11/26 14時です。いかがでしょうか?', ts.dates);

  ts.deck = await post('2026-10-06T14:00', 'C0BETA', 'U0CLIENT2', 'Could you send me the Q3 deck?');
  await post('2026-10-06T14:30', 'C0BETA', 'U0SATO', 'Here it is: the Q3 deck is in the shared folder.', ts.deck);
  ts.perfect = await post('2026-10-06T14:40', 'C0BETA', 'U0CLIENT2', 'Perfect, thanks!');
  ts.noted = await post('2026-10-06T16:00', 'C0BETA', 'U0CLIENT2', 'Noted 👍');
  ts.noReply = await post('2026-10-06T17:00', 'C0BETA', 'U0CLIENT2', 'FYI the office is closed on Monday. No need to reply.');
  ts.complaint = await post('2026-10-08T15:00', 'C0BETA', 'U0CLIENT2', 'This is the second time the numbers in the report are wrong. Please fix it.');
  await post('2026-10-08T15:20', 'C0BETA', 'U0SATO', 'I am very sorry. I am correcting the figures now and will send the fixed report by 17:00.');
  ts.contract = await post('2026-10-09T17:30', 'C0BETA', 'U0CLIENT2', 'Can you check the contract draft?');
  ts.night = await post('2026-10-10T23:36', 'C0BETA', 'U0CLIENT2', 'Is the booking page down? I cannot open it.');
  await post('2026-10-10T23:40', 'C0BETA', 'U0SATO', 'Checking now — it opens for me; could you try reloading?', ts.night);
  await post('2026-10-12T09:30', 'C0BETA', 'U0SATO', 'I checked the contract draft: two clauses need your decision.', ts.contract);
  await h.advanceTo(END);

  live = (await h.store.rangeRecords<Finding>('findings', 0, END + 1)).map((r) => r.record);
  liveResponses = (await h.store.rangeRecords<ResponseRecord>('responses', 0, END + 1)).map((r) => r.record);
});
afterAll(() => h?.close());

const responseTo = (channel: string, clientTs: string) => liveResponses.find((r) => r.channel === channel && r.ts === clientTs);
const findingsOn = (rule: string, clientTs: string) => live.filter((f) => f.rule === rule && f.ts === clientTs);

test('an answer in one client\'s thread closes that request only; the other client\'s stays open', () => {
  expect(responseTo('C0ACME', ts.b)).toMatchObject({ client: 'U0CLIENTB', assistant: 'U0SATO', elapsedMs: 10 * 60_000 });
  expect(responseTo('C0ACME', ts.a)).toMatchObject({ client: 'U0CLIENT', answeredAt: at('2026-10-06T11:30') });
  expect(findingsOn('response-time', ts.a).map((f) => f.evidence.level)).toEqual(['reminder']);
  expect(findingsOn('response-time', ts.b)).toEqual([]);
});

test('closing words, the client\'s own next step and "no need to reply" open no request', () => {
  for (const key of ['ownStep', 'perfect', 'noted', 'noReply']) {
    expect(responseTo(key === 'ownStep' ? 'C0ACME' : 'C0BETA', ts[key])).toBeUndefined();
    expect(live.filter((f) => f.ts === ts[key])).toEqual([]);
  }
});

test('a complaint days later is its own request, timed from itself', () => {
  expect(responseTo('C0BETA', ts.complaint)).toMatchObject({ openedAt: at('2026-10-08T15:00'), answeredAt: at('2026-10-08T15:20'), elapsedMs: 20 * 60_000 });
  expect(findingsOn('response-time', ts.complaint)).toEqual([]);
});

test('the stamp shows a deadline only when one was promised, and the wait in wall-clock time', () => {
  const dates = stampsUnder('C0ACME', ts.dates);
  expect(dates).toHaveLength(1);
  expect(dates[0]).toContain('(30分)');
  expect(dates[0]).not.toContain('期限');
  // Friday 17:30 → Monday 09:30: the client waited 2 days and 16 hours, whatever the business clock says.
  const contract = stampsUnder('C0BETA', ts.contract);
  expect(contract).toHaveLength(1);
  expect(contract[0]).toContain('(2日16時間)');
  expect(contract[0]).toContain('10/12');
  const complaint = stampsUnder('C0BETA', ts.complaint);
  expect(complaint.join('\n')).toContain('期限: 17:00');
});

test('a prompt answer to a client at night on a weekend is not a send-timing finding', () => {
  expect(responseTo('C0BETA', ts.night)).toMatchObject({ answeredAt: at('2026-10-10T23:40') });
  expect(live.filter((f) => f.rule === 'send-timing')).toEqual([]);
});

test('the audit of the export reports the same findings and answered requests as the live bot', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sla-requests-'));
  h.sim.exportTo(dir);
  const a = runAudit(new SlackExport(dir), { rulebook: loadRulebook(rulesDir), to: END });
  const order = (x: { channel: string; ts: string; rule?: string; at?: number }) => JSON.stringify([x.channel, x.ts, x.rule ?? '', x.at ?? 0]);
  const sort = <T extends { channel: string; ts: string }>(list: T[]) => [...list].sort((x, y) => (order(x) < order(y) ? -1 : 1));
  expect(sort(a.findings)).toEqual(sort(live));
  expect(sort(a.responses)).toEqual(sort(liveResponses));
  expect(liveResponses).toHaveLength(7);
});
