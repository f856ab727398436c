import { DateTime } from 'luxon';
import { BusinessCalendar, DEFAULT_BUSINESS_HOURS, validateBusinessHours, type BusinessHoursConfig } from '../../src/clock/calendar';
import { formatDuration, makeClock, parseDuration } from '../../src/clock/clock';

const Z = 'Asia/Tokyo';
const cal = new BusinessCalendar(DEFAULT_BUSINESS_HOURS);
const t = (s: string, zone = Z) => DateTime.fromISO(s, { zone });
const H = 3_600_000;

describe('business calendar (Asia/Tokyo, 09-12 + 13-18, JP holidays)', () => {
  test.each([
    ['Friday 23:00 + 1h → Tuesday 10:00 (Monday 11/23 is 勤労感謝の日)', '2026-11-20T23:00', H, '2026-11-24T10:00'],
    ['11:30 + 1h skips the lunch break', '2026-11-24T11:30', H, '2026-11-24T13:30'],
    ['inside the lunch break starts at 13:00', '2026-11-24T12:15', H, '2026-11-24T14:00'],
    ['before opening starts at 09:00', '2026-11-24T07:00', H, '2026-11-24T10:00'],
    ['exactly at close → next morning', '2026-11-24T18:00', H, '2026-11-25T10:00'],
    ['ending exactly at close stays today', '2026-11-24T17:00', H, '2026-11-24T18:00'],
    ['40 business hours are five working days', '2026-11-24T09:00', 40 * H, '2026-11-30T18:00'],
    ['Golden Week 2026 (4/29, 5/3-5/6)', '2026-05-01T17:30', H, '2026-05-07T09:30'],
    ['New Year 2027-01-01 is a holiday', '2026-12-31T17:30', H, '2027-01-04T09:30'],
  ])('%s', (_name, start, ms, due) => {
    expect(cal.addBusinessMs(t(start), ms).toISO()).toBe(t(due).toISO());
    expect(cal.businessMsBetween(t(start), t(due))).toBe(ms);
  });

  test('holidays and open state', () => {
    expect(cal.holidayName(t('2026-11-23T10:00'))).toBe('勤労感謝の日');
    expect(cal.isOpen(t('2026-11-23T10:00'))).toBe(false);
    expect(cal.isOpen(t('2026-11-24T10:00'))).toBe(true);
    expect(cal.isOpen(t('2026-11-24T12:30'))).toBe(false);
    expect(cal.nextOpening(t('2026-11-24T12:30')).toISO()).toBe(t('2026-11-24T13:00').toISO());
    expect(cal.endOfBusinessDay(t('2026-11-24T08:00'))!.toISO()).toBe(t('2026-11-24T18:00').toISO());
    expect(cal.minutesUntilClose(t('2026-11-24T17:45'))).toBe(15);
    expect(cal.closingTime(t('2026-11-24T12:30'))).toBeNull();
  });

  test('the same instant given in another zone gives the same answer', () => {
    const utc = t('2026-11-20T23:00').setZone('UTC');
    expect(cal.addBusinessMs(utc, H).toMillis()).toBe(t('2026-11-24T10:00').toMillis());
  });

  test('closed and extra open dates', () => {
    const c = new BusinessCalendar({ ...DEFAULT_BUSINESS_HOURS, closedDates: ['2026-11-24'], openDates: ['2026-11-28'] });
    expect(c.addBusinessMs(t('2026-11-24T10:00'), H).toISO()).toBe(t('2026-11-25T10:00').toISO());
    expect(c.isOpen(t('2026-11-28T10:00'))).toBe(true); // a Saturday worked
  });

  test('round trip over many random starts and durations', () => {
    let seed = 42;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (let i = 0; i < 300; i++) {
      const start = t('2026-01-01T00:00').plus({ minutes: Math.floor(rnd() * 525_600) });
      const ms = Math.floor(rnd() * 50 * H) + 1;
      expect(cal.businessMsBetween(start, cal.addBusinessMs(start, ms))).toBe(ms);
    }
  });

  test('DST in America/New_York keeps local opening hours', () => {
    const ny = new BusinessCalendar({ timezone: 'America/New_York', weekly: { mon: [{ start: '09:00', end: '17:00' }], fri: [{ start: '09:00', end: '17:00' }] }, holidays: 'none', closedDates: [] });
    // Friday 2026-03-06 16:00 + 2h → Monday 2026-03-09 10:00 (clocks went forward on Sunday 3/8)
    expect(ny.addBusinessMs(t('2026-03-06T16:00', 'America/New_York'), 2 * H).toISO()).toBe(t('2026-03-09T10:00', 'America/New_York').toISO());
    expect(ny.addBusinessMs(t('2026-10-30T16:00', 'America/New_York'), 2 * H).toISO()).toBe(t('2026-11-02T10:00', 'America/New_York').toISO());
  });

  test('validation names each problem; no open hours at all throws', () => {
    const bad: BusinessHoursConfig = { timezone: 'Mars/Base', weekly: { mon: [{ start: '12:00', end: '09:00' }], tue: [{ start: '25:00', end: '26:00' }] }, holidays: 'jp', closedDates: [] };
    const problems = validateBusinessHours(bad);
    expect(problems.join('\n')).toMatch(/time zone/);
    expect(problems.join('\n')).toMatch(/mon\[0\]: end 09:00 must be after start 12:00/);
    expect(problems.join('\n')).toMatch(/tue\[0\]\.start/);
    expect(() => new BusinessCalendar({ timezone: Z, weekly: {}, holidays: 'none', closedDates: [] })).toThrow(/no open hours/);
  });
});

describe('clocks and durations', () => {
  test('wall vs business', () => {
    const start = t('2026-11-24T17:30');
    expect(makeClock('wall', cal).dueAt(start, H).toISO()).toBe(t('2026-11-24T18:30').toISO());
    expect(makeClock('business', cal).dueAt(start, H).toISO()).toBe(t('2026-11-25T09:30').toISO());
    expect(makeClock('business', cal).elapsedMs(start, t('2026-11-25T09:30'))).toBe(H);
  });

  test.each([
    ['90m', 90 * 60_000],
    ['6h', 6 * H],
    ['1h30m', 1.5 * H],
    ['45s', 45_000],
    ['2d', 48 * H],
    ['500ms', 500],
  ])('parseDuration(%s)', (s, ms) => expect(parseDuration(s)).toBe(ms));

  test.each(['', '3 hours', 'h', '0m', '-1h', '1x'])('parseDuration rejects %p', (s) => {
    expect(() => parseDuration(s)).toThrow(/bad duration/);
  });

  test('formatDuration', () => {
    expect(formatDuration(12 * 60_000, 'ja')).toBe('12分');
    expect(formatDuration(65 * 60_000, 'ja')).toBe('1時間5分');
    expect(formatDuration(51 * H + 4 * 60_000, 'ja')).toBe('2日3時間');
    expect(formatDuration(65 * 60_000, 'en')).toBe('1 h 5 min');
    expect(formatDuration(30_000, 'en')).toBe('30 s');
  });
});
