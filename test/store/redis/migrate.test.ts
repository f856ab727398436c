/**
 * The upgrade from the Redis layout before the shards (commit bd462d2) to today's. The old keys are
 * written as the old code wrote them (OldLayout below follows `git show bd462d2^:src/store/redis/
 * RedisStore.ts`, its lua/ scripts and src/slack/service.ts key for key; the values are what the old
 * service stored for these conversations: a run of it against a real Redis gave the same keys,
 * fields and JSON). Then the migration runs on a real Redis (and on a local Redis Cluster), and the
 * real service, on a fake clock, carries on where the old one stopped.
 */
import { randomUUID } from 'node:crypto';
import Redis, { Cluster } from 'ioredis';
import pino from 'pino';
import { SlaService } from '../../../src/slack/service';
import { migrateOldLayout, type MigrationReport } from '../../../src/store/redis/migrate';
import { RedisKeys } from '../../../src/store/redis/keys';
import { RedisStore } from '../../../src/store/redis/RedisStore';
import type { MemoryStore } from '../../../src/store/memory/MemoryStore';
import { startLocalCluster, type LocalCluster } from '../../helpers/redis-cluster';
import { cleanupPrefix, randomPrefix, testRedisUrl } from '../../helpers/redis';
import { BOT_USER, createServiceWorld, runDueJobs, T0 } from '../../helpers/service-world';

jest.setTimeout(60_000);
const silent = pino({ level: 'silent' });

/** The old store's writes (bd462d2^), one Redis command each, so they also work on a Cluster. */
class OldLayout {
  constructor(
    readonly redis: Redis | Cluster,
    readonly p: string,
  ) {}

  /** service.ts Batch.toTx: set `ch:<channel>` to the whole state; RedisStore.commit: SET <p>kv:<key> JSON. */
  channelState(channel: string, state: Record<string, unknown>): Promise<unknown> {
    return this.redis.set(`${this.p}kv:ch:${channel}`, JSON.stringify(state));
  }

  /** RedisStore.commit `schedule`: the job hash {i,d,k,p}, the due-set; no lease, no attempts. */
  async schedule(j: { id: string; dueAt: number; kind: string; payload: Record<string, unknown> }): Promise<void> {
    await this.redis.hset(`${this.p}t:job`, j.id, JSON.stringify({ i: j.id, d: j.dueAt, k: j.kind, p: j.payload }));
    await this.redis.zadd(`${this.p}t:due`, j.dueAt, j.id);
  }

  /** claimDueTimers-4.lua: an old worker took the job (out of due, leased until now + lease, attempts counted) and stopped. */
  async claimedBy(id: string, now: number, leaseMs: number, times: number): Promise<void> {
    await this.redis.zrem(`${this.p}t:due`, id);
    await this.redis.zadd(`${this.p}t:lease`, now + leaseMs, id);
    await this.redis.hset(`${this.p}t:att`, id, times);
  }

  /** enqueueEvent-6.lua: de-dupe mark, inbox member "<ts>|<uuid8>|<event JSON>", the drain job inbox|<channel> {ch}. */
  async enqueue(eventId: string, event: { channel: string; ts: string; at: number } & Record<string, unknown>, now: number): Promise<void> {
    await this.redis.set(`${this.p}kv:evt:${eventId}`, '1', 'PX', 3_600_000, 'NX');
    await this.redis.zadd(`${this.p}in:${event.channel}`, event.at, `${event.ts}|${randomUUID().slice(0, 8)}|${JSON.stringify(event)}`);
    await this.schedule({ id: `inbox|${event.channel}`, dueAt: now, kind: 'inbox', payload: { ch: event.channel } });
  }

  /** RedisStore.commit `records`: ZADD <p>log:<name> at "<uuid8>|<record JSON>". */
  record(log: string, at: number, record: Record<string, unknown>): Promise<unknown> {
    return this.redis.zadd(`${this.p}log:${log}`, at, `${randomUUID().slice(0, 8)}|${JSON.stringify(record)}`);
  }
}

