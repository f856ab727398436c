import { z } from 'zod';
import { defineDetector, type DetectorContext, type Outcome } from '../core/detector';
import type { MessageEvent, TimerEvent } from '../core/events';
import { MAIN_CONVERSATION } from '../core/runner';
import { durationSchema, phraseListSchema } from '../core/schema';
import { analyze } from '../text/analysis';
import { acceptance, acceptsAndCommits, carried, cancellation, goAhead, offersWork, commitments, delivery, dueTime, mayAccept, mayCancel, mayRequestWork, requestsWork } from '../text/acts/commitment';
import { mayHaveDeadline } from '../text/deadline';
import { authorText, mentionedUsers } from '../text/normalize';
import { phrasesFor } from '../text/phrases';
import { isHumanChannelMessage, isTeamMessageToClient, linksOf, nudge } from './support';

/**
 * Rule `deadline-missing` (rulebook 0.7, タスクの期限明示): accepting a task states its deadline, or
 * the time by which one will be set. ✗「承知いたしました!対応いたします!」
 * ◯「承知いたしました!▢月◇日△時○分までに完了いたします!」
 *
 * A team message ACCEPTS A TASK when it answers a client's request for work still open in that
 * conversation (its thread, the thread's root in the main timeline, or the main timeline) with a
 * yes in any register (「承知しました!」「お任せください」 "On it 👍") or a commitment to the work
 * (「やっておきます」「拝見しますね」); with no such request, a message that both says yes and commits
 * to a task (the rulebook's ✗ stands alone). It needs a concrete time (dueTime: 「なるべく早めに」,
 * "soon", a start time 「14時から」 are none). Not flagged:
 * - work handed over at once (a file, a link, 「お送りしました」, "here it is");
 * - a yes to a request that already names its deadline (「明日17時までにお願いできますか」「承知しました!」);
 * - a yes completed by the same team's next message before the client speaks again
 *   (「承知しました!」 then 「明日12時までにご連絡します」): a yes in reply is judged after `splitGrace`
 *   (or when the client writes), so a deadline sent as a second message counts;
 * - team talk (a message addressed to a colleague, and that colleague's answer).
 * The acts are read from the analysis (src/text/acts/commitment.ts); the phrase lists of the rule
 * file are extras a team can tune.
 *
 * State, per conversation (small, bounded): the client's open requests for work there (the main
 * timeline's are also the roots of the threads that answer them), a yes waiting for its grace, and
 * the colleagues just addressed.
 */
export const deadlineMissingOptions = z
  .object({
    /** Extra words that say yes to a task (the acts already know 承知/了解/かしこまりました, OK, sure …). */
    acceptPhrases: phraseListSchema,
    /** Extra phrases that commit to doing something (the acts read 〜いたします, 〜しておきます, "I'll …"). */
    commitPhrases: phraseListSchema,
    /** How long a yes in reply to a request waits for the same team's next message to give the deadline. */
    splitGrace: durationSchema.default(3 * 60_000),
  })
  .strict();

interface Ask {
  ts: string;
  /** The client named the deadline in the request itself. */
  dated?: boolean;
  /** Team members already nudged about this request. */
  nudged?: string[];
}
interface Pending {
  ts: string;
  user: string;
  at: number;
  /** Evidence of the yes. */
  accepted?: string;
  committed?: string;
}
export interface DeadlineMissingState {
  /** Client requests for work in this conversation that no team message has taken up with a deadline. */
  asks?: Ask[];
  /** A yes with no deadline, waiting for its grace (a deadline may follow in the next message). */
  pending?: Pending;
  /** Team members the last team message here addressed (team talk): their answer is not to the client. */
  colleagues?: string[];
  /** When a task here was last taken on with a deadline. */
  takenAt?: number;
  /** The team's last message here asked the client something: offered work, or asked a question. */
  teamAsked?: 'offer' | 'question' | true;
  /** The client's last message here answered the team's question. */
  answered?: boolean;
}

