/**
 * A channel lock held too long under a burst makes a job wait for its lease and run again: a
 * normal, retried condition, logged at warn (not error, which pages someone).
 */
import pino from 'pino';
import { Scheduler } from '../../src/scheduler/Scheduler';
import { MemoryStore } from '../../src/store/memory/MemoryStore';

test('a job that times out on a channel lock is logged at warn, never at error', async () => {
  const store = new MemoryStore();
  const lines: Array<{ level: number; msg: string; job?: string }> = [];
  const logger = pino({ level: 'debug' }, { write: (l: string) => void lines.push(JSON.parse(l)) });
  let release!: () => void;
  // Another worker holds the channel lock for the whole test.
  const holder = store.withLock('lock:ch:C1', () => new Promise<void>((r) => (release = r)));
  const scheduler = new Scheduler(
    store,
    async () => {
      await store.withLock('lock:ch:C1', async () => undefined, { waitMs: 30 });
    },
    { pollMs: 20, leaseMs: 60_000, logger },
  );
  await store.commit({ schedule: [{ id: 'locked', dueAt: Date.now(), kind: 'k', payload: {} }] });
  scheduler.start();
  const deadline = Date.now() + 5000;
  while (!lines.some((l) => l.job) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
  await scheduler.stop();
  release();
  await holder;
  const failed = lines.filter((l) => l.job === 'locked');
  expect(failed.length).toBeGreaterThanOrEqual(1);
  expect(failed.every((l) => l.level === 40)).toBe(true);
  expect(lines.filter((l) => l.level >= 50)).toEqual([]);
});
