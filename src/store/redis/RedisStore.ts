import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Redis, { Cluster, type ChainableCommander } from 'ioredis';
import {
  LockTimeoutError,
  type ChannelRead,
  type ClaimedTimer,
  type EnqueueEvent,
  type InboxEntry,
  type Store,
  type StoreTx,
  type TimerJob,
  type WaitingItem,
} from '../types';
import { RedisKeys, SHARDS, shardOf, shardOfJob, type TimerKeys } from './keys';
import { connectRedis } from './connect';
import { migrateOldLayout, type MigrationReport } from './migrate';
import type { Logger } from 'pino';

/**
 * Redis implementation of Store: shared by every replica, on a single Redis, Sentinel or Cluster.
 * Multi-key changes run in MULTI/EXEC or in one Lua script (lua/<name>-<numKeys>.lua), so replicas
 * never see half a change; every such step stays in one hash-tagged shard (see keys.ts).
 */
type Scripts = {
  claimDueTimers(k1: string, k2: string, k3: string, k4: string, now: number, limit: number, lease: number): Promise<Array<string | number>>;
  completeTimer(k1: string, k2: string, k3: string, k4: string, id: string, dueAt: number): Promise<number>;
  releaseLock(k1: string, token: string): Promise<number>;
  reserveSlot(k1: string, now: number, interval: number): Promise<number>;
  commitChannel(...keysAndArgs: Array<string | number>): Promise<number>;
  enqueueEvent(k1: string, k2: string, k3: string, k4: string, k5: string, k6: string, ttl: number, at: number, member: string, jobId: string, now: number, kind: string, channel: string): Promise<number>;
};

const LUA_DIR = path.join(__dirname, 'lua');

/** Lua scripts, with `--@include <file>` lines replaced by the shared step in lua/include (BullMQ's idea). */
export function loadScript(file: string): string {
  return fs.readFileSync(path.join(LUA_DIR, file), 'utf8').replace(/^--@include (\S+)\s*$/gm, (_, inc: string) => fs.readFileSync(path.join(LUA_DIR, 'include', inc), 'utf8'));
}

function defineScripts(redis: Redis | Cluster): void {
  for (const file of fs.readdirSync(LUA_DIR)) {
    const m = /^(\w+)-(\d+)\.lua$/.exec(file);
    if (!m) continue;
    redis.defineCommand(m[1], { numberOfKeys: Number(m[2]), lua: loadScript(file) });
  }
}

/** Record logs one channel commit script can write to (findings, responses, incidents). */
const LOG_KEYS = 3;

/** One command (or a few) added to a MULTI. */
type Op = (m: ChainableCommander) => void;

/** Compact stored form of a job: short field names keep 100k pending timers small. */
interface StoredJob {
  i: string;
  d: number;
  k: string;
  p: Record<string, unknown>;
}

export interface RedisStoreOptions {
  /** An ioredis client the caller owns, or a URL (redis://, rediss://, redis-sentinel://, redis-cluster://) for a connection this store owns. */
  redis: Redis | Cluster | string;
  prefix: string;
}

export class RedisStore implements Store {
  readonly kind = 'redis' as const;
  readonly redis: Redis | Cluster;
  private readonly keys: RedisKeys;
  private readonly owns: boolean;
  /** Where the next claim starts, so replicas and polls spread over the shards. */
  private nextShard = Math.floor(Math.random() * SHARDS);

  constructor(o: RedisStoreOptions) {
    this.owns = typeof o.redis === 'string';
    this.redis = typeof o.redis === 'string' ? connectRedis(o.redis) : o.redis;
    this.keys = new RedisKeys(o.prefix);
    defineScripts(this.redis);
  }

  private get s(): Scripts {
    return this.redis as unknown as Scripts;
  }

  private get isCluster(): boolean {
    return this.redis instanceof Cluster;
  }

