import { DateTime } from 'luxon';
import { z } from 'zod';
import { defineDetector, type DetectorContext, type Outcome } from '../core/detector';
import type { MessageEvent } from '../core/events';
import { fill } from '../core/i18n';
import { MAIN_CONVERSATION } from '../core/runner';
import { isHumanChannelMessage, isTeamMessageToClient, nudgeAuthor } from './support';

/**
 * Rule `send-timing` (rulebook 0.4, 報告、連絡、相談のタイミング): pick the time with the client in
 * mind: not at night, on weekends or holidays, nor right before closing. Fires on a team message to a
 * client outside business hours (team.yaml) or in the last `beforeClosing` minutes of the day, with
 * a button that schedules a copy for the next opening (chat.scheduleMessage).
 *
 * Only a message that STARTS an exchange is judged: a reply to a client who wrote last in that
 * conversation (their thread, or the main timeline) is what rule 0.1 asks for, at any hour. The
 * state is where a client spoke last and is still waiting (bounded, dropped after REPLY_WINDOW_MS).
 */
/** How long a client's message counts as waiting for the reply it invites. */
const REPLY_WINDOW_MS = 3 * 24 * 3_600_000;
/** Conversations remembered per channel. */
const MAX_CONVERSATIONS = 200;

/** Conversation → when a client last wrote there with no team message since. */
export interface SendTimingState {
  clientLast: Record<string, number>;
}
export const sendTimingOptions = z
  .object({
    /** Minutes before the day's closing that count as "right before closing". */
    beforeClosing: z.number().int().min(0).max(240).default(15),
  })
  .strict();

export const sendTiming = defineDetector<typeof sendTimingOptions, SendTimingState>({
  meta: {
    id: 'send-timing',
    ref: '0.4',
    options: sendTimingOptions,
    messages: {
      closed: {
        ja: '🌙 {when}にお客様へ送信しました。営業時間外の連絡は相手の負担になります。次回は {next} に予約送信しましょう。',
        en: '🌙 You messaged the client {when}. Out-of-hours messages weigh on them; next time schedule it for {next}.',
      },
      beforeClosing: {
        ja: '🕔 終業{minutes}分前の連絡です。お客様が対応できない時間かもしれません。急ぎでなければ {next} に予約送信しましょう。',
        en: '🕔 This went out {minutes} min before closing, when the client may not be able to act. If it is not urgent, schedule it for {next}.',
      },
      button: { ja: '{next} に予約送信する', en: 'Schedule a copy for {next}' },
      night: { ja: '営業時間外', en: 'outside business hours' },
      holiday: { ja: '休業日({holiday})', en: 'on a closed day ({holiday})' },
    },
    placeholders: ['when', 'next', 'minutes', 'holiday'],
  },
  handlers: {
    message(ev, ctx): Outcome[] {
      if (!isHumanChannelMessage(ev)) return [];
      const role = ctx.roles.roleOf(ev.user, ev.userTeam);
      const last = ctx.state?.clientLast ?? {};
      if (role === 'client') {
        // A client's top-level message waits in the main timeline and in its own thread.
        const next = { ...last, [ev.threadTs ?? MAIN_CONVERSATION]: ev.at, ...(ev.threadTs ? {} : { [ev.ts]: ev.at }) };
        return [{ kind: 'state', value: { clientLast: recent(next, ev.at) } }];
      }
      if (!isTeamMessageToClient(ev, ctx)) return [];
      const conv = ev.threadTs ?? MAIN_CONVERSATION;
      const waitingSince = last[conv];
      if (waitingSince !== undefined) {
        // The team answered there: the client is no longer waiting in that conversation.
        // (A reply in the thread of a top-level client message answers it in the main timeline too.)
        const rest = Object.fromEntries(Object.entries(last).filter(([k, at]) => k !== conv && !(conv !== MAIN_CONVERSATION && k === MAIN_CONVERSATION && at === waitingSince)));
        const state = [{ kind: 'state' as const, value: Object.keys(rest).length ? { clientLast: rest } : null }];
        if (ev.at - waitingSince <= REPLY_WINDOW_MS) return state;
        return [...state, ...judge(ev, ctx)];
      }
      return judge(ev, ctx);
    },
  },
});

/** Entries younger than the reply window, the newest MAX_CONVERSATIONS. */
function recent(last: Record<string, number>, now: number): Record<string, number> {
  const kept = Object.entries(last).filter(([, at]) => now - at <= REPLY_WINDOW_MS);
  kept.sort((a, b) => b[1] - a[1]);
  return Object.fromEntries(kept.slice(0, MAX_CONVERSATIONS));
}

type Ctx = DetectorContext<z.infer<typeof sendTimingOptions>, SendTimingState>;

/** The nudge for a message that starts an exchange at a bad time, if it does. */
function judge(ev: MessageEvent, ctx: Ctx): Outcome[] {
  const cal = ctx.calendar;
  const label = (ms: number) => DateTime.fromMillis(ms, { zone: cal.luxonZone }).toFormat(ctx.lang === 'ja' ? 'M/d HH:mm' : 'ccc LLL d HH:mm');
  // Millisecond calendar look-ups first: most messages are sent in business hours.
  const open = cal.isOpenAt(ev.at);
  const dayStart = cal.startOfBusinessDayAt(ev.at);
  const dayEnd = cal.endOfBusinessDayAt(ev.at);
  // A lunch break is still the client's working day: only before opening and after closing count.
  const withinDay = dayStart !== null && dayEnd !== null && ev.at >= dayStart && ev.at < dayEnd;
  if (!open && !withinDay) {
    const at = DateTime.fromMillis(ev.at, { zone: cal.luxonZone });
    const next = cal.nextOpening(at).toMillis();
    const holiday = cal.holidayName(at) ?? (at.weekday >= 6 ? (ctx.lang === 'ja' ? '週末' : 'weekend') : undefined);
    const when = cal.isBusinessDay(at) || !holiday ? ctx.texts.night : fill(ctx.texts.holiday, { holiday });
    const out = nudgeAuthor(ctx, ev, { messageId: 'closed', data: { when, next: label(next) }, evidence: { reason: holiday ? 'closed-day' : 'after-hours', nextOpening: next } });
    return withButton(out, ctx.texts.button, label(next), next, ev.threadTs);
  }
  const closing = cal.closingAt(ev.at);
  if (closing !== null && closing === dayEnd && closing - ev.at <= ctx.options.beforeClosing * 60_000) {
    const minutes = (closing - ev.at) / 60_000;
    const next = cal.nextOpening(DateTime.fromMillis(closing, { zone: cal.luxonZone })).toMillis();
    const out = nudgeAuthor(ctx, ev, { messageId: 'beforeClosing', data: { minutes: Math.ceil(minutes), next: label(next) }, evidence: { reason: 'before-closing', minutesToClose: minutes, nextOpening: next } });
    return withButton(out, ctx.texts.button, label(next), next, ev.threadTs);
  }
  return [];
}

function withButton(out: ReturnType<typeof nudgeAuthor>, template: string, next: string, postAt: number, threadTs?: string) {
  return out.map((o) => (o.kind === 'nudge' ? { ...o, action: { id: 'schedule-next-opening' as const, label: fill(template, { next }), postAt, threadTs } } : o));
}
