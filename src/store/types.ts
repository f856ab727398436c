/**
 * Storage and timers behind one interface, implemented twice: `memory/` (embedded, one process)
 * and `redis/` (ioredis + Lua, shared by replicas). Both pass the same contract suite
 * (test/contracts/store.contract.ts). Nothing outside `src/store/` knows which one runs.
 *
 * Keys passed in are logical ("optin:U123"); each implementation adds its own prefix, so tests can
 * isolate themselves with a random prefix.
 */

/** A durable timer. `id` is unique: scheduling an existing id replaces its due time and payload. */
export interface TimerJob {
  id: string;
  /** Epoch milliseconds at which the job becomes due. */
  dueAt: number;
  /** What the job is for, e.g. "response-time". Routed by the scheduler's handler. */
  kind: string;
  /** Small JSON payload (keep it small: 100k pending timers must fit in < 1 KiB each). */
  payload: Record<string, unknown>;
}

/** A claimed job: the claimer must call completeTimer(id) when done, or the lease runs out and the job is due again. */
export interface ClaimedTimer extends TimerJob {
  /** How many times this job was claimed before (0 on the first claim). */
  attempts: number;
}

/**
 * Something waiting on the team in a channel (a client's request, a promised deadline), kept in an
 * index beside the state so reports, status and Home tabs read the waiting set without scanning
 * every channel's state.
 */
export interface WaitingItem {
  channel: string;
  /** The rule that keeps it (response-time: a request; delay-notice: a commitment). */
  rule: string;
  /** Unique within the rule and channel (a conversation, a message ts). */
  key: string;
  /** The message it is about. */
  ts: string;
  /** Who it waits for or on: the client who asked, the assistant who promised. */
  user: string;
  /** Since when (epoch ms). */
  since: number;
  /** When it falls due (a promised deadline), if it has one. */
  dueAt?: number;
}

/**
 * The writes of one channel in a transaction: rule state by field (a rule's channel slice, or one
 * conversation of it), the pause, and the waiting index. Only what changed is written.
 */
export interface ChannelWrite {
  channel: string;
  /** State fields set to a JSON value. */
  set?: Array<{ field: string; value: unknown }>;
  /** State fields deleted. */
  del?: string[];
  /** The director's pause of the channel; null removes it, undefined leaves it alone. */
  pause?: unknown;
  waiting?: { set?: WaitingItem[]; del?: Array<{ rule: string; key: string }> };
}

/** What readChannel returns: the state fields asked for that exist, and the pause. */
export interface ChannelRead {
  fields: Map<string, unknown>;
  pause: unknown;
}

/**
 * A batch of writes applied atomically (Redis MULTI/EXEC; in memory, synchronously). On Redis
 * Cluster a transaction with a `channel` is atomic (every key of it is in the channel's slot);
 * `set`/`del` of keys outside one slot are applied slot by slot.
 */
export interface StoreTx {
  channel?: ChannelWrite;
  set?: Array<{ key: string; value: unknown; ttlMs?: number }>;
  del?: string[];
  schedule?: TimerJob[];
  cancel?: string[];
  /**
   * Claimed jobs this transaction finishes (as completeTimer would, before the schedules: a job
   * rescheduled meanwhile, or set again by this transaction, keeps its new time).
   */
  complete?: Array<{ id: string; dueAt: number }>;
  /** Append time-ordered records (findings, response records) to a named log (kept with the tx's channel). */
  records?: Array<{ log: string; at: number; record: unknown }>;
  /** Inbox entries (ids from peekInbox) now processed: removed in the same transaction as their effects. */
  inboxDone?: Array<{ channel: string; ids: string[] }>;
}

/** An event waiting in a channel's inbox. */
export interface InboxEntry {
  /** Opaque, unique within the channel's inbox: pass it back in StoreTx.inboxDone. */
  id: string;
  at: number;
  event: unknown;
}

