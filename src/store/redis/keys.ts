/**
 * Every Redis key sla-bot uses is built here, under one prefix (BullMQ style), so a test can
 * isolate itself with a random prefix and an operator can see the whole layout in one place.
 *
 *   <p>kv:<key>        string   JSON values, de-dupe marks, locks (logical keys from the callers)
 *   <p>t:due           zset     timer id → due time (ms), jobs waiting to be claimed
 *   <p>t:lease         zset     timer id → lease expiry (ms), jobs claimed and being handled
 *   <p>t:job           hash     timer id → compact job JSON {i,d,k,p}
 *   <p>t:att           hash     timer id → times claimed (only for claimed jobs)
 *   <p>log:<name>      zset     time-ordered records (findings, responses), score = time (ms)
 *   <p>in:<channel>    zset     events acknowledged to Slack, waiting to be processed; score = time (ms),
 *                               member = "<ts>|<uuid>|<event JSON>" (equal times order by ts)
 */
export class RedisKeys {
  constructor(readonly prefix: string) {}
  kv(key: string): string {
    return `${this.prefix}kv:${key}`;
  }
  get due(): string {
    return `${this.prefix}t:due`;
  }
  get lease(): string {
    return `${this.prefix}t:lease`;
  }
  get jobs(): string {
    return `${this.prefix}t:job`;
  }
  get attempts(): string {
    return `${this.prefix}t:att`;
  }
  inbox(channel: string): string {
    return `${this.prefix}in:${channel}`;
  }
  log(name: string): string {
    return `${this.prefix}log:${name}`;
  }
  /** The four timer keys, in the order the Lua scripts expect them. */
  get timerKeys(): [string, string, string, string] {
    return [this.due, this.lease, this.jobs, this.attempts];
  }
}
