import type { Outcome } from '../../core/detector';
import type { MessageEvent } from '../../core/events';
import { MAIN_CONVERSATION } from '../../core/runner';
import { askingSentences, clientIntent } from '../../text/client-intent';
import { mentionedUsers } from '../../text/normalize';
import { matchers } from './options';
import { MAX_OPEN_REQUESTS, MAX_TRACKED_TS, armResponseTimer, legacyTimerIds, readSlice, responseTimerId, save, type Ctx, type PendingRequest } from './state';

/**
 * A client's message opens a request in its conversation, or joins that client's request when it
 * follows it within the rule's window (one request said in several messages). What asks nothing of
 * the team opens none: closings, the client's own next step, "no reply needed", and a message
 * addressed only to someone outside the team.
 */
export function onClientMessage(ev: MessageEvent, ctx: Ctx): Outcome[] {
  const conv = ev.threadTs ?? MAIN_CONVERSATION;
  const before = ctx.conversations.get(conv);
  const slice = readSlice(before);
  if (slice.requests.some((r) => r.tss.includes(ev.ts))) return [];
  const client = ev.user!;
  const own = lastOf(slice.requests, (r) => r.client === client);
  if (own && ev.at - lastMessageAt(own) <= ctx.options.requestWindow) {
    const joined = { ...own, tss: [...own.tss, ev.ts].slice(-MAX_TRACKED_TS) };
    return save([], conv, before, { ...slice, requests: slice.requests.map((r) => (r === own ? joined : r)) });
  }
  if (clientIntent(ev.text, matchers(ctx.options).intent) !== 'request') return [];
  if (addressedOnlyOutsideTeam(ev.text, ctx)) return [];

  const req: PendingRequest = { ts: ev.ts, root: ev.threadTs ?? ev.ts, client, openedAt: ev.at, tss: [ev.ts], fired: [] };
  const out: Outcome[] = [];
  let requests = [...slice.requests, req];
  // A bound on what one conversation keeps: the oldest open requests leave (their timers with them).
  while (requests.length > MAX_OPEN_REQUESTS) {
    out.push({ kind: 'cancel-timer', id: responseTimerId(conv, requests[0].ts) });
    requests = requests.slice(1);
  }
  // While paused the request is recorded, but its clock only starts when the pause ends.
  if (ctx.channel.paused) return save(out, conv, before, { ...slice, requests: requests.map((r) => (r === req ? { ...req, pausedAt: ev.at } : r)) });
  out.push(armResponseTimer(ctx, conv, req)!);
  return save(out, conv, before, { ...slice, requests });
}

/** A client message deleted: a request no longer waits once all its messages are gone. */
export function onDeleted(deletedTs: string, ctx: Ctx): Outcome[] {
  for (const [conv, state] of ctx.conversations.entries()) {
    const slice = readSlice(state);
    const req = slice.requests.find((r) => r.tss.includes(deletedTs));
    if (!req) continue;
    const rest = req.tss.filter((t) => t !== deletedTs);
    // The request stays timed from its first message: the client did ask then.
    if (rest.length > 0) return save([], conv, state, { ...slice, requests: slice.requests.map((r) => (r === req ? { ...req, tss: rest } : r)) });
    const out: Outcome[] = [{ kind: 'cancel-timer', id: responseTimerId(conv, req.ts) }];
    if (state?.pending) out.push({ kind: 'cancel-timer', id: legacyTimerIds(conv)[0] });
    return save(out, conv, state, { ...slice, requests: slice.requests.filter((r) => r !== req) });
  }
  return [];
}

/**
 * The message is addressed to people outside the team: it @-mentions only such people (no team
 * member, user group or the whole channel), and each sentence that asks something either carries
 * such a mention or follows a message that opens with one (「<@client2> 議事録です。目を通しておいて
 * ください。」). An ask that turns to someone else (「あと佐藤さん、…いただけますか?」) is for the team.
 * When the team file names nobody, every internal person counts as team, so this never hides a
 * request then.
 */
function addressedOnlyOutsideTeam(text: string, ctx: Ctx): boolean {
  if (/<!(subteam\^|here|channel|everyone)/.test(text)) return false;
  const mentioned = mentionedUsers(text);
  if (!mentioned.length || mentioned.some((u) => ctx.roles.isTeamSide(u))) return false;
  const opensWithMention = /^\s*(<@[UW][A-Z0-9]+(\|[^>]*)?>\s*)+/.test(text);
  return askingSentences(text).every((s) => /<@[uw][a-z0-9]+/.test(s) || (opensWithMention && !TURNS_TO_SOMEONE.test(s)));
}

// A sentence that turns to a named person: 「あと佐藤さん、」「鈴木様、」"Also Sato, ".
const TURNS_TO_SOMEONE = /^((あと|また|それと|なお|ちなみに)[、,]?\s*)?[^\s、,。]{1,12}(さん|様|さま|くん|ちゃん)[、,]|^(also|and|oh and|btw)[, ]+[a-z]+,/u;

/** When the request's latest message was sent: a Slack ts is its time in epoch seconds. */
function lastMessageAt(req: PendingRequest): number {
  const at = Math.round(Number(req.tss[req.tss.length - 1]) * 1000);
  return Number.isFinite(at) ? Math.max(at, req.openedAt) : req.openedAt;
}

function lastOf<T>(xs: T[], p: (x: T) => boolean): T | undefined {
  for (let i = xs.length - 1; i >= 0; i--) if (p(xs[i])) return xs[i];
  return undefined;
}
