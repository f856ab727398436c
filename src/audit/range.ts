import { DateTime } from 'luxon';
import type { ExportSpan } from './export';
import { AuditInputError } from './input-error';

/**
 * The audited period from `--from` / `--to` (whole days in the team's time zone) and the export's
 * first and last message. Without `--to` the audit ends at the export's last message: an export
 * holds no answer given after it was taken, so a timer due later would be a breach nobody could
 * have answered. A range that cannot be audited is an AuditInputError, never an empty report.
 */
export function auditRange(args: { from?: string; to?: string }, span: ExportSpan | undefined, zone: string): { from?: number; to: number } {
  const from = args.from === undefined ? undefined : day('--from', args.from, zone).startOf('day').toMillis();
  const toDay = args.to === undefined ? undefined : day('--to', args.to, zone).endOf('day').toMillis();
  if (from !== undefined && toDay !== undefined && from >= toDay) throw new AuditInputError(`--from ${args.from} is after --to ${args.to}: the range is reversed; swap the two dates`);
  if (toDay !== undefined) {
    if (span && toDay < span.first) throw new AuditInputError(`--to ${args.to} ends before the export's first message (${when(span.first, zone)}): nothing to audit`);
    return { from, to: toDay };
  }
  if (!span) throw new AuditInputError('the export holds no messages, so it has no last message to end at; give the end with --to YYYY-MM-DD');
  if (from !== undefined && from >= span.last) throw new AuditInputError(`--from ${args.from} starts after the export's last message (${when(span.last, zone)}), where the audit ends without --to: nothing to audit`);
  return { from, to: span.last };
}

/** A calendar day written YYYY-MM-DD; a time of day would be cut off unseen, so it is refused too. */
function day(option: string, text: string, zone: string): DateTime {
  const d = DateTime.fromISO(text, { zone });
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text) || !d.isValid) throw new AuditInputError(`${option} "${text}" is not a date (YYYY-MM-DD)`);
  return d;
}

function when(ms: number, zone: string): string {
  return `${DateTime.fromMillis(ms, { zone }).toFormat('yyyy-MM-dd HH:mm')} ${zone}`;
}
