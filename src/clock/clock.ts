import { DateTime } from 'luxon';
import type { BusinessCalendar } from './calendar';

/** The clock a rule measures in: wall time (24/7) or business time (the team's open hours). */
export type ClockMode = 'wall' | 'business';

export interface SlaClock {
  mode: ClockMode;
  dueAt(start: DateTime, ms: number): DateTime;
  elapsedMs(from: DateTime, to: DateTime): number;
  /** The same on epoch milliseconds (the hot path: no zone conversions). */
  dueAtMs(startMs: number, ms: number): number;
  elapsedBetween(fromMs: number, toMs: number): number;
}

export function wallClock(zone: string): SlaClock {
  return {
    mode: 'wall',
    dueAt: (start, ms) => DateTime.fromMillis(start.toMillis() + ms, { zone }),
    elapsedMs: (from, to) => Math.max(0, to.toMillis() - from.toMillis()),
    dueAtMs: (start, ms) => start + ms,
    elapsedBetween: (from, to) => Math.max(0, to - from),
  };
}

export function businessClock(calendar: BusinessCalendar): SlaClock {
  return {
    mode: 'business',
    dueAt: (start, ms) => calendar.addBusinessMs(start, ms),
    elapsedMs: (from, to) => calendar.businessMsBetween(from, to),
    dueAtMs: (start, ms) => calendar.addBusinessMsAt(start, ms),
    elapsedBetween: (from, to) => calendar.businessMsBetweenMs(from, to),
  };
}

const clocks = new WeakMap<BusinessCalendar, Record<ClockMode, SlaClock>>();

export function makeClock(mode: ClockMode, calendar: BusinessCalendar): SlaClock {
  let pair = clocks.get(calendar);
  if (!pair) {
    pair = { wall: wallClock(calendar.zone), business: businessClock(calendar) };
    clocks.set(calendar, pair);
  }
  return pair[mode];
}

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** "90m", "6h", "1h30m", "45s", "2d", "500ms" → milliseconds. */
export function parseDuration(s: string): number {
  const text = String(s).trim();
  const re = /(\d+(?:\.\d+)?)(ms|s|m|h|d)/g;
  let total = 0;
  let consumed = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) !== null) {
    if (m.index !== consumed) break;
    total += Number(m[1]) * UNIT_MS[m[2]];
    consumed = m.index + m[0].length;
  }
  if (consumed === 0 || consumed !== text.length || total <= 0) {
    throw new Error(`bad duration "${s}" (use e.g. 90m, 6h, 1h30m)`);
  }
  return Math.round(total);
}

/** ja: "12分", "1時間5分", "2日3時間"; en: "12 min", "1 h 5 min", "2 d 3 h". */
export function formatDuration(ms: number, lang: 'ja' | 'en'): string {
  const totalSec = Math.max(0, Math.round(ms / 1000));
  if (totalSec < 60) return lang === 'ja' ? `${totalSec}秒` : `${totalSec} s`;
  const totalMin = Math.floor(totalSec / 60);
  const d = Math.floor(totalMin / 1440);
  const h = Math.floor((totalMin % 1440) / 60);
  const min = totalMin % 60;
  const parts: Array<[number, string, string]> = [
    [d, '日', 'd'],
    [h, '時間', 'h'],
    [min, '分', 'min'],
  ];
  // Two most significant units are enough for a human ("2日3時間", not "2日3時間4分").
  const shown = parts.filter(([n]) => n > 0).slice(0, 2);
  return lang === 'ja' ? shown.map(([n, j]) => `${n}${j}`).join('') : shown.map(([n, , e]) => `${n} ${e}`).join(' ');
}
