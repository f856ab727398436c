/**
 * Events are acknowledged once durably queued and processed per channel in time order. Slack does
 * not promise delivery order: a reply delivered before the client message it answers must still
 * answer it. Real app over HTTP, the simulator, real Redis.
 */
import { sleep, startHarness, type Harness } from '../helpers/app';

jest.setTimeout(30_000);
let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());

test('a reply delivered before the message it answers still answers it: stamp, no nudge', async () => {
  // Hold processing so both events wait in the inbox, delivered in the wrong order.
  await h.bot.scheduler.stop();
  const question = h.sim.message({ channel: 'C0ACME', user: 'U0CLIENT', teamId: 'T0ACME', text: '請求書の件、ご確認いただけますか?' });
  const answer = h.sim.message({ channel: 'C0ACME', user: 'U0SATO', teamId: 'T0OURTEAM', threadTs: question.ts, text: '承知しました。本日17時までにお送りします。' });
  expect((await h.sim.sendEvent(answer)).status).toBe(200);
  expect((await h.sim.sendEvent(question)).status).toBe(200);
  // Acknowledged and durable: the channel's drain job waits, nothing is processed yet.
  expect(await h.store.getTimer('inbox|C0ACME')).toMatchObject({ kind: 'inbox' });
  expect(await h.store.getJSON('ch:C0ACME')).toBeNull();

  h.bot.scheduler.start();
  const stamp = await h.sim.waitForCall('chat.postMessage', (c) => c.args.channel === 'C0ACME', 5000);
  expect(stamp.args.thread_ts).toBe(question.ts);
  await sleep(2500); // past the 2-second reminder
  expect(h.sim.callsTo('chat.postEphemeral')).toHaveLength(0);
  expect(await h.store.getTimer('inbox|C0ACME')).toBeNull();
});
