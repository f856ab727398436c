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
 * conversation (their thread, or the main timeline), or in the thread of a client's main-timeline
 * message of the last days that the team has not answered there, is what rule 0.1 asks for, at any
 * hour. The state, one small field per conversation (the runner loads only the event's own and the
 * main timeline's), is the client's last message there while no team message has followed (a team
 * message clears it); the main timeline's also lists its recent client messages (`roots`, bounded),
 * since a reply in the thread of an older one answers it too.
 */
/** How long a client's message counts as waiting for the reply it invites. */
const REPLY_WINDOW_MS = 3 * 24 * 3_600_000;
/** At most this many recent client messages of the main timeline are remembered as thread roots. */
const MAX_ROOTS = 20;

/** A conversation's last client message with no team message since; the main timeline's recent client messages. */
export interface SendTimingState {
  at?: number;
  ts?: string;
  /** Main timeline only: ts of client messages of the last REPLY_WINDOW not yet answered in their thread. */
  roots?: string[];
}

/** A message's time from its Slack ts (seconds.micro); the live bot and the audit both stamp `at` from it. */
const tsMs = (ts: string) => Math.round(Number(ts) * 1000);

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
      const main = ctx.conversations.get(MAIN_CONVERSATION);
      if (ctx.roles.roleOf(ev.user, ev.userTeam) === 'client') {
        if (ev.threadTs) return [{ kind: 'state', conversation: conv, value: { at: ev.at, ts: ev.ts } }];
        return [{ kind: 'state', conversation: conv, value: { at: ev.at, ts: ev.ts, roots: recentRoots([...(main?.roots ?? []), ev.ts], ev.at) } }];
      }
      if (!isTeamMessageToClient(ev, ctx)) return [];
      // The client waits in this conversation, or (a reply in its thread) with this thread's root message.
      const own = ev.threadTs ? ctx.conversations.get(conv) : main;
      const rootIsClients = ev.threadTs !== undefined && (main?.ts === ev.threadTs || (main?.roots ?? []).includes(ev.threadTs));
      const waitedSince = [own?.at, rootIsClients ? tsMs(ev.threadTs!) : undefined].filter((at): at is number => at !== undefined);
      if (!waitedSince.length) return judge(ev, ctx);
      // The team answered there: the client no longer waits in that conversation.
      const out: Outcome[] = [];
      if (ev.threadTs && own) out.push({ kind: 'state', conversation: conv, value: null });
      if (main && (own === main || rootIsClients)) {
        const roots = recentRoots((main.roots ?? []).filter((r) => r !== ev.threadTs), ev.at);
        const keepLast = own !== main && main.ts !== ev.threadTs;
        const value = keepLast ? { at: main.at, ts: main.ts, roots } : roots.length ? { roots } : null;
        out.push({ kind: 'state', conversation: MAIN_CONVERSATION, value });
      }
      return waitedSince.some((at) => ev.at - at <= REPLY_WINDOW_MS) ? out : [...out, ...judge(ev, ctx)];
    },
  },
});

/** The client messages still worth remembering as thread roots at `now`: the last MAX_ROOTS of the reply window. */
function recentRoots(roots: string[], now: number): string[] {
  return roots.filter((r) => now - tsMs(r) <= REPLY_WINDOW_MS).slice(-MAX_ROOTS);
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
