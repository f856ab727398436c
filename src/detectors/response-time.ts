import { DateTime } from 'luxon';
import { z } from 'zod';
import { defineDetector, type DetectorContext, type Outcome } from '../core/detector';
import type { MessageEvent, SlaEvent } from '../core/events';
import { fill } from '../core/i18n';
import { durationSchema, textSchema, phraseListSchema } from '../core/schema';
import { formatDuration } from '../clock/clock';
import { authorText } from '../text/normalize';
import { isOnlyClosingWords, phrasesFor } from '../text/phrases';
import { mayHaveDeadline, parseDeadlineAt } from '../text/deadline';
import { isHumanChannelMessage } from './support';

/**
 * Rule `response-time` (rulebook 0.1, 即時レスポンス): a client's request must get a reply from the
 * team within the thresholds of the rule file (1h reminder, 3h slow, 6h breach by default).
 *
 * State per channel: the pending request of each conversation (the main channel timeline, or one
 * thread) and the promised follow-ups of interim replies. One timer per pending request, re-armed
 * for the next threshold as each one fires, keeps Redis small (one entry per waiting client).
 */

const PLACEHOLDERS = ['client', 'assistant', 'channel', 'waited', 'threshold', 'deadline', 'link'];

const thresholdSchema = z
  .object({
    after: durationSchema,
    level: z.string().regex(/^[a-z][a-z0-9-]*$/, 'must be a lower-case id like "slow"'),
    notify: z.array(z.enum(['assistant', 'directors'])).min(1).default(['assistant']),
    message: textSchema(PLACEHOLDERS),
    escalation: textSchema(PLACEHOLDERS).optional(),
  })
  .strict()
  .refine((t) => !t.notify.includes('directors') || t.escalation !== undefined, {
    message: 'a threshold that notifies directors needs an `escalation` text',
    path: ['escalation'],
  });

export const responseTimeOptions = z
  .object({
    clock: z.enum(['wall', 'business']).default('business'),
    thresholds: z
      .array(thresholdSchema)
      .min(1)
      .refine((ts) => ts.every((t, i) => i === 0 || t.after > ts[i - 1].after), {
        message: 'thresholds must be in increasing order of `after`',
      })
      .refine((ts) => new Set(ts.map((t) => t.level)).size === ts.length, { message: 'threshold levels must be unique' }),
    /** Client messages made only of these words do not open a request (お礼, 了解, thanks). */
    closingPhrases: phraseListSchema,
    /** A team reply with one of these and a time is an interim reply: it starts a follow-up timer. */
    interimPhrases: phraseListSchema,
    /** Team messages with these phrases are automatic and never count as a reply. */
    autoReplyPhrases: phraseListSchema,
    /** Directors' channel for this rule's escalations (default: escalationChannel of team.yaml). */
    escalationChannel: z.string().regex(/^[CG][A-Z0-9]{2,}$/, 'must be a Slack channel id (C…)').optional(),
    followUp: z
      .object({ enabled: z.boolean().default(true), message: textSchema(PLACEHOLDERS) })
      .strict(),
    stamp: z
      .object({
        mode: z.enum(['thread', 'reaction', 'off']).default('thread'),
        reaction: z.string().regex(/^[a-z0-9_+-]+$/).default('white_check_mark'),
      })
      .strict()
      .default({ mode: 'thread', reaction: 'white_check_mark' }),
  })
  .strict();

export type ResponseTimeOptions = z.infer<typeof responseTimeOptions>;

/** The main channel timeline is one conversation; every thread is another. */
const MAIN = 'main';
/** Remember at most this many ts per pending request (to match replies in their threads). */
const MAX_TRACKED_TS = 20;

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

export interface ResponseTimeState {
  pending: Record<string, PendingRequest>;
  followUps: Record<string, FollowUp>;
}

type Ctx = DetectorContext<ResponseTimeOptions, ResponseTimeState>;

