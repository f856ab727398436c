import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { z } from 'zod';
import type { Rulebook } from '../config/rulebook';
import type { ChannelFacts } from '../core/detector';
import { evaluate, type ChannelState, type EngineResult } from '../core/engine';
import type { SlaEvent } from '../core/events';
import type { ClaimedTimer, Store, StoreTx, TimerJob } from '../store/types';
import { lastJobError, MAX_JOB_ATTEMPTS, recordDeadLetter, rememberJobError } from './dead-letters';
import { LookupUnavailableError, type Directory } from './directory';
import type { Effect, EffectRunner } from './effects';
import { MalformedPayloadError, normalizeEvent, parseEnvelope } from './normalize';
import { OPTIN_PREFIX } from './optin';

/**
 * The adapter between Slack events / timer firings and the pure engine.
 * Acknowledging an event is one atomic store step (de-duplicate, queue in the channel's inbox, make
 * the channel's drain job due): Slack gets its 200 as soon as the event is durable, and a 500 when
 * it is not (Slack retries). The drain job then processes the inbox per channel, under a lock
 * shared by all replicas, oldest first, in batches: read the state once, evaluate each event, and
 * commit state + timers + outbox effects + records + the inbox removal in one atomic write. Slack
 * calls happen later, from the outbox (see EffectRunner).
 */
export const EFFECT_JOB = 'effect';
/** Drains one channel's inbox of acknowledged events. */
export const INBOX_JOB = 'inbox';
/** Events taken from an inbox per lock, state read and commit. */
const INBOX_BATCH = 50;
/** Ends a pause at its `until` date. */
export const PAUSE_END_JOB = 'pause-end';

/** A director's pause of a client's SLA, kept in the channel state. */
export interface PauseRecord {
  since: number;
  until: number;
  reason?: string;
  by: string;
}
/** Slack retries for up to ~1 hour; keep event ids longer than the 10 minutes the spec asks. */
const DEDUPE_TTL_MS = 60 * 60_000;

export interface ServiceDeps {
  store: Store;
  rulebook: Rulebook;
  directory: Directory;
  effects: EffectRunner;
  logger: Logger;
  botUserId?: string;
  /** Minimum spacing of messages into one channel (Slack's per-channel rate); 0 = no pacing. */
  channelIntervalMs?: number;
  now?: () => number;
  /** Called after a commit that created due work, so the scheduler need not wait for its next poll. */
  onWork?: () => void;
  /** Tries of a timer or effect job before it becomes a dead letter. */
  maxJobAttempts?: number;
}

export type HandleResult = 'queued' | 'duplicate' | 'ignored';

export class SlaService {
  private readonly now: () => number;
  private readonly ignored: Set<string>;

  constructor(private readonly d: ServiceDeps) {
    this.now = d.now ?? Date.now;
    const team = d.rulebook.team;
    // Directors' channels are never client channels: nothing there is timed.
    const escalation = d.rulebook.rules
      .flatMap((r) => [r.options, ...r.overrides.map((o) => o.options)])
      .map((o) => (o as { escalationChannel?: string }).escalationChannel)
      .filter((c): c is string => Boolean(c));
    this.ignored = new Set([...team.ignoreChannels, ...(team.escalationChannel ? [team.escalationChannel] : []), ...escalation]);
  }

