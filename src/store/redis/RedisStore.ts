import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Redis from 'ioredis';
import { LockTimeoutError, type ClaimedTimer, type EnqueueEvent, type InboxEntry, type Store, type StoreTx, type TimerJob } from '../types';
import { RedisKeys } from './keys';

/**
 * Redis implementation of Store: shared by every replica. Multi-key changes run in MULTI/EXEC or
 * in one Lua script (lua/<name>-<numKeys>.lua), so replicas never see half a change.
 */
type Scripts = {
  claimDueTimers(k1: string, k2: string, k3: string, k4: string, now: number, limit: number, lease: number): Promise<Array<string | number>>;
  completeTimer(k1: string, k2: string, k3: string, k4: string, id: string, dueAt: number): Promise<number>;
  releaseLock(k1: string, token: string): Promise<number>;
  reserveSlot(k1: string, now: number, interval: number): Promise<number>;
  enqueueEvent(k1: string, k2: string, k3: string, k4: string, k5: string, k6: string, ttl: number, at: number, member: string, jobId: string, now: number, kind: string, channel: string): Promise<number>;
};

const LUA_DIR = path.join(__dirname, 'lua');

function defineScripts(redis: Redis): void {
  for (const file of fs.readdirSync(LUA_DIR)) {
    const m = /^(\w+)-(\d+)\.lua$/.exec(file);
    if (!m) continue;
    redis.defineCommand(m[1], { numberOfKeys: Number(m[2]), lua: fs.readFileSync(path.join(LUA_DIR, file), 'utf8') });
  }
}

/** Compact stored form of a job: short field names keep 100k pending timers small. */
interface StoredJob {
  i: string;
  d: number;
  k: string;
  p: Record<string, unknown>;
}

export interface RedisStoreOptions {
  /** An ioredis client the caller owns, or a URL for a connection this store owns. */
  redis: Redis | string;
  prefix: string;
}

export class RedisStore implements Store {
  readonly kind = 'redis' as const;
  readonly redis: Redis;
  private readonly keys: RedisKeys;
  private readonly owns: boolean;

  constructor(o: RedisStoreOptions) {
    this.owns = typeof o.redis === 'string';
    // Fail commands fast while Redis is away: the caller answers Slack 500 and Slack retries.
    this.redis = typeof o.redis === 'string' ? new Redis(o.redis, { maxRetriesPerRequest: 2, enableAutoPipelining: true }) : o.redis;
    this.keys = new RedisKeys(o.prefix);
    defineScripts(this.redis);
  }

  private get s(): Scripts {
    return this.redis as unknown as Scripts;
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
    const m = this.redis.multi();
    for (const s of tx.set ?? []) {
      const v = JSON.stringify(s.value);
      if (s.ttlMs) m.set(this.keys.kv(s.key), v, 'PX', s.ttlMs);
      else m.set(this.keys.kv(s.key), v);
    }
    for (const k of tx.del ?? []) m.del(this.keys.kv(k));
    for (const j of tx.schedule ?? []) {
      const stored: StoredJob = { i: j.id, d: j.dueAt, k: j.kind, p: j.payload };
      m.hset(this.keys.jobs, j.id, JSON.stringify(stored));
      m.zadd(this.keys.due, j.dueAt, j.id);
      m.zrem(this.keys.lease, j.id);
      m.hdel(this.keys.attempts, j.id);
    }
    for (const id of tx.cancel ?? []) {
      m.hdel(this.keys.jobs, id);
      m.zrem(this.keys.due, id);
      m.zrem(this.keys.lease, id);
      m.hdel(this.keys.attempts, id);
    }
    for (const done of tx.inboxDone ?? []) if (done.ids.length) m.zrem(this.keys.inbox(done.channel), ...done.ids);
    for (const r of tx.records ?? []) {
      m.zadd(this.keys.log(r.log), r.at, `${randomUUID().slice(0, 8)}|${JSON.stringify(r.record)}`);
    }
    const res = await m.exec();
    const failed = res?.find(([err]) => err);
    if (!res || failed) throw failed?.[0] ?? new Error('Redis transaction aborted');
  }

