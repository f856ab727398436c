import * as chrono from 'chrono-node';
import { DateTime, type Zone } from 'luxon';
import { authorText } from './normalize';

/**
 * Deadlines and promised times in a message ("15時までにご返信いたします", "本日中", "by 3pm"),
 * Japanese first. chrono-node does the parsing; custom parsers fill the gaps of its Japanese
 * parser (本日中, 今週中, 午前中, 夕方, 来週X曜, 25日まで, relative times).
 *
 * Time zones: chrono reads wall-clock fields, so it is handed a reference Date whose *local*
 * fields equal the team zone's wall time, and its answer is read back field by field into the
 * team zone with luxon. The process time zone therefore never changes the result.
 */
export interface Deadline {
  at: DateTime;
  matched: string;
  precision: 'time' | 'day' | 'week';
}

export interface DeadlineOptions {
  /** The team's zone: an IANA name or a luxon Zone (e.g. the calendar's fast fixed-offset zone). */
  zone: string | Zone;
  /** Closing time used for day-precision deadlines (本日中, 明日まで, 25日まで). Default 18:00. */
  endOfDay?: { hour: number; minute: number };
  /** 午前中 ends at this time. Default 12:00. */
  morningEnd?: { hour: number; minute: number };
  /** 夕方 means this time. Default 17:00. */
  evening?: { hour: number; minute: number };
}

type Fields = { year: number; month: number; day: number; hour?: number; minute?: number; precision?: Deadline['precision'] };

/** Wall time of the reference, as a fake local Date for chrono. */
function fakeLocal(dt: DateTime): Date {
  return new Date(dt.year, dt.month - 1, dt.day, dt.hour, dt.minute, dt.second);
}
function fromFake(d: Date, zone: string | Zone): DateTime {
  return DateTime.fromObject(
    { year: d.getFullYear(), month: d.getMonth() + 1, day: d.getDate(), hour: d.getHours(), minute: d.getMinutes(), second: d.getSeconds() },
    { zone },
  );
}

// Custom parsers see the fake-local ref; they compute with luxon in a neutral zone (UTC) on wall fields.
function refWall(context: { refDate: Date }): DateTime {
  const d = context.refDate;
  return DateTime.fromObject(
    { year: d.getFullYear(), month: d.getMonth() + 1, day: d.getDate(), hour: d.getHours(), minute: d.getMinutes(), second: d.getSeconds() },
    { zone: 'UTC' },
  );
}
function fields(dt: DateTime, extra: Partial<Fields> & { second?: number } = {}): Record<string, number> {
  const out: Record<string, number> = { year: dt.year, month: dt.month, day: dt.day };
  if (extra.hour !== undefined) {
    out.hour = extra.hour;
    out.minute = extra.minute ?? 0;
    out.second = extra.second ?? 0;
  }
  return out;
}

const WEEKDAY_JA: Record<string, number> = { 月: 1, 火: 2, 水: 3, 木: 4, 金: 5, 土: 6, 日: 7 };

// Markers the refiner below reads back: which custom parser produced a result.
const TAG = { day: 'sla.day', week: 'sla.week', time: 'sla.time' } as const;

type CustomParser = { pattern: () => RegExp; extract: (context: { refDate: Date }, match: RegExpMatchArray) => unknown };

function dayParser(pattern: RegExp, dayOffset: (ref: DateTime, m: RegExpMatchArray) => DateTime | null): CustomParser {
  return {
    pattern: () => pattern,
    extract: (context, match) => {
      const target = dayOffset(refWall(context), match);
      if (!target) return null;
      return { ...fields(target), __sla: TAG.day };
    },
  };
}