  /** An Events API envelope (already signature-checked). Throws MalformedPayloadError for bad shapes. */
  async handleEnvelope(body: unknown): Promise<HandleResult> {
    const env = parseEnvelope(body);
    if (await this.revokeConsent(env.event)) return 'ignored';
    const event = normalizeEvent(env.event);
    if (!event || this.ignored.has(event.channel)) return 'ignored';
    if (isDirect(env.event, event) && !(await this.authorOptedIn(event))) {
      // Never the text, nor who wrote it: only that something was dropped.
      this.d.logger.debug({ eventId: env.event_id }, 'DM of an author who has not opted in; dropped unread');
      return 'ignored';
    }
    const queued = await this.d.store.enqueueEvent({
      dedupeKey: `evt:${env.event_id}`,
      dedupeTtlMs: DEDUPE_TTL_MS,
      channel: event.channel,
      at: event.at,
      sortKey: sortKeyOf(event),
      event,
      jobId: `${INBOX_JOB}|${event.channel}`,
      jobKind: INBOX_JOB,
      now: this.now(),
    });
    if (!queued) {
      this.d.logger.debug({ eventId: env.event_id }, 'duplicate event skipped');
      return 'duplicate';
    }
    this.d.onWork?.();
    return 'queued';
  }

  /**
   * Slack delivers every DM of whoever granted the user scopes, the installing admin included: a DM
   * counts only if its author opted in. A store failure throws (500, Slack retries), never "yes".
   */
  private async authorOptedIn(event: SlaEvent): Promise<boolean> {
    // Deletions carry no author and dm-usage has no use for them; reactions count as the reactor's.
    const author = event.type === 'message' ? event.user : event.type === 'reaction' ? event.user : undefined;
    if (!author) return false;
    return (await this.d.store.getJSON(OPTIN_PREFIX + author)) !== null;
  }

  /** tokens_revoked (user tokens) and app_uninstalled end consent: their opt-ins are deleted. True if it was one. */
  private async revokeConsent(raw: { type: string }): Promise<boolean> {
    if (raw.type === 'tokens_revoked') {
      const parsed = tokensRevokedSchema.safeParse(raw);
      if (!parsed.success) throw new MalformedPayloadError(`event.tokens: ${parsed.error.issues[0].message}`);
      const users = parsed.data.tokens.oauth ?? [];
      if (users.length) await this.d.store.commit({ del: users.map((u) => OPTIN_PREFIX + u) });
      this.d.logger.info({ users }, 'user tokens revoked; their DM opt-ins deleted');
      return true;
    }
    if (raw.type === 'app_uninstalled') {
      const keys = await this.d.store.scanKeys(OPTIN_PREFIX);
      if (keys.length) await this.d.store.commit({ del: keys });
      this.d.logger.info({ optins: keys.length }, 'app uninstalled; every DM opt-in deleted');
      return true;
    }
    return false;
  }

  /** A durable job came due: a channel's inbox, an outbox effect, or a rule's timer. */
  async handleJob(job: ClaimedTimer): Promise<void> {
    try {
      await this.runJob(job);
    } catch (error) {
      // The job stays leased and runs again; its dead letter, if it comes to that, says why.
      await rememberJobError(this.d.store, job.id, error).catch(() => undefined);
      throw error;
    }
  }

  private async runJob(job: ClaimedTimer): Promise<void> {
    if (job.kind === INBOX_JOB) {
      const channel = String(job.payload.ch);
      while ((await this.processChannel(channel, undefined, job.attempts)).more);
      return;
    }
    if (job.attempts >= (this.d.maxJobAttempts ?? MAX_JOB_ATTEMPTS)) {
      // Retried for long enough (a channel's inbox never is: it waits for Slack or Redis to come back): keep a record directors can see (/sla status) and stop.
      await recordDeadLetter(this.d.store, this.d.logger, { job, reason: (await lastJobError(this.d.store, job.id)) ?? 'failed repeatedly', at: this.now() });
      return;
    }
    if (job.kind === EFFECT_JOB) {
      const effect = job.payload as unknown as Effect;
      if (await this.deferToPace(job, effect)) return;
      await this.d.effects.run(effect, job.id);
      return;
    }
    if (job.kind === PAUSE_END_JOB) {
      await this.process({ type: 'resume', channel: String(job.payload.ch), at: Math.max(this.now(), job.dueAt) });
      return;
    }
    const channel = String(job.payload.ch ?? '');
    if (!channel) {
      this.d.logger.error({ job: job.id }, 'timer without a channel; dropping it');
      return;
    }
    await this.process({
      type: 'timer',
      rule: job.kind,
      channel,
      jobId: job.id,
      payload: job.payload,
      dueAt: job.dueAt,
      at: Math.max(this.now(), job.dueAt),
    });
  }

