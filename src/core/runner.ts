import type { BusinessCalendar } from '../clock/calendar';
import type { ChannelFacts, TeamFacts } from './detector';
import { evaluate, stateField, type EngineResult, type EngineRule, type RuleOutcome, type StateView } from './engine';
import type { SlaEvent } from './events';
import type { Roles } from './roles';
import type { TimerJob, WaitingItem } from '../store/types';

/**
 * The channel runner: the one loop "evaluate an event on a channel's state, then apply its timers
 * and outcomes" shared by the live service (store adapter: Redis or memory), the offline audit and
 * the rule testers (virtual clock adapter, core/virtual-channel.ts). It owns what must not drift
 * between them: which state an event needs, timer ids, the pause policy and how outcomes become
 * writes. Pure: it reads a loaded ChannelView and records ChannelChanges; adapters do the I/O.
 */

/** A director's pause of a client's SLA, kept beside the channel's state. */
export interface PauseRecord {
  since: number;
  until: number;
  reason?: string;
  by: string;
}

/** The job that ends a pause at its `until` date. */
export const PAUSE_END_JOB = 'pause-end';

/** Every durable job id is "<kind>|<channel>|…": the store keeps a channel's jobs with the channel. */
export function jobIdFor(kind: string, channel: string, local?: string): string {
  return local === undefined ? `${kind}|${channel}` : `${kind}|${channel}|${local}`;
}

/** A durable timer as the runner asks for it: the store's job shape. */
export type TimerWrite = TimerJob;

/** What waits on the team, keyed "<rule>|<key>" in ChannelChanges (the channel is the runner's). */
export type WaitingWrite = Omit<WaitingItem, 'channel'>;

/**
 * The loaded part of one channel's stored state; the runner keeps it current as events run. A live
 * batch loads only the fields its events can touch (`loaded`); reading any other throws, so a gap
 * in fieldsFor shows up as a detector error instead of a rule silently seeing "no state".
 */
export class ChannelView implements StateView {
  constructor(
    readonly fields: Map<string, unknown> = new Map(),
    public pause: PauseRecord | null = null,
    /** The fields read from the store, or 'all' (every field of the channel). */
    private readonly loaded: Set<string> | 'all' = 'all',
  ) {}

  get(field: string): unknown {
    if (this.loaded !== 'all' && !this.loaded.has(field)) throw new Error(`state field ${field} read but not loaded (runner.fieldsFor must name it)`);
    return this.fields.get(field);
  }

  /** Record a write: the field is known from now on, loaded or not. */
  set(field: string, value: unknown): void {
    if (value === null) this.fields.delete(field);
    else this.fields.set(field, value);
    if (this.loaded !== 'all') this.loaded.add(field);
  }

  conversationsOf(rule: string): Array<[string, unknown]> {
    if (this.loaded !== 'all') throw new Error(`conversations of ${rule} read without loading them (runner.fieldsFor must ask for 'all')`);
    const prefix = `${rule}|`;
    const out: Array<[string, unknown]> = [];
    for (const [f, v] of this.fields) if (f.startsWith(prefix)) out.push([f.slice(prefix.length), v]);
    return out;
  }
}

/** The writes of a run of events on one channel, in order: the last word on a field or timer wins. */
export class ChannelChanges {
  /** State field → new value (null: deleted). */
  readonly fields = new Map<string, unknown>();
  /** undefined: unchanged; null: the pause ended. */
  pause: PauseRecord | null | undefined;
  readonly timers = new Map<string, TimerWrite | null>();
  /** "<rule>|<key>" → item, or null when it no longer waits. */
  readonly waiting = new Map<string, WaitingWrite | null>();
  readonly records: Array<{ log: string; at: number; record: unknown }> = [];
  /** What people will see (nudges, escalations, DMs, stamps), for the outbox. */
  readonly effects: RuleOutcome[] = [];

  /** Forget everything recorded (an adapter that applies changes per event reuses one instance). */
  clear(): void {
    this.fields.clear();
    this.pause = undefined;
    this.timers.clear();
    this.waiting.clear();
    this.records.length = 0;
    this.effects.length = 0;
  }

  get isEmpty(): boolean {
    return !this.fields.size && this.pause === undefined && !this.timers.size && !this.waiting.size && !this.records.length && !this.effects.length;
  }
}

export interface RunnerDeps {
  /** The rules that apply to a channel (overrides by channel, untracked channels get fewer). */
  rulesFor(facts: ChannelFacts): EngineRule[];
  /** Every rule of the rulebook (to know what state an event may need before facts are known). */
  allRules: EngineRule[];
  roles(): Roles;
  team: TeamFacts;
  calendar: BusinessCalendar;
}

