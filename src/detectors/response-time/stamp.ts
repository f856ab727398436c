import type { Outcome, StampOutcome } from '../../core/detector';
import type { Ctx } from './state';

/**
 * The acknowledged-by stamp on a client's request: "✅ 担当: @sato が 10:32 に確認 (12分) · 期限: 15:00".
 * Its texts are messages of the rule like any other (a rule file may reword them under `messages`):
 * `stamp`, then `stampDeadline` when a time was promised and `stampDone` when it was kept.
 */
export const STAMP_MESSAGES = {
  stamp: { ja: '✅ 担当: {who} が {at} に確認 ({took})', en: '✅ Picked up by {who} at {at} ({took})' },
  stampDeadline: { ja: ' · 期限: {deadline}', en: ' · due {deadline}' },
  stampDone: { ja: ' · {at} 回答済み', en: ' · answered {at}' },
};

/** What each stamp text is filled with (effects.ts stampText): a client reads it, so nothing else may appear. */
export const STAMP_PLACEHOLDERS: Record<keyof typeof STAMP_MESSAGES, string[]> = { stamp: ['who', 'at', 'took'], stampDeadline: ['deadline'], stampDone: ['at'] };

export type StampFacts = Pick<StampOutcome, 'channel' | 'ts' | 'threadTs' | 'assistant' | 'requestAt' | 'ackAt' | 'elapsedMs' | 'deadlineAt' | 'doneAt'>;

/**
 * The stamp for a request picked up (and maybe promised, or delivered); none when the rule file turns
 * stamps off. It carries its texts unfilled: `{who}` is a display name only Slack knows when posting,
 * and the audit, which never posts, should not pay for formatting times.
 */
export function stamp(ctx: Ctx, facts: StampFacts): Outcome[] {
  const { mode, reaction } = ctx.options.stamp;
  if (mode === 'off') return [];
  const t = ctx.texts;
  const { channel, ts, threadTs, assistant, requestAt, ackAt, elapsedMs, deadlineAt, doneAt } = facts;
  const texts = { ack: t.stamp, deadline: t.stampDeadline, done: t.stampDone };
  return [{ kind: 'stamp', channel, ts, threadTs, assistant, requestAt, ackAt, elapsedMs, deadlineAt, doneAt, texts, mode, reaction }];
}