  /**
   * Slack allows about one message a second into a channel. A burst of effects for one channel
   * takes slots one interval apart (reserved in the store, so replicas share them): an effect whose
   * slot is later is rescheduled to it, durably, and runs then without asking again.
   */
  private async deferToPace(job: ClaimedTimer, effect: Effect): Promise<boolean> {
    const interval = this.d.channelIntervalMs ?? 0;
    if (interval <= 0 || typeof job.payload.slotAt === 'number') return false;
    const target = this.d.effects.destinationOf(effect);
    const now = this.now();
    const slot = await this.d.store.reserveSlot(`pace:${target}`, now, interval);
    if (slot <= now) return false;
    await this.d.store.commit({ schedule: [{ id: job.id, dueAt: slot, kind: job.kind, payload: { ...job.payload, slotAt: slot } }] });
    this.d.logger.debug({ job: job.id, channel: target, waitMs: slot - now }, 'effect paced to the channel rate');
    return true;
  }

  /**
   * Evaluate one event now (a timer, a director's pause, an incident report), after any events of
   * its channel already acknowledged and older than it: a reminder must not fire ahead of the
   * reply that answered it.
   */
  async process(event: SlaEvent): Promise<EngineResult> {
    return (await this.processChannel(event.channel, event, 0)).result!;
  }

  private async processChannel(channel: string, extra: SlaEvent | undefined, attempts: number): Promise<{ result?: EngineResult; more: boolean }> {
    const out = await this.d.store.withLock(`lock:ch:${channel}`, async () => {
      // One round trip for both reads (ioredis pipelines commands issued in the same tick).
      const [inbox, stored] = await Promise.all([this.d.store.peekInbox(channel, INBOX_BATCH), this.d.store.getJSON<ChannelState>(`ch:${channel}`)]);
      const take = extra ? inbox.filter((e) => e.at <= extra.at) : inbox;
      const initial = stored ?? {};
      const batch = new Batch(channel, initial);
      for (const entry of take) {
        // Let acknowledgements of new events in between: a batch is CPU work, and Slack waits for its 200.
        await new Promise((resolve) => setImmediate(resolve));
        try {
          await this.evaluateInto(batch, entry.event as SlaEvent);
        } catch (error) {
          // Slack unreachable: hold the whole batch and retry it; deciding without the answer is not safe.
          if (error instanceof LookupUnavailableError || attempts < 3) throw error;
          // Anything else that fails again and again (a bug) must not block the channel: set aside, visibly.
          batch.deadLetters.push({ channel, at: entry.at, reason: (error as Error).message });
        }
      }
      const result = extra ? await this.evaluateInto(batch, extra) : undefined;
      for (const dl of batch.deadLetters) {
        await recordDeadLetter(this.d.store, this.d.logger, { job: { id: `event|${channel}|${dl.at}`, kind: 'event', payload: { ch: channel } }, reason: dl.reason, at: this.now() });
      }
      const tx = batch.toTx();
      tx.inboxDone = take.length ? [{ channel, ids: take.map((e) => e.id) }] : undefined;
      if (hasWrites(tx)) await this.d.store.commit(tx);
      return { result, more: !extra && inbox.length === INBOX_BATCH, work: batch.hasWork };
    });
    if (out.work) this.d.onWork?.();
    return out;
  }

