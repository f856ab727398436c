import { randomUUID } from 'node:crypto';
import { LockTimeoutError, type ChannelRead, type ClaimedTimer, type EnqueueEvent, type InboxEntry, type Store, type StoreTx, type TimerJob, type WaitingItem } from '../types';

const SWEEP_EVERY_MS = 1_000;

/**
 * The embedded store: same semantics as RedisStore, for one process. Used when REDIS_URL is unset
 * (trying the bot out, the demo) and by the offline audit.
 */
interface Entry {
  value: string;
  expiresAt?: number;
}

export class MemoryStore implements Store {
  readonly kind = 'memory' as const;
  private readonly kv = new Map<string, Entry>();
  private readonly timers = new Map<string, TimerJob>();
  /** id → lease expiry for claimed jobs. */
  private readonly inflight = new Map<string, { until: number; dueAt: number }>();
  private readonly attempts = new Map<string, number>();
  private readonly logs = new Map<string, Array<{ at: number; record: string }>>();
  private readonly locks = new Map<string, { token: string; until: number }>();
  /** channel → events waiting, kept sorted by (at, sortKey). */
  private readonly inboxes = new Map<string, Array<InboxEntry & { sortKey: string }>>();
  /** channel → state field → JSON. */
  private readonly states = new Map<string, Map<string, string>>();
  private readonly pauses = new Map<string, string>();
  /** channel → "<rule>|<key>" → waiting item JSON. */
  private readonly waiting = new Map<string, Map<string, string>>();
  private closed = false;
  /** Clock time after which the next write sweeps expired keys. */
  private nextSweep = 0;

  constructor(private readonly clock: () => number = Date.now) {}

  /**
   * Keys with a TTL (one de-dupe key per event) would otherwise only go when read, and most are
   * never read again. A write sweeps them, at most once a second: memory only grows through
   * writes, so it stays bounded by the live keys plus a second's worth of expired ones.
   */
  private sweep(): void {
    const now = this.clock();
    if (now < this.nextSweep) return;
    this.nextSweep = now + SWEEP_EVERY_MS;
    for (const [key, e] of this.kv) if (e.expiresAt !== undefined && e.expiresAt <= now) this.kv.delete(key);
  }

  async ping(): Promise<boolean> {
    return !this.closed;
  }

  private live(key: string): Entry | undefined {
    const e = this.kv.get(key);
    if (e && e.expiresAt !== undefined && e.expiresAt <= this.clock()) {
      this.kv.delete(key);
      return undefined;
    }
    return e;
  }

  async getJSON<T>(key: string): Promise<T | null> {
    const e = this.live(key);
    return e ? (JSON.parse(e.value) as T) : null;
  }

