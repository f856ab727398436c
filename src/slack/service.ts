import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { Rulebook } from '../config/rulebook';
import type { ChannelFacts } from '../core/detector';
import { evaluate, type ChannelState, type EngineResult } from '../core/engine';
import type { SlaEvent } from '../core/events';
import type { ClaimedTimer, Store, StoreTx, TimerJob } from '../store/types';
import type { Directory } from './directory';
import type { Effect, EffectRunner } from './effects';
import { normalizeEvent, parseEnvelope } from './normalize';

/**
 * The adapter between Slack events / timer firings and the pure engine: per channel, under a lock
 * shared by all replicas, read the state, evaluate, and commit state + timers + outbox effects +
 * records in one atomic write. Slack calls happen later, from the outbox (see EffectRunner).
 */
export const EFFECT_JOB = 'effect';
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
}

export type HandleResult = 'processed' | 'duplicate' | 'ignored';

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
    const event = normalizeEvent(env.event);
    if (!event || this.ignored.has(event.channel)) return 'ignored';
    // Claim the event id before working, so a concurrent duplicate on another replica is skipped;
    // give the claim back on failure so Slack's retry is processed.
    const key = `evt:${env.event_id}`;
    if (!(await this.d.store.claimOnce(key, DEDUPE_TTL_MS))) {
      this.d.logger.debug({ eventId: env.event_id }, 'duplicate event skipped');
      return 'duplicate';
    }
    try {
      await this.process(event);
      return 'processed';
    } catch (error) {
      await this.d.store.delete(key).catch(() => undefined);
      throw error;
    }
  }

  /** A durable job came due: an outbox effect, or a rule's timer. */
  async handleJob(job: ClaimedTimer): Promise<void> {
    if (job.kind === EFFECT_JOB) {
      const effect = job.payload as unknown as Effect;
      if (await this.deferToPace(job, effect)) return;
      await this.d.effects.run(effect);
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
    const target =
      effect.kind === 'direct' ? `dm:${effect.to}` : effect.kind === 'escalation' ? (effect.target ?? this.d.rulebook.team.escalationChannel ?? effect.channel) : effect.channel;
    const now = this.now();
    const slot = await this.d.store.reserveSlot(`pace:${target}`, now, interval);
    if (slot <= now) return false;
    await this.d.store.commit({ schedule: [{ id: job.id, dueAt: slot, kind: job.kind, payload: { ...job.payload, slotAt: slot } }] });
    this.d.logger.debug({ job: job.id, channel: target, waitMs: slot - now }, 'effect paced to the channel rate');
    return true;
  }

  async process(event: SlaEvent): Promise<EngineResult> {
    const channel = event.channel;
    const result = await this.d.store.withLock(`lock:ch:${channel}`, async () => {
      const state = (await this.d.store.getJSON<ChannelState>(`ch:${channel}`)) ?? {};
      const pause = state._pause as PauseRecord | undefined;
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
      const extra: StoreTx = {};
      if (event.type === 'pause') {
        res.state._pause = { since: event.at, until: event.until, reason: event.reason, by: event.by } satisfies PauseRecord;
        res.stateChanged = true;
        extra.schedule = [{ id: `${PAUSE_END_JOB}|${channel}`, dueAt: event.until, kind: PAUSE_END_JOB, payload: { ch: channel } }];
      } else if (event.type === 'resume' && pause) {
        delete res.state._pause;
        res.stateChanged = true;
        extra.cancel = [`${PAUSE_END_JOB}|${channel}`];
      }
      if (facts.paused) {
        // No nudges, no breaches while a client is paused.
        res.outcomes = res.outcomes.filter((o) => o.kind !== 'nudge' && o.kind !== 'escalation' && o.kind !== 'finding' && o.kind !== 'direct');
      }
      for (const e of res.errors) this.d.logger.error({ rule: e.rule, err: { message: e.error.message, stack: e.error.stack } }, 'detector failed');
      const tx = this.toTx(channel, res);
      tx.schedule = [...(tx.schedule ?? []), ...(extra.schedule ?? [])];
      tx.cancel = [...(tx.cancel ?? []), ...(extra.cancel ?? [])].filter((id) => !tx.schedule!.some((j) => j.id === id));
      if (hasWrites(tx)) await this.d.store.commit(tx);
      return res;
    });
    const counts = countKinds(result);
    if (Object.keys(counts).length > 0) this.d.logger.info({ event: event.type, channel, ...counts }, 'event evaluated');
    if (result.outcomes.some((o) => o.kind !== 'finding' && o.kind !== 'response')) this.d.onWork?.();
    return result;
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

  private toTx(channel: string, res: EngineResult): StoreTx {
    const tx: Required<Pick<StoreTx, 'set' | 'schedule' | 'cancel' | 'records'>> = { set: [], schedule: [], cancel: [], records: [] };
    const del: string[] = [];
    if (res.stateChanged) {
      if (Object.keys(res.state).length > 0) tx.set.push({ key: `ch:${channel}`, value: res.state });
      else del.push(`ch:${channel}`);
    }
    const now = this.now();
    for (const o of res.outcomes) {
      switch (o.kind) {
        case 'timer':
          tx.schedule.push({ id: ruleTimerId(o.rule, channel, o.id), dueAt: o.dueAt, kind: o.rule, payload: { ...o.payload, ch: channel } });
          break;
        case 'cancel-timer':
          tx.cancel.push(ruleTimerId(o.rule, channel, o.id));
          break;
        case 'finding':
          tx.records.push({ log: 'findings', at: o.finding.at, record: o.finding });
          break;
        case 'response':
          tx.records.push({ log: 'responses', at: o.record.answeredAt, record: o.record });
          break;
        case 'nudge':
          // One job per recipient, so a retry never repeats a nudge someone already got.
          for (const user of o.to) tx.schedule.push(effectJob({ ...o, to: [user] }, now));
          break;
        case 'escalation':
        case 'direct':
        case 'stamp':
          tx.schedule.push(effectJob(o, now));
          break;
      }
    }
    // A timer cancelled and re-armed in one evaluation ends up scheduled.
    const scheduled = new Set(tx.schedule.map((j) => j.id));
    tx.cancel = tx.cancel.filter((id) => !scheduled.has(id));
    return { ...tx, del };
  }
}

export function ruleTimerId(rule: string, channel: string, local: string): string {
  return `${rule}|${channel}|${local}`;
}

function effectJob(effect: Effect, now: number): TimerJob {
  return { id: `fx|${randomUUID()}`, dueAt: now, kind: EFFECT_JOB, payload: effect as unknown as Record<string, unknown> };
}

function hasWrites(tx: StoreTx): boolean {
  return Boolean(tx.set?.length || tx.del?.length || tx.schedule?.length || tx.cancel?.length || tx.records?.length);
}

function countKinds(res: EngineResult): Record<string, number> {
  const out: Record<string, number> = {};
  for (const o of res.outcomes) out[o.kind] = (out[o.kind] ?? 0) + 1;
  return out;
}
