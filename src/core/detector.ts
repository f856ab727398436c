import type { DateTime } from 'luxon';
import type { z } from 'zod';
import type { SlaEvent } from './events';
import type { Finding, Severity } from './finding';
import type { Roles } from './roles';
import type { BusinessCalendar } from '../clock/calendar';
import type { SlaClock } from '../clock/clock';
import type { Lang, Texts } from './i18n';

/**
 * A detector is pure (event, read-only context) → outcomes, ESLint-rule style: `meta` declares its
 * id, its options schema (zod: types derive from it) and its message ids; `handlers` holds one
 * function per event type it listens to, and those keys are the events it gets. Handlers only
 * return outcomes. No Slack, no Redis.
 *
 *   defineDetector<typeof options, State>({
 *     meta: { id: 'phone-number', ref: '0.13', options, messages: { buried: { ja, en } }, placeholders: ['number'] },
 *     handlers: {
 *       message(ev, ctx) { return found ? nudgeAuthor(ctx, ev, { messageId: 'buried', data, evidence }) : []; },
 *     },
 *   });
 */
export interface ChannelFacts {
  id: string;
  name?: string;
  /** Shared with another organisation (Slack Connect). */
  isExtShared: boolean;
  /** A client channel: shared with another organisation, or named in team.yaml. */
  tracked: boolean;
  /** A director paused this client's SLA: clocks stop and no nudge goes out. */
  paused?: boolean;
  /** For DMs: the client channels (team.yaml) of the person writing, to point them to. */
  channelsOfAuthor?: string[];
  /** Assistants responsible for this channel (from the team file or channel membership). */
  assistants: string[];
}

/** A nudge: an ephemeral message to `to` in `channel`; only they see it. */
export interface NudgeOutcome {
  kind: 'nudge';
  to: string[];
  channel: string;
  /** The message the nudge is about (for a permalink). */
  ts?: string;
  text: string;
  /** An optional button under the nudge; the Slack adapter knows how to carry each action out. */
  action?: { id: 'schedule-next-opening'; label: string; postAt: number; threadTs?: string } | { id: 'incident-report'; label: string };
}

/** A private message from the bot to one person (its app DM): for rules where an ephemeral cannot go. */
export interface DirectOutcome {
  kind: 'direct';
  to: string;
  text: string;
}

/** A message to the directors' escalation channel. */
export interface EscalationOutcome {
  kind: 'escalation';
  channel: string;
  /** Where it goes; the team's escalation channel when unset. */
  target?: string;
  ts: string;
  text: string;
}

/** Acknowledged-by stamp on a client's message (thread reply updated in place, or a reaction). */
export interface StampOutcome {
  kind: 'stamp';
  channel: string;
  /** The client's message the stamp belongs to. */
  ts: string;
  /** Thread the stamp is posted in (the request's thread root). */
  threadTs: string;
  assistant: string;
  /**
   * The rule's stamp texts in the team language, unfilled: `ack` ({who} {at} {took}), then `deadline`
   * ({deadline}) when a time was promised and `done` ({at}) when it was kept.
   */
  texts: { ack: string; deadline: string; done: string };
  /** When the client asked: the stamp shows the wait in wall time, the client's own terms. */
  requestAt?: number;
  ackAt: number;
  /** The wait in the rule's clock (business hours by default): for records, never shown to a client. */
  elapsedMs: number;
  /** A time the team member committed to, never a date they offered or asked about. */
  deadlineAt?: number;
  /** Set when the promised follow-up was delivered. */
  doneAt?: number;
  mode: 'thread' | 'reaction';
  reaction: string;
}

export interface TimerOutcome {
  kind: 'timer';
  id: string;
  dueAt: number;
  payload: Record<string, unknown>;
}

export interface CancelTimerOutcome {
  kind: 'cancel-timer';
  id: string;
}

/** A response record (first response to a client request) for reports. */
export interface ResponseRecord {
  channel: string;
  ts: string;
  client: string;
  assistant: string;
  openedAt: number;
  answeredAt: number;
  /** Elapsed time in the rule's clock (business or wall). */
  elapsedMs: number;
  clock: 'wall' | 'business';
}