  async commit(tx: StoreTx): Promise<void> {
    // Serialise everything first so a bad value fails before anything is written (atomicity).
    const sets = (tx.set ?? []).map((s) => ({ key: s.key, value: JSON.stringify(s.value), ttlMs: s.ttlMs }));
    const records = (tx.records ?? []).map((r) => ({ log: r.log, at: r.at, record: JSON.stringify(r.record) }));
    const jobs = (tx.schedule ?? []).map((j) => JSON.parse(JSON.stringify(j)) as TimerJob);
    const c = tx.channel;
    const fields = (c?.set ?? []).map((f) => [f.field, JSON.stringify(f.value)] as const);
    const pause = c?.pause === undefined || c.pause === null ? c?.pause : JSON.stringify(c.pause);
    const waits = (c?.waiting?.set ?? []).map((w) => [`${w.rule}|${w.key}`, JSON.stringify(w)] as const);
    this.sweep();
    if (c) {
      const state = this.states.get(c.channel) ?? new Map<string, string>();
      for (const [f, v] of fields) state.set(f, v);
      for (const f of c.del ?? []) state.delete(f);
      if (state.size) this.states.set(c.channel, state);
      else this.states.delete(c.channel);
      if (pause === null) this.pauses.delete(c.channel);
      else if (pause !== undefined) this.pauses.set(c.channel, pause);
      const w = this.waiting.get(c.channel) ?? new Map<string, string>();
      for (const [k, v] of waits) w.set(k, v);
      for (const d of c.waiting?.del ?? []) w.delete(`${d.rule}|${d.key}`);
      if (w.size) this.waiting.set(c.channel, w);
      else this.waiting.delete(c.channel);
    }
    for (const s of sets) this.kv.set(s.key, { value: s.value, expiresAt: s.ttlMs ? this.clock() + s.ttlMs : undefined });
    for (const k of tx.del ?? []) this.kv.delete(k);
    for (const done of tx.complete ?? []) this.finish(done.id, done.dueAt);
    for (const j of jobs) {
      this.timers.set(j.id, j);
      this.inflight.delete(j.id);
      this.attempts.delete(j.id);
    }
    for (const id of tx.cancel ?? []) {
      this.timers.delete(id);
      this.inflight.delete(id);
      this.attempts.delete(id);
    }
    for (const done of tx.inboxDone ?? []) {
      const ids = new Set(done.ids);
      const left = (this.inboxes.get(done.channel) ?? []).filter((x) => !ids.has(x.id));
      if (left.length) this.inboxes.set(done.channel, left);
      else this.inboxes.delete(done.channel);
    }
    for (const r of records) {
      const list = this.logs.get(r.log) ?? [];
      // Keep the log sorted by time; records mostly arrive in order, so search from the end.
      let i = list.length;
      while (i > 0 && list[i - 1].at > r.at) i--;
      list.splice(i, 0, { at: r.at, record: r.record });
      this.logs.set(r.log, list);
    }
  }

  async readChannel(channel: string, fields: string[] | 'all'): Promise<ChannelRead> {
    const state = this.states.get(channel);
    const out = new Map<string, unknown>();
    if (state) {
      for (const f of fields === 'all' ? state.keys() : fields) {
        const v = state.get(f);
        if (v !== undefined) out.set(f, JSON.parse(v));
      }
    }
    const pause = this.pauses.get(channel);
    return { fields: out, pause: pause === undefined ? null : JSON.parse(pause) };
  }

  async listWaiting(channel?: string): Promise<WaitingItem[]> {
    const maps = channel ? [this.waiting.get(channel)] : [...this.waiting.values()];
    const out: WaitingItem[] = [];
    for (const m of maps) for (const v of m?.values() ?? []) out.push(JSON.parse(v) as WaitingItem);
    return out.sort((a, b) => a.since - b.since || a.channel.localeCompare(b.channel));
  }

  async claimOnce(key: string, ttlMs: number): Promise<boolean> {
    this.sweep();
    if (this.live(key)) return false;
    this.kv.set(key, { value: '1', expiresAt: this.clock() + ttlMs });
    return true;
  }

  async reserveSlot(key: string, now: number, intervalMs: number): Promise<number> {
    this.sweep();
    const next = Number(this.live(key)?.value ?? 0);
    const slot = Math.max(now, next);
    this.kv.set(key, { value: String(slot + intervalMs), expiresAt: slot + intervalMs + 1000 });
    return slot;
  }

  async enqueueEvent(e: EnqueueEvent): Promise<boolean> {
    this.sweep();
    if (this.live(e.dedupeKey)) return false;
    this.kv.set(e.dedupeKey, { value: '1', expiresAt: this.clock() + e.dedupeTtlMs });
    const list = this.inboxes.get(e.channel) ?? [];
    const entry = { id: `${e.sortKey}|${randomUUID()}`, at: e.at, sortKey: e.sortKey, event: JSON.parse(JSON.stringify(e.event)) };
    let i = list.length;
    while (i > 0 && (list[i - 1].at > e.at || (list[i - 1].at === e.at && list[i - 1].sortKey > e.sortKey))) i--;
    list.splice(i, 0, entry);
    this.inboxes.set(e.channel, list);
    const existing = this.timers.get(e.jobId);
    // Waiting to be claimed: it will see the new event. Running or absent: due (again) now.
    if (existing && !this.inflight.has(e.jobId)) return true;
    const dueAt = existing ? Math.max(e.now, existing.dueAt + 1) : e.now;
    this.timers.set(e.jobId, { id: e.jobId, dueAt, kind: e.jobKind, payload: { ch: e.channel } });
    this.inflight.delete(e.jobId);
    this.attempts.delete(e.jobId);
    return true;
  }

