import { DateTime } from 'luxon';
import type { ResponseRecord } from '../../src/core/detector';
import type { Finding } from '../../src/core/finding';
import { aggregate, percentile, share, type ReportInput } from '../../src/report/aggregate';
import { lastDays, parseReportArgs } from '../../src/report/args';
import { reportCsv } from '../../src/report/blocks';

const now = DateTime.fromISO('2026-11-24T12:00', { zone: 'Asia/Tokyo' });
const tokyo = (iso: string) => DateTime.fromISO(iso, { zone: 'Asia/Tokyo' }).toMillis();
const H = 3_600_000;

describe('report arguments', () => {
  test('defaults to the last 7 calendar days, everything', () => {
    const r = parseReportArgs([], now);
    expect(r).toEqual({ ok: true, value: { from: tokyo('2026-11-18T00:00'), to: tokyo('2026-11-25T00:00'), label: '7d', csv: false } });
  });
  test('escaped channel and user mentions, a period and csv, in any order', () => {
    const r = parseReportArgs(['30d', '<@U0SATO|sato>', 'csv', '<#C0ACME|client-acme>'], now);
    expect(r.ok && r.value).toMatchObject({ user: { id: 'U0SATO', name: 'sato' }, channel: { id: 'C0ACME', name: 'client-acme' }, csv: true, label: '30d', from: tokyo('2026-10-26T00:00') });
  });
  test('Nd is today and the N-1 days before, from 00:00 in the team zone (not a rolling N×24 h)', () => {
    // A rolling 168 h would start at 12:00 on the 17th: half a day the header's dates cannot name.
    expect(lastDays(7, now)).toEqual({ from: tokyo('2026-11-18T00:00'), to: tokyo('2026-11-25T00:00') });
    expect(lastDays(1, now)).toEqual({ from: tokyo('2026-11-24T00:00'), to: tokyo('2026-11-25T00:00') });
    // Just after midnight, "1d" is the new day only.
    expect(lastDays(1, DateTime.fromISO('2026-11-24T00:05', { zone: 'Asia/Tokyo' }))).toEqual({ from: tokyo('2026-11-24T00:00'), to: tokyo('2026-11-25T00:00') });
    const r = parseReportArgs(['7d'], now);
    expect(r.ok && { from: r.value.from, to: r.value.to }).toEqual(lastDays(7, now));
  });
  test('a date range covers whole days in the team zone', () => {
    const r = parseReportArgs(['2026-11-01..2026-11-30'], now);
    expect(r.ok && r.value.from).toBe(tokyo('2026-11-01T00:00'));
    expect(r.ok && r.value.to).toBe(tokyo('2026-12-01T00:00'));
  });
  test.each([
    [['yesterday'], "I don't understand \"yesterday\""],
    [['7d', '30d'], 'only one period'],
    [['2026-11-30..2026-11-01'], 'ends before it starts'],
    [['2026-02-30..2026-03-01'], 'not a valid date range'],
    [['999d'], 'out of range'],
    [['0d'], 'out of range'],
  ])('%p is refused with a sentence', (tokens, message) => {
    const r = parseReportArgs(tokens, now);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error).toContain(message);
  });
});

const rec = (assistant: string, channel: string, minutes: number, clock: ResponseRecord['clock'] = 'business'): ResponseRecord => ({ channel, ts: '1.1', client: 'U0C', assistant, openedAt: 0, answeredAt: minutes * 60_000, elapsedMs: minutes * 60_000, clock });
const breach = (channel: string, ts: string, assistants: string[]): Finding => ({ rule: 'response-time', channel, ts, user: assistants[0] ?? 'U0C', severity: 'error', at: 1, evidence: { level: 'breach', assistants } });
const thresholds = [{ label: '1h', ms: H }, { label: '3h', ms: 3 * H }, { label: '6h', ms: 6 * H }];
const input = (o: Partial<ReportInput>): ReportInput => ({ responses: [], findings: [], open: [], thresholds, now: 10 * H, ...o });

