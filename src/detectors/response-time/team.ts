import { DateTime } from 'luxon';
import type { Outcome } from '../../core/detector';
import type { MessageEvent } from '../../core/events';
import { MAIN_CONVERSATION } from '../../core/runner';
import { isCommittedTime } from '../../text/commitment';
import { mayHaveDeadline, parseDeadlineAt } from '../../text/deadline';
import { authorText, mentionedUsers } from '../../text/normalize';
import { matchers } from './options';
import { stamp } from './stamp';
import { followUpTimer, followUpTimerId, legacyTimerIds, readSlice, responseTimerId, save, waitedMs, type ConversationState, type Ctx, type FollowUp, type PendingRequest, type Slice } from './state';

/**
 * A team message answers the requests it addresses, delivers or pushes back the follow-ups it
 * addresses, and stamps each client message it picked up. What it addresses (README, "Which
 * request a reply answers"):
 * - a reply in a thread: the requests and follow-ups of that thread (only the @-mentioned clients'
 *   when it mentions some), and the main-timeline request whose message is that thread's root;
 * - a top-level message: the main-timeline requests of the clients it @-mentions; with no such
 *   mention, the requests of the client who asked last, back to the latest request of any other
 *   client (a reply follows the question it answers: an earlier client's request stays open rather
 *   than be closed by a guess); with no request open, the latest follow-up.
 */
export function onTeamMessage(ev: MessageEvent, ctx: Ctx): Outcome[] {
  const m = matchers(ctx.options);
  const words = authorText(ev.text);
  if (m.auto.test(words)) return [];

  const promised = promisedTime(ev, ctx);
  const isInterim = promised !== undefined && m.interim.test(words) && ctx.options.followUp.enabled;

  const before = new Map<string, ConversationState | undefined>();
  const after = new Map<string, Slice>();
  const slice = (conv: string): Slice => {
    if (!before.has(conv)) before.set(conv, ctx.conversations.get(conv));
    return after.get(conv) ?? readSlice(before.get(conv));
  };
  const out: Outcome[] = [];
  const mentioned = new Set(mentionedUsers(ev.text));

  for (const { conv, requests, followUps } of addressed(ev, mentioned, slice)) {
    const s = slice(conv);
    const legacy = Boolean(before.get(conv)?.pending || before.get(conv)?.followUp);
    const next: Slice = { requests: s.requests.filter((r) => !requests.includes(r)), followUps: s.followUps.filter((f) => !followUps.includes(f)) };

    // 1. A promised follow-up is delivered by the next team message addressed to it, or pushed back
    //    by another interim reply with a new time.
    for (const fu of followUps) {
      const stampOf = { channel: ev.channel, ts: fu.requestTs, threadTs: fu.root, assistant: fu.assistant, requestAt: fu.openedAt, ackAt: fu.ackAt, elapsedMs: fu.elapsedMs };
      if (isInterim) {
        const moved: FollowUp = { ...fu, ts: ev.ts, deadlineAt: promised!, nudged: false };
        next.followUps.push(moved);
        out.push(followUpTimer(conv, moved), ...stamp(ctx, { ...stampOf, deadlineAt: promised }));
      } else {
        out.push({ kind: 'cancel-timer', id: followUpTimerId(conv, fu.requestTs) }, ...stamp(ctx, { ...stampOf, deadlineAt: fu.deadlineAt, doneAt: ev.at }));
      }
    }

    // 2. Requests answered by this message: each recorded and stamped on its own.
    for (const req of requests) {
      const elapsedMs = waitedMs(ctx, req, ev.at);
      out.push({ kind: 'cancel-timer', id: responseTimerId(conv, req.ts) });
      out.push({
        kind: 'response',
        record: { channel: ev.channel, ts: req.ts, client: req.client, assistant: ev.user!, openedAt: req.openedAt, answeredAt: ev.at, elapsedMs, clock: ctx.options.clock },
      });
      out.push(...stamp(ctx, { channel: ev.channel, ts: req.ts, threadTs: req.root, assistant: ev.user!, requestAt: req.openedAt, ackAt: ev.at, elapsedMs, deadlineAt: promised }));
      if (isInterim) {
        const fu: FollowUp = { ts: ev.ts, requestTs: req.ts, root: req.root, client: req.client, assistant: ev.user!, openedAt: req.openedAt, ackAt: ev.at, elapsedMs, deadlineAt: promised!, nudged: false };
        next.followUps = [...next.followUps.filter((f) => f.requestTs !== req.ts), fu];
        out.push(followUpTimer(conv, fu));
      }
    }
    // A slice stored before requests were per client had one timer per conversation.
    if (legacy) for (const id of legacyTimerIds(conv)) out.push({ kind: 'cancel-timer', id });
    after.set(conv, next);
  }

  for (const [conv, s] of after) save(out, conv, before.get(conv), s);
  return out;
}

