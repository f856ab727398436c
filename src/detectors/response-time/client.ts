import type { Outcome } from '../../core/detector';
import type { MessageEvent } from '../../core/events';
import { MAIN_CONVERSATION } from '../../core/runner';
import { isOnlyClosingWords } from '../../text/phrases';
import { matchers } from './options';
import { MAX_TRACKED_TS, armResponseTimer, responseTimerId, save, type Ctx, type PendingRequest } from './state';

/** A client's message opens a request in its conversation, or joins the one already waiting there. */
export function onClientMessage(ev: MessageEvent, ctx: Ctx): Outcome[] {
  const conv = ev.threadTs ?? MAIN_CONVERSATION;
  const before = ctx.conversations.get(conv);
  const existing = before?.pending;
  if (existing) {
    // Several client messages before an answer are one request, timed from the first.
    if (existing.tss.includes(ev.ts)) return [];
    return save([], conv, before, { ...before, pending: { ...existing, tss: [...existing.tss, ev.ts].slice(-MAX_TRACKED_TS) } });
  }
  if (isOnlyClosingWords(ev.text, matchers(ctx.options).closing)) return [];

  const req: PendingRequest = { ts: ev.ts, root: ev.threadTs ?? ev.ts, client: ev.user!, openedAt: ev.at, tss: [ev.ts], fired: [] };
  // While paused the request is recorded, but its clock only starts when the pause ends.
  if (ctx.channel.paused) return save([], conv, before, { ...before, pending: { ...req, pausedAt: ev.at } });
  return save([armResponseTimer(ctx, conv, req)!], conv, before, { ...before, pending: req });
}

/** A client message deleted: the request no longer waits if it was its only message. */
export function onDeleted(deletedTs: string, ctx: Ctx): Outcome[] {
  for (const [conv, slice] of ctx.conversations.entries()) {
    const req = slice.pending;
    if (!req?.tss.includes(deletedTs)) continue;
    const rest = req.tss.filter((t) => t !== deletedTs);
    // The request stays timed from its first message: the client did ask then.
    if (rest.length > 0) return save([], conv, slice, { ...slice, pending: { ...req, tss: rest } });
    return save([{ kind: 'cancel-timer', id: responseTimerId(conv) }], conv, slice, { ...slice, pending: undefined });
  }
  return [];
}