  async ping(): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    try {
      const timeout = new Promise<string>((_, reject) => {
        timer = setTimeout(() => reject(new Error('ping timeout')), 1000);
      });
      return (await Promise.race([this.redis.ping(), timeout])) === 'PONG';
    } catch {
      return false;
    } finally {
      clearTimeout(timer);
    }
  }

  async getJSON<T>(key: string): Promise<T | null> {
    const v = await this.redis.get(this.keys.kv(key));
    return v === null ? null : (JSON.parse(v) as T);
  }

  async commit(tx: StoreTx): Promise<void> {
    // The common case, a channel's batch, is one script call; anything else a MULTI (per shard on Cluster).
    const script = tx.channel ? this.channelScript(tx) : null;
    if (script) {
      await this.s.commitChannel(...script);
      return;
    }
    // Serialise first: a value that cannot be stored fails the whole transaction before anything is sent.
    const kvOps: Op[] = [];
    for (const s of tx.set ?? []) {
      const k = this.keys.kv(s.key);
      const v = JSON.stringify(s.value);
      kvOps.push(s.ttlMs ? (m) => m.set(k, v, 'PX', s.ttlMs!) : (m) => m.set(k, v));
    }
    for (const key of tx.del ?? []) {
      const k = this.keys.kv(key);
      kvOps.push((m) => m.del(k));
    }
    const byShard = this.shardOps(tx);
    if (!this.isCluster) return this.exec([...kvOps, ...[...byShard.values()].flat()]);
    // Keys of different slots cannot share a MULTI: a channel's transaction is in one shard (atomic);
    // one without a channel is applied shard by shard, and each kv key on its own.
    if (tx.channel && byShard.size > 1) throw new Error(`a channel's transaction spans ${byShard.size} shards; on Redis Cluster it must stay in the channel's shard`);
    await Promise.all([...byShard.values()].map((ops) => this.exec(ops)));
    for (const op of kvOps) await this.exec([op]);
  }

  private async exec(ops: Op[]): Promise<void> {
    if (!ops.length) return;
    const m = this.redis.multi();
    for (const op of ops) op(m);
    const res = await m.exec();
    const failed = res?.find(([err]) => err);
    if (!res || failed) throw failed?.[0] ?? new Error('Redis transaction aborted');
  }

  /** The writes of a transaction that live in shards (the channel's state, timers, inbox, records), by shard. */
  private shardOps(tx: StoreTx): Map<number, Op[]> {
    const byShard = new Map<number, Op[]>();
    const add = (shard: number, op: Op) => {
      const ops = byShard.get(shard);
      if (ops) ops.push(op);
      else byShard.set(shard, [op]);
    };
    const c = tx.channel;
    if (c) {
      const shard = shardOf(c.channel);
      const stateKey = this.keys.state(c.channel);
      const fields = (c.set ?? []).flatMap((f) => [f.field, JSON.stringify(f.value)]);
      if (fields.length) add(shard, (m) => m.hset(stateKey, ...fields));
      if (c.del?.length) add(shard, (m) => m.hdel(stateKey, ...c.del!));
      if (c.pause !== undefined) {
        const k = this.keys.pause(c.channel);
        const v = c.pause === null ? null : JSON.stringify(c.pause);
        add(shard, v === null ? (m) => m.del(k) : (m) => m.set(k, v));
      }
      const wait = this.keys.waiting(shard);
      const items = (c.waiting?.set ?? []).flatMap((w) => [waitingField(c.channel, w.rule, w.key), storedWaiting(w)]);
      if (items.length) add(shard, (m) => m.hset(wait, ...items));
      const gone = (c.waiting?.del ?? []).map((w) => waitingField(c.channel, w.rule, w.key));
      if (gone.length) add(shard, (m) => m.hdel(wait, ...gone));
    }
    for (const j of tx.schedule ?? []) {
      const t = this.keys.timersOfJob(j.id);
      const stored = storedJob(j);
      add(shardOfJob(j.id), (m) => m.hset(t.jobs, j.id, stored).zadd(t.due, j.dueAt, j.id).zrem(t.lease, j.id).hdel(t.attempts, j.id));
    }
    for (const done of tx.complete ?? []) {
      const t = this.keys.timersOfJob(done.id);
      add(shardOfJob(done.id), (m) => void (m as unknown as Scripts).completeTimer(...t.list, done.id, done.dueAt));
    }
    for (const id of tx.cancel ?? []) {
      const t = this.keys.timersOfJob(id);
      add(shardOfJob(id), (m) => m.hdel(t.jobs, id).zrem(t.due, id).zrem(t.lease, id).hdel(t.attempts, id));
    }
    for (const done of tx.inboxDone ?? []) {
      const k = this.keys.inbox(done.channel);
      if (done.ids.length) add(shardOf(done.channel), (m) => m.zrem(k, ...done.ids));
    }
    // Records live in the shard of the transaction's channel, so a channel's commit stays in one slot.
    const shard = c ? shardOf(c.channel) : 0;
    for (const r of tx.records ?? []) {
      const k = this.keys.log(shard, r.log);
      const member = recordMember(r.record);
      add(shard, (m) => m.zadd(k, r.at, member));
    }
    return byShard;
  }

  /**
   * A channel's transaction as the arguments of lua/commitChannel-11.lua, or null when it writes
   * outside the channel's shard (kv keys, another channel's jobs) or to more than its three log
   * keys: those go through a MULTI.
   */
  private channelScript(tx: StoreTx): Array<string | number> | null {
    const c = tx.channel!;
    const shard = shardOf(c.channel);
    if (tx.set?.length || tx.del?.length) return null;
    if ((tx.schedule ?? []).some((j) => shardOfJob(j.id) !== shard) || (tx.cancel ?? []).some((id) => shardOfJob(id) !== shard)) return null;
    if ((tx.complete ?? []).some((d) => shardOfJob(d.id) !== shard) || (tx.inboxDone ?? []).some((d) => d.channel !== c.channel)) return null;
    const items: Array<string | number> = [];
    const sets = c.set ?? [];
    for (const f of sets) items.push(f.field, JSON.stringify(f.value));
    const dels = c.del ?? [];
    items.push(...dels);
    const pause = c.pause === undefined ? 0 : c.pause === null ? 2 : 1;
    if (pause === 1) items.push(JSON.stringify(c.pause));
    const wsets = c.waiting?.set ?? [];
    for (const w of wsets) items.push(waitingField(c.channel, w.rule, w.key), storedWaiting(w));
    const wdels = c.waiting?.del ?? [];
    for (const w of wdels) items.push(waitingField(c.channel, w.rule, w.key));
    const complete = tx.complete ?? [];
    for (const d of complete) items.push(d.id, d.dueAt);
    const cancel = tx.cancel ?? [];
    items.push(...cancel);
    const schedule = tx.schedule ?? [];
    for (const j of schedule) items.push(j.id, j.dueAt, storedJob(j));
    const inbox = (tx.inboxDone ?? []).flatMap((d) => d.ids);
    items.push(...inbox);
    const logs: string[] = [];
    const records = tx.records ?? [];
    for (const r of records) {
      const key = this.keys.log(shard, r.log);
      let i = logs.indexOf(key);
      if (i < 0) i = logs.push(key) - 1;
      items.push(i + 1, r.at, recordMember(r.record));
    }
    if (logs.length > LOG_KEYS) return null;
    const state = this.keys.state(c.channel);
    // Unused log slots name a key of the same slot the script never writes to.
    while (logs.length < LOG_KEYS) logs.push(state);
    const t = this.keys.timerShard(shard);
    const keys = [state, this.keys.pause(c.channel), this.keys.waiting(shard), ...t.list, this.keys.inbox(c.channel), ...logs];
    const counts = [sets.length, dels.length, pause, wsets.length, wdels.length, complete.length, cancel.length, schedule.length, inbox.length, records.length].join(' ');
    return [...keys, counts, ...items];
  }

  async readChannel(channel: string, fields: string[] | 'all'): Promise<ChannelRead> {
    const stateKey = this.keys.state(channel);
    const [values, pause] = await Promise.all([
      fields === 'all' ? this.redis.hgetall(stateKey).then((h) => Object.entries(h)) : fields.length ? this.redis.hmget(stateKey, ...fields).then((v) => fields.map((f, i) => [f, v[i]] as const)) : Promise.resolve([]),
      this.redis.get(this.keys.pause(channel)),
    ]);
    const out = new Map<string, unknown>();
    for (const [f, v] of values) if (v !== null && v !== undefined) out.set(f, JSON.parse(v));
    return { fields: out, pause: pause === null ? null : JSON.parse(pause) };
  }

  async listWaiting(channel?: string): Promise<WaitingItem[]> {
    const shards = channel ? [shardOf(channel)] : Array.from({ length: SHARDS }, (_, i) => i);
    const out: WaitingItem[] = [];
    await Promise.all(
      shards.map(async (n) => {
        const key = this.keys.waiting(n);
        if (!channel) {
          for (const [f, v] of Object.entries(await this.redis.hgetall(key))) out.push(waitingItem(f, v));
          return;
        }
        let cursor = '0';
        do {
          const [next, flat] = await this.redis.hscan(key, cursor, 'MATCH', `${channel.replace(/[*?[\]\\]/g, '\\$&')}|*`, 'COUNT', 500);
          for (let i = 0; i < flat.length; i += 2) out.push(waitingItem(flat[i], flat[i + 1]));
          cursor = next;
        } while (cursor !== '0');
      }),
    );
    return out.sort((a, b) => a.since - b.since || a.channel.localeCompare(b.channel));
  }

  async claimOnce(key: string, ttlMs: number): Promise<boolean> {
    return (await this.redis.set(this.keys.kv(key), '1', 'PX', ttlMs, 'NX')) === 'OK';
  }

  async reserveSlot(key: string, now: number, intervalMs: number): Promise<number> {
    return Number(await this.s.reserveSlot(this.keys.kv(key), now, intervalMs));
  }

  async enqueueEvent(e: EnqueueEvent): Promise<boolean> {
    const member = `${e.sortKey}|${randomUUID().slice(0, 8)}|${JSON.stringify(e.event)}`;
    const t = this.keys.timersOfJob(e.jobId);
    const r = await this.s.enqueueEvent(this.keys.dedupe(e.channel, e.dedupeKey), this.keys.inbox(e.channel), ...t.list, e.dedupeTtlMs, e.at, member, e.jobId, e.now, e.jobKind, e.channel);
    return Number(r) === 1;
  }

  async peekInbox(channel: string, limit: number): Promise<InboxEntry[]> {
    const flat = await this.redis.zrange(this.keys.inbox(channel), '0', String(limit - 1), 'WITHSCORES');
    const out: InboxEntry[] = [];
    for (let i = 0; i < flat.length; i += 2) {
      const member = flat[i];
      const json = member.indexOf('|', member.indexOf('|') + 1);
      out.push({ id: member, at: Number(flat[i + 1]), event: JSON.parse(member.slice(json + 1)) });
    }
    return out;
  }

  async expire(key: string, ttlMs: number): Promise<void> {
    await this.redis.pexpire(this.keys.kv(key), ttlMs);
  }

  async delete(key: string): Promise<void> {
    await this.redis.del(this.keys.kv(key));
  }

  async withLock<T>(key: string, fn: () => Promise<T>, opts: { ttlMs?: number; waitMs?: number } = {}): Promise<T> {
    const ttlMs = opts.ttlMs ?? 30_000;
    const waitMs = opts.waitMs ?? 10_000;
    const k = this.keys.kv(key);
    const token = randomUUID();
    const deadline = Date.now() + waitMs;
    let pause = 5;
    while ((await this.redis.set(k, token, 'PX', ttlMs, 'NX')) !== 'OK') {
      if (Date.now() >= deadline) throw new LockTimeoutError(key);
      await new Promise((r) => setTimeout(r, pause));
      pause = Math.min(pause * 2, 50);
    }
    try {
      return await fn();
    } finally {
      await this.s.releaseLock(k, token).catch(() => undefined); // it expires by itself if Redis is away
    }
  }

  /**
   * Claims spread over the shards: one pipelined count of what is due in each, then, from a start
   * that rotates (so replicas do not all drain the same shard first), each shard in turn gives all
   * it has until `limit` is reached, claimed in parallel. A shard's due jobs come in id order, so a
   * channel's timers due together ("<kind>|<channel>|…") mostly go to one worker, which handles
   * them in one batch under the channel's lock instead of two workers waiting on each other.
   */
  async claimDueTimers(now: number, limit: number, leaseMs: number): Promise<ClaimedTimer[]> {
    const start = this.nextShard;
    this.nextShard = (this.nextShard + 1) % SHARDS;
    const order = Array.from({ length: SHARDS }, (_, i) => (start + i) % SHARDS);
    const counts = await Promise.all(
      order.map(async (n) => {
        const t = this.keys.timerShard(n);
        const [due, expired] = await Promise.all([this.redis.zcount(t.due, '-inf', now), this.redis.zcount(t.lease, '-inf', now)]);
        return due + expired;
      }),
    );
    let left = limit;
    const shares = counts.map((count) => {
      const share = Math.min(left, count);
      left -= share;
      return share;
    });
    const parts = await Promise.all(order.map((n, i) => (shares[i] ? this.claimFrom(this.keys.timerShard(n), now, shares[i], leaseMs) : Promise.resolve([]))));
    return parts.flat().sort((a, b) => a.dueAt - b.dueAt);
  }

  private async claimFrom(t: TimerKeys, now: number, limit: number, leaseMs: number): Promise<ClaimedTimer[]> {
    const flat = await this.s.claimDueTimers(...t.list, now, limit, leaseMs);
    const out: ClaimedTimer[] = [];
    for (let i = 0; i < flat.length; i += 2) {
      const j = JSON.parse(String(flat[i])) as StoredJob;
      out.push({ id: j.i, dueAt: j.d, kind: j.k, payload: j.p, attempts: Number(flat[i + 1]) });
    }
    return out;
  }

  async extendLease(id: string, until: number): Promise<void> {
    // XX: only a job still leased; GT: never shorten a lease.
    await this.redis.zadd(this.keys.timersOfJob(id).lease, 'XX', 'GT', until, id);
  }

  async completeTimer(id: string, claimedDueAt: number): Promise<void> {
    await this.s.completeTimer(...this.keys.timersOfJob(id).list, id, claimedDueAt);
  }

  async getTimer(id: string): Promise<TimerJob | null> {
    const v = await this.redis.hget(this.keys.timersOfJob(id).jobs, id);
    if (!v) return null;
    const j = JSON.parse(v) as StoredJob;
    return { id: j.i, dueAt: j.d, kind: j.k, payload: j.p };
  }

  async nextDueAt(): Promise<number | null> {
    const firsts = await Promise.all(
      Array.from({ length: SHARDS }, (_, n) => this.keys.timerShard(n)).flatMap((t) => [t.due, t.lease].map((k) => this.redis.zrange(k, '0', '0', 'WITHSCORES'))),
    );
    const times = firsts.filter((r) => r[1] !== undefined).map((r) => Number(r[1]));
    return times.length ? Math.min(...times) : null;
  }

  async countTimers(): Promise<number> {
    const lens = await Promise.all(Array.from({ length: SHARDS }, (_, n) => this.redis.hlen(this.keys.timerShard(n).jobs)));
    return lens.reduce((a, b) => a + b, 0);
  }

  async rangeRecords<T>(log: string, from: number, to: number): Promise<Array<{ at: number; record: T }>> {
    const parts = await Promise.all(Array.from({ length: SHARDS }, (_, n) => this.redis.zrangebyscore(this.keys.log(n, log), String(from), `(${to}`, 'WITHSCORES')));
    const out: Array<{ at: number; record: T }> = [];
    for (const flat of parts) {
      for (let i = 0; i < flat.length; i += 2) {
        const member = flat[i];
        out.push({ at: Number(flat[i + 1]), record: JSON.parse(member.slice(member.indexOf('|') + 1)) as T });
      }
    }
    // Stable by time: records of one shard keep their order.
    return out.sort((a, b) => a.at - b.at);
  }

  async trimRecords(log: string, before: number): Promise<void> {
    await Promise.all(Array.from({ length: SHARDS }, (_, n) => this.redis.zremrangebyscore(this.keys.log(n, log), '-inf', `(${before}`)));
  }

  async scanKeys(prefix: string): Promise<string[]> {
    const base = this.keys.kv('');
    const pattern = `${this.keys.kv(prefix).replace(/[*?[\]\\]/g, '\\$&')}*`;
    // A Cluster has one keyspace per master: scan each.
    const nodes = this.redis instanceof Cluster ? this.redis.nodes('master') : [this.redis];
    const out: string[] = [];
    for (const node of nodes) {
      let cursor = '0';
      do {
        const [next, batch] = await node.scan(cursor, 'MATCH', pattern, 'COUNT', 500);
        out.push(...batch.map((k) => k.slice(base.length)));
        cursor = next;
      } while (cursor !== '0');
    }
    return out;
  }

  /** Upgrade from the layout before the shards (migrate.ts): at start-up, before any worker claims a job. */
  migrateOldLayout(logger: Logger): Promise<MigrationReport> {
    return migrateOldLayout({ redis: this.redis, keys: this.keys, store: this, logger });
  }

  async close(): Promise<void> {
    if (this.owns) await this.redis.quit().catch(() => this.redis.disconnect());
  }
}

/** Compact stored form of a waiting item: where it is lives in the field name "<channel>|<rule>|<key>". */
interface StoredWaiting {
  t: string;
  u: string;
  s: number;
  d?: number;
}

function storedWaiting(w: { ts: string; user: string; since: number; dueAt?: number }): string {
  return JSON.stringify({ t: w.ts, u: w.user, s: w.since, d: w.dueAt } satisfies StoredWaiting);
}

function storedJob(j: TimerJob): string {
  return JSON.stringify({ i: j.id, d: j.dueAt, k: j.kind, p: j.payload } satisfies StoredJob);
}

/** A record's zset member: a short random prefix keeps two equal records at the same time apart. */
function recordMember(record: unknown): string {
  return `${randomUUID().slice(0, 8)}|${JSON.stringify(record)}`;
}

function waitingField(channel: string, rule: string, key: string): string {
  return `${channel}|${rule}|${key}`;
}

function waitingItem(field: string, value: string): WaitingItem {
  const [channel, rule, ...key] = field.split('|');
  const w = JSON.parse(value) as StoredWaiting;
  return { channel, rule, key: key.join('|'), ts: w.t, user: w.u, since: w.s, ...(w.d !== undefined ? { dueAt: w.d } : {}) };
}
