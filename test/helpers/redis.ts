import { randomBytes } from 'node:crypto';
import { Cluster, type Redis } from 'ioredis';

/** The real Redis the tests use (never mocked): REDIS_TEST_URL or the local default. */
export function testRedisUrl(): string {
  return process.env.REDIS_TEST_URL ?? 'redis://127.0.0.1:6379';
}

/** A fresh key prefix per test file/run, so suites run in parallel and never touch real data. */
export function randomPrefix(name: string): string {
  return `sla-test:${name}:${randomBytes(4).toString('hex')}:`;
}

/** Delete every key under a prefix (SCAN + DEL on each master; never FLUSHDB). */
export async function cleanupPrefix(redis: Redis | Cluster, prefix: string): Promise<void> {
  for (const node of redis instanceof Cluster ? redis.nodes('master') : [redis]) {
    let cursor = '0';
    do {
      const [next, keys] = await node.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
      // One key per DEL: on a Cluster the keys of one scan may live in different slots.
      await Promise.all(keys.map((k) => node.del(k)));
      cursor = next;
    } while (cursor !== '0');
  }
}