const customJa: CustomParser[] = [
  dayParser(/(?:本日|今日)(?:中|まで)/, (r) => r),
  dayParser(/明日(?:中|まで)/, (r) => r.plus({ days: 1 })),
  dayParser(/明後日(?:中|まで)/, (r) => r.plus({ days: 2 })),
  {
    pattern: () => /(今週|来週)中/,
    extract: (context, m) => {
      const r = refWall(context);
      const friday = r.set({ weekday: 5 }).plus({ weeks: m[1] === '来週' ? 1 : 0 });
      return { ...fields(friday), __sla: TAG.week };
    },
  },
  {
    pattern: () => /来週の?([月火水木金土日])曜(?:日)?/,
    extract: (context, m) => {
      const r = refWall(context);
      const target = r.plus({ weeks: 1 }).set({ weekday: WEEKDAY_JA[m[1]] as 1 });
      return { ...fields(target), __sla: TAG.day };
    },
  },
  {
    // 「25日まで」: a day of this month (next month if already past), without 月.
    pattern: () => /(?<![月\d])(\d{1,2})日(?:まで|中|に|の)/,
    extract: (context, m) => {
      const r = refWall(context);
      const day = Number(m[1]);
      if (day < 1 || day > 31) return null;
      let target = r.set({ day });
      if (target.day !== day) return null;
      if (target.startOf('day') < r.startOf('day')) target = r.plus({ months: 1 }).set({ day });
      return { ...fields(target), __sla: TAG.day };
    },
  },
  {
    pattern: () => /午前中/,
    extract: (context) => ({ ...fields(refWall(context)), __sla: 'sla.morning' }),
  },
  {
    pattern: () => /夕方/,
    extract: (context) => ({ ...fields(refWall(context)), __sla: 'sla.evening' }),
  },
  {
    pattern: () => /(\d+)\s*(分|時間)(?:後|以内)/,
    extract: (context, m) => {
      const r = refWall(context).plus(m[2] === '分' ? { minutes: Number(m[1]) } : { hours: Number(m[1]) });
      // Relative to the message itself, to the second ("within the hour" from when it was said).
      return { ...fields(r, { hour: r.hour, minute: r.minute, second: r.second }), __sla: TAG.time };
    },
  },
];

const customEn: CustomParser[] = [
  dayParser(/\b(?:by\s+)?(?:eod|end of (?:the )?day|end of business|close of business|cob)\b/i, (r) => r),
  {
    pattern: () => /\b(?:by\s+)?end of (?:the |this )?week\b/i,
    extract: (context) => ({ ...fields(refWall(context).set({ weekday: 5 })), __sla: TAG.week }),
  },
];

function build(base: chrono.Chrono, custom: CustomParser[]): chrono.Chrono {
  const c = base.clone();
  // Custom parsers first: their more specific readings win over chrono's partial ones.
  c.parsers.unshift(...(custom as never[]));
  return c;
}

const jaParser = build(chrono.ja.casual, customJa);
const enParser = build(chrono.en.casual, customEn);

// Numbers that are not times: phone numbers, amounts, counts, dates in URLs are removed first.
const NOT_TIMES = /(\d{2,4}-\d{2,4}-\d{3,4})|(https?:\/\/\S+)/g;

/**
 * Cheap test run before chrono: a deadline needs a digit or a time word. Most chat messages have
 * neither, and chrono is the costliest step of a message's evaluation.
 */
const MAY_HAVE_TIME = /[0-9０-９]|[時日曜週中後内夕午]|まで|today|tomorrow|tonight|eod|cob|end of|noon|morning|evening|monday|tuesday|wednesday|thursday|friday|saturday|sunday|hour|minute|week/i;

export function mayHaveDeadline(text: string): boolean {
  return MAY_HAVE_TIME.test(scanned(text));
}

/**
 * Only the start of a message is read for a deadline. chrono's cost grows faster than the text
 * (a 1M-character message took 7 s, 2M 27 s, blocking every other event), while a promise like
 * 「15時までにご返信いたします」 comes in the first lines of a chat message. 4,000 characters keeps
 * the worst case to tens of milliseconds and is longer than nearly any real Slack reply.
 */
export const DEADLINE_SCAN_CHARS = 4_000;
const scanned = (text: string) => (text.length > DEADLINE_SCAN_CHARS ? text.slice(0, DEADLINE_SCAN_CHARS) : text);

const zoneKey = (z: string | Zone) => (typeof z === 'string' ? z : z.name);

// Several rules read the deadline of the same message: remember the last few answers.
const memo = new Map<string, Deadline | null>();
const MEMO_SIZE = 64;

/** parseDeadline for a message time in epoch ms: answers from the memo without building a zoned DateTime. */
export function parseDeadlineAt(full: string, atMs: number, opts: DeadlineOptions): Deadline | null {
  const text = scanned(full);
  if (!mayHaveDeadline(text)) return null;
  const key = `${atMs}|${zoneKey(opts.zone)}|${JSON.stringify([opts.endOfDay, opts.morningEnd, opts.evening])}|${text}`;
  if (memo.has(key)) return memo.get(key)!;
  return parseDeadline(text, DateTime.fromMillis(atMs, { zone: opts.zone }), opts);
}

