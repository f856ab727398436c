import type { ClockMode } from '../clock/clock';
import type { ResponseRecord } from '../core/detector';
import type { Finding } from '../core/finding';

/**
 * Pure aggregation behind `/sla report` (and later the audit and the App Home): first-response
 * figures per assistant and per channel, breaches, open requests and counts per rule. What is given
 * is what is counted: cutting it to a period, a channel or an assistant is `scopeReport`'s job.
 */
export interface OpenRequest {
  channel: string;
  ts: string;
  client: string;
  openedAt: number;
  /**
   * Who answers for its channel (the assistants its nudges go to). Without it the request counts
   * for its channel and the totals only.
   */
  assistants?: string[];
}

export interface ReportInput {
  responses: ResponseRecord[];
  findings: Finding[];
  open: OpenRequest[];
  /** Thresholds to report shares for, e.g. 1h / 3h / 6h from the response-time rule. */
  thresholds: Array<{ label: string; ms: number }>;
  now: number;
  /**
   * How long an open request has waited, in the rule's clock: the one its nudges count in, so the
   * report and the nudges agree. Wall time when not given.
   */
  waited?: { clock: ClockMode; ms: (from: number, to: number) => number };
}

/** The clock a row's times are in; 'mixed' when the rule's clock was changed within the period. */
export type RowClock = ClockMode | 'mixed';

export interface ReportRow {
  key: string;
  /** Answered requests. */
  requests: number;
  /** Requests still waiting: they count in the shares, as not (yet) answered within any threshold. */
  open: number;
  medianMs: number | null;
  p90Ms: number | null;
  /** The clock of medianMs and p90Ms; null when nothing was answered. */
  clock: RowClock | null;
  /**
   * Share (0..1) of all requests, answered and open, answered within each threshold, in the
   * thresholds' order. 0 for a row without requests: read it with share(), which says "none".
   */
  within: number[];
  breaches: Array<{ channel: string; ts: string }>;
}

export interface Report {
  byAssistant: ReportRow[];
  byChannel: ReportRow[];
  open: Array<OpenRequest & { ageMs: number; clock: ClockMode }>;
  perRule: Record<string, number>;
  totals: ReportRow;
}

/** Nearest-rank percentile of sorted values. */
export function percentile(sorted: number[], p: number): number | null {
  if (sorted.length === 0) return null;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
}

/** The share within threshold `i`, or null when the row has no request at all (shown "–", not 0%). */
export function share(row: ReportRow, i: number): number | null {
  return row.requests + row.open === 0 ? null : row.within[i];
}

export function isBreach(f: Finding): boolean {
  return f.rule === 'response-time' && f.evidence.level === 'breach';
}

/**
 * Who a finding is about. A response-time finding names every assistant of the channel in its
 * evidence (its `user` is only the first of them, or the client when the channel has none).
 */
export function responsibleFor(f: Finding): string[] {
  const named = f.evidence.assistants;
  if (Array.isArray(named) && named.every((x) => typeof x === 'string')) return named;
  return [f.user];
}

/** What one row is made of. */
interface Group {
  responses: ResponseRecord[];
  open: OpenRequest[];
  breaches: Finding[];
}

function clockOf(records: ResponseRecord[]): RowClock | null {
  const first = records[0]?.clock ?? null;
  return records.some((r) => r.clock !== first) ? 'mixed' : first;
}

function row(key: string, g: Group, thresholds: ReportInput['thresholds']): ReportRow {
  const times = g.responses.map((r) => r.elapsedMs).sort((a, b) => a - b);
  // Open requests are in the denominator: a channel nobody answers is not "100% on time".
  const all = times.length + g.open.length;
  return {
    key,
    requests: times.length,
    open: g.open.length,
    medianMs: percentile(times, 50),
    p90Ms: percentile(times, 90),
    clock: clockOf(g.responses),
    within: thresholds.map((t) => (all ? times.filter((x) => x <= t.ms).length / all : 0)),
    breaches: g.breaches.map((f) => ({ channel: f.channel, ts: f.ts })),
  };
}

/** Worst first: most breaches, then the slowest p90 (none last), then most waiting, then by key. */
function worstFirst(a: ReportRow, b: ReportRow): number {
  return b.breaches.length - a.breaches.length || (b.p90Ms ?? -1) - (a.p90Ms ?? -1) || b.open - a.open || a.key.localeCompare(b.key);
}

/** Items under each of their keys (an open request or a breach can belong to several assistants). */
function groupBy<T>(items: T[], keys: (t: T) => string[]): Map<string, T[]> {
  const m = new Map<string, T[]>();
  for (const it of items) {
    const ks = keys(it);
    for (const k of ks.length > 1 ? new Set(ks) : ks) {
      const list = m.get(k);
      if (list) list.push(it);
      else m.set(k, [it]);
    }
  }
  return m;
}

interface Keys {
  response: (r: ResponseRecord) => string[];
  open: (o: OpenRequest) => string[];
  breach: (f: Finding) => string[];
}

function rows(input: ReportInput, breaches: Finding[], by: Keys): ReportRow[] {
  const responses = groupBy(input.responses, by.response);
  const open = groupBy(input.open, by.open);
  const fails = groupBy(breaches, by.breach);
  const keys = new Set([...responses.keys(), ...open.keys(), ...fails.keys()]);
  return [...keys].map((k) => row(k, { responses: responses.get(k) ?? [], open: open.get(k) ?? [], breaches: fails.get(k) ?? [] }, input.thresholds)).sort(worstFirst);
}

export function aggregate(input: ReportInput): Report {
  const breaches = input.findings.filter(isBreach);
  const perRule: Record<string, number> = {};
  for (const f of input.findings) perRule[f.rule] = (perRule[f.rule] ?? 0) + 1;
  const waited = input.waited ?? { clock: 'wall' as const, ms: (from: number, to: number) => Math.max(0, to - from) };
  return {
    byAssistant: rows(input, breaches, { response: (r) => [r.assistant], open: (o) => o.assistants ?? [], breach: responsibleFor }),
    byChannel: rows(input, breaches, { response: (r) => [r.channel], open: (o) => [o.channel], breach: (f) => [f.channel] }),
    open: input.open.map((o) => ({ ...o, ageMs: waited.ms(o.openedAt, input.now), clock: waited.clock })).sort((a, b) => b.ageMs - a.ageMs),
    perRule,
    totals: row('all', { responses: input.responses, open: input.open, breaches }, input.thresholds),
  };
}
