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
 * state, one small field per conversation (the runner loads only the event's own), is the client's
 * last message there while no team message has followed; a team message clears it.
 */
/** How long a client's message counts as waiting for the reply it invites. */
const REPLY_WINDOW_MS = 3 * 24 * 3_600_000;

/** A conversation's last client message with no team message since. */
export interface SendTimingState {
  at: number;
  ts: string;
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
    state: 'conversation',
  },
  handlers: {
    message(ev, ctx): Outcome[] {
      if (!isHumanChannelMessage(ev)) return [];
      const conv = ev.threadTs ?? MAIN_CONVERSATION;
      if (ctx.roles.roleOf(ev.user, ev.userTeam) === 'client') return [{ kind: 'state', conversation: conv, value: { at: ev.at, ts: ev.ts } }];
      if (!isTeamMessageToClient(ev, ctx)) return [];
      // The client waits in this conversation, or (a reply in its thread) with this thread's root message.
      const own = ctx.conversations.get(conv);
      const main = ev.threadTs ? ctx.conversations.get(MAIN_CONVERSATION) : undefined;
      const root = main?.ts === ev.threadTs ? main : undefined;
      const waiting = [own, root].filter((w): w is SendTimingState => w !== undefined);
      if (!waiting.length) return judge(ev, ctx);
      // The team answered there: the client no longer waits in that conversation.
      const out: Outcome[] = [];
      if (own) out.push({ kind: 'state', conversation: conv, value: null });
      if (root) out.push({ kind: 'state', conversation: MAIN_CONVERSATION, value: null });
      return waiting.some((w) => ev.at - w.at <= REPLY_WINDOW_MS) ? out : [...out, ...judge(ev, ctx)];
    },
  },
});

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
