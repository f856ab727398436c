/**
 * Every Redis key sla-bot uses is built here, under one prefix (BullMQ style), so a test can
 * isolate itself with a random prefix and an operator can see the whole layout in one place.
 *
 * Keys are spread over SHARDS hash-tagged shards (`{s0}` … `{s15}`). A channel belongs to one
 * shard, and so do its state, inbox, de-dupe marks, timers, effect jobs, records and waiting
 * requests: every multi-key step on a channel (MULTI/EXEC, Lua) stays in one Redis Cluster slot,
 * and the due-sets workers claim from are SHARDS keys, not one hot key.
 *
 *   <p>kv:<key>                string  JSON values, claims, locks (single-key operations only)
 *   <p>{sN}st:<channel>        hash    rule state: field "<rule>" (channel slice) or "<rule>|<conversation>" → JSON
 *   <p>{sN}pause:<channel>     string  a director's pause of the channel (JSON)
 *   <p>{sN}wait                hash    "<channel>|<rule>|<key>" → what waits on the team (JSON), for reports and status
 *   <p>{sN}in:<channel>        zset    events acknowledged to Slack, waiting to be processed; score = time (ms),
 *                                      member = "<ts>|<uuid>|<event JSON>" (equal times order by ts)
 *   <p>{sN}evt:<event id>      string  de-dupe mark of an event (same slot as the inbox it guards)
 *   <p>{sN}t:due               zset    timer id → due time (ms), jobs waiting to be claimed
 *   <p>{sN}t:lease             zset    timer id → lease expiry (ms), jobs claimed and being handled
 *   <p>{sN}t:job               hash    timer id → compact job JSON {i,d,k,p}
 *   <p>{sN}t:att               hash    timer id → times claimed (only for claimed jobs)
 *   <p>{sN}log:<name>          zset    time-ordered records (findings, responses, …), score = time (ms)
 *
 * A job's shard is its channel's: job ids are "<kind>|<channel>|…" (jobIdFor), anything else is
 * sharded by the whole id. Changing SHARDS re-homes every key: it is a constant, not a setting.
 */
export const SHARDS = 16;

/** FNV-1a: a stable, cheap string hash (the shard of a channel must never change). */
function hash(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

export function shardOf(channel: string): number {
  return hash(channel) % SHARDS;
}

/** The channel part of a job id "<kind>|<channel>|…", else the id itself. */
export function shardOfJob(id: string): number {
  const a = id.indexOf('|');
  if (a < 0) return shardOf(id);
  const b = id.indexOf('|', a + 1);
  return shardOf(id.slice(a + 1, b < 0 ? undefined : b));
}

export interface TimerKeys {
  due: string;
  lease: string;
  jobs: string;
  attempts: string;
  /** In the order the Lua scripts expect them. */
  list: [string, string, string, string];
}

export class RedisKeys {
  private readonly timers: TimerKeys[];

  constructor(readonly prefix: string) {
    // A brace in the prefix would become the hash tag and put every key in one slot.
    if (/[{}]/.test(prefix)) throw new Error(`Redis key prefix must not contain { or }: ${prefix}`);
    this.timers = Array.from({ length: SHARDS }, (_, n) => {
      const t = this.tag(n);
      const k = { due: `${t}t:due`, lease: `${t}t:lease`, jobs: `${t}t:job`, attempts: `${t}t:att` };
      return { ...k, list: [k.due, k.lease, k.jobs, k.attempts] };
    });
  }

  private tag(shard: number): string {
    return `${this.prefix}{s${shard}}`;
  }

  kv(key: string): string {
    return `${this.prefix}kv:${key}`;
  }
  state(channel: string): string {
    return `${this.tag(shardOf(channel))}st:${channel}`;
  }
  pause(channel: string): string {
    return `${this.tag(shardOf(channel))}pause:${channel}`;
  }
  /** The waiting index of a shard. */
  waiting(shard: number): string {
    return `${this.tag(shard)}wait`;
  }
  inbox(channel: string): string {
    return `${this.tag(shardOf(channel))}in:${channel}`;
  }
  dedupe(channel: string, eventKey: string): string {
    return `${this.tag(shardOf(channel))}evt:${eventKey}`;
  }
  log(shard: number, name: string): string {
    return `${this.tag(shard)}log:${name}`;
  }
  timerShard(shard: number): TimerKeys {
    return this.timers[shard];
  }
  timersOfJob(id: string): TimerKeys {
    return this.timers[shardOfJob(id)];
  }
}