function matchers(o: ResponseTimeOptions) {
  return { closing: phrasesFor(o.closingPhrases), interim: phrasesFor(o.interimPhrases), auto: phrasesFor(o.autoReplyPhrases) };
}


export const responseTime = defineDetector<typeof responseTimeOptions, ResponseTimeState>({
  meta: {
    id: 'response-time',
    ref: '0.1',
    events: ['message', 'message_deleted', 'timer', 'pause', 'resume'],
    options: responseTimeOptions,
    messages: {},
    placeholders: PLACEHOLDERS,
  },
  run(event, ctx) {
    const state: ResponseTimeState = {
      pending: { ...(ctx.state?.pending ?? {}) },
      followUps: { ...(ctx.state?.followUps ?? {}) },
    };
    let out: Outcome[];
    switch (event.type) {
      case 'message':
        out = onMessage(event, ctx, state);
        break;
      case 'message_deleted':
        out = onDeleted(event.deletedTs, state);
        break;
      case 'timer':
        // A timer that fires during a pause is dropped: resuming re-arms it with the time left.
        if (ctx.channel.paused) return [];
        out = event.payload.t === 'fu' ? onFollowUpDue(event, ctx, state) : onResponseDue(event, ctx, state);
        break;
      case 'pause':
        out = onPause(event.at, state);
        break;
      case 'resume':
        out = onResume(event.at, ctx, state);
        break;
      default:
        out = [];
    }
    return out;
  },
});

function withState(out: Outcome[], state: ResponseTimeState): Outcome[] {
  // An empty state is dropped, so idle channels cost nothing in Redis.
  const empty = Object.keys(state.pending).length === 0 && Object.keys(state.followUps).length === 0;
  out.push({ kind: 'state', value: empty ? null : state });
  return out;
}

function timerId(conv: string): string {
  return `rt:${conv}`;
}
function followUpTimerId(conv: string): string {
  return `fu:${conv}`;
}

function onMessage(ev: MessageEvent, ctx: Ctx, state: ResponseTimeState): Outcome[] {
  // Bots, workflows and integrations never open or answer a request; DMs are not client channels.
  if (!isHumanChannelMessage(ev)) return [];

  const role = ctx.roles.roleOf(ev.user, ev.userTeam);
  if (role === 'client') return onClientMessage(ev, ctx, state);
  if (role === 'assistant' || role === 'director') return onTeamMessage(ev, ctx, state);
  return [];
}

function onClientMessage(ev: MessageEvent, ctx: Ctx, state: ResponseTimeState): Outcome[] {
  const m = matchers(ctx.options);
  const conv = ev.threadTs ?? MAIN;
  const existing = state.pending[conv];
  if (existing) {
    // Several client messages before an answer are one request, timed from the first.
    if (!existing.tss.includes(ev.ts)) {
      state.pending[conv] = { ...existing, tss: [...existing.tss, ev.ts].slice(-MAX_TRACKED_TS) };
      return withState([], state);
    }
    return [];
  }
  if (isOnlyClosingWords(ev.text, m.closing)) return [];

  const req: PendingRequest = {
    ts: ev.ts,
    root: ev.threadTs ?? ev.ts,
    client: ev.user!,
    openedAt: ev.at,
    tss: [ev.ts],
    fired: [],
  };
  if (ctx.channel.paused) {
    // Recorded, but the clock only starts when the pause ends.
    state.pending[conv] = { ...req, pausedAt: ev.at };
    return withState([], state);
  }
  state.pending[conv] = req;
  return withState([armResponseTimer(ctx, conv, req)!], state);
}

/** When `afterMs` of the request's clock will have passed, not counting paused time. */
function dueAt(ctx: Ctx, req: PendingRequest, afterMs: number): number {
  return ctx.clock.dueAtMs(req.openedAt, afterMs + (req.excludedMs ?? 0));
}

/** Time the request has waited so far in the rule's clock, paused time excluded. */
function waitedMs(ctx: Ctx, req: PendingRequest, now: number): number {
  const paused = req.pausedAt !== undefined ? elapsed(ctx, req.pausedAt, now) : 0;
  return Math.max(0, elapsed(ctx, req.openedAt, now) - (req.excludedMs ?? 0) - paused);
}