export function parseDeadline(full: string, ref: DateTime, opts: DeadlineOptions): Deadline | null {
  // The memo key holds the text too: cut first, so it is bounded as well.
  const text = scanned(full);
  if (!mayHaveDeadline(text)) return null;
  const key = `${ref.toMillis()}|${zoneKey(opts.zone)}|${JSON.stringify([opts.endOfDay, opts.morningEnd, opts.evening])}|${text}`;
  if (memo.has(key)) return memo.get(key)!;
  const result = parse(text, ref, opts);
  memo.set(key, result);
  if (memo.size > MEMO_SIZE) memo.delete(memo.keys().next().value!);
  return result;
}

function parse(text: string, ref: DateTime, opts: DeadlineOptions): Deadline | null {
  const own = authorText(text).normalize('NFKC').replace(NOT_TIMES, ' ');
  if (!own.trim()) return null;
  const refLocal = ref.setZone(opts.zone);
  const reference = fakeLocal(refLocal);
  const eod = opts.endOfDay ?? { hour: 18, minute: 0 };
  const morning = opts.morningEnd ?? { hour: 12, minute: 0 };
  const evening = opts.evening ?? { hour: 17, minute: 0 };

  const hasJa = /[\u3040-\u30ff\u4e00-\u9fff]/.test(own);
  const parsers = hasJa ? [jaParser, enParser] : [enParser, jaParser];
  for (const p of parsers) {
    // English times in Japanese text ("17:00", "3pm", "EOD") need latin letters or a colon/slash;
    // chrono's English parsers cost three times the Japanese ones on Japanese text that has neither.
    if (p === enParser && hasJa && !/[a-z]|\d[:/]\d/i.test(own)) continue;
    const results = chronoResults(p, own, reference);
    for (const r of results) {
      const tag = (r.start as unknown as { knownValues?: Record<string, unknown> }).knownValues?.__sla as string | undefined;
      const wall = fromFake(r.start.date(), opts.zone);
      let at: DateTime;
      let precision: Deadline['precision'] = 'time';
      if (tag === 'sla.morning' || tag === 'sla.evening') {
        const t = tag === 'sla.morning' ? morning : evening;
        at = wall.set({ hour: t.hour, minute: t.minute, second: 0, millisecond: 0 });
        if (at <= refLocal) at = at.plus({ days: 1 });
      } else if (tag === TAG.time) {
        at = wall.set({ millisecond: 0 });
      } else if (r.start.isCertain('hour')) {
        at = wall.set({ second: 0, millisecond: 0 });
        // A bare time already past today means the same time tomorrow.
        if (at <= refLocal && !r.start.isCertain('day')) at = at.plus({ days: 1 });
      } else {
        precision = tag === TAG.week ? 'week' : 'day';
        at = wall.set({ hour: eod.hour, minute: eod.minute, second: 0, millisecond: 0 });
      }
      if (at <= refLocal) continue; // a past time is not a promise
      if (!isPlausibleDeadline(r.text, tag)) continue;
      return { at, matched: r.text, precision };
    }
  }
  return null;
}

/**
 * chrono's readings of one text at one reference time. The rules of one message ask with different
 * options (a closing time, the raw or the author's text), which only change what is done with the
 * readings: each text is read once.
 */
const readings = new Map<string, chrono.ParsedResult[]>();
function chronoResults(p: chrono.Chrono, own: string, reference: Date): chrono.ParsedResult[] {
  const key = `${p === jaParser ? 'ja' : 'en'}|${reference.getTime()}|${own}`;
  let results = readings.get(key);
  if (!results) {
    results = p.parse(own, reference, { forwardDate: true });
    readings.set(key, results);
    if (readings.size > MEMO_SIZE) readings.delete(readings.keys().next().value!);
  }
  return results;
}

/** Plain numbers ("2 questions", "3") read as dates by chrono are not deadlines. */
function isPlausibleDeadline(matched: string, tag: string | undefined): boolean {
  return Boolean(tag) || !/^\d+$/.test(matched.trim());
}