export interface EnqueueEvent {
  /** De-duplication mark (e.g. evt:<event_id>) set in the same step: false means a duplicate, nothing queued. */
  dedupeKey: string;
  dedupeTtlMs: number;
  channel: string;
  /** Order in the inbox: by time, then by sortKey (a Slack ts). */
  at: number;
  sortKey: string;
  event: unknown;
  /** The job that drains this channel's inbox: created, or made due again if it is running. */
  jobId: string;
  jobKind: string;
  now: number;
}

export interface Store {
  readonly kind: 'memory' | 'redis';

  /** True when the backing service answers. */
  ping(): Promise<boolean>;

  getJSON<T>(key: string): Promise<T | null>;
  commit(tx: StoreTx): Promise<void>;

  /** A channel's state fields (`'all'`: every field) and its pause, in one round trip. */
  readChannel(channel: string, fields: string[] | 'all'): Promise<ChannelRead>;
  /** What waits on the team: one channel's, or every channel's (index read, no scan). */
  listWaiting(channel?: string): Promise<WaitingItem[]>;

  /**
   * Set `key` only if absent, with a time to live. True if this caller set it.
   * Used for event de-duplication and "do this once" markers across replicas.
   */
  claimOnce(key: string, ttlMs: number): Promise<boolean>;
  /** Change the TTL of an existing key (e.g. a processing claim that became a permanent dedupe mark). */
  expire(key: string, ttlMs: number): Promise<void>;
  delete(key: string): Promise<void>;
  /**
   * Reserve the next send slot of a pacing key (one per `intervalMs`, shared by every replica):
   * returns the time (epoch ms, >= now) at which the caller may send. Used to keep bursts of
   * messages to one channel within Slack's per-channel rate.
   */
  reserveSlot(key: string, now: number, intervalMs: number): Promise<number>;

  /**
   * The acknowledgement path: atomically mark the event id seen, add the event to its channel's
   * inbox and make sure the channel's drain job is due (rescheduling it if it is running, so no
   * event is left behind). Returns false for a duplicate.
   */
  enqueueEvent(e: EnqueueEvent): Promise<boolean>;
  /** The oldest `limit` events of a channel's inbox, in order (time, then ts). */
  peekInbox(channel: string, limit: number): Promise<InboxEntry[]>;

  /**
   * Run `fn` while holding an exclusive lock on `key` (across replicas for Redis).
   * Waits up to `waitMs` for the lock, then throws LockTimeoutError. The lock expires after `ttlMs`
   * even if the holder dies; release checks ownership (token) so a late holder never frees another's lock.
   */
  withLock<T>(key: string, fn: () => Promise<T>, opts?: { ttlMs?: number; waitMs?: number }): Promise<T>;

  /**
   * Atomically take up to `limit` jobs due at or before `now`, plus jobs whose lease ran out,
   * and lease them for `leaseMs`. A job is handed to exactly one caller per lease.
   */
  claimDueTimers(now: number, limit: number, leaseMs: number): Promise<ClaimedTimer[]>;
  /**
   * Keep a claimed job leased until `until` while its handler is still at work (a slow Slack call),
   * so it is not handed to another caller meanwhile. No-op if the job is no longer leased.
   */
  extendLease(id: string, until: number): Promise<void>;
  /** Remove a claimed job for good (it was handled). No-op if it was rescheduled or cancelled meanwhile. */
  completeTimer(id: string, claimedDueAt: number): Promise<void>;
  getTimer(id: string): Promise<TimerJob | null>;
  /** Earliest due time among scheduled (unclaimed) jobs, or null. Lets the scheduler sleep precisely. */
  nextDueAt(): Promise<number | null>;
  countTimers(): Promise<number>;

  /** Records of a log with `from <= at < to`, oldest first. */
  rangeRecords<T>(log: string, from: number, to: number): Promise<Array<{ at: number; record: T }>>;
  /** Drop records older than `before` (retention). */
  trimRecords(log: string, before: number): Promise<void>;

  /** Logical keys starting with `prefix` (for reports and status; not for the event path). */
  scanKeys(prefix: string): Promise<string[]>;

  close(): Promise<void>;
}

export class LockTimeoutError extends Error {
  constructor(public readonly key: string) {
    super(`timed out waiting for lock ${key}`);
    this.name = 'LockTimeoutError';
  }
}
