import Redis from 'ioredis';
import { RedisStore } from '../../src/store/redis/RedisStore';
import type { Store } from '../../src/store/types';
import { cleanupPrefix, randomPrefix, testRedisUrl } from '../helpers/redis';
import { runStoreContract } from './store.contract';

const redis = new Redis(testRedisUrl());
afterAll(() => redis.quit());

runStoreContract(
  'redis',
  async () => new RedisStore({ redis: testRedisUrl(), prefix: randomPrefix('contract') }),
  async (s: Store) => {
    await cleanupPrefix(redis, (s as unknown as { keys: { prefix: string } }).keys.prefix);
    await s.close();
  },
);

test('ping is false, promptly, when Redis does not answer', async () => {
  const store = new RedisStore({ redis: new Redis('redis://127.0.0.1:1', { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null }), prefix: 'x:' });
  const t0 = Date.now();
  expect(await store.ping()).toBe(false);
  expect(Date.now() - t0).toBeLessThan(3000);
  store.redis.disconnect();
});

test('memory per pending timer stays under 1 KiB (timers are spread over the shards)', async () => {
  const prefix = randomPrefix('mem');
  const store = new RedisStore({ redis: testRedisUrl(), prefix });
  const n = 2000;
  const now = Date.now();
  const jobs = Array.from({ length: n }, (_, i) => ({ id: `response-time|C0${i}ABCDEF|rt:main`, dueAt: now + 3_600_000 + i, kind: 'response-time', payload: { kind: 'response', conversation: 'main', request: '1732268400.123456', ch: `C0${i}ABCDEF` } }));
  for (const job of jobs) await store.commit({ schedule: [job] });
  let bytes = 0;
  const keys = await redis.keys(`${prefix}*`);
  expect(keys.length).toBeGreaterThan(16); // due-sets and job hashes of every shard
  for (const k of keys) bytes += Number(await redis.call('MEMORY', 'USAGE', k, 'SAMPLES', '0'));
  expect(bytes / n).toBeLessThan(1024);
  await cleanupPrefix(redis, prefix);
  await store.close();
});

test("a corrupt stored job does not stop a channel's commit half-way (Redis does not roll back a failing script)", async () => {
  const prefix = randomPrefix('corrupt');
  const store = new RedisStore({ redis: testRedisUrl(), prefix });
  const now = Date.now();
  const id = 'rt|C0CORRUPT|x';
  await store.commit({ channel: { channel: 'C0CORRUPT' }, schedule: [{ id, dueAt: now - 10, kind: 'rt', payload: {} }] });
  const [job] = await store.claimDueTimers(now, 10, 60_000);
  const [jobsKey] = (await redis.keys(`${prefix}*t:job`)).filter((k) => k.includes('{s'));
  await redis.hset(jobsKey, id, '{not json');

  try {
    await store.commit({
      channel: { channel: 'C0CORRUPT', set: [{ field: 'r', value: { fired: true } }] },
      complete: [{ id: job.id, dueAt: job.dueAt }],
      schedule: [{ id: 'effect|C0CORRUPT|n1', dueAt: now, kind: 'effect', payload: { kind: 'nudge' } }],
    });
    // All of it landed (the state and the nudge job it goes with); the unreadable job is left alone.
    expect((await store.readChannel('C0CORRUPT', ['r'])).fields.get('r')).toEqual({ fired: true });
    expect(await store.getTimer('effect|C0CORRUPT|n1')).toMatchObject({ kind: 'effect' });
    expect(await redis.hget(jobsKey, id)).toBe('{not json');
  } finally {
    await cleanupPrefix(redis, prefix);
    await store.close();
  }
});