describe('aggregation', () => {
  test('nearest-rank percentiles', () => {
    expect(percentile([], 50)).toBeNull();
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 50)).toBe(5);
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 90)).toBe(9);
  });

  test('per assistant and per channel figures, breaches, open requests, rules', () => {
    const r = aggregate({
      responses: [rec('U0SATO', 'C1', 10), rec('U0SATO', 'C1', 50), rec('U0SATO', 'C2', 200), rec('U0SUZUKI', 'C2', 400)],
      findings: [
        breach('C2', '2.2', ['U0SUZUKI']),
        { rule: 'response-time', channel: 'C2', ts: '2.2', user: 'U0SUZUKI', severity: 'warning', at: 1, evidence: { level: 'slow' } },
        { rule: 'closed-question', channel: 'C1', ts: '3.3', user: 'U0SATO', severity: 'info', at: 1, evidence: {} },
      ],
      open: [{ channel: 'C1', ts: '9.9', client: 'U0C', openedAt: 1000, assistants: ['U0SATO'] }],
      thresholds,
      now: 1000 + 2 * H,
    });
    const sato = r.byAssistant.find((x) => x.key === 'U0SATO')!;
    expect(sato).toMatchObject({ requests: 3, open: 1, medianMs: 50 * 60_000, p90Ms: 200 * 60_000, breaches: [], clock: 'business' });
    // Over all 4 requests: 2 answered within 1 h and 3 h, 3 within 6 h; the open one has met nothing yet.
    expect(sato.within).toEqual([2 / 4, 2 / 4, 3 / 4]);
    const suzuki = r.byAssistant.find((x) => x.key === 'U0SUZUKI')!;
    expect(suzuki.within).toEqual([0, 0, 0]);
    expect(suzuki.breaches).toEqual([{ channel: 'C2', ts: '2.2' }]);
    expect(r.byChannel.map((x) => [x.key, x.requests, x.open])).toEqual([['C2', 2, 0], ['C1', 2, 1]]);
    expect(r.open).toEqual([{ channel: 'C1', ts: '9.9', client: 'U0C', openedAt: 1000, assistants: ['U0SATO'], ageMs: 2 * H, clock: 'wall' }]);
    expect(r.perRule).toEqual({ 'response-time': 2, 'closed-question': 1 });
    expect(r.totals).toMatchObject({ requests: 4, open: 1 });
    const csv = reportCsv(r, ['1h', '3h', '6h'], { U0SUZUKI: 'suzuki' }).split('\n');
    expect(csv[0]).toBe('group,key,requests,median_ms,p90_ms,within_1h,within_3h,within_6h,breaches,open,clock,name');
    expect(csv).toContain('assistant,U0SUZUKI,1,24000000,24000000,0.000,0.000,0.000,1,0,business,suzuki');
  });

  test('shares are over every request opened: a channel whose requests are all still open is at 0%, not 100%', () => {
    const r = aggregate(input({
      responses: [rec('U0SATO', 'C1', 30)],
      open: [
        { channel: 'C1', ts: '5.5', client: 'U0C', openedAt: 9 * H, assistants: ['U0SATO'] },
        { channel: 'C2', ts: '6.6', client: 'U0D', openedAt: 9 * H, assistants: ['U0SATO'] },
        { channel: 'C2', ts: '7.7', client: 'U0D', openedAt: 9.5 * H, assistants: ['U0SATO'] },
      ],
    }));
    const c2 = r.byChannel.find((x) => x.key === 'C2')!;
    expect(c2).toMatchObject({ requests: 0, open: 2, medianMs: null, within: [0, 0, 0] });
    expect(share(c2, 0)).toBe(0);
    const c1 = r.byChannel.find((x) => x.key === 'C1')!;
    expect(share(c1, 0)).toBe(1 / 2);
    expect(r.totals).toMatchObject({ requests: 1, open: 3 });
    expect(share(r.totals, 0)).toBe(1 / 4);
  });

  test('an empty set has no share (null, shown "–"), no median, and nothing is divided by zero', () => {
    const r = aggregate(input({}));
    expect(r.totals).toMatchObject({ requests: 0, open: 0, medianMs: null, p90Ms: null, clock: null });
    expect(thresholds.map((_, i) => share(r.totals, i))).toEqual([null, null, null]);
    expect(r.totals.within.every(Number.isFinite)).toBe(true);
    expect(reportCsv(r, ['1h', '3h', '6h']).split('\n')[1]).toBe('all,all,0,,,,,,0,0,,');
  });

  test('durations carry their clock: records say it, open requests wait in the rule clock as nudges count them', () => {
    const r = aggregate(input({
      responses: [rec('U0SATO', 'C1', 30, 'business'), rec('U0SUZUKI', 'C2', 30, 'wall'), rec('U0SUZUKI', 'C3', 40, 'business')],
      open: [{ channel: 'C1', ts: '5.5', client: 'U0C', openedAt: 6 * H, assistants: ['U0SATO'] }],
      // Business time: say only half of the wall time was inside opening hours.
      waited: { clock: 'business', ms: (from, to) => (to - from) / 2 },
    }));
    expect(r.byAssistant.find((x) => x.key === 'U0SATO')!.clock).toBe('business');
    expect(r.byChannel.find((x) => x.key === 'C2')!.clock).toBe('wall');
    // The rule's clock changed within the period: the figures mix both, and say so.
    expect(r.byAssistant.find((x) => x.key === 'U0SUZUKI')!.clock).toBe('mixed');
    expect(r.open[0]).toMatchObject({ ageMs: 2 * H, clock: 'business' });
  });

  test('rows are sorted worst first: most breaches, then the slowest p90, then most open', () => {
    const r = aggregate(input({
      responses: [rec('U0A', 'C1', 10), rec('U0B', 'C2', 300), rec('U0C', 'C3', 90), rec('U0D', 'C4', 20), rec('U0E', 'C5', 10)],
      findings: [breach('C4', '4.4', ['U0D'])],
      open: [{ channel: 'C5', ts: '5.5', client: 'U0X', openedAt: 9 * H, assistants: ['U0E'] }],
    }));
    expect(r.byAssistant.map((x) => x.key)).toEqual(['U0D', 'U0B', 'U0C', 'U0E', 'U0A']);
    expect(r.byChannel.map((x) => x.key)).toEqual(['C4', 'C2', 'C3', 'C5', 'C1']);
  });

  test('a breach counts for every assistant the channel had, never for the client of an unassigned channel', () => {
    const r = aggregate(input({ findings: [breach('C1', '1.1', ['U0SATO', 'U0SUZUKI']), breach('C2', '2.2', [])] }));
    expect(r.byAssistant.map((x) => [x.key, x.breaches.length])).toEqual([['U0SATO', 1], ['U0SUZUKI', 1]]);
    expect(r.totals.breaches).toHaveLength(2);
  });
});