function armResponseTimer(ctx: Ctx, conv: string, req: PendingRequest): Outcome | undefined {
  const next = ctx.options.thresholds.find((t) => !req.fired.includes(t.level));
  if (!next) return undefined;
  return { kind: 'timer', id: timerId(conv), dueAt: dueAt(ctx, req, next.after), payload: { t: 'rt', c: conv, r: req.ts } };
}

function onPause(at: number, state: ResponseTimeState): Outcome[] {
  const out: Outcome[] = [];
  for (const [conv, req] of Object.entries(state.pending)) {
    if (req.pausedAt !== undefined) continue;
    state.pending[conv] = { ...req, pausedAt: at };
    out.push({ kind: 'cancel-timer', id: timerId(conv) });
  }
  for (const [conv, fu] of Object.entries(state.followUps)) {
    if (fu.pausedAt !== undefined || fu.nudged) continue;
    state.followUps[conv] = { ...fu, pausedAt: at };
    out.push({ kind: 'cancel-timer', id: followUpTimerId(conv) });
  }
  return withState(out, state);
}

function onResume(at: number, ctx: Ctx, state: ResponseTimeState): Outcome[] {
  const out: Outcome[] = [];
  for (const [conv, req] of Object.entries(state.pending)) {
    if (req.pausedAt === undefined) continue;
    const { pausedAt, ...rest } = req;
    const resumed: PendingRequest = { ...rest, excludedMs: (req.excludedMs ?? 0) + elapsed(ctx, Math.max(pausedAt, req.openedAt), at) };
    state.pending[conv] = resumed;
    const timer = armResponseTimer(ctx, conv, resumed);
    if (timer) out.push(timer);
  }
  for (const [conv, fu] of Object.entries(state.followUps)) {
    if (fu.pausedAt === undefined) continue;
    // The promised time moves by the length of the pause: the time that was left is kept.
    const { pausedAt, ...rest } = fu;
    const moved = { ...rest, deadlineAt: fu.deadlineAt + Math.max(0, at - pausedAt) };
    state.followUps[conv] = moved;
    out.push({ kind: 'timer', id: followUpTimerId(conv), dueAt: moved.deadlineAt, payload: { t: 'fu', c: conv, r: fu.ts } });
  }
  return withState(out, state);
}

function elapsed(ctx: Ctx, from: number, to: number): number {
  return ctx.clock.elapsedBetween(from, to);
}

/** Conversations a team message answers: its own, plus the main request if it replies in that request's thread. */
function answeredConversations(ev: MessageEvent, keyed: Record<string, { tss?: string[]; root: string }>): string[] {
  const convs: string[] = [];
  if (!ev.threadTs) {
    if (keyed[MAIN]) convs.push(MAIN);
    return convs;
  }
  if (keyed[ev.threadTs]) convs.push(ev.threadTs);
  const main = keyed[MAIN];
  if (main && (main.root === ev.threadTs || main.tss?.includes(ev.threadTs))) convs.push(MAIN);
  return convs;
}