  /** Evaluate one event against the batch's running state, adding its writes to the batch. */
  private async evaluateInto(batch: Batch, event: SlaEvent): Promise<EngineResult> {
    const channel = batch.channel;
    const state = batch.state;
    const pause = state._pause as PauseRecord | undefined;
    await this.resolvePeople(event);
    const facts = { ...(await this.facts(event)), paused: Boolean(pause) && event.type !== 'resume' };
    const rules = this.d.rulebook.rulesFor(facts);
    const team = this.d.rulebook.team;
    const res = evaluate(event, {
      rules,
      roles: this.d.directory.currentRoles(),
      channel: facts,
      team: { language: team.language, escalationChannel: team.escalationChannel },
      calendar: this.d.rulebook.calendar,
      state,
    });
    // The pause itself lives beside the rules' state; its end is a durable job like any timer.
    if (event.type === 'pause') {
      res.state._pause = { since: event.at, until: event.until, reason: event.reason, by: event.by } satisfies PauseRecord;
      res.stateChanged = true;
      batch.schedule({ id: `${PAUSE_END_JOB}|${channel}`, dueAt: event.until, kind: PAUSE_END_JOB, payload: { ch: channel } });
    } else if (event.type === 'resume' && pause) {
      delete res.state._pause;
      res.stateChanged = true;
      batch.cancel(`${PAUSE_END_JOB}|${channel}`);
    }
    if (facts.paused) {
      // No nudges, no breaches while a client is paused.
      res.outcomes = res.outcomes.filter((o) => o.kind !== 'nudge' && o.kind !== 'escalation' && o.kind !== 'finding' && o.kind !== 'direct');
    }
    for (const e of res.errors) this.d.logger.error({ rule: e.rule, err: { message: e.error.message, stack: e.error.stack } }, 'detector failed');
    batch.add(res, this.now());
    const counts = countKinds(res);
    // Something a person will see or a director will count is worth an info line; timer bookkeeping is not.
    const notable = counts.nudge || counts.escalation || counts.finding || counts.direct || counts.stamp;
    if (Object.keys(counts).length > 0) this.d.logger[notable ? 'info' : 'debug']({ event: event.type, channel, ...counts }, 'event evaluated');
    return res;
  }

  /**
   * Look up the people of an event before any rule judges it: a guest of our own workspace carries
   * our team id and only users.info tells them from the team (the directory then counts them as
   * clients). Throws LookupUnavailableError when Slack cannot answer: the event waits, it is not guessed.
   */
  private async resolvePeople(event: SlaEvent): Promise<void> {
    const roles = this.d.directory.currentRoles();
    const ids: string[] = [];
    if (event.type === 'message' && event.user && !event.botId && (!event.userTeam || event.userTeam === roles.ourTeamId)) ids.push(event.user);
    if (event.type === 'reaction') ids.push(event.user, ...(event.itemUser ? [event.itemUser] : []));
    // People the team file names by id are settled without Slack (and they write most messages).
    for (const id of ids) if (!roles.isNamed(id)) await this.d.directory.user(id);
  }

  private async facts(event: SlaEvent): Promise<ChannelFacts> {
    const channel = event.channel;
    const team = this.d.rulebook.team;
    if (event.type === 'message' && (event.channelType === 'im' || event.channelType === 'mpim')) {
      // A DM (seen through an assistant's opt-in): the bot cannot look it up; point to their client channels.
      return {
        id: channel,
        isExtShared: false,
        tracked: false,
        assistants: [],
        channelsOfAuthor: team.channels.filter((c) => event.user && this.d.directory.expandRefs(c.assistants).includes(event.user)).map((c) => c.id),
      };
    }
    const info = await this.d.directory.channel(channel);
    return {
      id: channel,
      name: info.name,
      isExtShared: info.isExtShared,
      tracked: info.isExtShared || team.channels.some((c) => c.id === channel),
      // Only timer firings nudge channel assistants; messages need not pay for a member look-up.
      assistants: event.type === 'timer' ? await this.d.directory.assistantsOf(channel, this.d.botUserId) : [],
    };
  }
}

/**
 * The writes of a batch of events of one channel, in order: the last word on a timer wins (armed
 * by one event, cancelled by the next: cancelled), the state is written once at the end.
 */
