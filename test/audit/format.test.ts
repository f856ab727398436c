/**
 * The audit's table as a director reads it: shares over all requests (an open one is not met), and
 * "–" where there is nothing to count, never 0% or 100% by division.
 */
import { toTable } from '../../src/audit/format';
import type { AuditResult } from '../../src/audit/replay';
import { aggregate } from '../../src/report/aggregate';

const H = 3_600_000;
const thresholds = [{ label: '1h', ms: H }];

function result(report: AuditResult['report']): AuditResult {
  return { findings: [], responses: [], open: [], report, thresholds: ['1h'], messages: 0 };
}

test('an export with no request shows "–" for every share and time', () => {
  const table = toTable(result(aggregate({ responses: [], findings: [], open: [], thresholds, now: 0 })), 'en');
  const total = table.split('\n').find((l) => l.startsWith('all '))!;
  expect(total).not.toMatch(/%/);
  expect(total).toMatch(/–/);
});

test('an open request counts against the share: one answered in time and one open is 50%, not 100%', () => {
  const report = aggregate({
    responses: [{ channel: 'C1', ts: '1.0', client: 'U0C', assistant: 'U0SATO', openedAt: 0, answeredAt: 60_000, elapsedMs: 60_000, clock: 'business' }],
    findings: [],
    open: [{ channel: 'C1', ts: '2.0', client: 'U0C', openedAt: 0, assistants: ['U0SATO'] }],
    thresholds,
    now: 2 * H,
  });
  const total = toTable(result(report), 'en').split('\n').find((l) => l.startsWith('all '))!;
  expect(total).toMatch(/\b50%/);
});