function onTeamMessage(ev: MessageEvent, ctx: Ctx, state: ResponseTimeState): Outcome[] {
  const m = matchers(ctx.options);
  const words = authorText(ev.text);
  if (m.auto.test(words)) return [];
  const out: Outcome[] = [];
  let changed = false;

  const deadline = mayHaveDeadline(ev.text) ? parseDeadlineAt(ev.text, ev.at, { zone: ctx.calendar.luxonZone, endOfDay: endOfDayOf(ctx, ev.at) }) : null;
  const deadlineAt = deadline && deadline.at.toMillis() > ev.at ? deadline.at.toMillis() : undefined;
  const isInterim = deadlineAt !== undefined && m.interim.test(words) && ctx.options.followUp.enabled;

  // 1. A promised follow-up is delivered by the next team message in that conversation,
  //    or pushed back by another interim reply with a new time.
  for (const conv of answeredConversations(ev, state.followUps)) {
    const fu = state.followUps[conv];
    if (!fu || ev.ts <= fu.ts) continue;
    changed = true;
    if (isInterim) {
      state.followUps[conv] = { ...fu, ts: ev.ts, deadlineAt: deadlineAt!, nudged: false };
      out.push({ kind: 'timer', id: followUpTimerId(conv), dueAt: deadlineAt!, payload: { t: 'fu', c: conv, r: ev.ts } });
      out.push(...stamp(ctx, ev.channel, fu.requestTs, fu.root, fu.assistant, fu.ackAt, fu.elapsedMs, deadlineAt));
    } else {
      delete state.followUps[conv];
      out.push({ kind: 'cancel-timer', id: followUpTimerId(conv) });
      out.push(...stamp(ctx, ev.channel, fu.requestTs, fu.root, fu.assistant, fu.ackAt, fu.elapsedMs, fu.deadlineAt, ev.at));
    }
  }

  // 2. Pending requests answered by this message.
  for (const conv of answeredConversations(ev, state.pending)) {
    const req = state.pending[conv];
    delete state.pending[conv];
    changed = true;
    const elapsedMs = waitedMs(ctx, req, ev.at);
    out.push({ kind: 'cancel-timer', id: timerId(conv) });
    out.push({
      kind: 'response',
      record: {
        channel: ev.channel,
        ts: req.ts,
        client: req.client,
        assistant: ev.user!,
        openedAt: req.openedAt,
        answeredAt: ev.at,
        elapsedMs,
        clock: ctx.options.clock,
      },
    });
    out.push(...stamp(ctx, ev.channel, req.ts, req.root, ev.user!, ev.at, elapsedMs, deadlineAt));
    if (isInterim) {
      state.followUps[conv] = {
        ts: ev.ts,
        requestTs: req.ts,
        root: req.root,
        client: req.client,
        assistant: ev.user!,
        ackAt: ev.at,
        elapsedMs,
        deadlineAt: deadlineAt!,
        nudged: false,
      };
      out.push({ kind: 'timer', id: followUpTimerId(conv), dueAt: deadlineAt!, payload: { t: 'fu', c: conv, r: ev.ts } });
    }
  }

  return changed ? withState(out, state) : out;
}

function endOfDayOf(ctx: Ctx, at: number): { hour: number; minute: number } | undefined {
  const end = ctx.calendar.endOfBusinessDayAt(at);
  if (end === null) return undefined;
  const t = DateTime.fromMillis(end, { zone: ctx.calendar.luxonZone });
  return { hour: t.hour, minute: t.minute };
}

function stamp(
  ctx: Ctx,
  channel: string,
  ts: string,
  threadTs: string,
  assistant: string,
  ackAt: number,
  elapsedMs: number,
  deadlineAt?: number,
  doneAt?: number,
): Outcome[] {
  const { mode, reaction } = ctx.options.stamp;
  if (mode === 'off') return [];
  return [{ kind: 'stamp', channel, ts, threadTs, assistant, ackAt, elapsedMs, deadlineAt, doneAt, mode, reaction }];
}

function onDeleted(deletedTs: string, state: ResponseTimeState): Outcome[] {
  for (const [conv, req] of Object.entries(state.pending)) {
    if (!req.tss.includes(deletedTs)) continue;
    const rest = req.tss.filter((t) => t !== deletedTs);
    if (rest.length > 0) {
      // The request stays timed from its first message: the client did ask then.
      state.pending[conv] = { ...req, tss: rest };
      return withState([], state);
    }
    // The only message of the request was deleted: nothing is waiting any more.
    delete state.pending[conv];
    return withState([{ kind: 'cancel-timer', id: timerId(conv) }], state);
  }
  return [];
}

