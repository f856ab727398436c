import Redis from 'ioredis';
import { Scheduler } from '../../src/scheduler/Scheduler';
import { MemoryStore } from '../../src/store/memory/MemoryStore';
import { RedisStore } from '../../src/store/redis/RedisStore';
import type { ClaimedTimer, Store } from '../../src/store/types';
import { cleanupPrefix, randomPrefix, testRedisUrl } from '../helpers/redis';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const admin = new Redis(testRedisUrl());
afterAll(() => admin.quit());

async function until(cond: () => boolean, timeoutMs = 5000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await sleep(10);
  }
}

const backends: Array<[string, () => { store: Store; done: () => Promise<void> }]> = [
  ['memory', () => { const store = new MemoryStore(); return { store, done: () => store.close() }; }],
  ['redis', () => {
    const prefix = randomPrefix('sched');
    const store = new RedisStore({ redis: testRedisUrl(), prefix });
    return { store, done: async () => { await cleanupPrefix(admin, prefix); await store.close(); } };
  }],
];

describe.each(backends)('Scheduler on %s', (_name, make) => {
  test('fires due jobs once, including ones overdue at start (restart recovery)', async () => {
    const { store, done } = make();
    const fired: string[] = [];
    const now = Date.now();
    await store.commit({ schedule: [
      { id: 'past', dueAt: now - 60_000, kind: 'k', payload: {} },
      { id: 'soon', dueAt: now + 150, kind: 'k', payload: {} },
    ] });
    const s = new Scheduler(store, async (j) => { fired.push(j.id); }, { pollMs: 20 });
    s.start();
    await until(() => fired.length === 2);
    await sleep(100);
    await s.stop();
    expect(fired).toEqual(['past', 'soon']);
    expect(await store.countTimers()).toBe(0);
    await done();
  });

  test('a handler that throws is retried after its lease runs out', async () => {
    const { store, done } = make();
    const seen: ClaimedTimer[] = [];
    await store.commit({ schedule: [{ id: 'flaky', dueAt: Date.now(), kind: 'k', payload: {} }] });
    const s = new Scheduler(store, async (j) => {
      seen.push(j);
      if (seen.length === 1) throw new Error('Slack is down');
    }, { pollMs: 20, leaseMs: 150 });
    s.start();
    await until(() => seen.length === 2);
    await sleep(50);
    await s.stop();
    expect(seen.map((j) => j.attempts)).toEqual([0, 1]);
    expect(await store.countTimers()).toBe(0);
    await done();
  });

  test('stop() waits for in-flight handlers', async () => {
    const { store, done } = make();
    let finished = false;
    await store.commit({ schedule: [{ id: 'slow', dueAt: Date.now(), kind: 'k', payload: {} }] });
    let started = false;
    const s = new Scheduler(store, async () => { started = true; await sleep(200); finished = true; }, { pollMs: 20 });
    s.start();
    await until(() => started);
    await s.stop();
    expect(finished).toBe(true);
    await done();
  });
});

test('two schedulers with their own connections to one Redis fire each job exactly once', async () => {
  const prefix = randomPrefix('sched2');
  const a = new RedisStore({ redis: testRedisUrl(), prefix });
  const b = new RedisStore({ redis: testRedisUrl(), prefix });
  const fired = new Map<string, number>();
  const handler = async (j: ClaimedTimer) => { fired.set(j.id, (fired.get(j.id) ?? 0) + 1); await sleep(2); };
  const now = Date.now();
  await a.commit({ schedule: Array.from({ length: 100 }, (_, i) => ({ id: `j${i}`, dueAt: now + (i % 10) * 20, kind: 'k', payload: {} })) });
  const s1 = new Scheduler(a, handler, { pollMs: 10 });
  const s2 = new Scheduler(b, handler, { pollMs: 10 });
  s1.start();
  s2.start();
  await until(() => fired.size === 100);
  await sleep(200);
  await Promise.all([s1.stop(), s2.stop()]);
  expect([...fired.values()].every((n) => n === 1)).toBe(true);
  await cleanupPrefix(admin, prefix);
  await a.close();
  await b.close();
});
