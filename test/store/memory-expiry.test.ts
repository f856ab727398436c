/**
 * The embedded store's keys with a TTL (event de-dupe keys, claimOnce, pacing slots) must not pile
 * up until someone reads them: expired ones are swept as new ones are written, so memory stays
 * bounded by what is live.
 */
import { MemoryStore } from '../../src/store/memory/MemoryStore';

const sizeOf = (s: MemoryStore) => (s as unknown as { kv: Map<string, unknown> }).kv.size;

test('10,000 expired de-dupe keys are gone without ever being read', async () => {
  let now = 1_700_000_000_000;
  const store = new MemoryStore(() => now);
  for (let i = 0; i < 5_000; i++) {
    await store.enqueueEvent({ dedupeKey: `evt:Ev${i}`, dedupeTtlMs: 60_000, channel: 'C1', at: now, sortKey: String(i).padStart(6, '0'), event: {}, jobId: 'inbox|C1', jobKind: 'inbox', now });
    await store.claimOnce(`once:${i}`, 60_000);
  }
  await store.commit({ set: [{ key: 'ch:C1', value: { kept: true } }] });
  expect(sizeOf(store)).toBe(10_001);

  now += 61_000;
  // Writes go on (new events); nobody reads the old keys.
  for (let i = 0; i < 10; i++) await store.claimOnce(`fresh:${i}`, 60_000);
  expect(sizeOf(store)).toBe(11);
  expect(await store.getJSON('ch:C1')).toEqual({ kept: true });
  expect(await store.claimOnce('fresh:0', 60_000)).toBe(false);
  expect(await store.claimOnce('evt:Ev1', 60_000)).toBe(true);
});

test('keys still live are kept by the sweep', async () => {
  let now = 0;
  const store = new MemoryStore(() => now);
  await store.claimOnce('long', 120_000);
  await store.claimOnce('short', 1_000);
  now += 61_000;
  await store.claimOnce('trigger', 1_000);
  expect(sizeOf(store)).toBe(2);
  expect(await store.claimOnce('long', 1_000)).toBe(false);
});
