import { DateTime, type Zone } from 'luxon';
import { z } from 'zod';
import { defineDetector, type Outcome } from '../core/detector';
import type { MessageEvent } from '../core/events';
import { phraseListSchema } from '../core/schema';
import { authorText } from '../text/normalize';
import { phrasesFor, type PhraseMatcher } from '../text/phrases';
import { parseDeadlineAt } from '../text/deadline';
import { isTeamMessageToClient, nudge } from './support';

/**
 * Rule `delay-notice` (rulebook 0.9, タスク遅延の連絡は迅速に): announce a likely delay before the
 * deadline, not after. A committed deadline (「25日15時までに納品いたします」) gets a reminder at
 * `remindAt` of the time to it and a breach when it passes, unless the team reports completion
 * (「納品しました」) or a delay (「遅れる見込みです」) in that conversation first.
 */
export const delayNoticeOptions = z
  .object({
    remindAt: z.number().gt(0).lt(1).default(0.8),
    commitPhrases: phraseListSchema,
    completionPhrases: phraseListSchema,
    delayPhrases: phraseListSchema,
  })
  .strict();

interface Commitment {
  user: string;
  at: number;
  deadlineAt: number;
  conv: string;
}
export interface DelayNoticeState {
  open: Record<string, Commitment>;
}

const MAX_OPEN = 30;

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
      if (!isTeamMessageToClient(ev, ctx)) return [];
      const o = ctx.options;
      const m = { commit: phrasesFor(o.commitPhrases), done: phrasesFor(o.completionPhrases), delay: phrasesFor(o.delayPhrases) };
      const open: Record<string, Commitment> = { ...(ctx.state?.open ?? {}) };
      const out: Outcome[] = [];
      const own = authorText(ev.text);
      const conv = ev.threadTs ?? 'main';
      // A completion report or a delay notice settles the open commitments of the conversation.
      if (m.done.test(own) || m.delay.test(own)) {
        for (const [ts, c] of Object.entries(open)) {
          if (c.conv === conv || ts === ev.threadTs) {
            delete open[ts];
            out.push({ kind: 'cancel-timer', id: `r:${ts}` }, { kind: 'cancel-timer', id: `b:${ts}` });
          }
        }
      }
      const committed = commitmentOf(ev, own, m.commit, ctx.calendar.luxonZone);
      if (committed) {
        open[ev.ts] = { user: ev.user!, at: ev.at, deadlineAt: committed, conv };
        const remindAt = ev.at + Math.round((committed - ev.at) * o.remindAt);
        out.push(
          { kind: 'timer', id: `r:${ev.ts}`, dueAt: remindAt, payload: { ts: ev.ts, k: 'r' } },
          { kind: 'timer', id: `b:${ev.ts}`, dueAt: committed, payload: { ts: ev.ts, k: 'b' } },
        );
        const keys = Object.keys(open);
        if (keys.length > MAX_OPEN) delete open[keys[0]];
      }
      return out.length ? finish(out, open, ctx.state?.open) : [];
    },
    timer(ev, ctx) {
      const open: Record<string, Commitment> = { ...(ctx.state?.open ?? {}) };
      const ts = String(ev.payload.ts);
      const c = open[ts];
      if (!c) return [];
      const level = ev.payload.k === 'b' ? 'breach' : 'reminder';
      const deadline = DateTime.fromMillis(c.deadlineAt, { zone: ctx.calendar.luxonZone }).toFormat(ctx.lang === 'ja' ? 'M/d HH:mm' : 'LLL d HH:mm');
      const out = nudge(ctx, {
        about: { channel: ev.channel, ts, at: ev.at },
        to: [c.user],
        messageId: level,
        data: { deadline },
        evidence: { level, deadlineAt: c.deadlineAt },
        severity: level === 'breach' ? 'error' : 'info',
      });
      if (level === 'breach') delete open[ts];
      return finish(out, open, ctx.state?.open);
    },
  },
});

function commitmentOf(ev: MessageEvent, own: string, commit: PhraseMatcher, zone: Zone): number | null {
  if (!commit.test(own)) return null;
  const d = parseDeadlineAt(ev.text, ev.at, { zone });
  return d ? d.at.toMillis() : null;
}

/** Store the open commitments and keep the waiting index in step (`/sla status` lists them from there). */
function finish(out: Outcome[], open: Record<string, Commitment>, before: Record<string, Commitment> = {}): Outcome[] {
  out.push({ kind: 'state', value: Object.keys(open).length ? { open } : null });
  for (const [ts, c] of Object.entries(open)) if (!before[ts]) out.push({ kind: 'waiting', key: ts, item: { ts, user: c.user, since: c.at, dueAt: c.deadlineAt } });
  for (const ts of Object.keys(before)) if (!open[ts]) out.push({ kind: 'waiting', key: ts, item: null });
  return out;
}
