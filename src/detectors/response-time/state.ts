import type { DetectorContext, Outcome } from '../../core/detector';
import type { ResponseTimeOptions } from './options';

/**
 * State of rule `response-time`, one slice per conversation (the main timeline, or a thread): the
 * request waiting there for the team's first reply, and the follow-up an interim reply promised.
 * One timer per conversation, re-armed for the next threshold as each fires, keeps Redis small.
 */
export interface PendingRequest {
  /** ts of the first client message: the request is timed from it and stamped on it. */
  ts: string;
  /** Thread the stamp goes in (the thread root for thread requests, else `ts`). */
  root: string;
  client: string;
  openedAt: number;
  /** ts of the client messages of this request (bounded). */
  tss: string[];
  /** Levels already fired. */
  fired: string[];
  /** Time excluded from the clock by pauses (in the rule's clock). */
  excludedMs?: number;
  /** Set while the channel is paused. */
  pausedAt?: number;
}

export interface FollowUp {
  /** ts of the interim reply. */
  ts: string;
  /** The request it answered. */
  requestTs: string;
  root: string;
  client: string;
  assistant: string;
  ackAt: number;
  elapsedMs: number;
  deadlineAt: number;
  nudged: boolean;
  pausedAt?: number;
}

export interface ConversationState {
  pending?: PendingRequest;
  followUp?: FollowUp;
}

/** The two timers of a conversation, with readable payloads (the runner loads `conversation`'s state). */
export type ResponseTimer =
  | { kind: 'response'; conversation: string; request: string }
  | { kind: 'follow-up'; conversation: string; interim: string };

export type Ctx = DetectorContext<ResponseTimeOptions, ConversationState>;

/** Remember at most this many ts per pending request (to match replies in their threads). */
export const MAX_TRACKED_TS = 20;

export function responseTimerId(conv: string): string {
  return `rt:${conv}`;
}
export function followUpTimerId(conv: string): string {
  return `fu:${conv}`;
}

export function responseTimer(conversation: string, request: string, dueAt: number): Outcome {
  const payload: ResponseTimer = { kind: 'response', conversation, request };
  return { kind: 'timer', id: responseTimerId(conversation), dueAt, payload };
}
export function followUpTimer(conversation: string, interim: string, dueAt: number): Outcome {
  const payload: ResponseTimer = { kind: 'follow-up', conversation, interim };
  return { kind: 'timer', id: followUpTimerId(conversation), dueAt, payload };
}

/**
 * Store a conversation's slice (an empty one is deleted: idle conversations cost nothing) and keep
 * the waiting index in step: a pending request waits on the team until it is answered.
 */
export function save(out: Outcome[], conv: string, before: ConversationState | undefined, after: ConversationState): Outcome[] {
  const empty = !after.pending && !after.followUp;
  out.push({ kind: 'state', conversation: conv, value: empty ? null : after });
  const p = after.pending;
  if (p && (p.ts !== before?.pending?.ts)) out.push({ kind: 'waiting', key: conv, item: { ts: p.ts, user: p.client, since: p.openedAt } });
  else if (!p && before?.pending) out.push({ kind: 'waiting', key: conv, item: null });
  return out;
}

/** When `afterMs` of the request's clock will have passed, not counting paused time. */
export function dueAt(ctx: Ctx, req: PendingRequest, afterMs: number): number {
  return ctx.clock.dueAtMs(req.openedAt, afterMs + (req.excludedMs ?? 0));
}

/** Time the request has waited so far in the rule's clock, paused time excluded. */
export function waitedMs(ctx: Ctx, req: PendingRequest, now: number): number {
  const paused = req.pausedAt !== undefined ? ctx.clock.elapsedBetween(req.pausedAt, now) : 0;
  return Math.max(0, ctx.clock.elapsedBetween(req.openedAt, now) - (req.excludedMs ?? 0) - paused);
}

/** The timer for the request's next threshold not yet fired, if any. */
export function armResponseTimer(ctx: Ctx, conv: string, req: PendingRequest): Outcome | undefined {
  const next = ctx.options.thresholds.find((t) => !req.fired.includes(t.level));
  if (!next) return undefined;
  return responseTimer(conv, req.ts, dueAt(ctx, req, next.after));
}