  async claimOnce(key: string, ttlMs: number): Promise<boolean> {
    return (await this.redis.set(this.keys.kv(key), '1', 'PX', ttlMs, 'NX')) === 'OK';
  }

  async reserveSlot(key: string, now: number, intervalMs: number): Promise<number> {
    return Number(await this.s.reserveSlot(this.keys.kv(key), now, intervalMs));
  }

  async enqueueEvent(e: EnqueueEvent): Promise<boolean> {
    const member = `${e.sortKey}|${randomUUID().slice(0, 8)}|${JSON.stringify(e.event)}`;
    const r = await this.s.enqueueEvent(this.keys.kv(e.dedupeKey), this.keys.inbox(e.channel), ...this.keys.timerKeys, e.dedupeTtlMs, e.at, member, e.jobId, e.now, e.jobKind, e.channel);
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

  async claimDueTimers(now: number, limit: number, leaseMs: number): Promise<ClaimedTimer[]> {
    const flat = await this.s.claimDueTimers(...this.keys.timerKeys, now, limit, leaseMs);
    const out: ClaimedTimer[] = [];
    for (let i = 0; i < flat.length; i += 2) {
      const j = JSON.parse(String(flat[i])) as StoredJob;
      out.push({ id: j.i, dueAt: j.d, kind: j.k, payload: j.p, attempts: Number(flat[i + 1]) });
    }
    return out;
  }

  async extendLease(id: string, until: number): Promise<void> {
    // XX: only a job still leased; GT: never shorten a lease.
    await this.redis.zadd(this.keys.lease, 'XX', 'GT', until, id);
  }

  async completeTimer(id: string, claimedDueAt: number): Promise<void> {
    await this.s.completeTimer(...this.keys.timerKeys, id, claimedDueAt);
  }

  async getTimer(id: string): Promise<TimerJob | null> {
    const v = await this.redis.hget(this.keys.jobs, id);
    if (!v) return null;
    const j = JSON.parse(v) as StoredJob;
    return { id: j.i, dueAt: j.d, kind: j.k, payload: j.p };
  }

  async nextDueAt(): Promise<number | null> {
    const [due, lease] = await Promise.all([
      this.redis.zrange(this.keys.due, '0', '0', 'WITHSCORES'),
      this.redis.zrange(this.keys.lease, '0', '0', 'WITHSCORES'),
    ]);
    const times = [due[1], lease[1]].filter((x) => x !== undefined).map(Number);
    return times.length ? Math.min(...times) : null;
  }

  async countTimers(): Promise<number> {
    return this.redis.hlen(this.keys.jobs);
  }

  async rangeRecords<T>(log: string, from: number, to: number): Promise<Array<{ at: number; record: T }>> {
    const flat = await this.redis.zrangebyscore(this.keys.log(log), String(from), `(${to}`, "WITHSCORES");
    const out: Array<{ at: number; record: T }> = [];
    for (let i = 0; i < flat.length; i += 2) {
      const member = flat[i];
      out.push({ at: Number(flat[i + 1]), record: JSON.parse(member.slice(member.indexOf('|') + 1)) as T });
    }
    return out;
  }

  async trimRecords(log: string, before: number): Promise<void> {
    await this.redis.zremrangebyscore(this.keys.log(log), '-inf', `(${before}`);
  }

  async scanKeys(prefix: string): Promise<string[]> {
    const base = this.keys.kv('');
    const out: string[] = [];
    let cursor = '0';
    do {
      const [next, batch] = await this.redis.scan(cursor, 'MATCH', `${this.keys.kv(prefix).replace(/[*?[\]]/g, '\\$&')}*`, 'COUNT', 500);
      out.push(...batch.map((k) => k.slice(base.length)));
      cursor = next;
    } while (cursor !== '0');
    return out;
  }

  async close(): Promise<void> {
    if (this.owns) await this.redis.quit().catch(() => this.redis.disconnect());
  }
}