const sec = (ms: number) => Math.floor(ms / 1000);
/** What the old service had stored mid-day (the fixture rulebook: response-time at 2s / 4s / 6s, wall clock). */
const W = {
  reqTs: `${sec(T0)}.000001`,
  laterTs: `${sec(T0)}.100005`,
  thread: '1795000000.000100',
  threadReqTs: `${sec(T0)}.000002`,
  interimTs: `${sec(T0)}.000003`,
  commitTs: `${sec(T0) + 1}.000004`,
  /** 15:00 JST, promised by the interim reply and by the commitment. */
  deadline: T0 + 5 * 3_600_000,
  stampJob: `fx|${randomUUID()}`,
  nudgeJob: `fx|${randomUUID()}`,
};

async function writeOldWorld(old: OldLayout): Promise<void> {
  // C0ACME: a client's request in the main timeline, its reminder due at T0 + 2s; a second message acknowledged, not processed yet.
  const req = { ts: W.reqTs, root: W.reqTs, client: 'U0CLIENT', openedAt: T0, tss: [W.reqTs], fired: [] };
  await old.channelState('C0ACME', { 'response-time': { pending: { main: req }, followUps: {} } });
  await old.schedule({ id: 'response-time|C0ACME|rt:main', dueAt: T0 + 2_000, kind: 'response-time', payload: { t: 'rt', c: 'main', r: W.reqTs, ch: 'C0ACME' } });
  const later = { type: 'message', channel: 'C0ACME', channelType: 'channel', ts: W.laterTs, user: 'U0CLIENT', userTeam: 'T0ACME', text: '追加でこちらもお願いします', at: T0 + 1_100 };
  await old.enqueue('Ev00000005', later, T0 + 1_100);

  // C0BETA: a thread's request answered by an interim reply (follow-up due 15:00, its stamp not posted yet),
  // a commitment (delay-notice), and a nudge an old worker had claimed twice when it stopped.
  const fu = { ts: W.interimTs, requestTs: W.threadReqTs, root: W.thread, client: 'U0CLIENT2', assistant: 'U0SATO', ackAt: T0, elapsedMs: 0, deadlineAt: W.deadline, nudged: false };
  const commitment = { user: 'U0SATO', at: T0 + 1_000, deadlineAt: W.deadline, conv: 'main' };
  await old.channelState('C0BETA', { 'response-time': { pending: {}, followUps: { [W.thread]: fu } }, 'delay-notice': { open: { [W.commitTs]: commitment } } });
  await old.schedule({ id: `response-time|C0BETA|fu:${W.thread}`, dueAt: W.deadline, kind: 'response-time', payload: { t: 'fu', c: W.thread, r: W.interimTs, ch: 'C0BETA' } });
  await old.schedule({ id: `delay-notice|C0BETA|r:${W.commitTs}`, dueAt: T0 + 14_400_200, kind: 'delay-notice', payload: { ts: W.commitTs, k: 'r', ch: 'C0BETA' } });
  await old.schedule({ id: `delay-notice|C0BETA|b:${W.commitTs}`, dueAt: W.deadline, kind: 'delay-notice', payload: { ts: W.commitTs, k: 'b', ch: 'C0BETA' } });
  const stamp = { kind: 'stamp', channel: 'C0BETA', ts: W.threadReqTs, threadTs: W.thread, assistant: 'U0SATO', ackAt: T0, elapsedMs: 0, deadlineAt: W.deadline, mode: 'thread', reaction: 'white_check_mark', rule: 'response-time' };
  await old.schedule({ id: W.stampJob, dueAt: T0 + 500, kind: 'effect', payload: stamp });
  const nudge = { kind: 'nudge', to: ['U0SUZUKI'], channel: 'C0BETA', ts: W.threadReqTs, text: '⏰ reminder', rule: 'response-time' };
  await old.schedule({ id: W.nudgeJob, dueAt: T0 + 600, kind: 'effect', payload: nudge });
  await old.claimedBy(W.nudgeJob, T0 + 600, 60_000, 2);
  await old.record('responses', T0, { channel: 'C0BETA', ts: W.threadReqTs, client: 'U0CLIENT2', assistant: 'U0SATO', openedAt: T0, answeredAt: T0, elapsedMs: 0, clock: 'wall' });

  // C0GAMMA: paused by a director (its end is a job), and another rule's channel slice with its timer.
  await old.channelState('C0GAMMA', {
    _pause: { since: T0 + 1_000, until: T0 + 86_400_000, reason: 'holiday', by: 'U0BOSS' },
    'client-silence': { lastClientTs: W.reqTs, lastClientAt: T0, teamSince: false },
  });
  await old.schedule({ id: 'pause-end|C0GAMMA', dueAt: T0 + 86_400_000, kind: 'pause-end', payload: { ch: 'C0GAMMA' } });
  await old.schedule({ id: 'client-silence|C0GAMMA|cs', dueAt: T0 + 3_600_000, kind: 'client-silence', payload: { ts: W.reqTs, client: 'U0CLIENT', ch: 'C0GAMMA' } });

  // A blob no one can read (a truncated write): it must survive the migration.
  await old.redis.set(`${old.p}kv:ch:C0BROKEN`, BROKEN);
}
const BROKEN = '{"response-time":{"pending":{"main":{"ts":"1795482000.000009","text":"secret words"';
const OLD_TIMERS = 9;
const EXPECTED: MigrationReport = { channels: 3, channelsLeft: 1, timers: OLD_TIMERS, timersLeft: 0, inboxEvents: 1, inboxEventsLeft: 0, records: 1, recordsLeft: 0 };
const NOTHING: MigrationReport = { channels: 0, channelsLeft: 1, timers: 0, timersLeft: 0, inboxEvents: 0, inboxEventsLeft: 0, records: 0, recordsLeft: 0 };

