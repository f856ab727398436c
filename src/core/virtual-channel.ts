import type { ChannelFacts } from './detector';
import type { EngineResult, RuleOutcome } from './engine';
import type { SlaEvent } from './events';
import { ChannelChanges, ChannelRunner, ChannelView, PAUSE_END_JOB, type TimerWrite, type WaitingWrite } from './runner';

/**
 * One channel on a virtual clock: the channel runner with its state, timers and waiting index held
 * in memory (findings and responses are the caller's: they come back as outcomes). The offline
 * audit replays an export through it; the rule testers drive scenarios with it. Timers fire in due
 * order as the clock is advanced, exactly as the scheduler would fire them.
 */
export class VirtualChannel {
  readonly view = new ChannelView();
  /** Armed timers by job id (the same ids the live store uses). */
  readonly timers = new Map<string, TimerWrite>();
  /** What waits on the team now, by "<rule>|<key>". */
  readonly waiting = new Map<string, WaitingWrite>();
  /** Reused for every event: the audit sends millions. */
  private readonly changes = new ChannelChanges();

  constructor(
    private readonly runner: ChannelRunner,
    public facts: ChannelFacts,
    private readonly onErrors?: (errors: EngineResult['errors']) => void,
  ) {}

  /** Evaluate one event now; returns what the rules produced (timers and effects included). */
  send(event: SlaEvent): RuleOutcome[] {
    const changes = this.changes;
    changes.clear();
    const res = this.runner.step(event, this.facts, this.view, changes);
    if (res.errors.length) this.onErrors?.(res.errors);
    for (const [id, t] of changes.timers) {
      if (t) this.timers.set(id, t);
      else this.timers.delete(id);
    }
    for (const [k, w] of changes.waiting) {
      if (w) this.waiting.set(k, w);
      else this.waiting.delete(k);
    }
    return res.outcomes;
  }

  /** The earliest timer due at or before `until`, if any. */
  private nextDue(until: number): [string, TimerWrite] | undefined {
    let next: [string, TimerWrite] | undefined;
    for (const e of this.timers) if (e[1].dueAt <= until && (!next || e[1].dueAt < next[1].dueAt)) next = e;
    return next;
  }

  /** Fire every timer due up to `until`, in due order; returns their outcomes. */
  advanceTo(until: number): RuleOutcome[] {
    const out: RuleOutcome[] = [];
    for (let next = this.nextDue(until); next; next = this.nextDue(until)) {
      const [id, t] = next;
      this.timers.delete(id);
      out.push(...this.send(timerEvent(this.facts.id, id, t, t.dueAt)));
    }
    return out;
  }
}

/** The event a due job becomes: a rule's timer, or the end of a pause. */
export function timerEvent(channel: string, jobId: string, t: TimerWrite, at: number): SlaEvent {
  if (t.kind === PAUSE_END_JOB) return { type: 'resume', channel, at };
  return { type: 'timer', rule: t.kind, channel, jobId, payload: t.payload, dueAt: t.dueAt, at };
}
