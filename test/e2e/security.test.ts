/**
 * Who may see and do what, end to end: directors' commands refused to anyone else (assistants and
 * clients alike, with no side effect), and the Slack adapter's last line of defence: whatever the
 * outbox holds, a nudge or private message addressed to a client is never sent.
 */
import { EFFECT_JOB } from '../../src/slack/service';
import { sleep, startHarness, type Harness } from '../helpers/app';

jest.setTimeout(30_000);
let h: Harness;
const logs: string[] = [];
beforeAll(async () => {
  h = await startHarness({ logLines: logs });
});
afterAll(() => h.close());
beforeEach(() => h.sim.clearCalls());

test.each([
  ['an assistant', 'U0SATO', 'C0ACME'],
  ['a client', 'U0CLIENT2', 'C0BETA'],
])('%s gets a refusal for every directors\' subcommand, and nothing happens', async (_who, userId, channelId) => {
  for (const text of ['report', 'report 30d csv', 'pause <#C0BETA|client-beta> until 2099-01-31 体調不良', 'resume <#C0BETA|client-beta>', 'status <#C0BETA|client-beta>']) {
    const res = await h.sim.slashCommand({ command: '/sla', text, userId, channelId });
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toMatchObject({ response_type: 'ephemeral', text: expect.stringContaining('ディレクターのみ') });
  }
  await sleep(300);
  expect(h.sim.callsTo('response_url')).toHaveLength(0);
  expect(h.sim.callsTo('chat.postMessage')).toHaveLength(0);
  expect(h.sim.callsTo('files.completeUploadExternal')).toHaveLength(0);
  // No pause was stored: the channel has no state and no pause-end job.
  expect(await h.store.getJSON('ch:C0BETA')).toBeNull();
  expect(await h.store.countTimers()).toBe(0);
});

test('a nudge or private message addressed to a client never leaves the outbox, whatever put it there', async () => {
  const job = (id: string, payload: Record<string, unknown>) => ({ id, dueAt: Date.now(), kind: EFFECT_JOB, payload });
  await h.store.commit({
    schedule: [
      job('fx|to-client', { kind: 'nudge', rule: 'response-time', to: ['U0CLIENT2'], channel: 'C0BETA', ts: '1.000001', text: '⏰ 返信が遅れています' }),
      job('fx|to-hidden-client', { kind: 'nudge', rule: 'response-time', to: ['U0CLIENT'], channel: 'C0ACME', ts: '1.000002', text: '⏰ 返信が遅れています' }),
      job('fx|dm-to-client', { kind: 'direct', rule: 'dm-usage', to: 'U0CLIENT2', text: 'DMで業務の話をしています' }),
      job('fx|to-assistant', { kind: 'nudge', rule: 'response-time', to: ['U0SATO'], channel: 'C0ACME', ts: '1.000003', text: '⏰ 返信が遅れています' }),
    ],
  });
  h.bot.scheduler.wake();
  const sent = await h.sim.waitForCall('chat.postEphemeral', undefined, 5000);
  await sleep(1500);
  expect(sent.args).toMatchObject({ user: 'U0SATO', channel: 'C0ACME' });
  expect(h.sim.callsTo('chat.postEphemeral')).toHaveLength(1);
  expect(h.sim.callsTo('chat.postMessage')).toHaveLength(0);
  // Each refusal is logged, and the jobs are done (not retried forever).
  expect(logs.filter((l) => l.includes('addressed to a client or unknown user; not sent'))).toHaveLength(3);
  expect(await h.store.countTimers()).toBe(0);
});
