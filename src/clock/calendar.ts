import { DateTime, FixedOffsetZone, IANAZone, type Zone } from 'luxon';
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
  private readonly tz: Zone;
  /** Zone offset (minutes) per UTC hour: offsets change on hour boundaries, and luxon's look-up is costly. */
  private readonly offsets = new Map<number, number>();
  /** Open intervals (epoch ms) per local ISO date. */
  private readonly days = new Map<string, Array<[number, number]>>();

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
    this.tz = IANAZone.create(cfg.timezone);
    // A zone without DST (Asia/Tokyo) is a fixed offset: luxon computes those without Intl, far faster.
    const samples = Array.from({ length: 32 }, (_, i) => this.tz.offset(Date.UTC(2020 + Math.floor(i / 2), (i % 2) * 6, 15)));
    this.luxonZone = samples.every((o) => o === samples[0]) ? FixedOffsetZone.instance(samples[0]) : this.tz;
  }

  /** The zone to build DateTimes in: the IANA zone, or its fixed offset when it has no DST. */
  readonly luxonZone: Zone;

  // ---- millisecond core (hot path: every timer and every business-clock reply) ----

  private offsetAt(ms: number): number {
    const hour = Math.floor(ms / 3_600_000);
    let off = this.offsets.get(hour);
    if (off === undefined) {
      off = this.tz.offset(ms);
      if (this.offsets.size > 100_000) this.offsets.clear();
      this.offsets.set(hour, off);
    }
    return off;
  }

  /** The local ISO date (YYYY-MM-DD) of an instant in the team zone. */
  localDate(ms: number): string {
    const localDay = Math.floor((ms + this.offsetAt(ms) * 60_000) / 86_400_000);
    let iso = this.isoDays.get(localDay);
    if (iso === undefined) {
      iso = new Date(localDay * 86_400_000).toISOString().slice(0, 10);
      if (this.isoDays.size > 100_000) this.isoDays.clear();
      this.isoDays.set(localDay, iso);
    }
    return iso;
  }

  // Local day number → ISO date: toISOString on every call showed up in the audit's profile.
  private readonly isoDays = new Map<number, string>();

  private intervalsOn(iso: string): Array<[number, number]> {
    let list = this.days.get(iso);
    if (!list) {
      const day = DateTime.fromISO(iso, { zone: this.luxonZone });
      list = this.intervalsOf(day).map(([s, e]) => [atMinute(day, s).toMillis(), atMinute(day, e).toMillis()] as [number, number]);
      if (this.days.size > 20_000) this.days.clear();
      this.days.set(iso, list);
    }
    return list;
  }

  private static readonly nextIsos = new Map<string, string>();

  private static nextIso(iso: string): string {
    let next = BusinessCalendar.nextIsos.get(iso);
    if (next === undefined) {
      const d = new Date(`${iso}T00:00:00Z`);
      d.setUTCDate(d.getUTCDate() + 1);
      next = d.toISOString().slice(0, 10);
      if (BusinessCalendar.nextIsos.size > 100_000) BusinessCalendar.nextIsos.clear();
      BusinessCalendar.nextIsos.set(iso, next);
    }
    return next;
  }

  /** Open intervals from `ms` on, clipped to start at `ms`. */
  private *openFromMs(ms: number): Generator<[number, number]> {
    let iso = this.localDate(ms);
    // A calendar with open hours always finds one within a few weeks, even around long holidays.
    for (let i = 0; i < 3700; i++) {
      for (const [s, e] of this.intervalsOn(iso)) {
        if (e <= ms) continue;
        yield [Math.max(s, ms), e];
      }
      iso = BusinessCalendar.nextIso(iso);
    }
    throw new Error('no open business hours found within 10 years');
  }

  isOpenAt(ms: number): boolean {
    return this.intervalsOn(this.localDate(ms)).some(([s, e]) => ms >= s && ms < e);
  }

  addBusinessMsAt(startMs: number, ms: number): number {
    if (ms <= 0) return startMs;
    let left = ms;
    for (const [s, e] of this.openFromMs(startMs)) {
      if (left <= e - s) return s + left;
      left -= e - s;
    }
    throw new Error('unreachable');
  }

  businessMsBetweenMs(a: number, b: number): number {
    if (b <= a) return 0;
    let total = 0;
    for (const [s, e] of this.openFromMs(a)) {
      if (s >= b) break;
      total += Math.min(e, b) - s;
      if (e >= b) break;
    }
    return total;
  }

  /** End of the open interval containing `ms`, or null when closed. */
  closingAt(ms: number): number | null {
    const hit = this.intervalsOn(this.localDate(ms)).find(([s, e]) => ms >= s && ms < e);
    return hit ? hit[1] : null;
  }

  /** The last closing time of the business day containing `ms`, or null on a closed day. */
  endOfBusinessDayAt(ms: number): number | null {
    const list = this.intervalsOn(this.localDate(ms));
    return list.length ? list[list.length - 1][1] : null;
  }

  /** The first opening of the business day containing `ms`, or null on a closed day. */
  startOfBusinessDayAt(ms: number): number | null {
    const list = this.intervalsOn(this.localDate(ms));
    return list.length ? list[0][0] : null;
  }

  // ---- DateTime API (readable call sites; delegates to the core) ----

  private local(at: DateTime): DateTime {
    return at.setZone(this.luxonZone);
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

  isOpen(at: DateTime): boolean {
    return this.isOpenAt(at.toMillis());
  }

  nextOpening(at: DateTime): DateTime {
    const first = this.openFromMs(at.toMillis()).next();
    return DateTime.fromMillis(first.value![0], { zone: this.luxonZone });
  }

  closingTime(at: DateTime): DateTime | null {
    const c = this.closingAt(at.toMillis());
    return c === null ? null : DateTime.fromMillis(c, { zone: this.luxonZone });
  }

  endOfBusinessDay(at: DateTime): DateTime | null {
    const e = this.endOfBusinessDayAt(at.toMillis());
    return e === null ? null : DateTime.fromMillis(e, { zone: this.luxonZone });
  }

  minutesUntilClose(at: DateTime): number | null {
    const c = this.closingAt(at.toMillis());
    return c === null ? null : (c - at.toMillis()) / 60_000;
  }

  addBusinessMs(start: DateTime, ms: number): DateTime {
    return DateTime.fromMillis(this.addBusinessMsAt(start.toMillis(), ms), { zone: this.luxonZone });
  }

  businessMsBetween(a: DateTime, b: DateTime): number {
    return this.businessMsBetweenMs(a.toMillis(), b.toMillis());
  }
}

function atMinute(day: DateTime, minute: number): DateTime {
  // Built from wall-clock fields so DST days keep their local opening times.
  if (minute >= 24 * 60) return day.plus({ days: 1 }).startOf('day');
  return day.set({ hour: Math.floor(minute / 60), minute: minute % 60, second: 0, millisecond: 0 });
}
