import type { Logger } from 'pino';
import type { Store } from '../../store/types';
import { DEAD_LETTER_LOG } from '../dead-letters';

/** The record logs that grow without bound; everything else in the store expires by itself. */
const TRIMMED_LOGS = ['findings', 'responses', 'incidents', DEAD_LETTER_LOG];
const TRIM_EVERY_MS = 6 * 3_600_000;

export interface Retention {
  /** Trim now; a failure is logged, never thrown (the next round tries again). */
  trimNow(): Promise<void>;
  stop(): void;
}

/**
 * Retention: drop records older than `days`, every 6 hours from now on (the caller also trims at
 * start). Any replica may: trimming twice is harmless.
 */
export function startRetention(d: { store: Store; days: number; logger: Logger; now?: () => number }): Retention {
  const trim = async () => {
    // Read the clock at each trim (not captured once), as a test's fake Date.now expects.
    const before = (d.now ?? Date.now)() - d.days * 86_400_000;
    for (const log of TRIMMED_LOGS) await d.store.trimRecords(log, before);
  };
  const trimNow = () => trim().catch((e) => d.logger.warn({ err: (e as Error).message }, 'retention trim failed'));
  const timer = setInterval(() => void trimNow(), TRIM_EVERY_MS);
  timer.unref();
  return { trimNow, stop: () => clearInterval(timer) };
}
