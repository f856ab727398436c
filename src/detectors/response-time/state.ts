import type { DetectorContext, Outcome } from '../../core/detector';
import type { ResponseTimeOptions } from './options';

/**
 * State of rule `response-time`, one slice per conversation (the main timeline, or a thread): the
 * requests waiting there for the team's first reply, each one client's, and the follow-ups interim
 * replies promised. A request is one client message, or a burst of the same client's messages
 * within the rule's `requestWindow`; two clients' messages are never one request, so each is
 * timed, answered and stamped on its own. One timer per request, re-armed for the next threshold.
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
  /** When the request came (the stamp shows the client's wait in wall time from here). */
  openedAt?: number;
  ackAt: number;
  elapsedMs: number;
  deadlineAt: number;
  nudged: boolean;
  pausedAt?: number;
}

/** A conversation's slice as stored. */
export interface ConversationState {
  requests?: PendingRequest[];
  followUps?: FollowUp[];
  /** Slices stored before requests were per client held one of each: read as one-item lists. */
  pending?: PendingRequest;
  followUp?: FollowUp;
}

/** A conversation's slice as the rule works on it. */
export interface Slice {
  requests: PendingRequest[];
  followUps: FollowUp[];
}

/** The two timers of a request, with readable payloads (the runner loads `conversation`'s state). */
export type ResponseTimer =
  | { kind: 'response'; conversation: string; request: string }
  | { kind: 'follow-up'; conversation: string; interim: string };

export type Ctx = DetectorContext<ResponseTimeOptions, ConversationState>;

/** Remember at most this many ts per pending request (to match replies in their threads). */
export const MAX_TRACKED_TS = 20;
/** Open requests kept per conversation: past this, the oldest leave the slice (and the waiting index). */
export const MAX_OPEN_REQUESTS = 100;

export function responseTimerId(conv: string, request: string): string {
  return `rt:${conv}:${request}`;
}
export function followUpTimerId(conv: string, request: string): string {
  return `fu:${conv}:${request}`;
}
/** The one timer per conversation of slices stored before requests were per client. */
export function legacyTimerIds(conv: string): string[] {
  return [`rt:${conv}`, `fu:${conv}`];
}

export function responseTimer(conversation: string, request: string, dueAt: number): Outcome {
  const payload: ResponseTimer = { kind: 'response', conversation, request };
  return { kind: 'timer', id: responseTimerId(conversation, request), dueAt, payload };
}
export function followUpTimer(conversation: string, fu: FollowUp): Outcome {
  const payload: ResponseTimer = { kind: 'follow-up', conversation, interim: fu.ts };
  return { kind: 'timer', id: followUpTimerId(conversation, fu.requestTs), dueAt: fu.deadlineAt, payload };
}

export function readSlice(s: ConversationState | undefined): Slice {
  return { requests: s?.requests ?? (s?.pending ? [s.pending] : []), followUps: s?.followUps ?? (s?.followUp ? [s.followUp] : []) };
}

function waitingKey(conv: string, request: string): string {
  return `${conv}|${request}`;
}

/**
 * Store a conversation's slice (an empty one is deleted: idle conversations cost nothing) and keep
 * the waiting index in step: each pending request waits on the team until it is answered.
 */
export function save(out: Outcome[], conv: string, before: ConversationState | undefined, after: Slice): Outcome[] {
  const empty = !after.requests.length && !after.followUps.length;
  out.push({ kind: 'state', conversation: conv, value: empty ? null : { ...(after.requests.length ? { requests: after.requests } : {}), ...(after.followUps.length ? { followUps: after.followUps } : {}) } });
  const old = readSlice(before).requests;
  const now = new Set(after.requests.map((r) => r.ts));
  for (const r of after.requests) if (!old.some((o) => o.ts === r.ts)) out.push({ kind: 'waiting', key: waitingKey(conv, r.ts), item: { ts: r.ts, user: r.client, since: r.openedAt } });
  for (const r of old) if (!now.has(r.ts)) out.push({ kind: 'waiting', key: waitingKey(conv, r.ts), item: null });
  // A slice of the earlier layout was indexed by its conversation alone: move it to the request's key.
  if (before?.pending) {
    out.push({ kind: 'waiting', key: conv, item: null });
    if (now.has(before.pending.ts)) out.push({ kind: 'waiting', key: waitingKey(conv, before.pending.ts), item: { ts: before.pending.ts, user: before.pending.client, since: before.pending.openedAt } });
  }
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