/** How long a client's request waits to be taken up. */
const ASK_WINDOW_MS = 5 * 24 * 3_600_000;
const MAX_ASKS = 10;
/** In the main timeline, a task taken with a deadline covers the yes-words that follow it for this long. */
const TAKEN_MAIN_MS = 24 * 3_600_000;
const tsMs = (ts: string) => Math.round(Number(ts) * 1000);
const graceTimer = (ts: string) => `g:${ts}`;

type Ctx = DetectorContext<z.infer<typeof deadlineMissingOptions>, DeadlineMissingState>;

export const deadlineMissing = defineDetector<typeof deadlineMissingOptions, DeadlineMissingState>({
  meta: {
    id: 'deadline-missing',
    ref: '0.7',
    options: deadlineMissingOptions,
    messages: {
      noDeadline: {
        ja: '🗓 タスクを引き受ける時は期限を添えましょう。例:「承知いたしました!11月25日15時までに完了いたします!」(まだ決められない時は「明日12時までに期限をご連絡します」)',
        en: '🗓 When you take on a task, give its deadline, e.g. "Will do, done by Nov 25, 3pm." (If you can\'t yet, say when you will set one.)',
      },
    },
    placeholders: [],
    state: 'conversation',
  },
  handlers: {
    message(ev, ctx) {
      if (!isHumanChannelMessage(ev) || !ctx.channel.tracked) return [];
      const w = new Writes(ctx, ev.at);
      if (ctx.roles.roleOf(ev.user, ev.userTeam) === 'client') onClient(ev, ctx, w);
      else if (isTeamMessageToClient(ev, ctx)) onTeam(ev, ctx, w);
      return w.done();
    },
    timer(ev, ctx) {
      const conv = String(ev.payload.conversation);
      const w = new Writes(ctx, ev.at);
      const p = w.get(conv).pending;
      if (p && p.ts === ev.payload.ts) flagPending(ev, ctx, w, conv, p);
      return w.done();
    },
  },
});

/** The rule's state writes of one event, one per conversation, emitted with its other outcomes. */
class Writes {
  private readonly state = new Map<string, DeadlineMissingState>();
  readonly out: Outcome[] = [];
  constructor(
    private readonly ctx: Ctx,
    private readonly now: number,
  ) {}
  get(conv: string): DeadlineMissingState {
    return this.state.get(conv) ?? this.ctx.conversations.get(conv) ?? {};
  }
  set(conv: string, s: DeadlineMissingState): void {
    this.state.set(conv, s);
  }
  done(): Outcome[] {
    for (const [conv, s] of this.state) {
      const value: DeadlineMissingState = {};
      if (s.asks?.length) value.asks = s.asks;
      if (s.pending) value.pending = s.pending;
      if (s.colleagues?.length) value.colleagues = s.colleagues;
      if (s.teamAsked) value.teamAsked = s.teamAsked;
      if (s.answered) value.answered = true;
      if (s.takenAt !== undefined && this.now - s.takenAt <= (conv === MAIN_CONVERSATION ? TAKEN_MAIN_MS : ASK_WINDOW_MS)) value.takenAt = s.takenAt;
      const before = this.ctx.conversations.get(conv);
      if (JSON.stringify(before ?? null) === JSON.stringify(Object.keys(value).length ? value : null)) continue;
      this.out.push({ kind: 'state', conversation: conv, value: Object.keys(value).length ? value : null });
    }
    return this.out;
  }
}

const conversationOf = (ev: MessageEvent) => ev.threadTs ?? MAIN_CONVERSATION;
const recent = (asks: Ask[] | undefined, now: number) => (asks ?? []).filter((a) => now - tsMs(a.ts) <= ASK_WINDOW_MS).slice(-MAX_ASKS);

