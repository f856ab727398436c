import type { Logger } from 'pino';
import { z } from 'zod';
import type { Rulebook } from '../config/rulebook';
import type { EngineResult } from '../core/engine';
import type { SlaEvent } from '../core/events';
import { jobIdFor } from '../core/runner';
import { timerEvent } from '../core/virtual-channel';
import type { ClaimedTimer, Store } from '../store/types';
import { ChannelProcessor } from './channel-processor';
import { EFFECT_JOB, INBOX_JOB } from './jobs';
import { lastJobError, MAX_JOB_ATTEMPTS, recordDeadLetter, rememberJobError } from './dead-letters';
import type { Directory } from './directory';
import type { EffectRunner } from './effects';
import { directoryChangeOf, MalformedPayloadError, normalizeEvent, parseEnvelope } from './normalize';
import { OPTIN_PREFIX } from './optin';
import { Outbox } from './outbox';

/**
 * The adapter between Slack and the engine. Acknowledging an event is one atomic store step
 * (de-duplicate, queue in the channel's inbox, make the channel's drain job due): Slack gets its
 * 200 as soon as the event is durable, and a 500 when it is not (Slack retries). Durable jobs are
 * routed by kind: a channel's inbox to the ChannelProcessor, an effect to the Outbox, a rule's
 * timer or a pause's end back into the channel runner as an event.
 */
export { EFFECT_JOB, INBOX_JOB } from './jobs';
export { PAUSE_END_JOB, type PauseRecord } from '../core/runner';

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

type JobHandler = (job: ClaimedTimer) => Promise<void>;

export class SlaService {
  private readonly now: () => number;
  private readonly ignored: Set<string>;
  private readonly channels: ChannelProcessor;
  private readonly outbox: Outbox;
  /** Durable jobs by kind; any other kind is a rule's timer. */
  private readonly routes: Map<string, JobHandler>;

  constructor(private readonly d: ServiceDeps) {
    this.now = d.now ?? Date.now;
    this.channels = new ChannelProcessor({ store: d.store, rulebook: d.rulebook, directory: d.directory, logger: d.logger, botUserId: d.botUserId, now: this.now, onWork: d.onWork });
    this.outbox = new Outbox({ store: d.store, effects: d.effects, logger: d.logger, channelIntervalMs: d.channelIntervalMs ?? 0, now: this.now });
    this.routes = new Map<string, JobHandler>([
      // A channel's inbox is never given up on: it waits for Slack or Redis to come back.
      [INBOX_JOB, (job) => this.channels.drain(String(job.payload.ch), job.attempts)],
      [EFFECT_JOB, (job) => this.capped(job, () => this.outbox.run(job))],
    ]);
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
    const changed = directoryChangeOf(env.event);
    if (changed) {
      // Before the event is queued: whatever judges it (or anything after it) asks Slack afresh.
      await this.d.directory.forget(changed);
      if (env.event.type !== 'message') return 'ignored';
    }
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
      jobId: jobIdFor(INBOX_JOB, event.channel),
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

  /**
   * A durable job came due: a channel's inbox, an outbox effect, or a rule's timer. 'completed': the
   * job was finished in the same commit as its work (a rule's timer), the scheduler need not.
   */
  async handleJob(job: ClaimedTimer): Promise<void | 'completed'> {
    try {
      return await this.runJob(job);
    } catch (error) {
      // The job stays leased and runs again; its dead letter, if it comes to that, says why.
      await rememberJobError(this.d.store, job.id, error).catch(() => undefined);
      throw error;
    }
  }

  private async runJob(job: ClaimedTimer): Promise<void | 'completed'> {
    const route = this.routes.get(job.kind);
    if (route) return route(job);
    let completed = false;
    await this.capped(job, async () => {
      const channel = String(job.payload.ch ?? '');
      if (!channel) {
        this.d.logger.error({ job: job.id }, 'timer without a channel; dropping it');
        return;
      }
      // A rule's timer or a pause's end, back into the channel runner as an event.
      const event = timerEvent(channel, job.id, job, Math.max(this.now(), job.dueAt));
      await this.channels.process(event);
      // The processor finishes a rule's timer in its batch's commit (a pause's end is not one).
      completed = event.type === 'timer';
    });
    return completed ? 'completed' : undefined;
  }

  /** Run a job, unless it was retried for long enough: then keep a record directors can see (/sla status) and stop. */
  private async capped(job: ClaimedTimer, run: () => Promise<void>): Promise<void> {
    if (job.attempts >= (this.d.maxJobAttempts ?? MAX_JOB_ATTEMPTS)) {
      await recordDeadLetter(this.d.store, this.d.logger, { job, reason: (await lastJobError(this.d.store, job.id)) ?? 'failed repeatedly', at: this.now() });
      return;
    }
    await run();
  }

  /** Evaluate one event now (a director's pause, an incident report), after the channel's older acknowledged events. */
  async process(event: SlaEvent): Promise<EngineResult> {
    return this.channels.process(event);
  }
}

/** Slack's tokens_revoked: user ids whose user (oauth) or bot tokens were revoked. */
const tokensRevokedSchema = z.object({ tokens: z.object({ oauth: z.array(z.string()).optional(), bot: z.array(z.string()).optional() }) });

/** A DM or group DM (by the payload's channel_type, else the D… id of an IM). */
function isDirect(raw: Record<string, unknown>, event: SlaEvent): boolean {
  if (event.type === 'message') return event.channelType === 'im' || event.channelType === 'mpim';
  return raw.channel_type === 'im' || raw.channel_type === 'mpim' || event.channel.startsWith('D');
}


/** Order of events of the same millisecond in an inbox: their Slack ts. */
function sortKeyOf(event: SlaEvent): string {
  return 'ts' in event ? event.ts : 'itemTs' in event ? event.itemTs : '';
}

