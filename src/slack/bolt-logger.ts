import { LogLevel, type Logger as BoltLogger } from '@slack/bolt';
import type { Logger } from 'pino';

/** Bolt and the WebClient log through pino, so every line is structured and level-filtered alike. */
export function boltLogger(base: Logger): BoltLogger {
  const log = base.child({ component: 'bolt' });
  const text = (args: unknown[]) => args.map((a) => (typeof a === 'string' ? a : a instanceof Error ? a.message : JSON.stringify(a))).join(' ');
  return {
    debug: (...a: unknown[]) => log.debug(text(a)),
    info: (...a: unknown[]) => log.info(text(a)),
    warn: (...a: unknown[]) => log.warn(text(a)),
    error: (...a: unknown[]) => log.error(text(a)),
    setLevel: () => undefined,
    getLevel: () => (log.isLevelEnabled('debug') ? LogLevel.DEBUG : LogLevel.INFO),
    setName: () => undefined,
  };
}