/** A client message: remember a request for work; a cancellation takes back what was asked there; a waiting yes is judged now. */
function onClient(ev: MessageEvent, ctx: Ctx, w: Writes): void {
  const conv = conversationOf(ev);
  const s = w.get(conv);
  // The client spoke: a yes waiting for its deadline stands alone, and team talk is over.
  if (s.pending) flagPending(ev, ctx, w, conv, s.pending);
  if (s.colleagues) w.set(conv, { ...w.get(conv), colleagues: undefined });
  // Answering the team's question (「コーヒーでお願いします」「はい、入れてください」) details the work under way;
  // a yes to the team's offer of work (「ぜひお願いします!」, "Yes please!") asks for that work.
  const answering = Boolean(s.teamAsked);
  const offered = s.teamAsked === 'offer';
  if (answering || s.answered) w.set(conv, { ...w.get(conv), teamAsked: undefined, answered: answering || undefined });
  if (offered && toTeam(ev, ctx) && goAhead(analyze(ev.text ?? ''))) {
    w.set(conv, { ...w.get(conv), answered: undefined, asks: recent([...(w.get(conv).asks ?? []), { ts: ev.ts }], ev.at) });
    return;
  }

  const main = w.get(MAIN_CONVERSATION);
  const rootAsked = ev.threadTs !== undefined && (main.asks ?? []).some((a) => a.ts === ev.threadTs);
  const text = ev.text ?? '';
  const asks = mayRequestWork(text);
  const cancels = ((s.asks ?? []).length > 0 || rootAsked) && mayCancel(text);
  if (!asks && !cancels && !((s.asks ?? []).length && mayHaveDeadline(text))) return;
  const a = analyze(text);
  // Calling work off (「一旦保留で」, "hold off on this") asks for nothing, and takes back what was asked here.
  if ((cancels || mayCancel(text)) && cancellation(a)) {
    w.set(conv, { ...w.get(conv), asks: [] });
    if (rootAsked) w.set(MAIN_CONVERSATION, { ...w.get(MAIN_CONVERSATION), asks: (w.get(MAIN_CONVERSATION).asks ?? []).filter((x) => x.ts !== ev.threadTs) });
    return;
  }
  const dated = mayHaveDeadline(text) && dueTime(text, ev.at, ctx.calendar.luxonZone, { asDeadline: true }) !== null;
  const detail = answering && w.get(conv).takenAt !== undefined;
  if (!asks || detail || !requestsWork(a) || !toTeam(ev, ctx)) {
    // 「金曜までで大丈夫です」: the client gives the deadline of what was asked.
    if (dated && (s.asks ?? []).length) w.set(conv, { ...w.get(conv), asks: (w.get(conv).asks ?? []).map((x) => ({ ...x, dated: true })) });
    return;
  }
  const ask: Ask = dated ? { ts: ev.ts, dated } : { ts: ev.ts };
  w.set(conv, { ...w.get(conv), asks: recent([...(w.get(conv).asks ?? []), ask], ev.at) });
}