class Batch {
  state: ChannelState;
  private stateChanged = false;
  private readonly jobs = new Map<string, TimerJob | null>();
  private readonly records: NonNullable<StoreTx['records']> = [];
  hasWork = false;
  /** Events that failed every attempt, set aside with their reason. */
  readonly deadLetters: Array<{ channel: string; at: number; reason: string }> = [];

  constructor(readonly channel: string, initial: ChannelState) {
    this.state = initial;
  }

  schedule(job: TimerJob): void {
    this.jobs.set(job.id, job);
    this.hasWork = true;
  }

  cancel(id: string): void {
    this.jobs.set(id, null);
  }

  add(res: EngineResult, now: number): void {
    this.state = res.state;
    if (res.stateChanged) this.stateChanged = true;
    for (const o of res.outcomes) {
      switch (o.kind) {
        case 'timer':
          this.schedule({ id: ruleTimerId(o.rule, this.channel, o.id), dueAt: o.dueAt, kind: o.rule, payload: { ...o.payload, ch: this.channel } });
          break;
        case 'cancel-timer':
          this.cancel(ruleTimerId(o.rule, this.channel, o.id));
          break;
        case 'finding':
          this.records.push({ log: 'findings', at: o.finding.at, record: o.finding });
          break;
        case 'response':
          this.records.push({ log: 'responses', at: o.record.answeredAt, record: o.record });
          break;
        case 'nudge':
          // One job per recipient, so a retry never repeats a nudge someone already got.
          for (const user of o.to) this.schedule(effectJob({ ...o, to: [user] }, now));
          break;
        case 'escalation':
        case 'direct':
        case 'stamp':
          this.schedule(effectJob(o, now));
          break;
      }
    }
  }

  toTx(): StoreTx {
    const tx: StoreTx = { set: [], del: [], schedule: [], cancel: [], records: this.records };
    if (this.stateChanged) {
      if (Object.keys(this.state).length > 0) tx.set!.push({ key: `ch:${this.channel}`, value: this.state });
      else tx.del!.push(`ch:${this.channel}`);
    }
    for (const [id, job] of this.jobs) {
      if (job) tx.schedule!.push(job);
      else tx.cancel!.push(id);
    }
    return tx;
  }
}

export function ruleTimerId(rule: string, channel: string, local: string): string {
  return `${rule}|${channel}|${local}`;
}

function effectJob(effect: Effect, now: number): TimerJob {
  return { id: `fx|${randomUUID()}`, dueAt: now, kind: EFFECT_JOB, payload: effect as unknown as Record<string, unknown> };
}

/** Slack's tokens_revoked: user ids whose user (oauth) or bot tokens were revoked. */
const tokensRevokedSchema = z.object({ tokens: z.object({ oauth: z.array(z.string()).optional(), bot: z.array(z.string()).optional() }) });

/** A DM or group DM (by the payload's channel_type, else the D… id of an IM). */
function isDirect(raw: Record<string, unknown>, event: SlaEvent): boolean {
  if (event.type === 'message') return event.channelType === 'im' || event.channelType === 'mpim';
  return raw.channel_type === 'im' || raw.channel_type === 'mpim' || event.channel.startsWith('D');
}

function hasWrites(tx: StoreTx): boolean {
  return Boolean(tx.set?.length || tx.del?.length || tx.schedule?.length || tx.cancel?.length || tx.records?.length || tx.inboxDone?.length);
}

/** Order of events of the same millisecond in an inbox: their Slack ts. */
function sortKeyOf(event: SlaEvent): string {
  return 'ts' in event ? event.ts : 'itemTs' in event ? event.itemTs : '';
}

function countKinds(res: EngineResult): Record<string, number> {
  const out: Record<string, number> = {};
  for (const o of res.outcomes) out[o.kind] = (out[o.kind] ?? 0) + 1;
  return out;
}
