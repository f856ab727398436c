/**
 * send-timing end to end: a message to a client on a Saturday night gets a private nudge with a
 * button; the author's click schedules a copy for Monday's opening (chat.scheduleMessage).
 */
import { DateTime } from 'luxon';
import { SCHEDULE_ACTION_ID } from '../../src/slack/effects';
import { loadRulebook } from '../../src/config/rulebook';
import { FIXTURE_RULES, rulesDirWithShipped, sleep, startHarness, type Harness } from '../helpers/app';

jest.setTimeout(30_000);
let h: Harness;
beforeAll(async () => {
  h = await startHarness({ rulesDir: rulesDirWithShipped(['send-timing']) });
});
afterAll(() => h.close());

function click(user: string, value: string) {
  return h.sim.interaction({
    type: 'block_actions',
    user: { id: user, username: user, team_id: 'T0OURTEAM' },
    api_app_id: h.sim.appId,
    team: { id: 'T0OURTEAM', domain: 'sim' },
    container: { type: 'message', message_ts: '1795000000.000100', channel_id: 'C0ACME', is_ephemeral: true },
    channel: { id: 'C0ACME', name: 'client-acme' },
    trigger_id: '123.456.abc',
    response_url: `${h.sim.apiUrl!.replace('/api/', '')}/response/abc`,
    actions: [{ type: 'button', action_id: SCHEDULE_ACTION_ID, block_id: 'b1', value, action_ts: '1795000000.000200', text: { type: 'plain_text', text: 'x' } }],
  });
}

test('Saturday 23:00: nudge with a button; the author schedules a copy for the next opening', async () => {
  // The coming Saturday night (always in the future, so the copy can still be scheduled).
  const now = DateTime.now().setZone('Asia/Tokyo');
  const saturdayNight = now.plus({ days: ((6 - now.weekday + 7) % 7) || 7 }).set({ hour: 23, minute: 0, second: 0, millisecond: 0 });
  const nextOpening = loadRulebook(FIXTURE_RULES).calendar.nextOpening(saturdayNight); // Monday 09:00, or later after a holiday
  const ts = `${saturdayNight.toSeconds()}.000100`;
  await h.sim.postUserMessage({ channel: 'C0ACME', user: 'U0SATO', teamId: 'T0OURTEAM', ts, text: '週末に失礼します。修正版をお送りします。' });
  const nudge = await h.sim.waitForCall('chat.postEphemeral', undefined, 5000);
  expect(nudge.args).toMatchObject({ channel: 'C0ACME', user: 'U0SATO' });
  expect(String(nudge.args.text)).toContain(nextOpening.toFormat('M/d HH:mm'));
  const findings = await h.store.rangeRecords<{ rule: string; ts: string }>('findings', 0, Number.MAX_SAFE_INTEGER);
  expect(findings.map((f) => f.record)).toEqual([expect.objectContaining({ rule: 'send-timing', ts })]);
  const button = (nudge.args.blocks as Array<{ type: string; elements?: Array<{ action_id: string; value: string }> }>).find((b) => b.type === 'actions')!.elements![0];
  expect(button.action_id).toBe(SCHEDULE_ACTION_ID);

  // Someone else cannot reschedule Sato's words.
  expect((await click('U0SUZUKI', button.value)).status).toBe(200);
  const refused = await h.sim.waitForCall('response_url', undefined, 5000);
  expect(String(refused.args.text)).toContain('ご自身のメッセージのみ');
  expect(h.sim.callsTo('chat.scheduleMessage')).toHaveLength(0);

  expect((await click('U0SATO', button.value)).status).toBe(200);
  const scheduled = await h.sim.waitForCall('chat.scheduleMessage', undefined, 5000);
  expect(scheduled.ok).toBe(true);
  expect(Number(scheduled.args.post_at)).toBe(nextOpening.toSeconds());
  expect(String(scheduled.args.text)).toContain('@sato からのメッセージ');
  expect(String(scheduled.args.text)).toContain('修正版をお送りします');
  await sleep(200);
  const confirmations = h.sim.callsTo('response_url');
  expect(String(confirmations[confirmations.length - 1].args.text)).toContain('予約送信しました');
});