/** A team message: a yes or a commitment to work asked for, or a yes-and-commitment on its own, needs a time. */
function onTeam(ev: MessageEvent, ctx: Ctx, w: Writes): void {
  const conv = conversationOf(ev);
  const s = w.get(conv);
  const text = ev.text ?? '';
  const user = ev.user!;

  // Team talk: a message addressed to a colleague (「<@suzuki> これ対応できそう?」), and their answer (「いけます!」).
  const addressed = addressedColleagues(text, ev, ctx);
  if (addressed.length) {
    w.set(conv, { ...s, colleagues: addressed });
    return;
  }
  if (s.colleagues?.includes(user)) {
    w.set(conv, { ...s, colleagues: undefined });
    return;
  }
  if (s.colleagues) w.set(conv, { ...w.get(conv), colleagues: undefined });
  // The client's answer to our question is acknowledged, not a task taken on (unless it asked for one).
  const afterAnswer = Boolean(s.answered);
  if (afterAnswer) w.set(conv, { ...w.get(conv), answered: undefined });

  const maybeDue = mayHaveDeadline(text);
  // A yes waiting for its deadline: the team's next message may give it.
  const waiting = w.get(conv).pending;
  // The time is read only where it decides something (a yes waiting for it, or a yes given now): most team messages are neither.
  let dueRead: ReturnType<typeof dueTime> | undefined;
  const dueNow = () => (dueRead === undefined ? (dueRead = maybeDue ? dueTime(text, ev.at, ctx.calendar.luxonZone, { analysis: analyze(text) }) : null) : dueRead);
  if (waiting && dueNow()) {
    w.out.push({ kind: 'cancel-timer', id: graceTimer(waiting.ts) });
    w.set(conv, { ...w.get(conv), pending: undefined });
  }

  const main = w.get(MAIN_CONVERSATION);
  const ownAsks = recent(w.get(conv).asks, ev.at);
  // The thread of a client's request in the main timeline answers that request.
  const rootAsk = ev.threadTs !== undefined ? (main.asks ?? []).find((a) => a.ts === ev.threadTs && ev.at - tsMs(a.ts) <= ASK_WINDOW_MS) : undefined;
  const answering = [...ownAsks, ...(rootAsk ? [rootAsk] : [])];
  const inReply = answering.length > 0;
  const extra = { accept: phrasesFor(ctx.options.acceptPhrases), commit: phrasesFor(ctx.options.commitPhrases) };
  const words = authorText(text);
  const a = !inReply && !mayAccept(words) && !extra.accept.test(words) && !/[??]|ょうか|ですか|ますか/u.test(words) ? undefined : analyze(text);
  if (a?.sentences.some((x) => x.question)) {
    const kind = offersWork(a) ? 'offer' : 'question';
    w.set(conv, { ...w.get(conv), teamAsked: kind });
    // A question in the main timeline is answered in its own thread too.
    if (!ev.threadTs) w.set(ev.ts, { ...w.get(ev.ts), teamAsked: kind });
  } else if (w.get(conv).teamAsked) w.set(conv, { ...w.get(conv), teamAsked: undefined });
  if (!a || (!inReply && !mayAccept(words) && !extra.accept.test(words))) return;

  /** Take the requests answered off the open list. */
  const settle = (keep?: (x: Ask) => Ask | null) => {
    const next = (list: Ask[] | undefined, answered: (x: Ask) => boolean) =>
      (list ?? []).flatMap((x) => (answered(x) ? (keep ? [keep(x)].filter((y): y is Ask => y !== null) : []) : [x]));
    w.set(conv, { ...w.get(conv), asks: next(w.get(conv).asks, () => true) });
    if (rootAsk) w.set(MAIN_CONVERSATION, { ...w.get(MAIN_CONVERSATION), asks: next(w.get(MAIN_CONVERSATION).asks, (x) => x.ts === rootAsk.ts) });
  };
  // Work handed over (a file, a link, 「お送りしました」, "here is") takes nothing on.
  if (delivery(a, carried(text, ev.files, linksOf(text).length))) {
    if (inReply) settle();
    return;
  }
  const accepted = acceptance(a, inReply) ?? extra.accept.find(words) ?? undefined;
  const all = commitments(a);
  const task = all.find((c) => c.kind === 'task');
  // Answering a request for work, checking it (「拝見しますね」) takes it on too; only getting back (「確認してご連絡します」) does not.
  const committed = (task ?? (inReply ? all.find((c) => c.kind === 'check') : undefined))?.verb ?? extra.commit.find(words) ?? undefined;
  if (inReply ? !accepted && !committed : !accepted || !committed) return;
  if (dueNow()) {
    w.set(conv, { ...w.get(conv), takenAt: ev.at });
    return settle();
  }
  // A yes that only asks back about the task (0.8: 「承知しました。サイズは1080でよろしいでしょうか?」),
  // or asks when it is needed ("when do you need them by?"), has not taken it on yet: the request
  // stays open for the reply that does.
  if (inReply && a.sentences.some((x) => x.question && (!task || asksWhen(x.norm)))) return;

  if (!inReply) {
    // A task of this conversation was taken with a deadline: a later yes is about it (「承知しました!A4で進めます。」).
    const taken = w.get(conv).takenAt;
    if (taken !== undefined && ev.at - taken <= (ev.threadTs ? ASK_WINDOW_MS : TAKEN_MAIN_MS)) return;
    if (afterAnswer) return;
    const both = acceptsAndCommits(a) ?? (extra.accept.test(words) && extra.commit.test(words) ? { accepted, committed } : null);
    if (!both) return;
    out(w, nudge(ctx, { about: ev, to: [user], messageId: 'noDeadline', evidence: { ...both, inReply } }));
    return;
  }
  // A yes to a request that named its own deadline agrees to that deadline.
  if (answering.every((x) => x.dated)) {
    w.set(conv, { ...w.get(conv), takenAt: ev.at });
    return settle();
  }
  // Each team member who takes the task on is nudged once; the request stays open (no deadline yet).
  if (answering.every((x) => x.nudged?.includes(user))) return;
  settle((x) => ({ ...x, nudged: [...(x.nudged ?? []), user] }));
  if (waiting) return; // one yes waits at a time: the first one's grace covers the follow-up
  const p: Pending = { ts: ev.ts, user, at: ev.at, accepted, committed };
  w.set(conv, { ...w.get(conv), pending: p });
  w.out.push({ kind: 'timer', id: graceTimer(ev.ts), dueAt: ev.at + ctx.options.splitGrace, payload: { conversation: conv, ts: ev.ts } });
}

