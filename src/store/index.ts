import type { Logger } from 'pino';
import { MemoryStore } from './memory/MemoryStore';
import { RedisStore } from './redis/RedisStore';
import type { Store } from './types';

export type { Store, StoreTx, TimerJob, ClaimedTimer } from './types';
export { LockTimeoutError } from './types';

/** Redis when a URL is given (shared by replicas), else the embedded in-memory store. */
export function createStore(o: { redisUrl?: string; prefix?: string; logger?: Logger }): Store {
  if (!o.redisUrl) return new MemoryStore();
  const store = new RedisStore({ redis: o.redisUrl, prefix: o.prefix ?? 'sla:' });
  store.redis.on('error', (err: Error) => o.logger?.warn({ err: err.message }, 'Redis connection error (reconnecting)'));
  store.redis.on('ready', () => o.logger?.info('Redis connection ready'));
  return store;
}
