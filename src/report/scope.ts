import type { ResponseRecord } from '../core/detector';
import type { Finding } from '../core/finding';
import { responsibleFor, type OpenRequest } from './aggregate';

/**
 * What `/sla report #channel @assistant <period>` counts, in one place, so that every section of
 * the report (figures, breaches, requests waiting, findings per rule, incident reports) is cut by
 * the same filter. Each item belongs to the day it happened: a request to the day it was opened
 * (whether it was answered then, later, or not yet), a finding to the day it was found, an incident
 * report to the day it was filed.
 */
export interface ReportScope {
  /** The period, [from, to) in epoch ms: whole calendar days (see `lastDays`). */
  from: number;
  to: number;
  channel?: string;
  assistant?: string;
}

/** The part of an incident report the filter needs. */
export interface ScopedIncident {
  channel: string;
  /** Who filed it: the team member who first heard the complaint. */
  by: string;
  at: number;
}

export interface ReportData<I extends ScopedIncident> {
  responses: ResponseRecord[];
  findings: Finding[];
  open: OpenRequest[];
  incidents: I[];
}

function inPeriod(at: number, s: ReportScope): boolean {
  return at >= s.from && at < s.to;
}

/** True when the item is in the channel and about the assistant asked for (or none was asked for). */
function matches(s: ReportScope, channel: string, people: string[]): boolean {
  return (s.channel === undefined || channel === s.channel) && (s.assistant === undefined || people.includes(s.assistant));
}

export function scopeReport<I extends ScopedIncident>(data: ReportData<I>, s: ReportScope): ReportData<I> & { earlierOpen: number } {
  // An open request is the assistants' of its channel: the people its nudges go to.
  const open = data.open.filter((o) => matches(s, o.channel, o.assistants ?? []));
  return {
    responses: data.responses.filter((r) => inPeriod(r.openedAt, s) && matches(s, r.channel, [r.assistant])),
    findings: data.findings.filter((f) => inPeriod(f.at, s) && matches(s, f.channel, responsibleFor(f))),
    open: open.filter((o) => inPeriod(o.openedAt, s)),
    incidents: data.incidents.filter((i) => inPeriod(i.at, s) && matches(s, i.channel, [i.by])),
    // Still waiting but opened before the period: not counted, yet never silently out of sight.
    earlierOpen: open.filter((o) => o.openedAt < s.from).length,
  };
}
