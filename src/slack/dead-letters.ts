import type { Logger } from 'pino';
import { EFFECT_JOB } from './jobs';
import type { Store } from '../store/types';

/**
 * Work that could not be done: a job that kept failing, an effect Slack refused for good, an event
 * that failed every attempt. Kept as records (log `deadletters`, same retention as findings) so
 * `/sla status` shows directors what did not go out, instead of retrying forever or dropping silently.
 */
export const DEAD_LETTER_LOG = 'deadletters';
/** A job is claimed again each time its lease (60 s) runs out: about half an hour of retries. */
export const MAX_JOB_ATTEMPTS = 30;
const LAST_ERROR_TTL_MS = 24 * 3_600_000;

export interface DeadLetter {
  at: number;
  job: string;
  kind: string;
  /** The client channel the work was about, when known. */
  channel?: string;
  rule?: string;
  reason: string;
}

const lastErrorKey = (jobId: string) => `joberr:${jobId}`;

/** Remember why a job failed, so its dead letter can say so (any replica may hold the next attempt). */
export async function rememberJobError(store: Store, jobId: string, error: unknown): Promise<void> {
  const reason = String((error as Error)?.message ?? error).slice(0, 200);
  await store.commit({ set: [{ key: lastErrorKey(jobId), value: { reason }, ttlMs: LAST_ERROR_TTL_MS }] });
}

export async function lastJobError(store: Store, jobId: string): Promise<string | undefined> {
  return (await store.getJSON<{ reason: string }>(lastErrorKey(jobId)))?.reason;
}

export async function recordDeadLetter(
  store: Store,
  logger: Logger,
  o: { job: { id: string; kind: string; payload: Record<string, unknown>; attempts?: number }; reason: string; at: number },
): Promise<void> {
  const p = o.job.payload;
  const channel = typeof p.ch === 'string' ? p.ch : typeof p.channel === 'string' ? p.channel : undefined;
  const rule = typeof p.rule === 'string' ? p.rule : undefined;
  // An outbox job says what it was (a nudge, an escalation, …) in its payload; a rule's timer payload is the rule's own.
  const kind = o.job.kind === EFFECT_JOB && typeof p.kind === 'string' ? p.kind : o.job.kind;
  const record: DeadLetter = { at: o.at, job: o.job.id.slice(0, 200), kind, channel, rule, reason: o.reason.slice(0, 200) };
  await store.commit({ records: [{ log: DEAD_LETTER_LOG, at: o.at, record }], del: [lastErrorKey(o.job.id)] });
  logger.error({ job: record.job, kind: record.kind, channel, rule, attempts: o.job.attempts, reason: record.reason }, 'work set aside as a dead letter (see /sla status)');
}

/** Dead letters of the last `sinceMs`, newest first, optionally of one channel. */
export async function recentDeadLetters(store: Store, now: number, sinceMs: number, channel?: string): Promise<DeadLetter[]> {
  const rows = await store.rangeRecords<DeadLetter>(DEAD_LETTER_LOG, now - sinceMs, now + 1);
  return rows
    .map((r) => r.record)
    .filter((d) => !channel || d.channel === channel)
    .reverse();
}
