import type { Logger } from 'pino';
import type { ClaimedTimer, Store } from '../store/types';
import type { Effect, EffectRunner } from './effects';

/**
 * The outbox: an effect job (a nudge, a stamp, an escalation) committed with the state change that
 * caused it is carried out here, at Slack's pace. Slack allows about one message a second into a
 * channel: a burst for one channel takes slots one interval apart (reserved in the store, so
 * replicas share them); an effect whose slot is later is rescheduled to it, durably, and runs then
 * without asking again.
 */
export interface OutboxDeps {
  store: Store;
  effects: EffectRunner;
  logger: Logger;
  /** Minimum spacing of messages into one channel (Slack's per-channel rate); 0 = no pacing. */
  channelIntervalMs: number;
  now: () => number;
}

export class Outbox {
  constructor(private readonly d: OutboxDeps) {}

  async run(job: ClaimedTimer): Promise<void> {
    const effect = job.payload as unknown as Effect;
    if (await this.deferToPace(job, effect)) return;
    await this.d.effects.run(effect, job.id);
  }

  private async deferToPace(job: ClaimedTimer, effect: Effect): Promise<boolean> {
    const interval = this.d.channelIntervalMs;
    if (interval <= 0 || typeof job.payload.slotAt === 'number') return false;
    const target = this.d.effects.destinationOf(effect);
    const now = this.d.now();
    const slot = await this.d.store.reserveSlot(`pace:${target}`, now, interval);
    if (slot <= now) return false;
    await this.d.store.commit({ schedule: [{ id: job.id, dueAt: slot, kind: job.kind, payload: { ...job.payload, slotAt: slot } }] });
    this.d.logger.debug({ job: job.id, channel: target, waitMs: slot - now }, 'effect paced to the channel rate');
    return true;
  }
}
