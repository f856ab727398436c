import { z } from 'zod';
import { defineDetector, type DetectorContext, type Outcome } from '../core/detector';
import { tsToMs, type MessageEvent } from '../core/events';
import { durationSchema, phraseListSchema } from '../core/schema';
import { formatDuration } from '../clock/clock';
import { authorText } from '../text/normalize';
import { phrasesFor } from '../text/phrases';
import { analyze, type Analysis } from '../text/analysis';
import { callIsAhead, callsOff, isRecap, reportsCall } from '../text/acts/call';
import { isCommittedTime } from '../text/commitment';
import { parseDeadlineAt } from '../text/deadline';
import { isHumanChannelMessage, isTeamMessageToClient, linksOf, nudge } from './support';

/**
 * Rule `call-recap` (rulebook 0.14, 電話後の確認と記録): after a call, confirm decisions and next
 * actions in writing. A call is a huddle in the channel, a call link, or a message saying a call took
 * place (src/text/acts/call.ts: not one proposed, scheduled or missed). The recap is due by the later
 * of `after` past the call's end and, with `sameDay`, the close of that business day: a recap written
 * later the same day is a recap. A huddle is timed from its end (Slack edits its message when it
 * ends); one whose end never arrives is due no sooner than `openCallLimit` after its start.
 */
export const callRecapOptions = z
  .object({
    after: durationSchema.default(30 * 60_000),
    /** The recap may come any time up to the close of the call's business day. */
    sameDay: z.boolean().default(true),
    /** A huddle whose end never arrives is judged this long after its start. */
    openCallLimit: durationSchema.default(4 * 3_600_000),
    callHosts: z.array(z.string().min(3)).default([]),
    /** Extra words saying a call took place (the call act covers the usual ones). */
    callPhrases: phraseListSchema,
    /** Extra words making a team message a recap (the recap act covers the usual ones). */
    recapPhrases: phraseListSchema,
  })
  .strict();

type Call = { ts: string; at: number; by?: string; how: 'huddle' | 'link' | 'words'; open?: boolean };

export interface CallRecapState {
  /** Calls waiting for their recap, oldest first (each with its own timer `cr:<ts>`). */
  calls?: Call[];
  /** The single call of the earlier layout (timer `cr`), read as `calls`. */
  call?: Call;
}

/** At most this many calls wait for a recap in one channel. */
const MAX_CALLS = 5;
/** A message about a call this soon after another is about the same one ("ありがとうございました!" twice). */
const SAME_CALL_MS = 10 * 3_600_000;
/** A huddle "started by mistake" is said within minutes. */
const CALL_OFF_MS = 20 * 60_000;

type Ctx = DetectorContext<z.infer<typeof callRecapOptions>, CallRecapState>;

const pending = (s: Readonly<CallRecapState> | null): Call[] => s?.calls ?? (s?.call ? [s.call] : []);
const timerId = (c: Call, s: Readonly<CallRecapState> | null) => (s?.call?.ts === c.ts ? 'cr' : `cr:${c.ts}`);

function save(calls: Call[]): Outcome {
  return { kind: 'state', value: calls.length ? { calls } : null };
}

export const callRecap = defineDetector<typeof callRecapOptions, CallRecapState>({
  meta: {
    id: 'call-recap',
    ref: '0.14',
    options: callRecapOptions,
    messages: {
      noRecap: {
        ja: '☎️ 通話から {waited} 経ちましたが、書面での確認がまだです。例:「先程はありがとうございました!次回アクションについて、下記で相違ないかご確認いただけますと幸いです。\n・決定事項:\n・次回アクション(担当/期限):」',
        en: '☎️ {waited} since the call and no written recap yet. e.g. "Thanks for the call! Could you confirm the next steps below?\n• Decisions:\n• Next actions (owner / due):"',
      },
    },
    placeholders: ['waited'],
  },
  handlers: {
    message(ev, ctx) {
      if (!ctx.channel.tracked || ev.channelType === 'im' || ev.channelType === 'mpim' || !ev.user || ev.botId) return [];
      const team = ctx.roles.isTeamSide(ev.user, ev.userTeam);
      if (ev.subtype === 'huddle_thread') return callAt(ev, ctx, 'huddle', team);
      if (!isHumanChannelMessage(ev)) return [];
      const own = authorText(ev.text);
      if (!own) return [];
      const a = analyze(ev.text);
      const calls = pending(ctx.state);
      if (calls.length) {
        // A recap from the team settles the calls before it (also when it is the call message itself).
        if (team && isTeamMessageToClient(ev, ctx) && (recap(ev, a, ctx) || phrasesFor(ctx.options.recapPhrases).test(own))) return settle(calls, ctx);
        // "Pressed huddle by mistake", "let's do it another time": the latest call did not happen.
        const last = calls[calls.length - 1];
        if (ev.at - last.at <= CALL_OFF_MS && callsOff(a)) return settle([last], ctx, calls.slice(0, -1));
      }
      if (linksOf(ev.text).some((u) => ctx.options.callHosts.some((h) => hostOf(u) === h || hostOf(u).endsWith(`.${h}`))) && !callIsAhead(a)) return callAt(ev, ctx, 'link', team);
      if (reportsCall(a) || phrasesFor(ctx.options.callPhrases).test(own)) {
        // The message that reports the call may carry its recap; a second word on a call just had is the same call.
        if (team && recap(ev, a, ctx)) return [];
        if (calls.length && ev.at - calls[calls.length - 1].at < SAME_CALL_MS) return [];
        return callAt(ev, ctx, 'words', team);
      }
      return [];
    },
    timer(ev, ctx) {
      const calls = pending(ctx.state);
      const call = calls.find((c) => c.ts === ev.payload.ts);
      if (!call) return [];
      const to = call.by ? [call.by] : ctx.channel.assistants;
      return [
        ...nudge(ctx, {
          about: { channel: ev.channel, ts: call.ts, at: ev.at },
          to,
          messageId: 'noRecap',
          data: { waited: formatDuration(ev.at - call.at, ctx.lang) },
          evidence: { how: call.how, callAt: call.at },
        }),
        save(calls.filter((c) => c !== call)),
      ];
    },
  },
});