/** Every key under a prefix with its type and value (hash fields and zsets in order), to compare whole stores. */
async function snapshot(redis: Redis, prefix: string): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  for (const key of (await redis.keys(`${prefix}*`)).sort()) {
    const type = await redis.type(key);
    const value = type === 'string' ? await redis.get(key) : type === 'hash' ? Object.entries(await redis.hgetall(key)).sort() : await redis.zrange(key, '0', '-1', 'WITHSCORES');
    out[key.slice(prefix.length)] = { type, value };
  }
  return out;
}

/** The new layout's mark that the move went to the end. */
const DONE = 'kv:migrate:layout-v2:done';

/** Keys under a prefix that are not in the new layout's shards ({sN}…), without the old de-dupe marks left to expire (nor the done mark). */
async function oldKeys(nodes: Redis[], prefix: string): Promise<string[]> {
  const all = (await Promise.all(nodes.map((n) => n.keys(`${prefix}*`)))).flat().map((k) => k.slice(prefix.length));
  return all.filter((k) => !/^\{s\d+\}/.test(k) && !k.startsWith('kv:evt:') && k !== DONE).sort();
}

describe('on a single Redis', () => {
  let redis: Redis;
  let prefix: string;
  let store: RedisStore;
  beforeEach(async () => {
    redis = new Redis(testRedisUrl());
    prefix = randomPrefix('migrate');
    store = new RedisStore({ redis, prefix });
    await writeOldWorld(new OldLayout(redis, prefix));
  });
  afterEach(async () => {
    await cleanupPrefix(redis, prefix);
    redis.disconnect();
  });

  test('channel blobs, timers, inboxes and records take their new form, and the old keys go', async () => {
    expect(await store.migrateOldLayout(silent)).toEqual(EXPECTED);

    // response-time: one slice per conversation; its requests in the waiting index.
    const acme = await store.readChannel('C0ACME', 'all');
    expect(Object.fromEntries(acme.fields)).toEqual({ 'response-time|main': { pending: { ts: W.reqTs, root: W.reqTs, client: 'U0CLIENT', openedAt: T0, tss: [W.reqTs], fired: [] } } });
    expect(acme.pause).toBeNull();
    const beta = await store.readChannel('C0BETA', 'all');
    expect(Object.fromEntries(beta.fields)).toEqual({
      [`response-time|${W.thread}`]: { followUp: expect.objectContaining({ ts: W.interimTs, requestTs: W.threadReqTs, deadlineAt: W.deadline, nudged: false }) },
      'delay-notice': { open: { [W.commitTs]: { user: 'U0SATO', at: T0 + 1_000, deadlineAt: W.deadline, conv: 'main' } } },
    });
    const gamma = await store.readChannel('C0GAMMA', 'all');
    expect(gamma.pause).toEqual({ since: T0 + 1_000, until: T0 + 86_400_000, reason: 'holiday', by: 'U0BOSS' });
    expect(Object.fromEntries(gamma.fields)).toEqual({ 'client-silence': { lastClientTs: W.reqTs, lastClientAt: T0, teamSince: false } });
    expect(await store.listWaiting()).toEqual([
      { channel: 'C0ACME', rule: 'response-time', key: 'main', ts: W.reqTs, user: 'U0CLIENT', since: T0 },
      { channel: 'C0BETA', rule: 'delay-notice', key: W.commitTs, ts: W.commitTs, user: 'U0SATO', since: T0 + 1_000, dueAt: W.deadline },
    ]);

    // Timers keep their ids and due times, in their channel's shard; response-time's payloads are typed.
    expect(await store.countTimers()).toBe(OLD_TIMERS);
    expect(await store.getTimer('response-time|C0ACME|rt:main')).toEqual({ id: 'response-time|C0ACME|rt:main', dueAt: T0 + 2_000, kind: 'response-time', payload: { kind: 'response', conversation: 'main', request: W.reqTs, ch: 'C0ACME' } });
    expect(await store.getTimer(`response-time|C0BETA|fu:${W.thread}`)).toEqual({ id: `response-time|C0BETA|fu:${W.thread}`, dueAt: W.deadline, kind: 'response-time', payload: { kind: 'follow-up', conversation: W.thread, interim: W.interimTs, ch: 'C0BETA' } });
    expect(await store.getTimer(`delay-notice|C0BETA|b:${W.commitTs}`)).toMatchObject({ dueAt: W.deadline, payload: { ts: W.commitTs, k: 'b', ch: 'C0BETA' } });
    expect(await store.getTimer('pause-end|C0GAMMA')).toMatchObject({ dueAt: T0 + 86_400_000, payload: { ch: 'C0GAMMA' } });
    const keys = new RedisKeys(prefix);
    expect(Number(await redis.zscore(keys.timersOfJob('response-time|C0ACME|rt:main').due, 'response-time|C0ACME|rt:main'))).toBe(T0 + 2_000);
    // Effects in flight keep their ids (their posts are marked with them); the claimed one is due when its lease ends, attempts kept.
    expect(await store.getTimer(W.stampJob)).toMatchObject({ kind: 'effect', dueAt: T0 + 500, payload: { kind: 'stamp', ts: W.threadReqTs } });
    expect(await store.claimDueTimers(T0 + 60_599, 100, 60_000)).toEqual(expect.not.arrayContaining([expect.objectContaining({ id: W.nudgeJob })]));
    expect(await store.claimDueTimers(T0 + 60_600, 100, 60_000)).toEqual([expect.objectContaining({ id: W.nudgeJob, attempts: 2 })]);

    // The unprocessed event waits in the channel's inbox with its drain job; the record is in the log.
    expect(await store.peekInbox('C0ACME', 10)).toEqual([expect.objectContaining({ at: T0 + 1_100, event: expect.objectContaining({ ts: W.laterTs, text: '追加でこちらもお願いします' }) })]);
    expect(await store.getTimer('inbox|C0ACME')).toEqual({ id: 'inbox|C0ACME', dueAt: T0 + 1_100, kind: 'inbox', payload: { ch: 'C0ACME' } });
    expect((await store.rangeRecords('responses', 0, Number.MAX_SAFE_INTEGER)).map((r) => r.record)).toEqual([expect.objectContaining({ channel: 'C0BETA', ts: W.threadReqTs })]);

    // Only the unreadable blob is left, byte for byte (and the old de-dupe marks, which expire within the hour).
    expect(await oldKeys([redis], prefix)).toEqual(['kv:ch:C0BROKEN']);
    expect(await redis.get(`${prefix}kv:ch:C0BROKEN`)).toBe(BROKEN);
  });

  test('a second run changes nothing; a run after a crash mid-way (new keys written, old ones not deleted) doubles nothing', async () => {
    const oldNames = (await redis.keys(`${prefix}*`)).filter((k) => !k.includes('kv:evt:'));
    const dumps = await Promise.all(oldNames.map(async (k) => [k, await redis.dumpBuffer(k)] as const));
    expect(await store.migrateOldLayout(silent)).toEqual(EXPECTED);
    const after = await snapshot(redis, prefix);

    expect(await store.migrateOldLayout(silent)).toEqual(NOTHING);
    expect(await snapshot(redis, prefix)).toEqual(after);

    // The crash: every old key is back as it was, beside what the first run wrote, and the run never reached its end (no done mark).
    for (const [k, d] of dumps) await redis.restore(k, 0, d!, 'REPLACE');
    await redis.del(prefix + DONE);
    expect(await store.migrateOldLayout(silent)).toEqual(EXPECTED);
    expect(await snapshot(redis, prefix)).toEqual(after);
    expect(await store.countTimers()).toBe(OLD_TIMERS);
  });

  test('after the move, old keys an old replica still writes are counted and left, never merged over newer state', async () => {
    expect(await store.migrateOldLayout(silent)).toEqual(EXPECTED);
    // The new bot answers the request: its state and waiting entry go.
    await store.commit({ channel: { channel: 'C0ACME', del: ['response-time|main'], waiting: { del: [{ rule: 'response-time', key: 'main' }] } } });
    const after = await snapshot(redis, prefix);

    // An old replica, still running, writes the request back in its own layout.
    const req = { ts: W.reqTs, root: W.reqTs, client: 'U0CLIENT', openedAt: T0, tss: [W.reqTs], fired: [] };
    await new OldLayout(redis, prefix).channelState('C0ACME', { 'response-time': { pending: { main: req }, followUps: {} } });
    const logs: Array<Record<string, unknown>> = [];
    const logger = pino({ level: 'warn' }, { write: (line: string) => void logs.push(JSON.parse(line)) });

    expect(await store.migrateOldLayout(logger)).toEqual({ ...NOTHING, channelsLeft: 2 });
    expect(await store.listWaiting('C0ACME')).toEqual([]);
    expect((await store.readChannel('C0ACME', ['response-time|main'])).fields.size).toBe(0);
    expect(await oldKeys([redis], prefix)).toEqual(['kv:ch:C0ACME', 'kv:ch:C0BROKEN']);
    expect(logs.find((l) => /found after the upgrade/.test(String(l.msg)))).toMatchObject({ channelsLeft: 2 });
    const { ['kv:ch:C0ACME']: _written, ...rest } = await snapshot(redis, prefix);
    expect(rest).toEqual(after);
  });

  test('replicas starting together: one migrates while the other waits, then finds nothing to do', async () => {
    const other = new RedisStore({ redis: testRedisUrl(), prefix });
    try {
      // Both connected, so they really start at once.
      await Promise.all([store.ping(), other.ping()]);
      const reports = await Promise.all([store.migrateOldLayout(silent), other.migrateOldLayout(silent)]);
      expect(reports.map((r) => r.timers).sort()).toEqual([0, OLD_TIMERS]);
      expect(reports.map((r) => r.channels).sort()).toEqual([0, 3]);
      expect(await store.countTimers()).toBe(OLD_TIMERS);
    } finally {
      await other.close();
    }
  });

  test('a replica does not start while another one holds the migration: it waits, and gives up (start-up fails) rather than run on half a move', async () => {
    const lock = new RedisKeys(prefix).kv('migrate:layout-v2');
    await redis.set(lock, 'another replica', 'PX', 30_000);
    const o = { redis, keys: new RedisKeys(prefix), store, logger: silent };
    await expect(migrateOldLayout({ ...o, waitMs: 300 })).rejects.toThrow(/still migrating/);
    expect(await store.countTimers()).toBe(0);

    let done = false;
    const waiting = migrateOldLayout({ ...o, waitMs: 5_000 }).finally(() => (done = true));
    await new Promise((r) => setTimeout(r, 300));
    expect(done).toBe(false);
    expect(await store.countTimers()).toBe(0);
    await redis.del(lock);
    expect(await waiting).toEqual(EXPECTED);
  });

  test('what cannot be read is left in place, counted and logged without its content', async () => {
    await redis.set(`${prefix}kv:ch:C0ODD`, JSON.stringify({ 'response-time': { pending: { main: 'secret words' } } }));
    await redis.hset(`${prefix}t:job`, 'response-time|C0ODD|rt:main', 'secret words');
    await redis.zadd(`${prefix}t:due`, T0, 'response-time|C0ODD|rt:main');
    // An inbox whose drain job is gone, one of its entries cut short; a record cut short.
    const old = new OldLayout(redis, prefix);
    await old.enqueue('Ev00000009', { type: 'message', channel: 'C0DELTA', ts: `${sec(T0)}.000009`, at: T0, user: 'U0CLIENT', text: 'ok' }, T0);
    await redis.hdel(`${prefix}t:job`, 'inbox|C0DELTA');
    await redis.zrem(`${prefix}t:due`, 'inbox|C0DELTA');
    await redis.zadd(`${prefix}in:C0DELTA`, T0 - 1, `${sec(T0)}.000008|0badf00d|{"type":"message","text":"secret words`);
    await redis.zadd(`${prefix}log:findings`, T0, '0badf00d|{"rule":"response-time","text":"secret words');
    const lines: string[] = [];
    const logger = pino({ level: 'info' }, { write: (l: string) => void lines.push(l) });

    const report = await store.migrateOldLayout(logger);
    expect(report).toEqual({ ...EXPECTED, channelsLeft: 2, timersLeft: 1, inboxEvents: 2, inboxEventsLeft: 1, recordsLeft: 1 });
    // The readable event is not stranded: its channel gets a drain job.
    expect(await store.peekInbox('C0DELTA', 10)).toEqual([expect.objectContaining({ at: T0, event: expect.objectContaining({ text: 'ok' }) })]);
    expect(await store.getTimer('inbox|C0DELTA')).toMatchObject({ kind: 'inbox', payload: { ch: 'C0DELTA' } });
    expect(await redis.zcard(`${prefix}in:C0DELTA`)).toBe(1);
    expect(await redis.zcard(`${prefix}log:findings`)).toBe(1);
    expect(await redis.get(`${prefix}kv:ch:C0ODD`)).toContain('secret words');
    expect(await redis.hget(`${prefix}t:job`, 'response-time|C0ODD|rt:main')).toBe('secret words');
    // Its due entry stays with it, so nothing is lost if a later version can read it.
    expect(await redis.zscore(`${prefix}t:due`, 'response-time|C0ODD|rt:main')).toBe(String(T0));
    expect(await store.getTimer('response-time|C0ODD|rt:main')).toBeNull();

    const logged = lines.map((l) => JSON.parse(l) as { msg: string; channel?: string; job?: string; log?: string });
    expect(logged.filter((l) => /unreadable/.test(l.msg)).map((l) => l.channel ?? l.job ?? l.log).sort()).toEqual(['C0BROKEN', 'C0DELTA', 'C0ODD', 'findings', 'response-time|C0ODD|rt:main']);
    expect(logged.find((l) => /migrated in part/.test(l.msg))).toMatchObject({ channelsLeft: 2, timersLeft: 1, inboxEventsLeft: 1, recordsLeft: 1, timers: OLD_TIMERS });
    expect(lines.join('\n')).not.toContain('secret');
  });

  test("the real service carries on: the old request's reminder fires once at its original due time, the promised follow-up once at its deadline", async () => {
    const w = await createServiceWorld();
    w.slack.channels.set('C0GAMMA', { id: 'C0GAMMA', name: 'client-gamma', members: ['U0SATO', BOT_USER], isExtShared: true });
    const service = new SlaService({ store, rulebook: w.rulebook, directory: w.directory, effects: w.effects.asRunner(), logger: silent, botUserId: BOT_USER, now: w.clock.fn });
    const world = { clock: w.clock, store: store as unknown as MemoryStore, service };
    expect(await store.migrateOldLayout(silent)).toEqual(EXPECTED);
    const nudgesAbout = (channel: string, ts: string) => w.effects.ofKind('nudge').filter((n) => n.channel === channel && n.ts === ts);

    // Before the due time: the waiting event joins the request, the stamp in flight goes out under its own id; no reminder.
    w.clock.set(T0 + 1_999);
    expect((await runDueJobs(world)).filter((r) => r.error)).toEqual([]);
    expect((await store.readChannel('C0ACME', ['response-time|main'])).fields.get('response-time|main')).toMatchObject({ requests: [{ ts: W.reqTs, tss: [W.reqTs, W.laterTs] }] });
    expect(w.effects.runs).toEqual([{ jobId: W.stampJob, effect: expect.objectContaining({ kind: 'stamp', ts: W.threadReqTs }) }]);
    expect(nudgesAbout('C0ACME', W.reqTs)).toEqual([]);

    w.clock.set(T0 + 2_000);
    const ran = await runDueJobs(world);
    expect(ran.filter((r) => r.error)).toEqual([]);
    expect(ran.map((r) => r.job.kind)).toEqual(['response-time', 'effect']);
    expect(nudgesAbout('C0ACME', W.reqTs)).toEqual([expect.objectContaining({ to: ['U0SATO'], text: expect.stringContaining('<@U0CLIENT>') })]);
    expect((await store.rangeRecords('findings', 0, Number.MAX_SAFE_INTEGER)).map((r) => r.record)).toEqual([expect.objectContaining({ channel: 'C0ACME', ts: W.reqTs, evidence: expect.objectContaining({ level: 'reminder', lateMs: 0 }) })]);
    // Re-armed under the per-request id; the old per-conversation timer is done.
    expect(await store.getTimer(`response-time|C0ACME|rt:main:${W.reqTs}`)).toMatchObject({ dueAt: T0 + 4_000 });
    expect(await store.getTimer('response-time|C0ACME|rt:main')).toBeNull();
    // The same instant again sends nothing twice.
    expect(await runDueJobs(world)).toEqual([]);
    expect(nudgesAbout('C0ACME', W.reqTs)).toHaveLength(1);

    // 15:00: the interim reply's promise falls due: its author is nudged once.
    w.clock.set(W.deadline);
    expect((await runDueJobs(world)).filter((r) => r.error)).toEqual([]);
    expect(nudgesAbout('C0BETA', W.interimTs)).toEqual([expect.objectContaining({ to: ['U0SATO'] })]);
    expect(await runDueJobs(world)).toEqual([]);
    expect(nudgesAbout('C0BETA', W.interimTs)).toHaveLength(1);
  });
});

