import { LogLevel, type Logger as BoltLogger } from '@slack/bolt';
import type { Logger } from 'pino';

/** Longest Bolt line kept: Bolt puts request URLs and error text (attacker-chosen) in its messages. */
const MAX_LINE = 500;

/**
 * Bolt's lines about requests refused before their signature is known good (forged or unsigned,
 * oversized, unreadable, unknown paths). Anyone on the internet can cause one per request, so each
 * kind is logged at most once per interval, the next line saying how many were suppressed meanwhile.
 * ("Malformed request body" is not here: Bolt says it only of correctly signed requests.)
 */
const REJECTIONS = [
  'Failed to parse and verify the request data',
  'Failed to parse the request body',
  'Request body exceeded the maximum allowed size',
  'Unhandled HTTP request',
];

export interface BoltLoggerOptions {
  /** Rejection lines of one kind: at most one per this many ms. Default 10 s. */
  intervalMs?: number;
  now?: () => number;
}

/** Bolt and the WebClient log through pino, so every line is structured and level-filtered alike. */
export function boltLogger(base: Logger, o: BoltLoggerOptions = {}): BoltLogger {
  const log = base.child({ component: 'bolt' });
  const intervalMs = o.intervalMs ?? 10_000;
  const now = o.now ?? Date.now;
  const windows = new Map<string, { last: number; suppressed: number }>();

  const text = (args: unknown[]) => {
    const t = args.map((a) => (typeof a === 'string' ? a : a instanceof Error ? a.message : JSON.stringify(a))).join(' ');
    return t.length > MAX_LINE ? `${t.slice(0, MAX_LINE)}…` : t;
  };
  const emit = (level: 'debug' | 'info' | 'warn' | 'error', args: unknown[]) => {
    if (!log.isLevelEnabled(level)) return;
    const msg = text(args);
    const kind = REJECTIONS.find((p) => msg.startsWith(p));
    if (!kind) return log[level](msg);
    const w = windows.get(kind);
    const t = now();
    if (w && t - w.last < intervalMs) {
      w.suppressed++;
      return;
    }
    windows.set(kind, { last: t, suppressed: 0 });
    if (w?.suppressed) log[level]({ suppressed: w.suppressed }, msg);
    else log[level](msg);
  };
  return {
    debug: (...a: unknown[]) => emit('debug', a),
    info: (...a: unknown[]) => emit('info', a),
    warn: (...a: unknown[]) => emit('warn', a),
    error: (...a: unknown[]) => emit('error', a),
    setLevel: () => undefined,
    getLevel: () => (log.isLevelEnabled('debug') ? LogLevel.DEBUG : LogLevel.INFO),
    setName: () => undefined,
  };
}
