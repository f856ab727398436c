import { LockTimeoutError, type Store } from '../../src/store/types';

/**
 * One conformance suite for every Store implementation (BullMQ style): the memory store and the
 * Redis store must behave the same, so the bot behaves the same on either.
 */
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function runStoreContract(name: string, makeStore: () => Promise<Store>, cleanup: (s: Store) => Promise<void>): void {
  describe(`Store contract: ${name}`, () => {
    let store: Store;
    beforeEach(async () => {
      store = await makeStore();
    });
    afterEach(async () => {
      await cleanup(store);
    });

    test('ping answers', async () => {
      expect(await store.ping()).toBe(true);
    });

    test('commit sets, deletes and expires JSON values atomically', async () => {
      await store.commit({ set: [{ key: 'a', value: { x: 1, s: '日本語' } }, { key: 'b', value: [1, 2], ttlMs: 400 }] });
      // TTLs are Redis's own clock: margins wide enough for a loaded machine between two calls.
      expect(await store.getJSON('a')).toEqual({ x: 1, s: '日本語' });
      expect(await store.getJSON('b')).toEqual([1, 2]);
      await sleep(600);
      expect(await store.getJSON('b')).toBeNull();
      await store.commit({ del: ['a'] });
      expect(await store.getJSON('a')).toBeNull();
    });

    test('claimOnce: only the first caller wins until the TTL runs out; expire and delete', async () => {
      expect(await store.claimOnce('evt:1', 400)).toBe(true);
      expect(await store.claimOnce('evt:1', 400)).toBe(false);
      await sleep(600);
      expect(await store.claimOnce('evt:1', 1000)).toBe(true);
      await store.expire('evt:1', 50);
      await sleep(100);
      expect(await store.claimOnce('evt:1', 1000)).toBe(true);
      await store.delete('evt:1');
      expect(await store.claimOnce('evt:1', 1000)).toBe(true);
    });

    test('reserveSlot hands out one slot per interval, concurrent callers included', async () => {
      const now = Date.now();
      const slots = await Promise.all(Array.from({ length: 5 }, () => store.reserveSlot('pace:C1', now, 1000)));
      expect([...slots].sort((a, b) => a - b)).toEqual([now, now + 1000, now + 2000, now + 3000, now + 4000]);
      // Another key is independent; a caller after the queue has drained gets "now".
      expect(await store.reserveSlot('pace:C2', now, 1000)).toBe(now);
      expect(await store.reserveSlot('pace:C1', now + 10_000, 1000)).toBe(now + 10_000);
    });

    test('withLock runs holders one after another', async () => {
      const events: string[] = [];
      const holder = (id: string) =>
        store.withLock('lock:x', async () => {
          events.push(`${id}:in`);
          await sleep(30);
          events.push(`${id}:out`);
        });
      await Promise.all([holder('a'), holder('b'), holder('c')]);
      for (let i = 0; i < events.length; i += 2) {
        expect(events[i].endsWith(':in')).toBe(true);
        expect(events[i + 1]).toBe(events[i].replace(':in', ':out'));
      }
      expect(events).toHaveLength(6);
    });

    test('withLock gives up with LockTimeoutError and releases on error', async () => {
      const long = store.withLock('lock:y', () => sleep(300));
      await sleep(20);
      await expect(store.withLock('lock:y', async () => 1, { waitMs: 50 })).rejects.toBeInstanceOf(LockTimeoutError);
      await long;
      await expect(store.withLock('lock:y', async () => { throw new Error('boom'); })).rejects.toThrow('boom');
      expect(await store.withLock('lock:y', async () => 42, { waitMs: 100 })).toBe(42);
    });

    test('timers: schedule, replace, cancel, count, next due', async () => {
      const now = Date.now();
      await store.commit({ schedule: [{ id: 't1', dueAt: now + 1000, kind: 'k', payload: { a: 1 } }, { id: 't2', dueAt: now + 500, kind: 'k', payload: {} }] });
      expect(await store.countTimers()).toBe(2);
      expect(await store.nextDueAt()).toBe(now + 500);
      await store.commit({ schedule: [{ id: 't1', dueAt: now + 100, kind: 'k', payload: { a: 2 } }] });
      expect(await store.getTimer('t1')).toEqual({ id: 't1', dueAt: now + 100, kind: 'k', payload: { a: 2 } });
      expect(await store.countTimers()).toBe(2);
      await store.commit({ cancel: ['t2'] });
      expect(await store.getTimer('t2')).toBeNull();
      expect(await store.countTimers()).toBe(1);
      expect(await store.claimDueTimers(now, 10, 1000)).toEqual([]);
      const claimed = await store.claimDueTimers(now + 100, 10, 1000);
      expect(claimed).toEqual([{ id: 't1', dueAt: now + 100, kind: 'k', payload: { a: 2 }, attempts: 0 }]);
    });

    test('each due job goes to exactly one of many concurrent claimers', async () => {
      const now = Date.now();
      const jobs = Array.from({ length: 200 }, (_, i) => ({ id: `j${i}`, dueAt: now - 1000 + i, kind: 'k', payload: { i } }));
      await store.commit({ schedule: jobs });
      const claims = await Promise.all(Array.from({ length: 5 }, () => (async () => {
        const got: string[] = [];
        for (let r = 0; r < 10; r++) got.push(...(await store.claimDueTimers(now, 17, 10_000)).map((j) => j.id));
        return got;
      })()));
      const all = claims.flat();
      expect(all).toHaveLength(200);
      expect(new Set(all).size).toBe(200);
    });

    test('a job whose lease runs out is claimable again, with attempts + 1; complete removes it', async () => {
      const now = Date.now();
      await store.commit({ schedule: [{ id: 'L', dueAt: now - 10, kind: 'k', payload: {} }] });
      // Times are the caller's clock (as the scheduler passes them), not the wall's: a loaded machine
      // taking 50 ms between two calls must not turn "within the lease" into "after it".
      const [first] = await store.claimDueTimers(now, 10, 50);
      expect(first.attempts).toBe(0);
      expect(await store.claimDueTimers(now + 10, 10, 50)).toEqual([]);
      const [again] = await store.claimDueTimers(now + 80, 10, 50);
      expect(again.id).toBe('L');
      expect(again.attempts).toBe(1);
      await store.completeTimer('L', again.dueAt);
      expect(await store.getTimer('L')).toBeNull();
      expect(await store.countTimers()).toBe(0);
    });

    test('extending a lease keeps a job from being handed out again while its handler still works', async () => {
      const now = Date.now();
      await store.commit({ schedule: [{ id: 'X', dueAt: now - 10, kind: 'k', payload: {} }] });
      const [job] = await store.claimDueTimers(now, 10, 50);
      await store.extendLease('X', now + 300);
      // Past the original lease, not past the extended one: nobody else gets it.
      expect(await store.claimDueTimers(now + 100, 10, 50)).toEqual([]);
      // An extension never shortens, and one for a job not leased is a no-op.
      await store.extendLease('X', now + 20);
      await store.extendLease('nope', now + 1000);
      expect(await store.claimDueTimers(now + 200, 10, 50)).toEqual([]);
      const [again] = await store.claimDueTimers(now + 301, 10, 50);
      expect(again.id).toBe('X');
      await store.completeTimer('X', job.dueAt);
      expect(await store.countTimers()).toBe(0);
    });

    test("a channel's commit finishes the claimed jobs it handled, unless rescheduled: before, or by the same commit", async () => {
      const now = Date.now();
      const id = (n: string) => `rt|C0DONE|${n}`;
      await store.commit({ channel: { channel: 'C0DONE' }, schedule: ['a', 'b', 'c', 'd'].map((n) => ({ id: id(n), dueAt: now - 10, kind: 'rt', payload: { n } })) });
      const claimed = await store.claimDueTimers(now, 10, 10_000);
      expect(claimed.map((j) => j.id).sort()).toEqual(['a', 'b', 'c', 'd'].map(id));
      // b was rescheduled by someone else while in flight.
      await store.commit({ channel: { channel: 'C0DONE' }, schedule: [{ id: id('b'), dueAt: now + 5000, kind: 'rt', payload: { n: 'b2' } }] });
      await store.commit({
        channel: { channel: 'C0DONE', set: [{ field: 'r', value: { v: 1 } }] },
        complete: claimed.map((j) => ({ id: j.id, dueAt: j.dueAt })),
        // c is handled and set again by this very commit; d's completion is for a time it never had.
        schedule: [{ id: id('c'), dueAt: now + 7000, kind: 'rt', payload: { n: 'c2' } }],
      });
      expect(await store.getTimer(id('a'))).toBeNull();
      expect(await store.getTimer(id('b'))).toMatchObject({ dueAt: now + 5000, payload: { n: 'b2' } });
      expect(await store.getTimer(id('c'))).toMatchObject({ dueAt: now + 7000, payload: { n: 'c2' } });
      expect(await store.getTimer(id('d'))).toBeNull();
      expect((await store.readChannel('C0DONE', ['r'])).fields.get('r')).toEqual({ v: 1 });
      expect(await store.countTimers()).toBe(2);
      // A completion for a job nobody claimed (or already finished) changes nothing.
      await store.commit({ channel: { channel: 'C0DONE' }, complete: [{ id: id('c'), dueAt: now + 7000 }, { id: id('a'), dueAt: now - 10 }] });
      expect(await store.getTimer(id('c'))).toMatchObject({ dueAt: now + 7000 });
      // The same through a transaction that also writes outside the channel's shard (kv).
      const [c] = await store.claimDueTimers(now + 7000, 10, 10_000).then((js) => js.filter((j) => j.id === id('c')));
      await store.commit({ channel: { channel: 'C0DONE' }, set: [{ key: 'marker', value: 1 }], complete: [{ id: c.id, dueAt: c.dueAt }] });
      expect(await store.getTimer(id('c'))).toBeNull();
      expect(await store.getJSON('marker')).toBe(1);
    });

    test('commits of many channels at once (one turn of the event loop: pipelined together) each land whole', async () => {
      const now = Date.now();
      const channels = Array.from({ length: 40 }, (_, i) => `C0MANY${i}`);
      await Promise.all(
        channels.map((channel) =>
          store.commit({
            channel: { channel, set: [{ field: 'r', value: { channel } }], waiting: { set: [{ channel, rule: 'r', key: 'k', ts: '1.000001', user: 'U', since: now }] } },
            schedule: [{ id: `rt|${channel}|x`, dueAt: now + 60_000, kind: 'rt', payload: {} }],
            records: [{ log: 'findings', at: now, record: { channel } }],
          }),
        ),
      );
      for (const channel of channels) expect((await store.readChannel(channel, ['r'])).fields.get('r')).toEqual({ channel });
      expect(await store.countTimers()).toBe(40);
      expect(await store.rangeRecords('findings', now - 1, now + 1)).toHaveLength(40);
      expect(await store.listWaiting()).toHaveLength(40);
    });

    test('completing a job that was rescheduled while in flight keeps the new schedule', async () => {
      const now = Date.now();
      await store.commit({ schedule: [{ id: 'R', dueAt: now - 10, kind: 'k', payload: { n: 1 } }] });
      const [job] = await store.claimDueTimers(now, 10, 10_000);
      await store.commit({ schedule: [{ id: 'R', dueAt: now + 5000, kind: 'k', payload: { n: 2 } }] });
      await store.completeTimer('R', job.dueAt);
      expect(await store.getTimer('R')).toEqual({ id: 'R', dueAt: now + 5000, kind: 'k', payload: { n: 2 } });
      const [later] = await store.claimDueTimers(now + 5000, 10, 10_000);
      expect(later.attempts).toBe(0);
    });

    test('inbox: enqueue de-duplicates, keeps time order, and a drain job is always left to see new events', async () => {
      const enqueue = (id: string, at: number, sortKey: string, now = 1000) =>
        store.enqueueEvent({ dedupeKey: `evt:${id}`, dedupeTtlMs: 60_000, channel: 'C1', at, sortKey, event: { id, text: '日本語|パイプ' }, jobId: 'inbox|C1', jobKind: 'inbox', now });
      expect(await enqueue('b', 2000, '2.000000')).toBe(true);
      expect(await enqueue('a', 1000, '1.000000')).toBe(true);
      expect(await enqueue('a', 1000, '1.000000')).toBe(false); // a retry of the same event id
      expect(await enqueue('c', 2000, '2.000001')).toBe(true); // same ms: ordered by ts
      expect((await store.peekInbox('C1', 10)).map((e) => (e.event as { id: string }).id)).toEqual(['a', 'b', 'c']);
      expect(await store.peekInbox('C2', 10)).toEqual([]);
      expect(await store.countTimers()).toBe(1);

      // The drain job is claimed (running); an event arriving now makes it due again, so that
      // completing the running one cannot drop the new event.
      const [job] = await store.claimDueTimers(5000, 10, 30_000);
      expect(job).toMatchObject({ id: 'inbox|C1', kind: 'inbox', payload: { ch: 'C1' } });
      const first = await store.peekInbox('C1', 2);
      await store.commit({ inboxDone: [{ channel: 'C1', ids: first.map((e) => e.id) }] });
      expect(await enqueue('d', 3000, '3.000000', job.dueAt)).toBe(true);
      await store.completeTimer(job.id, job.dueAt);
      expect(await store.getTimer('inbox|C1')).toMatchObject({ dueAt: job.dueAt + 1 });
      expect((await store.peekInbox('C1', 10)).map((e) => (e.event as { id: string; text: string }).id)).toEqual(['c', 'd']);
      expect((await store.peekInbox('C1', 1))[0].event).toEqual({ id: 'c', text: '日本語|パイプ' });
    });

    test('channel state: fields set and deleted by name, read by name or all; the pause in its own key', async () => {
      await store.commit({ channel: { channel: 'C1', set: [{ field: 'rule-a', value: { n: 1 } }, { field: 'rule-b|main', value: { s: '日本語' } }, { field: 'rule-b|1.000001', value: [1] }], pause: { until: 5, by: 'U1' } } });
      await store.commit({ channel: { channel: 'C2', set: [{ field: 'rule-a', value: 2 }] } });
      const some = await store.readChannel('C1', ['rule-a', 'rule-b|main', 'rule-b|9.999999']);
      expect([...some.fields.entries()]).toEqual([['rule-a', { n: 1 }], ['rule-b|main', { s: '日本語' }]]);
      expect(some.pause).toEqual({ until: 5, by: 'U1' });
      const all = await store.readChannel('C1', 'all');
      expect(new Map(all.fields)).toEqual(new Map<string, unknown>([['rule-a', { n: 1 }], ['rule-b|main', { s: '日本語' }], ['rule-b|1.000001', [1]]]));
      // Only what a commit names changes; null removes the pause.
      await store.commit({ channel: { channel: 'C1', del: ['rule-b|main'], set: [{ field: 'rule-a', value: { n: 2 } }], pause: null } });
      const after = await store.readChannel('C1', 'all');
      expect(new Map(after.fields)).toEqual(new Map<string, unknown>([['rule-a', { n: 2 }], ['rule-b|1.000001', [1]]]));
      expect(after.pause).toBeNull();
      expect([...(await store.readChannel('C2', [])).fields]).toEqual([]);
      expect([...(await store.readChannel('C3', 'all')).fields]).toEqual([]);
    });

    test('waiting index: what waits, per channel and for all channels, without scanning state', async () => {
      const item = (channel: string, rule: string, key: string, since: number, dueAt?: number) => ({ channel, rule, key, ts: `${since}.000100`, user: 'U1', since, ...(dueAt ? { dueAt } : {}) });
      await store.commit({ channel: { channel: 'C1', waiting: { set: [item('C1', 'response-time', 'main', 30), item('C1', 'delay-notice', '1.000|x', 10, 99)] } } });
      await store.commit({ channel: { channel: 'C*2', waiting: { set: [item('C*2', 'response-time', '2.000', 20)] } } });
      expect(await store.listWaiting()).toEqual([item('C1', 'delay-notice', '1.000|x', 10, 99), item('C*2', 'response-time', '2.000', 20), item('C1', 'response-time', 'main', 30)]);
      expect(await store.listWaiting('C1')).toEqual([item('C1', 'delay-notice', '1.000|x', 10, 99), item('C1', 'response-time', 'main', 30)]);
      // A channel id with a glob character matches only itself.
      expect(await store.listWaiting('C*2')).toEqual([item('C*2', 'response-time', '2.000', 20)]);
      await store.commit({ channel: { channel: 'C1', waiting: { del: [{ rule: 'response-time', key: 'main' }] } } });
      expect((await store.listWaiting()).map((w) => w.key)).toEqual(['1.000|x', '2.000']);
    });

    test("a channel's batch commits state, timers, effect jobs, records and its inbox in one step", async () => {
      await store.enqueueEvent({ dedupeKey: 'evt:x', dedupeTtlMs: 60_000, channel: 'C9', at: 1, sortKey: '1.0', event: { e: 1 }, jobId: 'inbox|C9', jobKind: 'inbox', now: 1 });
      const [entry] = await store.peekInbox('C9', 10);
      await store.commit({
        channel: { channel: 'C9', set: [{ field: 'r|main', value: 1 }], waiting: { set: [{ channel: 'C9', rule: 'r', key: 'main', ts: '1.0', user: 'U1', since: 1 }] } },
        schedule: [{ id: 'r|C9|rt:main', dueAt: 100, kind: 'r', payload: { ch: 'C9' } }, { id: 'effect|C9|abc', dueAt: 1, kind: 'effect', payload: {} }],
        cancel: ['inbox|C9'],
        records: [{ log: 'findings', at: 5, record: { a: 1 } }],
        inboxDone: [{ channel: 'C9', ids: [entry.id] }],
      });
      expect(await store.peekInbox('C9', 10)).toEqual([]);
      expect(await store.getTimer('r|C9|rt:main')).toMatchObject({ dueAt: 100 });
      expect(await store.countTimers()).toBe(2);
      expect((await store.rangeRecords('findings', 0, 10)).map((r) => r.record)).toEqual([{ a: 1 }]);
      expect(await store.listWaiting('C9')).toHaveLength(1);
    });

    test('scanKeys lists live logical keys by prefix', async () => {
      await store.commit({ set: [{ key: 'ch:C1', value: 1 }, { key: 'ch:C2', value: 2 }, { key: 'other', value: 3 }, { key: 'ch:C3', value: 3, ttlMs: 30 }] });
      await sleep(60);
      expect((await store.scanKeys('ch:')).sort()).toEqual(['ch:C1', 'ch:C2']);
    });

    test('records: time range (from inclusive, to exclusive) and trim', async () => {
      await store.commit({ records: [3, 1, 2, 2].map((at) => ({ log: 'findings', at, record: { at } })) });
      expect((await store.rangeRecords('findings', 0, 10)).map((r) => r.at)).toEqual([1, 2, 2, 3]);
      expect((await store.rangeRecords<{ at: number }>('findings', 2, 3)).map((r) => r.record.at)).toEqual([2, 2]);
      await store.trimRecords('findings', 2);
      expect((await store.rangeRecords('findings', 0, 10)).map((r) => r.at)).toEqual([2, 2, 3]);
      expect(await store.rangeRecords('other', 0, 10)).toEqual([]);
    });
  });
}
