import { DateTime } from 'luxon';
import { z } from 'zod';
import { defineDetector, type DetectorContext, type Outcome } from '../core/detector';
import type { MessageEvent } from '../core/events';
import { MAIN_CONVERSATION } from '../core/runner';
import { phraseListSchema } from '../core/schema';
import { analyze, type Analysis } from '../text/analysis';
import {
  acceptance,
  cancellation,
  commitments,
  deadlineLifted,
  delayNotice as announcesDelay,
  delivery,
  dueTime,
  carried,
  mayAnnounceDelay,
  mayCancel,
  mayRequestWork,
  predicates,
  requestsWork,
  sentenceAccepts,
} from '../text/acts/commitment';
import { mayHaveDeadline, type Deadline } from '../text/deadline';
import { authorText, mentionedUsers, normalize } from '../text/normalize';
import { phrasesFor } from '../text/phrases';
import { isHumanChannelMessage, isTeamMessageToClient, linksOf, nudge } from './support';

/**
 * Rule `delay-notice` (rulebook 0.9, タスク遅延の連絡は迅速に): announce a likely delay before the
 * deadline, not after. A team commitment to a task with a concrete time starts a clock: 「25日15時
 * までに納品いたします」, "I'll send the deck by 3pm", a yes with a time ("Sure, by noon"), or a yes
 * to a client's request that names its own deadline (「明日12時までにお願いできますか」「承知しました!」).
 * The clock stops when, before the deadline, the team hands the work over (words, a file, a link, in
 * that conversation or across the main timeline), announces a delay or moves the time (「遅れる見込み
 * です」「16時までに変更させてください」, "running late"), or the client calls the task off or lifts
 * the deadline (「キャンセルで」「急ぎではないのでいつでも大丈夫です」, "never mind", "no rush"). A notice
 * only after the deadline changes nothing: the breach has fired.
 *
 * A reminder nudges the author at `remindAt` of the time to the deadline (a heads-up, severity info),
 * the breach when it passes (severity error). Promises to reply (「15時までにご返信いたします」) are response-time's. The acts come from the
 * analysis (src/text/acts/commitment.ts); the phrase lists of the rule file are extras a team can tune.
 */
export const delayNoticeOptions = z
  .object({
    remindAt: z.number().gt(0).lt(1).default(0.8),
    /** Extra phrases that commit to a task (the acts read 〜いたします, "I'll …"). */
    commitPhrases: phraseListSchema,
    /** Extra phrases that report the work done or handed over. */
    completionPhrases: phraseListSchema,
    /** Extra phrases that announce a delay. */
    delayPhrases: phraseListSchema,
  })
  .strict();

interface Commitment {
  user: string;
  at: number;
  deadlineAt: number;
  conv: string;
}
/** A client's request for work that names its deadline, waiting for the team's yes. */
interface Asked {
  at: number;
  deadlineAt: number;
  conv: string;
}
export interface DelayNoticeState {
  open: Record<string, Commitment>;
  asked?: Record<string, Asked>;
}

const MAX_OPEN = 30;
const MAX_ASKED = 10;
/** Work handed over at the deadline itself is on time (「16時までに」 delivered at 16:00). */
const ON_TIME_MS = 1_000;
/** A delivery in another conversation that says it is about something else settles nothing there. */
const OTHER_MATTER = /別件|他の件|\b(another|different|separate|unrelated) (matter|thing|topic|task|request)\b|\bseparately\b/iu;

type Ctx = DetectorContext<z.infer<typeof delayNoticeOptions>, DelayNoticeState>;

