/**
 * The stamp as the client reads it (EffectRunner.stampText): every figure in the client's own terms.
 * The wait is wall-clock time from their message, never the business-hour arithmetic the team's
 * figures use, and a time on another day than their message carries its date.
 */
import type { StampOutcome } from '../../src/core/detector';
import { EffectRunner, type EffectsDeps } from '../../src/slack/effects';
import { Scenario, assistant, client, jst, loadShipped } from '../helpers/rule-tester';

const effects = (lang: 'ja') => new EffectRunner({ directory: { displayName: async () => '@sato' }, lang, zone: 'Asia/Tokyo' } as unknown as EffectsDeps);

function stampOf(askedAt: number, answeredAt: number, reply: string): StampOutcome {
  const s = new Scenario(loadShipped(), 'response-time');
  const m = client(askedAt, '先月の売上データはどこにありますか?');
  s.send(m);
  return s.send(assistant(answeredAt, reply, { threadTs: m.ts })).find((o) => o.kind === 'stamp') as StampOutcome;
}

test('a Friday-evening request picked up on Monday shows the wall-clock wait and the day, not 1 business hour', async () => {
  const stamp = stampOf(jst('2026-11-27T17:00'), jst('2026-11-30T10:00'), 'お待たせしました。確認いたします。');
  expect(stamp.elapsedMs).toBe(2 * 3_600_000); // the team's figure: business hours
  expect(await effects('ja').stampText(stamp)).toBe('✅ 担当: @sato が 11/30 10:00 に確認 (2日17時間)');
});

test('a reply in the night shows the real wait, never "0 s"', async () => {
  const stamp = stampOf(jst('2026-11-24T22:00'), jst('2026-11-24T22:20'), '承知しました。明日10時までにお送りいたします。');
  expect(await effects('ja').stampText(stamp)).toBe('✅ 担当: @sato が 22:20 に確認 (20分) · 期限: 11/25 10:00');
});
