import { randomUUID } from 'node:crypto';
import { Cluster, type Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { ChannelWrite, Store, WaitingItem } from '../types';
import { shardOf, type RedisKeys } from './keys';

/**
 * One-shot upgrade from the Redis layout before the shards (commit bd462d2), run by the Redis store
 * at start-up, before any worker claims a job. The old layout, under the same prefix <p>:
 *
 *   <p>kv:ch:<channel>   string  the channel's whole state, JSON {<rule>: slice, _pause?: PauseRecord};
 *                                response-time's slice was {pending: {<conv>: request}, followUps: {<conv>: follow-up}}
 *   <p>t:due|t:lease|t:job|t:att  one unsharded timer set; job ids were already "<kind>|<channel>|…",
 *                                except effects ("fx|<uuid>"); response-time payloads were {t: 'rt'|'fu', c, r, ch}
 *   <p>in:<channel>      zset    the inbox, members as today
 *   <p>log:<name>        zset    records, members as today
 *
 * become the channel's state hash (one field per rule, one per response-time conversation), its
 * pause key, the waiting index (open requests and commitments, which /sla status used to read from
 * the blobs), the channel's shard of timers, inbox and logs. Everything else kept its key (opt-ins,
 * locks, pacing, post markers under kv:). Old de-dupe marks (kv:evt:<id>, 1 h TTL) are left to
 * expire: the new mark lives in the channel's shard and the old key does not name the channel.
 *
 * Safe to run again and by several replicas at once: a lock makes the others wait (so none starts
 * its workers on a half-moved store), and every step is idempotent (same job ids, same fields, same
 * members, each old key deleted only after its content is written), so a run after a crash mid-way
 * finishes the job without doubling anything. A run that reaches its end marks the move done; later
 * starts only count what is still in the old layout (an old replica still running) and leave it:
 * merged again, it would bring back requests answered since. Fails closed: what it cannot read is
 * left in place, logged without its content and counted.
 */
export interface MigrationReport {
  channels: number;
  channelsLeft: number;
  timers: number;
  timersLeft: number;
  inboxEvents: number;
  inboxEventsLeft: number;
  records: number;
  recordsLeft: number;
}

export interface MigrateOptions {
  redis: Redis | Cluster;
  keys: RedisKeys;
  /** The new layout's writer: channel state goes through its commit, so the format is the store's own. */
  store: Store;
  logger: Logger;
  /** How long a replica waits for another one's migration before giving up (start-up fails). */
  waitMs?: number;
  lockTtlMs?: number;
}

const CHUNK = 500;
const RESPONSE_TIME = 'response-time';
const DELAY_NOTICE = 'delay-notice';

/** Move one old job into its shard unless it is there already (a re-run), keeping its due score and attempts. */
const MOVE_JOB = `
if redis.call('HEXISTS', KEYS[3], ARGV[1]) == 1 then return 0 end
redis.call('HSET', KEYS[3], ARGV[1], ARGV[3])
redis.call('ZADD', KEYS[1], ARGV[2], ARGV[1])
if tonumber(ARGV[4]) > 0 then redis.call('HSET', KEYS[4], ARGV[1], ARGV[4]) end
return 1`;
const DEL_IF_SAME = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0`;
const RENEW_IF_MINE = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end return 0`;

export async function migrateOldLayout(o: MigrateOptions): Promise<MigrationReport> {
  const { redis, keys, logger } = o;
  const lockKey = keys.kv('migrate:layout-v2');
  const ttl = o.lockTtlMs ?? 30_000;
  const token = randomUUID();
  const deadline = Date.now() + (o.waitMs ?? 10 * 60_000);
  while ((await redis.set(lockKey, token, 'PX', ttl, 'NX')) !== 'OK') {
    if (Date.now() > deadline) throw new Error('another replica is still migrating the old Redis layout; not starting on a half-moved store');
    await new Promise((r) => setTimeout(r, 200));
  }
  const renew = setInterval(() => void redis.eval(RENEW_IF_MINE, 1, lockKey, token, ttl).catch(() => undefined), ttl / 3);
  try {
    const report: MigrationReport = { channels: 0, channelsLeft: 0, timers: 0, timersLeft: 0, inboxEvents: 0, inboxEventsLeft: 0, records: 0, recordsLeft: 0 };
    const doneKey = keys.kv('migrate:layout-v2:done');
    if (await redis.get(doneKey)) {
      // Migrated once already. Old keys now are what an old replica still wrote afterwards (or what
      // could not be read): merged again they would bring back requests the bot has closed since.
      await countLeftovers(o, report);
      if (report.channelsLeft + report.timersLeft + report.inboxEventsLeft + report.recordsLeft) {
        logger.warn(report, 'old-layout Redis keys found after the upgrade (an old replica still running, or unreadable data): left in place, not merged');
      }
      return report;
    }
    // Timers first: a channel's migrated inbox then finds its drain job already in place.
    await moveTimers(o, report);
    await moveChannels(o, report);
    await moveInboxes(o, report);
    await moveLogs(o, report);
    const left = report.channelsLeft + report.timersLeft + report.inboxEventsLeft + report.recordsLeft;
    const moved = report.channels + report.timers + report.inboxEvents + report.records;
    if (left) logger.warn(report, 'old Redis layout migrated in part: what could not be read is left in place (see the warnings above)');
    else if (moved) logger.info(report, 'old Redis layout migrated');
    // Only a run that went to the end marks the move done: a crash before it is finished by the next start.
    await redis.set(doneKey, '1');
    return report;
  } finally {
    clearInterval(renew);
    await redis.eval(DEL_IF_SAME, 1, lockKey, token).catch(() => undefined);
  }
}

/** What is still in the old layout, counted as left (channels, timers, inbox events, records), nothing moved. */
async function countLeftovers(o: MigrateOptions, report: MigrationReport): Promise<void> {
  const { redis, keys } = o;
  report.channelsLeft = (await scanAll(redis, `${glob(keys.kv('ch:'))}*`)).length;
  report.timersLeft = await redis.hlen(`${keys.prefix}t:job`);
  for (const key of await scanAll(redis, `${glob(`${keys.prefix}in:`)}*`)) report.inboxEventsLeft += await redis.zcard(key);
  for (const key of await scanAll(redis, `${glob(`${keys.prefix}log:`)}*`)) report.recordsLeft += await redis.zcard(key);
}

async function moveTimers(o: MigrateOptions, report: MigrationReport): Promise<void> {
  const { redis, keys } = o;
  const old = { due: `${keys.prefix}t:due`, lease: `${keys.prefix}t:lease`, jobs: `${keys.prefix}t:job`, attempts: `${keys.prefix}t:att` };
  const seen = new Set<string>();
  let cursor = '0';
  do {
    const [next, flat] = await redis.hscan(old.jobs, cursor, 'COUNT', CHUNK);
    cursor = next;
    const batch: Array<[string, string]> = [];
    for (let i = 0; i < flat.length; i += 2) if (!seen.has(flat[i])) batch.push([flat[i], flat[i + 1]]);
    await Promise.all(
      batch.map(async ([id, raw]) => {
        seen.add(id);
        const job = newJob(id, raw);
        if (!job) {
          report.timersLeft++;
          o.logger.warn({ job: id.slice(0, 200) }, 'old timer unreadable; left in place');
          return;
        }
        const [due, lease, attempts] = await Promise.all([redis.zscore(old.due, id), redis.zscore(old.lease, id), redis.hget(old.attempts, id)]);
        // A job an old worker had claimed becomes due when its lease runs out, as it would have.
        const score = due ?? lease ?? job.d;
        const t = keys.timersOfJob(id);
        await redis.eval(MOVE_JOB, 4, ...t.list, id, score, JSON.stringify(job), Number(attempts ?? 0));
        // The job's own entry goes last: until then a re-run finds it and finishes the removal.
        await Promise.all([redis.zrem(old.due, id), redis.zrem(old.lease, id), redis.hdel(old.attempts, id)]);
        await redis.hdel(old.jobs, id);
        report.timers++;
      }),
    );
  } while (cursor !== '0');
  // Due/lease/attempt entries of jobs that no longer exist are dead weight once every job moved.
  if ((await redis.hlen(old.jobs)) === 0) for (const k of [old.due, old.lease, old.attempts]) await redis.del(k);
}

/** The new form of an old job ({i,d,k,p}); null when it cannot be read. */
function newJob(id: string, raw: string): { i: string; d: number; k: string; p: Record<string, unknown> } | null {
  const j = parseJSON(raw);
  if (!isObject(j) || j.i !== id || typeof j.d !== 'number' || typeof j.k !== 'string' || !isObject(j.p)) return null;
  const p = j.p;
  if (j.k !== RESPONSE_TIME || (p.t !== 'rt' && p.t !== 'fu')) return { i: id, d: j.d, k: j.k, p };
  // response-time's payload is typed now: {kind, conversation, request | interim} (detectors/response-time/state.ts).
  const { t, c, r, ...rest } = p;
  if (typeof c !== 'string' || typeof r !== 'string') return null;
  const payload = t === 'rt' ? { kind: 'response', conversation: c, request: r, ...rest } : { kind: 'follow-up', conversation: c, interim: r, ...rest };
  return { i: id, d: j.d, k: j.k, p: payload };
}

async function moveChannels(o: MigrateOptions, report: MigrationReport): Promise<void> {
  const { redis, keys } = o;
  const base = keys.kv('ch:');
  await inBatches(await scanAll(redis, `${glob(base)}*`), async (key) => {
    const raw = await redis.get(key);
    if (raw === null) return;
    const channel = key.slice(base.length);
    let write: ChannelWrite;
    try {
      write = channelWrite(channel, raw);
    } catch (error) {
      report.channelsLeft++;
      // The reason may quote the blob (people's words): only at debug.
      o.logger.warn({ channel, bytes: raw.length }, 'old channel state unreadable; left in place');
      o.logger.debug({ channel, reason: (error as Error).message }, 'why the old channel state was left');
      return;
    }
    // The channel's fields, pause and waiting items in one transaction in its shard; then the blob, if unchanged.
    await o.store.commit({ channel: write });
    await redis.eval(DEL_IF_SAME, 1, key, raw);
    report.channels++;
  });
}

/** An old channel blob as the new layout's channel write; throws on anything it cannot vouch for. */
function channelWrite(channel: string, raw: string): ChannelWrite {
  const state = JSON.parse(raw) as unknown;
  if (!isObject(state)) throw new Error('not a JSON object');
  const set: Array<{ field: string; value: unknown }> = [];
  const waiting: WaitingItem[] = [];
  let pause: unknown;
  for (const [rule, slice] of Object.entries(state)) {
    if (slice === null || slice === undefined) continue;
    if (rule === '_pause') {
      if (!isObject(slice) || typeof slice.until !== 'number') throw new Error('_pause has no until');
      pause = slice;
    } else if (rule === RESPONSE_TIME) {
      // One slice per conversation: {pending?, followUp?}; a pending request waits on the team.
      if (!isObject(slice)) throw new Error('response-time is not an object');
      const pending = records(slice.pending, 'pending');
      const followUps = records(slice.followUps, 'followUps');
      for (const conv of new Set([...Object.keys(pending), ...Object.keys(followUps)])) {
        const p = pending[conv];
        const fu = followUps[conv];
        if (p && (typeof p.ts !== 'string' || typeof p.client !== 'string' || typeof p.openedAt !== 'number' || !Array.isArray(p.tss) || !Array.isArray(p.fired))) throw new Error(`pending request of ${conv} malformed`);
        if (fu && (typeof fu.ts !== 'string' || typeof fu.assistant !== 'string' || typeof fu.deadlineAt !== 'number')) throw new Error(`follow-up of ${conv} malformed`);
        set.push({ field: `${RESPONSE_TIME}|${conv}`, value: { ...(p ? { pending: p } : {}), ...(fu ? { followUp: fu } : {}) } });
        if (p) waiting.push({ channel, rule: RESPONSE_TIME, key: conv, ts: p.ts as string, user: p.client as string, since: p.openedAt as number });
      }
    } else {
      if (rule === DELAY_NOTICE) {
        // Each open commitment waits on the one who promised, until its deadline.
        if (!isObject(slice)) throw new Error('delay-notice is not an object');
        for (const [ts, c] of Object.entries(records(slice.open, 'open'))) {
          if (typeof c.user !== 'string' || typeof c.at !== 'number' || typeof c.deadlineAt !== 'number') throw new Error(`commitment ${ts} malformed`);
          waiting.push({ channel, rule: DELAY_NOTICE, key: ts, ts, user: c.user, since: c.at, dueAt: c.deadlineAt });
        }
      }
      // Every other rule's slice is the same value in its own field.
      set.push({ field: rule, value: slice });
    }
  }
  return { channel, set, ...(pause !== undefined ? { pause } : {}), waiting: { set: waiting } };
}

/** Old inboxes move whole into the channel's shard, with a drain job if the old one did not come along. */
async function moveInboxes(o: MigrateOptions, report: MigrationReport): Promise<void> {
  const { redis, keys } = o;
  const base = `${keys.prefix}in:`;
  await inBatches(await scanAll(redis, `${glob(base)}*`), async (key) => {
    const channel = key.slice(base.length);
    const to = keys.inbox(channel);
    const { moved, left } = await moveZset(o, key, (member) => {
      const json = member.indexOf('|', member.indexOf('|') + 1);
      return json > 0 && parseJSON(member.slice(json + 1)) !== undefined ? to : null;
    });
    report.inboxEvents += moved;
    report.inboxEventsLeft += left;
    if (moved) {
      // The drain job's id and payload as the service makes them (slack/jobs.ts INBOX_JOB, core/runner.ts jobIdFor).
      const id = `inbox|${channel}`;
      const now = Date.now();
      await redis.eval(MOVE_JOB, 4, ...keys.timersOfJob(id).list, id, now, JSON.stringify({ i: id, d: now, k: 'inbox', p: { ch: channel } }), 0);
    }
    if (left) o.logger.warn({ channel, left }, 'old inbox entries unreadable; left in place');
  });
}

/** Records go to the shard of the channel they are about (where the service writes them), else shard 0. */
async function moveLogs(o: MigrateOptions, report: MigrationReport): Promise<void> {
  const { redis, keys } = o;
  const base = `${keys.prefix}log:`;
  for (const key of await scanAll(redis, `${glob(base)}*`)) {
    const name = key.slice(base.length);
    const { moved, left } = await moveZset(o, key, (member) => {
      const record = parseJSON(member.slice(member.indexOf('|') + 1));
      if (record === undefined) return null;
      const channel = isObject(record) && typeof record.channel === 'string' ? record.channel : undefined;
      return keys.log(channel === undefined ? 0 : shardOf(channel), name);
    });
    report.records += moved;
    report.recordsLeft += left;
    if (left) o.logger.warn({ log: name, left }, 'old records unreadable; left in place');
  }
}

/** Move a sorted set's members (same member, same score) to where `target` says; null leaves one behind. */
async function moveZset(o: MigrateOptions, from: string, target: (member: string) => string | null): Promise<{ moved: number; left: number }> {
  let moved = 0;
  let left = 0;
  for (;;) {
    // What is left behind sorts before what is not yet looked at: read on from there.
    const flat = await o.redis.zrange(from, String(left), String(left + CHUNK - 1), 'WITHSCORES');
    if (!flat.length) return { moved, left };
    const byKey = new Map<string, Array<string>>();
    const done: string[] = [];
    for (let i = 0; i < flat.length; i += 2) {
      const to = target(flat[i]);
      if (to === null) {
        left++;
        continue;
      }
      byKey.set(to, [...(byKey.get(to) ?? []), flat[i + 1], flat[i]]);
      done.push(flat[i]);
    }
    await Promise.all([...byKey].map(([k, args]) => o.redis.zadd(k, ...args)));
    if (done.length) await o.redis.zrem(from, ...done);
    moved += done.length;
  }
}

/** Keys matching a pattern, on every master of a Cluster (each holds its own part of the keyspace). */
async function scanAll(redis: Redis | Cluster, pattern: string): Promise<string[]> {
  const nodes = redis instanceof Cluster ? redis.nodes('master') : [redis];
  if (!nodes.length) throw new Error('no Redis Cluster master to scan (cluster not ready)');
  const out: string[] = [];
  for (const node of nodes) {
    let cursor = '0';
    do {
      const [next, batch] = await node.scan(cursor, 'MATCH', pattern, 'COUNT', CHUNK);
      out.push(...batch);
      cursor = next;
    } while (cursor !== '0');
  }
  return [...new Set(out)];
}

/** A few keys at a time: thousands of channels migrate in seconds, without thousands of commands in flight. */
async function inBatches(keys: string[], fn: (key: string) => Promise<void>): Promise<void> {
  for (let i = 0; i < keys.length; i += 50) await Promise.all(keys.slice(i, i + 50).map(fn));
}

function glob(s: string): string {
  return s.replace(/[*?[\]\\]/g, '\\$&');
}

function parseJSON(s: string): unknown {
  try {
    return JSON.parse(s) as unknown;
  } catch {
    return undefined;
  }
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A map of objects (pending requests by conversation, …); absent is empty. */
function records(v: unknown, what: string): Record<string, Record<string, unknown>> {
  if (v === undefined) return {};
  if (!isObject(v) || !Object.values(v).every(isObject)) throw new Error(`${what} is not a map of objects`);
  return v as Record<string, Record<string, unknown>>;
}