export const delayNotice = defineDetector<typeof delayNoticeOptions, DelayNoticeState>({
  meta: {
    id: 'delay-notice',
    ref: '0.9',
    options: delayNoticeOptions,
    messages: {
      reminder: {
        ja: '⏳ お約束の期限 {deadline} が近づいています。間に合わない可能性があれば、今のうちに理由と遅れの見込みをお伝えしましょう。',
        en: '⏳ Your committed deadline {deadline} is near. If it may slip, tell the client now, with the reason and how late it will be.',
      },
      breach: {
        ja: '🚨 お約束の期限 {deadline} を過ぎましたが、完了の報告も遅延のご連絡もありません。すぐに状況をお伝えください。',
        en: '🚨 Your committed deadline {deadline} has passed with neither a completion report nor a delay notice. Update the client now.',
      },
    },
    placeholders: ['deadline'],
  },
  handlers: {
    message(ev, ctx) {
      if (!isHumanChannelMessage(ev) || !ctx.channel.tracked) return [];
      if (ctx.roles.roleOf(ev.user, ev.userTeam) === 'client') return onClient(ev, ctx);
      if (!isTeamMessageToClient(ev, ctx)) return [];
      return onTeam(ev, ctx);
    },
    timer(ev, ctx) {
      const before = ctx.state ?? { open: {} };
      const open: Record<string, Commitment> = { ...before.open };
      const ts = String(ev.payload.ts);
      const c = open[ts];
      if (!c) return [];
      const deadline = DateTime.fromMillis(c.deadlineAt, { zone: ctx.calendar.luxonZone }).toFormat(ctx.lang === 'ja' ? 'M/d HH:mm' : 'LLL d HH:mm');
      const spec = (level: 'reminder' | 'breach', at: number) => ({
        about: { channel: ev.channel, ts, at },
        to: [c.user],
        messageId: level,
        data: { deadline },
        evidence: { level, deadlineAt: c.deadlineAt },
        severity: level === 'breach' ? ('error' as const) : ('info' as const),
      });
      const level = ev.payload.k === 'b' ? 'breach' : 'reminder';
      const out = nudge(ctx, spec(level, ev.at));
      if (level === 'breach') delete open[ts];
      return finish(out, { ...before, open }, before);
    },
  },
});

const conversationOf = (ev: MessageEvent) => ev.threadTs ?? MAIN_CONVERSATION;

/**
 * The open commitments a message can settle: those of its conversation and of the thread of the
 * commitment itself; across the main timeline and its threads too (work handed over in the main
 * timeline for a promise made in a thread, and back), unless it says it is about another matter.
 */
function inScope(ev: MessageEvent, open: Record<string, Commitment>, crossing: boolean): string[] {
  const conv = conversationOf(ev);
  return Object.entries(open)
    .filter(([ts, c]) => c.at <= ev.at && c.deadlineAt + ON_TIME_MS > ev.at)
    .filter(([ts, c]) => c.conv === conv || ts === ev.threadTs || (crossing && (c.conv === MAIN_CONVERSATION || conv === MAIN_CONVERSATION)))
    .map(([ts]) => ts);
}

function close(out: Outcome[], open: Record<string, Commitment>, tss: string[]): void {
  for (const ts of tss) {
    delete open[ts];
    out.push({ kind: 'cancel-timer', id: `r:${ts}` }, { kind: 'cancel-timer', id: `b:${ts}` });
  }
}

/** A client message: a request naming its deadline waits for the team's yes; calling the task off, or lifting its deadline, stops the clock. */
function onClient(ev: MessageEvent, ctx: Ctx): Outcome[] {
  const before = ctx.state ?? { open: {} };
  const text = ev.text ?? '';
  const out: Outcome[] = [];
  const open = { ...before.open };
  let asked = before.asked;
  let a: Analysis | undefined;
  const analysis = () => (a ??= analyze(text));

  const tss = inScope(ev, open, false);
  if (tss.length && mayCancel(text) && (cancellation(analysis()) || deadlineLifted(analysis()))) close(out, open, tss);

  if (mayHaveDeadline(text) && mayRequestWork(text) && requestsWork(analysis())) {
    const d = dueTime(text, ev.at, ctx.calendar.luxonZone, { asDeadline: true, analysis: analysis() });
    if (d && d.at.toMillis() > ev.at) {
      const live = Object.entries(asked ?? {}).filter(([, x]) => x.deadlineAt > ev.at);
      asked = Object.fromEntries([...live, [ev.ts, { at: ev.at, deadlineAt: d.at.toMillis(), conv: conversationOf(ev) }]].slice(-MAX_ASKED));
    }
  }
  if (!out.length && asked === before.asked) return [];
  return finish(out, { open, asked }, before);
}