  async peekInbox(channel: string, limit: number): Promise<InboxEntry[]> {
    return (this.inboxes.get(channel) ?? []).slice(0, limit).map((x) => ({ id: x.id, at: x.at, event: JSON.parse(JSON.stringify(x.event)) }));
  }

  async expire(key: string, ttlMs: number): Promise<void> {
    const e = this.live(key);
    if (e) e.expiresAt = this.clock() + ttlMs;
  }

  async delete(key: string): Promise<void> {
    this.kv.delete(key);
  }

  async withLock<T>(key: string, fn: () => Promise<T>, opts: { ttlMs?: number; waitMs?: number } = {}): Promise<T> {
    const ttlMs = opts.ttlMs ?? 30_000;
    const waitMs = opts.waitMs ?? 10_000;
    const token = randomUUID();
    const deadline = Date.now() + waitMs;
    for (;;) {
      const held = this.locks.get(key);
      if (!held || held.until <= Date.now()) {
        this.locks.set(key, { token, until: Date.now() + ttlMs });
        break;
      }
      if (Date.now() >= deadline) throw new LockTimeoutError(key);
      await new Promise((r) => setTimeout(r, 5));
    }
    try {
      return await fn();
    } finally {
      if (this.locks.get(key)?.token === token) this.locks.delete(key);
    }
  }

  async claimDueTimers(now: number, limit: number, leaseMs: number): Promise<ClaimedTimer[]> {
    const due: TimerJob[] = [];
    for (const job of this.timers.values()) {
      const lease = this.inflight.get(job.id);
      const available = lease ? lease.until <= now : job.dueAt <= now;
      if (available) due.push(job);
    }
    due.sort((a, b) => a.dueAt - b.dueAt);
    return due.slice(0, limit).map((job) => {
      const attempts = this.attempts.get(job.id) ?? 0;
      this.attempts.set(job.id, attempts + 1);
      this.inflight.set(job.id, { until: now + leaseMs, dueAt: job.dueAt });
      return { ...JSON.parse(JSON.stringify(job)), attempts } as ClaimedTimer;
    });
  }

  async extendLease(id: string, until: number): Promise<void> {
    const lease = this.inflight.get(id);
    if (lease && lease.until < until) lease.until = until;
  }

  async completeTimer(id: string, claimedDueAt: number): Promise<void> {
    this.finish(id, claimedDueAt);
  }

  private finish(id: string, claimedDueAt: number): void {
    const job = this.timers.get(id);
    const lease = this.inflight.get(id);
    // Rescheduled while in flight (new due time, lease dropped): keep the new one.
    if (!job || !lease || job.dueAt !== claimedDueAt) return;
    this.timers.delete(id);
    this.inflight.delete(id);
    this.attempts.delete(id);
  }

  async getTimer(id: string): Promise<TimerJob | null> {
    const j = this.timers.get(id);
    return j ? (JSON.parse(JSON.stringify(j)) as TimerJob) : null;
  }

  async nextDueAt(): Promise<number | null> {
    let min: number | null = null;
    for (const j of this.timers.values()) {
      const at = this.inflight.get(j.id)?.until ?? j.dueAt;
      if (min === null || at < min) min = at;
    }
    return min;
  }

  async countTimers(): Promise<number> {
    return this.timers.size;
  }

  async rangeRecords<T>(log: string, from: number, to: number): Promise<Array<{ at: number; record: T }>> {
    return (this.logs.get(log) ?? []).filter((r) => r.at >= from && r.at < to).map((r) => ({ at: r.at, record: JSON.parse(r.record) as T }));
  }

  async trimRecords(log: string, before: number): Promise<void> {
    const list = this.logs.get(log);
    if (list) this.logs.set(log, list.filter((r) => r.at >= before));
  }

  async scanKeys(prefix: string): Promise<string[]> {
    return [...this.kv.keys()].filter((k) => k.startsWith(prefix) && this.live(k));
  }

  async close(): Promise<void> {
    this.closed = true;
  }
}
