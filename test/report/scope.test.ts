import { DateTime } from 'luxon';
import type { ResponseRecord } from '../../src/core/detector';
import type { Finding } from '../../src/core/finding';
import type { OpenRequest } from '../../src/report/aggregate';
import { scopeReport, type ReportData } from '../../src/report/scope';

/**
 * Every section of `/sla report` (figures, breaches, waiting requests, findings per rule, incident
 * reports) is cut by the same filter: the period, the channel, the assistant.
 */
const at = (iso: string) => DateTime.fromISO(iso, { zone: 'Asia/Tokyo' }).toMillis();
const period = { from: at('2026-11-18T00:00'), to: at('2026-11-25T00:00') };

const answered = (assistant: string, channel: string, opened: string, answeredIso = opened): ResponseRecord => ({
  channel, ts: String(at(opened) / 1000), client: 'U0C', assistant, openedAt: at(opened), answeredAt: at(answeredIso), elapsedMs: at(answeredIso) - at(opened), clock: 'business',
});
const waiting = (channel: string, opened: string, assistants: string[]): OpenRequest => ({ channel, ts: String(at(opened) / 1000), client: 'U0C', openedAt: at(opened), assistants });
const finding = (rule: string, channel: string, user: string, found: string, evidence: Record<string, unknown> = {}): Finding => ({ rule, channel, ts: '1.1', user, severity: 'warning', at: at(found), evidence });
const incident = (channel: string, by: string, filed: string) => ({ channel, by, at: at(filed), complaintTs: '1.1', words: 'w' });

const data: ReportData<ReturnType<typeof incident>> = {
  responses: [
    answered('U0SATO', 'C0ACME', '2026-11-18T09:05'), // the first day's morning: inside "7d" at noon
    answered('U0SUZUKI', 'C0BETA', '2026-11-20T10:00'),
    answered('U0SATO', 'C0ACME', '2026-11-24T23:50', '2026-11-25T09:10'), // opened on the last day, answered after it
    answered('U0SATO', 'C0ACME', '2026-11-17T23:50', '2026-11-18T09:10'), // opened the day before: not the period's
  ],
  open: [
    waiting('C0ACME', '2026-11-24T10:00', ['U0SATO']),
    waiting('C0BETA', '2026-11-24T11:00', ['U0SATO', 'U0SUZUKI']),
    waiting('C0GAMMA', '2026-11-23T11:00', ['U0SUZUKI']),
    waiting('C0GAMMA', '2026-11-10T11:00', ['U0SUZUKI']), // still waiting, but opened before the period
  ],
  findings: [
    finding('response-time', 'C0BETA', 'U0SATO', '2026-11-24T11:00', { level: 'breach', assistants: ['U0SATO', 'U0SUZUKI'] }),
    finding('closed-question', 'C0GAMMA', 'U0SUZUKI', '2026-11-22T15:00'),
    finding('closed-question', 'C0ACME', 'U0SATO', '2026-11-17T15:00'),
  ],
  incidents: [incident('C0GAMMA', 'U0SUZUKI', '2026-11-21T12:00'), incident('C0ACME', 'U0SATO', '2026-11-19T12:00')],
};
const keys = <T extends { channel: string }>(xs: T[], who: (x: T) => string) => xs.map((x) => `${x.channel}/${who(x)}`);

test('the period: requests opened in it (answered then or later), findings found and incidents filed in it', () => {
  const s = scopeReport(data, period);
  expect(s.responses.map((r) => r.openedAt)).toEqual([at('2026-11-18T09:05'), at('2026-11-20T10:00'), at('2026-11-24T23:50')]);
  expect(s.open.map((o) => o.openedAt)).toEqual([at('2026-11-24T10:00'), at('2026-11-24T11:00'), at('2026-11-23T11:00')]);
  expect(s.findings.map((f) => f.rule)).toEqual(['response-time', 'closed-question']);
  expect(s.incidents).toHaveLength(2);
  // Not counted, but not hidden either: the report says how many wait since before the period.
  expect(s.earlierOpen).toBe(1);
});

test('@assistant: their answers, the requests waiting in the channels they answer for, findings about them, their incident reports', () => {
  const s = scopeReport(data, { ...period, assistant: 'U0SUZUKI' });
  expect(keys(s.responses, (r) => r.assistant)).toEqual(['C0BETA/U0SUZUKI']);
  expect(s.open.map((o) => o.channel)).toEqual(['C0BETA', 'C0GAMMA']);
  // The breach names both assistants of #client-beta, though `user` is only the first.
  expect(keys(s.findings, (f) => f.rule)).toEqual(['C0BETA/response-time', 'C0GAMMA/closed-question']);
  expect(keys(s.incidents, (i) => i.by)).toEqual(['C0GAMMA/U0SUZUKI']);
  expect(s.earlierOpen).toBe(1);
  // Someone else's waiting request is never listed under this assistant.
  expect(scopeReport(data, { ...period, assistant: 'U0SATO' }).open.map((o) => o.channel)).toEqual(['C0ACME', 'C0BETA']);
  expect(scopeReport(data, { ...period, assistant: 'U0SATO' }).earlierOpen).toBe(0);
});

test('#channel: every section is that channel only', () => {
  const s = scopeReport(data, { ...period, channel: 'C0GAMMA' });
  expect(s.responses).toEqual([]);
  expect(s.open.map((o) => o.channel)).toEqual(['C0GAMMA']);
  expect(s.findings.map((f) => f.channel)).toEqual(['C0GAMMA']);
  expect(s.incidents.map((i) => i.channel)).toEqual(['C0GAMMA']);
  expect(s.earlierOpen).toBe(1);
});

test('channel and assistant together narrow both ways', () => {
  const s = scopeReport(data, { ...period, channel: 'C0BETA', assistant: 'U0SATO' });
  expect(s.responses).toEqual([]);
  expect(s.open.map((o) => o.channel)).toEqual(['C0BETA']);
  expect(s.findings.map((f) => f.rule)).toEqual(['response-time']);
  expect(s.incidents).toEqual([]);
});
