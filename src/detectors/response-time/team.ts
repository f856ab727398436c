import { DateTime } from 'luxon';
import type { Outcome } from '../../core/detector';
import type { MessageEvent } from '../../core/events';
import { MAIN_CONVERSATION } from '../../core/runner';
import { mayHaveDeadline, parseDeadlineAt } from '../../text/deadline';
import { authorText } from '../../text/normalize';
import { matchers } from './options';
import { stamp } from './stamp';
import { followUpTimer, followUpTimerId, responseTimerId, save, waitedMs, type ConversationState, type Ctx } from './state';

/**
 * A team message answers the waiting request of its conversation (and the main timeline's, when
 * it replies in that request's thread), delivers or pushes back a promised follow-up, and stamps
 * the client's message with who picked it up.
 */
export function onTeamMessage(ev: MessageEvent, ctx: Ctx): Outcome[] {
  const m = matchers(ctx.options);
  const words = authorText(ev.text);
  if (m.auto.test(words)) return [];

  const deadline = mayHaveDeadline(ev.text) ? parseDeadlineAt(ev.text, ev.at, { zone: ctx.calendar.luxonZone, endOfDay: endOfDayOf(ctx, ev.at) }) : null;
  const deadlineAt = deadline && deadline.at.toMillis() > ev.at ? deadline.at.toMillis() : undefined;
  const isInterim = deadlineAt !== undefined && m.interim.test(words) && ctx.options.followUp.enabled;

  const before = new Map<string, ConversationState | undefined>();
  const after = new Map<string, ConversationState>();
  const slice = (conv: string) => {
    if (!before.has(conv)) before.set(conv, ctx.conversations.get(conv));
    return after.get(conv) ?? before.get(conv) ?? {};
  };
  const out: Outcome[] = [];

  // 1. A promised follow-up is delivered by the next team message in that conversation,
  //    or pushed back by another interim reply with a new time.
  for (const conv of answeredConversations(ev, ctx, 'followUp')) {
    const s = slice(conv);
    const fu = s.followUp!;
    if (ev.ts <= fu.ts) continue;
    if (isInterim) {
      after.set(conv, { ...s, followUp: { ...fu, ts: ev.ts, deadlineAt: deadlineAt!, nudged: false } });
      out.push(followUpTimer(conv, ev.ts, deadlineAt!));
      out.push(...stamp(ctx, { channel: ev.channel, ts: fu.requestTs, threadTs: fu.root, assistant: fu.assistant, ackAt: fu.ackAt, elapsedMs: fu.elapsedMs, deadlineAt }));
    } else {
      after.set(conv, { ...s, followUp: undefined });
      out.push({ kind: 'cancel-timer', id: followUpTimerId(conv) });
      out.push(...stamp(ctx, { channel: ev.channel, ts: fu.requestTs, threadTs: fu.root, assistant: fu.assistant, ackAt: fu.ackAt, elapsedMs: fu.elapsedMs, deadlineAt: fu.deadlineAt, doneAt: ev.at }));
    }
  }

  // 2. Requests answered by this message.
  for (const conv of answeredConversations(ev, ctx, 'pending')) {
    const s = slice(conv);
    const req = s.pending!;
    const elapsedMs = waitedMs(ctx, req, ev.at);
    const next: ConversationState = { ...s, pending: undefined };
    out.push({ kind: 'cancel-timer', id: responseTimerId(conv) });
    out.push({
      kind: 'response',
      record: { channel: ev.channel, ts: req.ts, client: req.client, assistant: ev.user!, openedAt: req.openedAt, answeredAt: ev.at, elapsedMs, clock: ctx.options.clock },
    });
    out.push(...stamp(ctx, { channel: ev.channel, ts: req.ts, threadTs: req.root, assistant: ev.user!, ackAt: ev.at, elapsedMs, deadlineAt }));
    if (isInterim) {
      next.followUp = { ts: ev.ts, requestTs: req.ts, root: req.root, client: req.client, assistant: ev.user!, ackAt: ev.at, elapsedMs, deadlineAt: deadlineAt!, nudged: false };
      out.push(followUpTimer(conv, ev.ts, deadlineAt!));
    }
    after.set(conv, next);
  }

  for (const [conv, s] of after) save(out, conv, before.get(conv), s);
  return out;
}

/** Conversations whose request (or follow-up) a team message answers: its own, plus the main one if it replies in that one's thread. */
function answeredConversations(ev: MessageEvent, ctx: Ctx, what: 'pending' | 'followUp'): string[] {
  const main = ctx.conversations.get(MAIN_CONVERSATION)?.[what];
  if (!ev.threadTs) return main ? [MAIN_CONVERSATION] : [];
  const convs: string[] = [];
  if (ctx.conversations.get(ev.threadTs)?.[what]) convs.push(ev.threadTs);
  const tss = main && 'tss' in main ? main.tss : undefined;
  if (main && (main.root === ev.threadTs || tss?.includes(ev.threadTs))) convs.push(MAIN_CONVERSATION);
  return convs;
}

function endOfDayOf(ctx: Ctx, at: number): { hour: number; minute: number } | undefined {
  const end = ctx.calendar.endOfBusinessDayAt(at);
  if (end === null) return undefined;
  const t = DateTime.fromMillis(end, { zone: ctx.calendar.luxonZone });
  return { hour: t.hour, minute: t.minute };
}