function onTeam(ev: MessageEvent, ctx: Ctx): Outcome[] {
  const o = ctx.options;
  const before = ctx.state ?? { open: {} };
  const open: Record<string, Commitment> = { ...before.open };
  let asked = before.asked;
  const out: Outcome[] = [];
  const text = ev.text ?? '';
  const words = authorText(text);
  let a: Analysis | undefined;
  const analysis = () => (a ??= analyze(text));
  const conv = conversationOf(ev);

  // 1. Work handed over or a delay announced settles the open commitments it is about.
  const crossing = !OTHER_MATTER.test(words);
  const tss = inScope(ev, open, crossing);
  let settledNow = false;
  let noticeFor = 0;
  if (tss.length) {
    const delivered = phrasesFor(o.completionPhrases).test(words) || delivery(analysis(), carried(text, ev.files, linksOf(text).length));
    const notice = !delivered && (phrasesFor(o.delayPhrases).test(words) || (mayAnnounceDelay(words) && announcesDelay(analysis())));
    if (delivered || notice) {
      // A notice with a new time («need until 5pm») starts the clock of that time.
      if (notice) noticeFor = Math.max(...tss.map((ts) => open[ts].deadlineAt));
      close(out, open, tss);
      settledNow = true;
    }
  }

  // Team talk (a message opening with @-mentions of colleagues) promises nothing to the client.
  if (toColleagues(ev, ctx)) return out.length || asked !== before.asked ? finish(out, { open, asked }, before) : [];

  // 2. A commitment with a time starts a clock. A later time for work promised and still open
  //    (「16時までに変更させてください」, "can I send it by 4pm?") moves it: a notice, and the new clock.
  let deadlineAt = committedDeadline(ev, ctx, analysis) ?? acceptedAskedDeadline(ev, ctx, asked, analysis);
  if (deadlineAt === null && noticeFor) {
    const later = anyTime(ev, ctx, analysis);
    if (later !== null && later > noticeFor) deadlineAt = later;
  }
  const live = settledNow ? [] : inScope(ev, open, crossing);
  if (live.length) {
    const later = deadlineAt ?? anyTime(ev, ctx, analysis);
    if (later !== null && later > Math.max(...live.map((ts) => open[ts].deadlineAt))) {
      close(out, open, live);
      deadlineAt = later;
    }
  }
  if (deadlineAt !== null) {
    open[ev.ts] = { user: ev.user!, at: ev.at, deadlineAt, conv };
    const remindAt = ev.at + Math.round((deadlineAt - ev.at) * o.remindAt);
    out.push(
      { kind: 'timer', id: `r:${ev.ts}`, dueAt: remindAt, payload: { ts: ev.ts, k: 'r' } },
      { kind: 'timer', id: `b:${ev.ts}`, dueAt: deadlineAt + ON_TIME_MS, payload: { ts: ev.ts, k: 'b' } },
    );
    const keys = Object.keys(open);
    if (keys.length > MAX_OPEN) delete open[keys[0]];
  }
  // A client's dated request is answered (taken on, or not) by the team's message in its conversation.
  if (asked) {
    const left = Object.entries(asked).filter(([ts, x]) => x.deadlineAt > ev.at && !(x.conv === conv || ts === ev.threadTs));
    if (left.length !== Object.keys(asked).length) asked = left.length ? Object.fromEntries(left) : undefined;
  }
  if (!out.length && asked === before.asked) return [];
  return finish(out, { open, asked }, before);
}

/**
 * The time this message commits its author to deliver a task by: a concrete time (dueTime) in a
 * sentence that commits to work, or says yes with the time marked as a deadline ("Sure, by noon");
 * not only to reply (「確認の上、15時までにご返信いたします」 is response-time's interim reply).
 */
