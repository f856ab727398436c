import { Cluster } from 'ioredis';
import { RedisStore } from '../../src/store/redis/RedisStore';
import type { Store } from '../../src/store/types';
import { startLocalCluster, type LocalCluster } from '../helpers/redis-cluster';
import { cleanupPrefix, randomPrefix } from '../helpers/redis';
import { runStoreContract } from './store.contract';

/** The same contract on a local 3-master Redis Cluster: every multi-key step stays in one slot. */
jest.setTimeout(60_000);
let cluster: LocalCluster;
beforeAll(async () => {
  cluster = await startLocalCluster();
});
afterAll(async () => {
  await cluster?.close();
});

runStoreContract(
  'redis cluster',
  async () => new RedisStore({ redis: cluster.url, prefix: randomPrefix('cluster') }),
  async (s: Store) => {
    const store = s as RedisStore;
    await cleanupPrefix(store.redis, (s as unknown as { keys: { prefix: string } }).keys.prefix);
    await s.close();
  },
);

test('the store spreads its keys over every master of the cluster', async () => {
  const prefix = randomPrefix('spread');
  const store = new RedisStore({ redis: cluster.url, prefix });
  const now = Date.now();
  for (let i = 0; i < 64; i++) {
    const channel = `C0SPREAD${i}`;
    await store.commit({ channel: { channel, set: [{ field: 'r', value: i }] }, schedule: [{ id: `r|${channel}|t`, dueAt: now + 60_000, kind: 'r', payload: { ch: channel } }] });
  }
  const redis = store.redis as Cluster;
  const perMaster = await Promise.all(redis.nodes('master').map(async (n) => (await n.keys(`${prefix}*`)).length));
  expect(perMaster).toHaveLength(3);
  for (const n of perMaster) expect(n).toBeGreaterThan(0);
  expect(await store.countTimers()).toBe(64);
  await cleanupPrefix(redis, prefix);
  await store.close();
});
