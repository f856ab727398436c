import { z } from 'zod';
import { defineDetector, type Outcome } from '../core/detector';
import { durationSchema, phraseListSchema } from '../core/schema';
import { formatDuration } from '../clock/clock';
import { authorText, normalize } from '../text/normalize';
import { isTeamMessageToClient, nudgeAuthor, sentences } from './support';

/**
 * Rule `batch-questions` (rulebook 0.3, 相手の手間を考慮した連絡): gather questions in one message
 * instead of firing them one by one. Fires when one person sends `count` separate messages with a
 * question to a client channel within `within`; once per burst.
 */
export const batchQuestionsOptions = z
  .object({
    count: z.number().int().min(2).default(3),
    within: durationSchema.default(10 * 60_000),
    /** Sentence endings that make a question even without a question mark. */
    questionEndings: phraseListSchema,
  })
  .strict();

export interface BatchQuestionsState {
  /** user → times of their recent question messages, and when they were last nudged. */
  recent: Record<string, { at: number[]; nudgedAt?: number }>;
}

/** A sentence with a question mark, or one that ends like a question (「…でしょうか。」). */
export function isQuestion(text: string, endings: readonly string[]): boolean {
  const ends = endings.map(normalize);
  return sentences(authorText(text)).some((s) => {
    if (/[?？]/.test(s)) return true;
    const bare = normalize(s).replace(/[。.!！~\s]+$/u, '');
    return ends.some((e) => bare.endsWith(e));
  });
}

export const batchQuestions = defineDetector<typeof batchQuestionsOptions, BatchQuestionsState>({
  meta: {
    id: 'batch-questions',
    ref: '0.3',
    options: batchQuestionsOptions,
    messages: {
      oneMessage: {
        ja: '📝 {count}件の質問を{within}の間に別々に送っています。お客様の手間を減らすため、確認したい点は1つのメッセージにまとめましょう(返信不要の連絡はその旨も添えて)。',
        en: '📝 You sent {count} separate questions within {within}. Save the client effort: put the open points in one message (and say when no reply is needed).',
      },
    },
    placeholders: ['count', 'within'],
  },
  handlers: {
    message(ev, ctx) {
      if (!isTeamMessageToClient(ev, ctx)) return [];
      if (!isQuestion(ev.text, ctx.options.questionEndings)) return [];
      const { count, within } = ctx.options;
      const mine = ctx.state?.recent?.[ev.user!] ?? { at: [] };
      const at = [...mine.at.filter((t) => ev.at - t < within), ev.at].slice(-count);
      const entry: { at: number[]; nudgedAt?: number } = { at, nudgedAt: mine.nudgedAt };
      const out: Outcome[] = [];
      const inBurstAlready = mine.nudgedAt !== undefined && ev.at - mine.nudgedAt < within;
      if (at.length >= count && !inBurstAlready) {
        entry.nudgedAt = ev.at;
        out.push(...nudgeAuthor(ctx, ev, { messageId: 'oneMessage', data: { count, within: formatDuration(within, ctx.lang) }, evidence: { count, withinMs: within, firstAt: at[0] } }));
      }
      // Old entries of other people are dropped as we go, so the state stays small.
      const recent: BatchQuestionsState['recent'] = {};
      for (const [u, e] of Object.entries(ctx.state?.recent ?? {})) if (u !== ev.user && e.at.some((t) => ev.at - t < within)) recent[u] = e;
      recent[ev.user!] = entry;
      out.push({ kind: 'state', value: { recent } });
      return out;
    },
  },
});
