import { z } from 'zod';
import { defineDetector, type DetectorContext, type Outcome } from '../core/detector';
import { tsToMs, type MessageEvent } from '../core/events';
import { durationSchema, phraseListSchema } from '../core/schema';
import { formatDuration } from '../clock/clock';
import { authorText } from '../text/normalize';
import { phrasesFor } from '../text/phrases';
import { analyze } from '../text/analysis';
import { isRecap, reportsCall } from '../text/acts/call';
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

export interface CallRecapState {
  call: { ts: string; at: number; by?: string; how: 'huddle' | 'link' | 'words'; open?: boolean };
}

type Ctx = DetectorContext<z.infer<typeof callRecapOptions>, CallRecapState>;

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
      const a = own ? analyze(ev.text) : undefined;
      // A recap from the team settles the pending call (also when it is the call message itself).
      if (a && team && isTeamMessageToClient(ev, ctx) && ctx.state?.call && ev.at >= ctx.state.call.at - 60_000) {
        if (isRecap(ev.text, a) || phrasesFor(ctx.options.recapPhrases).test(own)) return [{ kind: 'cancel-timer', id: 'cr' }, { kind: 'state', value: null }];
      }
      if (linksOf(ev.text).some((u) => ctx.options.callHosts.some((h) => hostOf(u) === h || hostOf(u).endsWith(`.${h}`)))) return callAt(ev, ctx, 'link', team);
      if (a && (reportsCall(a) || phrasesFor(ctx.options.callPhrases).test(own))) {
        // The message that reports the call may carry its recap.
        if (team && isRecap(ev.text, a)) return [];
        return callAt(ev, ctx, 'words', team);
      }
      return [];
    },
    timer(ev, ctx) {
      const call = ctx.state?.call;
      if (!call || call.ts !== ev.payload.ts) return [];
      const to = call.by ? [call.by] : ctx.channel.assistants;
      return [
        ...nudge(ctx, {
          about: { channel: ev.channel, ts: call.ts, at: ev.at },
          to,
          messageId: 'noRecap',
          data: { waited: formatDuration(ev.at - call.at, ctx.lang) },
          evidence: { how: call.how, callAt: call.at },
        }),
        { kind: 'state', value: null },
      ];
    },
  },
});

/** A call (or a huddle's end): the recap is due after it. */
function callAt(ev: MessageEvent, ctx: Ctx, how: CallRecapState['call']['how'], team: boolean): Outcome[] {
  const open = how === 'huddle' && ev.call !== undefined && ev.call.end === undefined;
  const at = how === 'huddle' ? (ev.call?.end ?? ev.call?.start ?? ev.at) : ev.at;
  // Slack's edit saying a huddle ended (timed at its end, not its post): nothing to do when no
  // call waits for it (a recap came during the huddle, or its start was never seen).
  const endEdit = how === 'huddle' && ev.call?.end !== undefined && ev.at === ev.call.end && ev.at !== tsToMs(ev.ts);
  if (endEdit && ctx.state?.call?.ts !== ev.ts) return [];
  const due = open ? Math.max(at + ctx.options.openCallLimit, dueAfter(at, ctx)) : dueAfter(at, ctx);
  const call: CallRecapState['call'] = { ts: ev.ts, at, by: team ? ev.user : undefined, how, ...(open ? { open } : {}) };
  return [
    { kind: 'timer', id: 'cr', dueAt: due, payload: { ts: ev.ts } },
    { kind: 'state', value: { call } },
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