/** Nudge about a yes whose grace is over (or that the client answered): it gave no deadline. */
function flagPending(ev: MessageEvent | TimerEvent, ctx: Ctx, w: Writes, conv: string, p: Pending): void {
  if (ev.type === 'message') w.out.push({ kind: 'cancel-timer', id: graceTimer(p.ts) });
  w.set(conv, { ...w.get(conv), pending: undefined });
  out(w, nudge(ctx, { about: { channel: ev.channel, ts: p.ts, at: ev.at }, to: [p.user], messageId: 'noDeadline', evidence: { accepted: p.accepted, committed: p.committed, inReply: true } }));
}

function out(w: Writes, outcomes: Outcome[]): void {
  w.out.push(...outcomes);
}

/** A question about when the work is needed: the deadline is being set with the client. */
function asksWhen(q: string): boolean {
  return /\bwhen\b|\bby when\b|\bwhat time\b|\bwhich day\b|deadline|\bdue\b|timeline|いつ|何時|何日|何曜|期限|納期|締め?切|ご希望の(日|時|期)|スケジュール/u.test(q);
}

/** Colleagues a team message is addressed to: it opens with @-mentions of team members only (not the author). */
function addressedColleagues(text: string, ev: MessageEvent, ctx: Ctx): string[] {
  const lead = /^\s*((?:<@[UW][A-Z0-9]+(?:\|[^>]*)?>[\s,、]*)+)/.exec(text);
  if (!lead) return [];
  // Distinct and few: state is read on every event of the conversation (3,000 repeated mentions stored 27 KB).
  const users = [...new Set(mentionedUsers(lead[1]))].slice(0, 10);
  return users.every((u) => u !== ev.user && ctx.roles.isTeamSide(u)) ? users : [];
}

/** A client message that @-mentions only people outside the team (another client) asks nothing of the team. */
function toTeam(ev: MessageEvent, ctx: Ctx): boolean {
  const mentioned = mentionedUsers(ev.text ?? '');
  return mentioned.length === 0 || mentioned.some((u) => ctx.roles.isTeamSide(u));
}