/**
 * A rule's state write: its channel slice, or (rules with `meta.state: 'conversation'`) the slice of
 * one conversation (the main timeline or a thread). null deletes it. Only what is written is stored.
 */
export interface StateOutcome {
  kind: 'state';
  value: unknown;
  conversation?: string;
}

/** Something now waiting on the team (a request, a promise), or no longer (item null): indexed for reports and status. */
export interface WaitingOutcome {
  kind: 'waiting';
  key: string;
  item: { ts: string; user: string; since: number; dueAt?: number } | null;
}

export type Outcome =
  | NudgeOutcome
  | EscalationOutcome
  | DirectOutcome
  | StampOutcome
  | TimerOutcome
  | CancelTimerOutcome
  | { kind: 'finding'; finding: Finding }
  | { kind: 'response'; record: ResponseRecord }
  | WaitingOutcome
  | StateOutcome;

export interface TeamFacts {
  language: Lang;
  escalationChannel?: string;
}

export interface DetectorContext<Options, State> {
  ruleId: string;
  severity: Severity;
  options: Readonly<Options>;
  /** The rule's texts (defaults merged with the YAML), already in the team language. */
  texts: Texts;
  lang: Lang;
  roles: Roles;
  channel: ChannelFacts;
  team: TeamFacts;
  calendar: BusinessCalendar;
  clock: SlaClock;
  now: DateTime;
  /** This detector's own slice of the channel state (null when none yet; channel-scoped rules). */
  state: Readonly<State> | null;
  /** This detector's slices per conversation (rules with `meta.state: 'conversation'`). */
  conversations: ConversationStates<State>;
}

/**
 * Per-conversation state of a rule: the runner loads only the conversations an event can touch
 * (the main timeline, the event's thread, a timer's conversation), so an event costs the same in a
 * channel with 5,000 open threads as in an empty one. `entries()` is for events about the whole
 * channel (pause, resume, a deletion), for which everything is loaded.
 */
export interface ConversationStates<State> {
  get(conversation: string): Readonly<State> | undefined;
  entries(): Array<[string, Readonly<State>]>;
}

export interface DetectorMeta<Schema extends z.ZodType> {
  id: string;
  /** Rulebook reference, e.g. "0.1". */
  ref: string;
  /** How the rule's state is kept: one slice per channel (default) or one per conversation. */
  state?: 'channel' | 'conversation';
  options: Schema;
  /** Default texts per message id, with {placeholders}. */
  messages: Record<string, { ja: string; en: string }>;
  /** Placeholders each message may use; the loader rejects any other. */
  placeholders: string[];
  /** For messages filled with other data than the rule's nudges (the stamp): their own placeholders. */
  messagePlaceholders?: Record<string, string[]>;
}

/** The placeholders a rule file may use in one of the rule's messages. */
export function placeholdersFor(meta: DetectorMeta<z.ZodType>, messageId: string): string[] {
  return meta.messagePlaceholders?.[messageId] ?? meta.placeholders;
}

export type EventType = SlaEvent['type'];
export type EventOf<T extends EventType> = Extract<SlaEvent, { type: T }>;

/** One handler per event type a rule listens to, given that event (narrowed) and the rule's context; called without `this`. */
export type Handlers<Options, State> = {
  [T in EventType]?: (event: EventOf<T>, ctx: DetectorContext<Options, State>) => Outcome[];
};

export interface Detector<Schema extends z.ZodType = z.ZodType, State = unknown> {
  meta: DetectorMeta<Schema>;
  /**
   * ESLint's `create(context)` returns its handlers once per file, but here the context (state,
   * channel facts, time) is new with every event: fixed handlers that take it as an argument keep
   * the events-from-keys shape without building a closure per rule per event (the audit runs millions).
   */
  handlers: Handlers<z.infer<Schema>, State>;
}

export function defineDetector<Schema extends z.ZodType, State>(d: Detector<Schema, State>): Detector<Schema, State> {
  return d;
}

/** A handler as the engine calls it, for any event (`handlers[event.type]` is the one for that event). */
export type AnyHandler = (event: SlaEvent, ctx: DetectorContext<unknown, unknown>) => Outcome[];