/** Outcomes that a paused client's channel never shows or counts. */
const SILENCED_WHILE_PAUSED = new Set(['nudge', 'escalation', 'finding', 'direct']);

export class ChannelRunner {
  constructor(private readonly d: RunnerDeps) {}

  /**
   * The stored fields an event can read: each interested rule's channel slice, and for
   * conversation-scoped rules the conversations the event is about. 'all' for events about the
   * whole channel (a pause, a resume, a deletion), or a timer that names no conversation.
   */
  fieldsFor(event: SlaEvent): string[] | 'all' {
    const out: string[] = [];
    for (const rule of this.d.allRules) {
      // The same test as the engine's: only rules with a handler for the event read state for it.
      if (!rule.detector.handlers[event.type]) continue;
      if (event.type === 'timer' && event.rule !== rule.id) continue;
      if (rule.detector.meta.state !== 'conversation') {
        out.push(rule.id);
        continue;
      }
      const convs = conversationsOf(event);
      if (convs === 'all') return 'all';
      for (const c of convs) out.push(stateField(rule.id, c));
    }
    return out;
  }

  /**
   * Evaluate one event on the channel's state: `view` is updated in place (later events of the
   * batch see this one's writes), `changes` collects what to store and send.
   */
  step(event: SlaEvent, facts: ChannelFacts, view: ChannelView, changes: ChannelChanges): EngineResult {
    const channel = facts.id;
    const paused = view.pause !== null && event.type !== 'resume';
    const channelFacts = paused === Boolean(facts.paused) ? facts : { ...facts, paused };
    const res = evaluate(event, {
      rules: this.d.rulesFor(channelFacts),
      roles: this.d.roles(),
      channel: channelFacts,
      team: this.d.team,
      calendar: this.d.calendar,
      state: view,
    });
    for (const w of res.writes) {
      view.set(w.field, w.value);
      changes.fields.set(w.field, w.value);
    }
    // The pause lives beside the rules' state; its end is a durable job like any timer.
    if (event.type === 'pause') {
      view.pause = { since: event.at, until: event.until, reason: event.reason, by: event.by };
      changes.pause = view.pause;
      changes.timers.set(jobIdFor(PAUSE_END_JOB, channel), { id: jobIdFor(PAUSE_END_JOB, channel), dueAt: event.until, kind: PAUSE_END_JOB, payload: { ch: channel } });
    } else if (event.type === 'resume' && view.pause) {
      view.pause = null;
      changes.pause = null;
      changes.timers.set(jobIdFor(PAUSE_END_JOB, channel), null);
    }
    // No nudges, no breaches while a client is paused.
    if (paused) res.outcomes = res.outcomes.filter((o) => !SILENCED_WHILE_PAUSED.has(o.kind));
    for (const o of res.outcomes) {
      switch (o.kind) {
        case 'timer': {
          const id = jobIdFor(o.rule, channel, o.id);
          changes.timers.set(id, { id, dueAt: o.dueAt, kind: o.rule, payload: { ...o.payload, ch: channel } });
          break;
        }
        case 'cancel-timer':
          changes.timers.set(jobIdFor(o.rule, channel, o.id), null);
          break;
        case 'finding':
          changes.records.push({ log: 'findings', at: o.finding.at, record: o.finding });
          break;
        case 'response':
          changes.records.push({ log: 'responses', at: o.record.answeredAt, record: o.record });
          break;
        case 'waiting':
          changes.waiting.set(`${o.rule}|${o.key}`, o.item ? { rule: o.rule, key: o.key, ...o.item } : null);
          break;
        case 'nudge':
        case 'escalation':
        case 'direct':
        case 'stamp':
          changes.effects.push(o);
          break;
      }
    }
    return res;
  }
}

/** Conversations an event is about: the main timeline and its thread, a timer's own. */
function conversationsOf(event: SlaEvent): string[] | 'all' {
  switch (event.type) {
    case 'message':
      // A reply in a thread may answer the main timeline's request (asked in that thread's root).
      return event.threadTs ? [MAIN_CONVERSATION, event.threadTs] : [MAIN_CONVERSATION];
    case 'timer': {
      const c = event.payload.conversation;
      return typeof c === 'string' ? [c] : 'all';
    }
    default:
      return 'all';
  }
}

/** The channel's main timeline, as a conversation (every thread is another, keyed by its root ts). */
export const MAIN_CONVERSATION = 'main';