function committedDeadline(ev: MessageEvent, ctx: Ctx, analysis: () => Analysis): number | null {
  const text = ev.text ?? '';
  if (!mayHaveDeadline(text) && !/min|hour|hr|分|時間/i.test(text)) return null;
  const d = dueTime(text, ev.at, ctx.calendar.luxonZone, { analysis: analysis() });
  if (!d || d.at.toMillis() <= ev.at) return null;
  const extra = phrasesFor(ctx.options.commitPhrases);
  const a = analysis();
  const cs = commitments(a);
  const inSentence = sentenceOf(a, d);
  if (inSentence) {
    if (inSentence.question) return null;
    const here = cs.filter((c) => c.sentence === inSentence);
    if (here.length) return here.some((c) => c.kind === 'task') ? d.at.toMillis() : null;
    if (extra.test(inSentence.raw)) return d.at.toMillis();
    // "Yep, by 3pm", 「はい、15時までに!」: a yes and a deadline.
    const timed = dueTime(inSentence.raw, ev.at, ctx.calendar.luxonZone, { asDeadline: true });
    if (timed && sentenceAccepts(inSentence)) return d.at.toMillis();
  }
  // The time and the commitment in neighbouring sentences (「明日15時ですね。承知しました、お送りします。」):
  // the time's sentence says nothing else (no verb of its own), the commitment is next to it.
  if (extra.test(authorText(text))) return d.at.toMillis();
  if (!inSentence) return cs.some((c) => c.kind === 'task') ? d.at.toMillis() : null;
  const i = a.sentences.indexOf(inSentence);
  const bare = !inSentence.ja || predicates(inSentence).every((p) => (p.head === 'なる' || p.head === 'ある') && !p.past);
  return bare && !/\b(?:is|are|will be|'ll be|works|starts|opens|closes)\b/.test(inSentence.norm) && cs.some((c) => c.kind === 'task' && Math.abs(a.sentences.indexOf(c.sentence) - i) <= 1) ? d.at.toMillis() : null;
}

/** Any time the message gives for the work, asked or told (a new time proposed for work already promised). */
function anyTime(ev: MessageEvent, ctx: Ctx, analysis: () => Analysis): number | null {
  const text = ev.text ?? '';
  if (!mayHaveDeadline(text) && !/min|hour|hr|分|時間/i.test(text)) return null;
  void analysis;
  const d = dueTime(text, ev.at, ctx.calendar.luxonZone);
  return d && d.at.toMillis() > ev.at ? d.at.toMillis() : null;
}

/** A yes (or a commitment with no time) to a client's request that named its deadline: that deadline. */
function acceptedAskedDeadline(ev: MessageEvent, ctx: Ctx, asked: Record<string, Asked> | undefined, analysis: () => Analysis): number | null {
  if (!asked) return null;
  const conv = conversationOf(ev);
  const mine = Object.entries(asked).filter(([ts, x]) => (x.conv === conv || ts === ev.threadTs) && x.deadlineAt > ev.at);
  if (!mine.length) return null;
  const a = analysis();
  if (a.sentences.some((s) => s.question) || delivery(a, carried(ev.text ?? '', ev.files, linksOf(ev.text ?? '').length))) return null;
  const yes = acceptance(a, true) !== null || commitments(a).some((c) => c.kind === 'task');
  void ctx;
  return yes ? Math.max(...mine.map(([, x]) => x.deadlineAt)) : null;
}

/** The message opens with @-mentions of team members only: it is addressed to colleagues. */
function toColleagues(ev: MessageEvent, ctx: Ctx): boolean {
  const lead = /^\s*((?:<@[UW][A-Z0-9]+(?:\|[^>]*)?>[\s,、]*)+)/.exec(ev.text ?? '');
  if (!lead) return false;
  const users = mentionedUsers(lead[1]);
  return users.length > 0 && users.every((u) => u !== ev.user && ctx.roles.isTeamSide(u));
}

function sentenceOf(a: Analysis, d: Deadline) {
  const m = normalize(d.matched);
  return a.sentences.find((s) => s.norm.includes(m)) ?? null;
}

/** Store the state and keep the waiting index in step (`/sla status` lists the open commitments from there). */
function finish(out: Outcome[], next: DelayNoticeState, before: DelayNoticeState): Outcome[] {
  const open = next.open;
  const empty = !Object.keys(open).length && !next.asked;
  out.push({ kind: 'state', value: empty ? null : next.asked ? { open, asked: next.asked } : { open } });
  const was = before.open ?? {};
  for (const [ts, c] of Object.entries(open)) if (!was[ts]) out.push({ kind: 'waiting', key: ts, item: { ts, user: c.user, since: c.at, dueAt: c.deadlineAt } });
  for (const ts of Object.keys(was)) if (!open[ts]) out.push({ kind: 'waiting', key: ts, item: null });
  return out;
}
