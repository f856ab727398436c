/**
 * Pause and resume end to end (thresholds 2 s / 4 s / 6 s): a director pauses a client's channel,
 * no nudge comes while paused, and the clock resumes with the time that was left.
 */
import { DateTime } from 'luxon';
import { sleep, startHarness, type Harness } from '../helpers/app';

jest.setTimeout(30_000);
let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());

const sla = async (text: string, userId = 'U0BOSS') => JSON.parse((await h.sim.slashCommand({ command: '/sla', text, userId, channelId: 'C0DIRECTORS' })).body) as { text: string; response_type: string };
const tomorrow = DateTime.now().setZone('Asia/Tokyo').plus({ days: 1 }).toISODate()!;

test('only directors pause; bad input gets a sentence', async () => {
  expect((await sla(`pause <#C0ACME|client-acme> until ${tomorrow}`, 'U0SATO')).text).toContain('ディレクターのみ');
  expect((await sla('pause client-acme until 2026-12-01')).text).toContain('#チャンネル');
  expect((await sla('pause <#C0ACME|client-acme> until someday')).text).toContain('「someday」は日付');
  expect((await sla('pause <#C0ACME|client-acme> until 2020-01-01')).text).toContain('明日以降');
  expect((await sla('resume <#C0BETA|client-beta>')).text).toContain('一時停止していません');
});

test('paused: no nudge; resumed: the reminder comes with the time that was left', async () => {
  await h.sim.postUserMessage({ channel: 'C0ACME', user: 'U0CLIENT', teamId: 'T0ACME', text: '資料をお願いします' });
  await sleep(1000);
  const paused = await sla(`pause <#C0ACME|client-acme> until ${tomorrow} 体調不良のため`);
  expect(paused.response_type).toBe('ephemeral');
  expect(paused.text).toContain('一時停止しました');
  expect(await h.store.getTimer('pause-end|C0ACME')).toMatchObject({ dueAt: DateTime.fromISO(tomorrow, { zone: 'Asia/Tokyo' }).plus({ days: 1 }).toMillis() });

  await sleep(3500); // past the 2 s reminder and the 4 s mark had the clock run
  expect(h.sim.callsTo('chat.postEphemeral')).toHaveLength(0);
  const status = await sla('status <#C0ACME|client-acme>');
  expect(status.text).toContain('体調不良のため');
  expect(status.text).toContain('<@U0CLIENT>');

  const resumedAt = Date.now();
  expect((await sla('resume <#C0ACME|client-acme>')).text).toContain('再開しました');
  const nudge = await h.sim.waitForCall('chat.postEphemeral', undefined, 5000);
  // About one second of the two was left when the pause began.
  expect(nudge.at - resumedAt).toBeGreaterThanOrEqual(700);
  expect(nudge.at - resumedAt).toBeLessThan(2500);
  expect(String(nudge.args.text)).toContain('返信がありません');
  expect(await h.store.getTimer('pause-end|C0ACME')).toBeNull();
  await h.sim.postUserMessage({ channel: 'C0ACME', user: 'U0SATO', teamId: 'T0OURTEAM', text: '承知しました、本日中にお送りします' });
});
