import { DateTime, IANAZone } from 'luxon';
import holidayJp from '@holiday-jp/holiday_jp';

/**
 * Business calendar: weekly hours (split shifts allowed), Japanese public holidays, extra closed
 * and open days, in one explicit IANA zone. All arithmetic walks open intervals, never minutes,
 * and never touches the process time zone (the holiday table is looked up by ISO date string).
 */
export type Weekday = 'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun';
export interface Interval {
  start: string;
  end: string;
}

export interface BusinessHoursConfig {
  timezone: string;
  weekly: Partial<Record<Weekday, Interval[]>>;
  holidays: 'jp' | 'none';
  closedDates: string[];
  openDates?: string[];
}

const WEEKDAYS: Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
const WORKDAY: Interval[] = [
  { start: '09:00', end: '12:00' },
  { start: '13:00', end: '18:00' },
];

export const DEFAULT_BUSINESS_HOURS: BusinessHoursConfig = {
  timezone: 'Asia/Tokyo',
  weekly: { mon: WORKDAY, tue: WORKDAY, wed: WORKDAY, thu: WORKDAY, fri: WORKDAY },
  holidays: 'jp',
  closedDates: [],
  openDates: [],
};

const HHMM = /^([01]\d|2[0-4]):([0-5]\d)$/;

function minutesOf(hhmm: string): number {
  const m = HHMM.exec(hhmm);
  if (!m) return NaN;
  return Number(m[1]) * 60 + Number(m[2]);
}

/** Human-readable problems with a configuration (empty when it is fine). */
export function validateBusinessHours(cfg: BusinessHoursConfig): string[] {
  const problems: string[] = [];
  if (!IANAZone.isValidZone(cfg.timezone)) problems.push(`unknown time zone "${cfg.timezone}"`);
  let open = 0;
  for (const day of WEEKDAYS) {
    const list = cfg.weekly[day] ?? [];
    let prevEnd = -1;
    list.forEach((iv, i) => {
      const s = minutesOf(iv.start);
      const e = minutesOf(iv.end);
      if (Number.isNaN(s) || s >= 24 * 60) problems.push(`${day}[${i}].start "${iv.start}" is not a time HH:mm`);
      if (Number.isNaN(e) || e > 24 * 60) problems.push(`${day}[${i}].end "${iv.end}" is not a time HH:mm`);
      if (!Number.isNaN(s) && !Number.isNaN(e)) {
        if (e <= s) problems.push(`${day}[${i}]: end ${iv.end} must be after start ${iv.start}`);
        if (s < prevEnd) problems.push(`${day}[${i}]: intervals must be sorted and must not overlap`);
        prevEnd = e;
        open += Math.max(0, e - s);
      }
    });
  }
  if (open === 0 && (cfg.openDates ?? []).length === 0) problems.push('no open hours in the week');
  return problems;
}

export class BusinessCalendar {
  readonly zone: string;
  private readonly weekly: Array<Array<[number, number]>>; // index 1..7 (luxon weekday) → minute intervals
  private readonly closed: Set<string>;
  private readonly open: Set<string>;
  private readonly weekdayTemplate: Array<[number, number]>;

  constructor(private readonly cfg: BusinessHoursConfig) {
    const problems = validateBusinessHours(cfg);
    if (problems.length) throw new Error(`invalid business hours: ${problems.join('; ')}`);
    this.zone = cfg.timezone;
    this.weekly = [[]];
    for (const day of WEEKDAYS) {
      this.weekly.push((cfg.weekly[day] ?? []).map((iv) => [minutesOf(iv.start), minutesOf(iv.end)] as [number, number]));
    }
    this.closed = new Set(cfg.closedDates);
    this.open = new Set(cfg.openDates ?? []);
    // An extra open date on a normally closed day uses the first non-empty weekday's hours.
    this.weekdayTemplate = this.weekly.find((d) => d.length > 0) ?? [[9 * 60, 18 * 60]];
  }

  private local(at: DateTime): DateTime {
    return at.setZone(this.zone);
  }

  holidayName(date: DateTime): string | null {
    if (this.cfg.holidays !== 'jp') return null;
    const iso = this.local(date).toISODate()!;
    const h = (holidayJp.holidays as Record<string, { name: string } | undefined>)[iso];
    return h ? h.name : null;
  }

  /** Open minute intervals of the calendar day containing `date` (in the team zone). */
  private intervalsOf(date: DateTime): Array<[number, number]> {
    const d = this.local(date);
    const iso = d.toISODate()!;
    if (this.closed.has(iso)) return [];
    const regular = this.weekly[d.weekday];
    if (this.open.has(iso)) return regular.length ? regular : this.weekdayTemplate;
    if (this.holidayName(d)) return [];
    return regular;
  }

  isBusinessDay(date: DateTime): boolean {
    return this.intervalsOf(date).length > 0;
  }

  /** Absolute open intervals of the day containing `date`. */
  private dayIntervals(date: DateTime): Array<[DateTime, DateTime]> {
    const day = this.local(date).startOf('day');
    return this.intervalsOf(day).map(([s, e]) => [atMinute(day, s), atMinute(day, e)]);
  }

  isOpen(at: DateTime): boolean {
    return this.dayIntervals(at).some(([s, e]) => at >= s && at < e);
  }

  /** Open intervals from `at` on, clipped to start at `at`, day by day. */
  private *openFrom(at: DateTime): Generator<[DateTime, DateTime]> {
    let day = this.local(at).startOf('day');
    // A calendar with open hours always finds one within a few weeks, even around long holidays.
    for (let i = 0; i < 3700; i++) {
      for (const [s, e] of this.dayIntervals(day)) {
        if (e <= at) continue;
        yield [s < at ? at : s, e];
      }
      day = day.plus({ days: 1 }).startOf('day');
    }
    throw new Error('no open business hours found within 10 years');
  }

  nextOpening(at: DateTime): DateTime {
    const first = this.openFrom(this.local(at)).next();
    return first.value![0];
  }

  closingTime(at: DateTime): DateTime | null {
    const hit = this.dayIntervals(at).find(([s, e]) => at >= s && at < e);
    return hit ? hit[1] : null;
  }

  endOfBusinessDay(at: DateTime): DateTime | null {
    const list = this.dayIntervals(at);
    return list.length ? list[list.length - 1][1] : null;
  }

  minutesUntilClose(at: DateTime): number | null {
    const c = this.closingTime(at);
    return c ? c.diff(at, 'minutes').minutes : null;
  }

  addBusinessMs(start: DateTime, ms: number): DateTime {
    let left = ms;
    const from = this.local(start);
    if (left <= 0) return from;
    for (const [s, e] of this.openFrom(from)) {
      const len = e.toMillis() - s.toMillis();
      if (left <= len) return DateTime.fromMillis(s.toMillis() + left, { zone: this.zone });
      left -= len;
    }
    throw new Error('unreachable');
  }

  businessMsBetween(a: DateTime, b: DateTime): number {
    if (b <= a) return 0;
    let total = 0;
    for (const [s, e] of this.openFrom(this.local(a))) {
      if (s >= b) break;
      total += Math.min(e.toMillis(), b.toMillis()) - s.toMillis();
      if (e >= b) break;
    }
    return total;
  }
}

function atMinute(day: DateTime, minute: number): DateTime {
  // Built from wall-clock fields so DST days keep their local opening times.
  if (minute >= 24 * 60) return day.plus({ days: 1 }).startOf('day');
  return day.set({ hour: Math.floor(minute / 60), minute: minute % 60, second: 0, millisecond: 0 });
}