describe('on a Redis Cluster', () => {
  let cluster: LocalCluster;
  beforeAll(async () => {
    cluster = await startLocalCluster();
  });
  afterAll(async () => {
    await cluster?.close();
  });

  test('the same migration, scanning every master, one slot per step', async () => {
    const prefix = randomPrefix('migrate-cluster');
    const store = new RedisStore({ redis: cluster.url, prefix });
    const redis = store.redis as Cluster;
    try {
      await writeOldWorld(new OldLayout(redis, prefix));
      // The old keys are spread over the masters: a scan of one would miss some.
      const masters = redis.nodes('master');
      const before = await Promise.all(masters.map((n) => n.keys(`${prefix}*`)));
      expect(before.filter((k) => k.length > 0).length).toBeGreaterThan(1);

      expect(await store.migrateOldLayout(silent)).toEqual(EXPECTED);
      expect(await store.countTimers()).toBe(OLD_TIMERS);
      expect((await store.readChannel('C0ACME', 'all')).fields.get('response-time|main')).toMatchObject({ pending: { ts: W.reqTs } });
      expect((await store.readChannel('C0GAMMA', 'all')).pause).toMatchObject({ until: T0 + 86_400_000 });
      expect(await store.listWaiting()).toHaveLength(2);
      expect(await store.getTimer('response-time|C0ACME|rt:main')).toMatchObject({ payload: { kind: 'response', conversation: 'main' } });
      expect(await store.peekInbox('C0ACME', 10)).toHaveLength(1);
      expect(await oldKeys(masters, prefix)).toEqual(['kv:ch:C0BROKEN']);

      expect(await store.migrateOldLayout(silent)).toEqual(NOTHING);
      expect(await store.countTimers()).toBe(OLD_TIMERS);
    } finally {
      await cleanupPrefix(redis, prefix);
      await store.close();
    }
  });
});
