/**
 * Message rules end to end: event in (signed, over HTTP), private nudge out to the author only,
 * finding stored. Real Bolt app, the simulator, a real Redis.
 */
import type { Finding } from '../../src/core/finding';
import { rulesDirWithShipped, sleep, startHarness, type Harness } from '../helpers/app';

jest.setTimeout(30_000);
const RULES = ['closed-question', 'deadline-missing', 'link-permission', 'phone-number'];

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ rulesDir: rulesDirWithShipped(RULES) });
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
  expect(h.sim.callsTo('chat.postEphemeral')).toHaveLength(0);
});
