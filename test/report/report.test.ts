import { DateTime } from 'luxon';
import { aggregate, percentile } from '../../src/report/aggregate';
import { parseReportArgs } from '../../src/report/args';
import { reportCsv } from '../../src/report/blocks';

const now = DateTime.fromISO('2026-11-24T12:00', { zone: 'Asia/Tokyo' });
const H = 3_600_000;

describe('report arguments', () => {
  test('defaults to the last 7 days, everything', () => {
    const r = parseReportArgs([], now);
    expect(r).toEqual({ ok: true, value: { from: now.minus({ days: 7 }).toMillis(), to: now.toMillis(), label: '7d', csv: false } });
  });
  test('escaped channel and user mentions, a period and csv, in any order', () => {
    const r = parseReportArgs(['30d', '<@U0SATO|sato>', 'csv', '<#C0ACME|client-acme>'], now);
    expect(r.ok && r.value).toMatchObject({ user: { id: 'U0SATO', name: 'sato' }, channel: { id: 'C0ACME', name: 'client-acme' }, csv: true, label: '30d', from: now.minus({ days: 30 }).toMillis() });
  });
  test('a date range covers whole days in the team zone', () => {
    const r = parseReportArgs(['2026-11-01..2026-11-30'], now);
    expect(r.ok && r.value.from).toBe(DateTime.fromISO('2026-11-01T00:00', { zone: 'Asia/Tokyo' }).toMillis());
    expect(r.ok && r.value.to).toBe(DateTime.fromISO('2026-12-01T00:00', { zone: 'Asia/Tokyo' }).toMillis());
  });
  test.each([
    [['yesterday'], "I don't understand \"yesterday\""],
    [['7d', '30d'], 'only one period'],
    [['2026-11-30..2026-11-01'], 'ends before it starts'],
    [['2026-02-30..2026-03-01'], 'not a valid date range'],
    [['999d'], 'out of range'],
  ])('%p is refused with a sentence', (tokens, message) => {
    const r = parseReportArgs(tokens, now);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error).toContain(message);
  });
});

describe('aggregation', () => {
  const rec = (assistant: string, channel: string, minutes: number) => ({ channel, ts: '1.1', client: 'U0C', assistant, openedAt: 0, answeredAt: minutes * 60_000, elapsedMs: minutes * 60_000, clock: 'business' as const });
  const thresholds = [{ label: '1h', ms: H }, { label: '3h', ms: 3 * H }, { label: '6h', ms: 6 * H }];

  test('nearest-rank percentiles', () => {
    expect(percentile([], 50)).toBeNull();
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 50)).toBe(5);
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 90)).toBe(9);
  });

  test('per assistant and per channel figures, breaches, open requests, rules', () => {
    const r = aggregate({
      responses: [rec('U0SATO', 'C1', 10), rec('U0SATO', 'C1', 50), rec('U0SATO', 'C2', 200), rec('U0SUZUKI', 'C2', 400)],
      findings: [
        { rule: 'response-time', channel: 'C2', ts: '2.2', user: 'U0SUZUKI', severity: 'error', at: 1, evidence: { level: 'breach' } },
        { rule: 'response-time', channel: 'C2', ts: '2.2', user: 'U0SUZUKI', severity: 'warning', at: 1, evidence: { level: 'slow' } },
        { rule: 'closed-question', channel: 'C1', ts: '3.3', user: 'U0SATO', severity: 'info', at: 1, evidence: {} },
      ],
      open: [{ channel: 'C1', ts: '9.9', client: 'U0C', openedAt: 1000 }],
      thresholds,
      now: 1000 + 2 * H,
    });
    const sato = r.byAssistant.find((x) => x.key === 'U0SATO')!;
    expect(sato).toMatchObject({ requests: 3, medianMs: 50 * 60_000, p90Ms: 200 * 60_000, breaches: [] });
    expect(sato.within).toEqual([2 / 3, 2 / 3, 1]); // 200 min is past 3 h
    const suzuki = r.byAssistant.find((x) => x.key === 'U0SUZUKI')!;
    expect(suzuki.within).toEqual([0, 0, 0]);
    expect(suzuki.breaches).toEqual([{ channel: 'C2', ts: '2.2' }]);
    expect(r.byChannel.map((x) => [x.key, x.requests])).toEqual([['C1', 2], ['C2', 2]]);
    expect(r.open).toEqual([{ channel: 'C1', ts: '9.9', client: 'U0C', openedAt: 1000, ageMs: 2 * H }]);
    expect(r.perRule).toEqual({ 'response-time': 2, 'closed-question': 1 });
    expect(r.totals.requests).toBe(4);
    const csv = reportCsv(r, ['1h', '3h', '6h']).split('\n');
    expect(csv[0]).toBe('group,key,requests,median_ms,p90_ms,within_1h,within_3h,within_6h,breaches');
    expect(csv).toContain('assistant,U0SUZUKI,1,24000000,24000000,0.000,0.000,0.000,1');
  });
});