function onResponseDue(ev: Extract<SlaEvent, { type: 'timer' }>, ctx: Ctx, state: ResponseTimeState): Outcome[] {
  const conv = String(ev.payload.c);
  const req = state.pending[conv];
  if (!req || req.ts !== ev.payload.r) return []; // answered or replaced meanwhile: a stale timer
  const waited = waitedMs(ctx, req, ev.at);
  const thresholds = ctx.options.thresholds;
  // Every threshold reached and not yet fired; after downtime only the most severe one is sent.
  const reached = thresholds.filter((t) => t.after <= waited + 999 && !req.fired.includes(t.level));
  const out: Outcome[] = [];
  if (reached.length > 0) {
    const t = reached[reached.length - 1];
    state.pending[conv] = { ...req, fired: [...req.fired, ...reached.map((r) => r.level)] };
    const assistants = ctx.channel.assistants;
    const data = {
      client: `<@${req.client}>`,
      assistant: assistants.length ? assistants.map((a) => `<@${a}>`).join(' ') : ctx.lang === 'ja' ? '(担当未設定)' : '(no assistant set)',
      channel: `<#${ev.channel}>`,
      waited: formatDuration(waited, ctx.lang),
      threshold: formatDuration(t.after, ctx.lang),
    };
    if (t.notify.includes('assistant') && assistants.length > 0) {
      out.push({ kind: 'nudge', to: assistants, channel: ev.channel, ts: req.ts, text: fill(t.message[ctx.lang], data) });
    }
    if (t.notify.includes('directors') && t.escalation) {
      out.push({
        kind: 'escalation',
        channel: ev.channel,
        ts: req.ts,
        target: ctx.options.escalationChannel ?? ctx.team.escalationChannel,
        text: fill(t.escalation[ctx.lang], data),
      });
    }
    out.push({
      kind: 'finding',
      finding: {
        rule: ctx.ruleId,
        channel: ev.channel,
        ts: req.ts,
        user: assistants[0] ?? req.client,
        severity: t.notify.includes('directors') ? 'error' : ctx.severity,
        at: ev.at,
        evidence: { level: t.level, waitedMs: waited, thresholdMs: t.after, client: req.client, assistants, lateMs: ev.at - ev.dueAt },
      },
    });
  }
  const timer = armResponseTimer(ctx, conv, state.pending[conv]);
  if (timer) out.push(timer);
  return withState(out, state);
}

function onFollowUpDue(ev: Extract<SlaEvent, { type: 'timer' }>, ctx: Ctx, state: ResponseTimeState): Outcome[] {
  const conv = String(ev.payload.c);
  const fu = state.followUps[conv];
  if (!fu || fu.ts !== ev.payload.r || fu.nudged) return [];
  state.followUps[conv] = { ...fu, nudged: true };
  const data = {
    client: `<@${fu.client}>`,
    assistant: `<@${fu.assistant}>`,
    channel: `<#${ev.channel}>`,
    deadline: DateTime.fromMillis(fu.deadlineAt, { zone: ctx.calendar.luxonZone }).toFormat('HH:mm'),
    waited: formatDuration(ev.at - fu.ackAt, ctx.lang),
  };
  return withState(
    [
      { kind: 'nudge', to: [fu.assistant], channel: ev.channel, ts: fu.ts, text: fill(ctx.options.followUp.message[ctx.lang], data) },
      {
        kind: 'finding',
        finding: {
          rule: ctx.ruleId,
          channel: ev.channel,
          ts: fu.requestTs,
          user: fu.assistant,
          severity: ctx.severity,
          at: ev.at,
          evidence: { level: 'follow-up-due', deadlineAt: fu.deadlineAt, interimTs: fu.ts, client: fu.client },
        },
      },
    ],
    state,
  );
}

/** Requests of a channel waiting for a reply, read from its stored state (for reports and status). */
export function pendingRequests(channelState: Record<string, unknown> | null | undefined): PendingRequest[] {
  const own = channelState?.['response-time'] as ResponseTimeState | undefined;
  return Object.values(own?.pending ?? {});
}