/**
 * Is this team message a written recap? Decisions or next actions in words, or a next action with
 * its time: a time the author commits to (「明日中に直しておきます」: any non-question ます sentence
 * holding the time, "I'll send it by Friday").
 */
function recap(ev: MessageEvent, a: Analysis, ctx: Ctx): boolean {
  const d = parseDeadlineAt(ev.text, ev.at, { zone: ctx.calendar.luxonZone });
  const committed = d !== null && (isCommittedTime(ev.text, d) || a.sentences.some((s) => !s.question && s.raw.includes(d.matched) && s.tokens.some((t) => t.base === 'ます' && t.form === '基本形')));
  return isRecap(ev.text, a, committed, d?.matched);
}

/** Settle `done` (their timers cancelled), keeping `rest` waiting. */
function settle(done: Call[], ctx: Ctx, rest: Call[] = []): Outcome[] {
  return [...done.map((c): Outcome => ({ kind: 'cancel-timer', id: timerId(c, ctx.state) })), save(rest)];
}

/** A call (or a huddle's end): the recap is due after it. */
function callAt(ev: MessageEvent, ctx: Ctx, how: Call['how'], team: boolean): Outcome[] {
  const calls = pending(ctx.state);
  const open = how === 'huddle' && ev.call !== undefined && ev.call.end === undefined;
  const at = how === 'huddle' ? (ev.call?.end ?? ev.call?.start ?? ev.at) : ev.at;
  const known = calls.find((c) => c.ts === ev.ts);
  // Slack's edit saying a huddle ended (timed at its end, not its post): nothing to do when no
  // call waits for it (a recap came during the huddle, or its start was never seen).
  const endEdit = how === 'huddle' && ev.call?.end !== undefined && ev.at === ev.call.end && ev.at !== tsToMs(ev.ts);
  if (endEdit && !known) return [];
  const due = open ? Math.max(at + ctx.options.openCallLimit, dueAfter(at, ctx)) : dueAfter(at, ctx);
  const call: Call = { ts: ev.ts, at, by: known?.by ?? (team ? ev.user : undefined), how, ...(open ? { open } : {}) };
  const others = calls.filter((c) => c.ts !== ev.ts);
  // The oldest beyond the limit is dropped with its timer: a channel of constant calls stays small.
  const dropped = others.length >= MAX_CALLS ? others.slice(0, others.length - MAX_CALLS + 1) : [];
  const kept = others.slice(dropped.length);
  return [
    ...dropped.map((c): Outcome => ({ kind: 'cancel-timer', id: timerId(c, ctx.state) })),
    ...(known && timerId(known, ctx.state) === 'cr' ? [{ kind: 'cancel-timer', id: 'cr' } as Outcome] : []),
    { kind: 'timer', id: `cr:${ev.ts}`, dueAt: due, payload: { ts: ev.ts } },
    save([...kept, call]),
  ];
}

/** When a recap of a call that ended at `end` is due. */
function dueAfter(end: number, ctx: Ctx): number {
  const soonest = end + ctx.options.after;
  if (!ctx.options.sameDay) return soonest;
  const close = ctx.calendar.endOfBusinessDayAt(end);
  return close !== null && close > soonest ? close : soonest;
}

function hostOf(url: string): string {
  try {
    return new URL(url).hostname.toLowerCase();
  } catch {
    return '';
  }
}
