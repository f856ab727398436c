import type { ResponseRecord } from '../core/detector';
import type { Finding } from '../core/finding';

/**
 * Pure aggregation behind `/sla report` (and later the audit and the App Home): first-response
 * figures per assistant and per channel, breaches, open requests and counts per rule.
 */
export interface OpenRequest {
  channel: string;
  ts: string;
  client: string;
  openedAt: number;
}

export interface ReportInput {
  responses: ResponseRecord[];
  findings: Finding[];
  open: OpenRequest[];
  /** Thresholds to report shares for, e.g. 1h / 3h / 6h from the response-time rule. */
  thresholds: Array<{ label: string; ms: number }>;
  now: number;
}

export interface ReportRow {
  key: string;
  requests: number;
  medianMs: number | null;
  p90Ms: number | null;
  /** Share (0..1) answered within each threshold, in the thresholds' order. */
  within: number[];
  breaches: Array<{ channel: string; ts: string }>;
}

export interface Report {
  byAssistant: ReportRow[];
  byChannel: ReportRow[];
  open: Array<OpenRequest & { ageMs: number }>;
  perRule: Record<string, number>;
  totals: ReportRow;
}

/** Nearest-rank percentile of sorted values. */
export function percentile(sorted: number[], p: number): number | null {
  if (sorted.length === 0) return null;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
}

function row(key: string, records: ResponseRecord[], breaches: Finding[], thresholds: ReportInput['thresholds']): ReportRow {
  const times = records.map((r) => r.elapsedMs).sort((a, b) => a - b);
  return {
    key,
    requests: records.length,
    medianMs: percentile(times, 50),
    p90Ms: percentile(times, 90),
    within: thresholds.map((t) => (times.length ? times.filter((x) => x <= t.ms).length / times.length : 0)),
    breaches: breaches.map((f) => ({ channel: f.channel, ts: f.ts })),
  };
}

function groupBy<T>(items: T[], key: (t: T) => string): Map<string, T[]> {
  const m = new Map<string, T[]>();
  for (const it of items) {
    const k = key(it);
    const list = m.get(k);
    if (list) list.push(it);
    else m.set(k, [it]);
  }
  return m;
}

export function isBreach(f: Finding): boolean {
  return f.rule === 'response-time' && f.evidence.level === 'breach';
}

export function aggregate(input: ReportInput): Report {
  const breaches = input.findings.filter(isBreach);
  const perRule: Record<string, number> = {};
  for (const f of input.findings) perRule[f.rule] = (perRule[f.rule] ?? 0) + 1;
  const build = (byKey: (r: ResponseRecord) => string, breachKey: (f: Finding) => string) => {
    const responses = groupBy(input.responses, byKey);
    const fails = groupBy(breaches, breachKey);
    const keys = [...new Set([...responses.keys(), ...fails.keys()])].sort();
    return keys.map((k) => row(k, responses.get(k) ?? [], fails.get(k) ?? [], input.thresholds));
  };
  return {
    byAssistant: build((r) => r.assistant, (f) => f.user),
    byChannel: build((r) => r.channel, (f) => f.channel),
    open: input.open.map((o) => ({ ...o, ageMs: input.now - o.openedAt })).sort((a, b) => b.ageMs - a.ageMs),
    perRule,
    totals: row('all', input.responses, breaches, input.thresholds),
  };
}