interface Addressed {
  conv: string;
  requests: PendingRequest[];
  followUps: FollowUp[];
}

/** What a team message answers, by conversation (see onTeamMessage). */
function addressed(ev: MessageEvent, mentioned: Set<string>, slice: (conv: string) => Slice): Addressed[] {
  const out: Addressed[] = [];
  const main = slice(MAIN_CONVERSATION);
  if (ev.threadTs) {
    const thread = slice(ev.threadTs);
    // In a thread with several clients waiting, a mention picks who is answered; none: everyone there.
    const someMentioned = [...thread.requests, ...thread.followUps].some((x) => mentioned.has(x.client));
    const pick = <T extends { client: string }>(xs: T[]) => (someMentioned ? xs.filter((x) => mentioned.has(x.client)) : xs);
    out.push({ conv: ev.threadTs, requests: pick(thread.requests), followUps: pick(thread.followUps).filter((f) => ev.ts > f.ts) });
    // The main-timeline request (or its follow-up) asked in the message this thread hangs from.
    out.push({
      conv: MAIN_CONVERSATION,
      requests: main.requests.filter((r) => r.root === ev.threadTs || r.tss.includes(ev.threadTs!)),
      followUps: main.followUps.filter((f) => (f.root === ev.threadTs || f.requestTs === ev.threadTs) && ev.ts > f.ts),
    });
  } else {
    const byMention = main.requests.filter((r) => mentioned.has(r.client));
    const fuByMention = main.followUps.filter((f) => mentioned.has(f.client) && ev.ts > f.ts);
    if (byMention.length || fuByMention.length) out.push({ conv: MAIN_CONVERSATION, requests: byMention, followUps: fuByMention });
    else if (main.requests.length) out.push({ conv: MAIN_CONVERSATION, requests: latestClientsRun(main.requests), followUps: [] });
    else {
      const last = main.followUps.filter((f) => ev.ts > f.ts).sort((a, b) => (a.ts < b.ts ? -1 : 1)).pop();
      if (last) out.push({ conv: MAIN_CONVERSATION, requests: [], followUps: [last] });
    }
  }
  return out.filter((a) => a.requests.length || a.followUps.length);
}

/** The newest requests, back to (not including) the newest one of another client. */
function latestClientsRun(requests: PendingRequest[]): PendingRequest[] {
  const sorted = [...requests].sort((a, b) => a.openedAt - b.openedAt || (a.ts < b.ts ? -1 : 1));
  const client = sorted[sorted.length - 1].client;
  const run: PendingRequest[] = [];
  for (let i = sorted.length - 1; i >= 0 && sorted[i].client === client; i--) run.push(sorted[i]);
  return run;
}

/**
 * The time this message commits its author to (「15時までにご返信いたします」), if any: never a
 * date it offers, asks about or quotes, since the stamp shows it to the client as the deadline.
 */
function promisedTime(ev: MessageEvent, ctx: Ctx): number | undefined {
  if (!mayHaveDeadline(ev.text)) return undefined;
  const deadline = parseDeadlineAt(ev.text, ev.at, { zone: ctx.calendar.luxonZone, endOfDay: endOfDayOf(ctx, ev.at) });
  if (!deadline || deadline.at.toMillis() <= ev.at || !isCommittedTime(ev.text, deadline)) return undefined;
  return deadline.at.toMillis();
}

function endOfDayOf(ctx: Ctx, at: number): { hour: number; minute: number } | undefined {
  const end = ctx.calendar.endOfBusinessDayAt(at);
  if (end === null) return undefined;
  const t = DateTime.fromMillis(end, { zone: ctx.calendar.luxonZone });
  return { hour: t.hour, minute: t.minute };
}
