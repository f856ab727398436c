import { DateTime } from 'luxon';

/**
 * `/sla report [#channel | @assistant] [7d | 30d | YYYY-MM-DD..YYYY-MM-DD] [csv]`: arguments in any
 * order. Slack escapes mentions as <#C123|name> and <@U123|name>; plain #name and @name are kept for
 * the caller to resolve. Every problem is a sentence for the user, never an exception trace.
 * A period is always whole calendar days in the team's zone, so the dates the report's header names
 * are exactly the days it counts.
 */
export interface ReportArgs {
  channel?: { id?: string; name?: string };
  user?: { id?: string; name?: string };
  from: number;
  to: number;
  label: string;
  csv: boolean;
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };

/** "Nd": today and the N-1 days before, from 00:00 in `now`'s zone (not a rolling N×24 h), through tonight. */
export function lastDays(days: number, now: DateTime): { from: number; to: number } {
  const today = now.startOf('day');
  return { from: today.minus({ days: days - 1 }).toMillis(), to: today.plus({ days: 1 }).toMillis() };
}

export function parseReportArgs(tokens: string[], now: DateTime): Parsed<ReportArgs> {
  const out: ReportArgs = { ...lastDays(7, now), label: '7d', csv: false };
  let period = false;
  for (const t of tokens) {
    let m: RegExpExecArray | null;
    if ((m = /^<#([CG][A-Z0-9]+)(?:\|([^>]*))?>$/.exec(t))) out.channel = { id: m[1], name: m[2] || undefined };
    else if ((m = /^#([\w.-]+)$/.exec(t))) out.channel = { name: m[1] };
    else if ((m = /^<@([UW][A-Z0-9]+)(?:\|([^>]*))?>$/.exec(t))) out.user = { id: m[1], name: m[2] || undefined };
    else if ((m = /^@([\w.-]+)$/.exec(t))) out.user = { name: m[1] };
    else if ((m = /^(\d{1,3})d$/.exec(t))) {
      if (period) return { ok: false, error: `only one period, please (got "${t}" too)` };
      const days = Number(m[1]);
      if (days < 1 || days > 366) return { ok: false, error: `a period of ${days} days is out of range (1–366)` };
      Object.assign(out, lastDays(days, now));
      out.label = t;
      period = true;
    } else if ((m = /^(\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})$/.exec(t))) {
      if (period) return { ok: false, error: `only one period, please (got "${t}" too)` };
      const from = DateTime.fromISO(m[1], { zone: now.zone });
      const to = DateTime.fromISO(m[2], { zone: now.zone });
      if (!from.isValid || !to.isValid) return { ok: false, error: `"${t}" is not a valid date range` };
      if (to < from) return { ok: false, error: `"${t}" ends before it starts` };
      out.from = from.startOf('day').toMillis();
      out.to = to.startOf('day').plus({ days: 1 }).toMillis();
      out.label = t;
      period = true;
    } else if (t.toLowerCase() === 'csv') out.csv = true;
    else return { ok: false, error: `I don't understand "${t}". Try \`/sla report #channel 30d\` or \`/sla report @assistant 2026-11-01..2026-11-30\`.` };
  }
  return { ok: true, value: out };
}
