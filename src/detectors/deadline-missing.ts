import { z } from 'zod';
import { defineDetector } from '../core/detector';
import { phraseListSchema } from '../core/schema';
import { authorText } from '../text/normalize';
import { phrasesFor } from '../text/phrases';
import { parseDeadlineAt } from '../text/deadline';
import { isTeamMessageToClient, nudgeAuthor } from './support';

/**
 * Rule `deadline-missing` (rulebook 0.7, タスクの期限明示): accepting a task states its deadline, or
 * the time by which one will be set. ✗「承知いたしました!対応いたします!」
 * ◯「承知いたしました!▢月◇日△時○分までに完了いたします!」
 * Fires when a message both accepts (承知/かしこまりました/対応します …) and commits to an action
 * (対応/作成/修正/送付 … します) with no date or time in it.
 */
export const deadlineMissingOptions = z
  .object({
    acceptPhrases: phraseListSchema,
    /** Phrases that commit to doing something (a task, not just acknowledging information). */
    commitPhrases: phraseListSchema,
  })
  .strict();

export const deadlineMissing = defineDetector<typeof deadlineMissingOptions, never>({
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
  },
  handlers: {
    message(ev, ctx) {
      if (!isTeamMessageToClient(ev, ctx)) return [];
      const own = authorText(ev.text);
      const accepted = phrasesFor(ctx.options.acceptPhrases).find(own);
      const committed = phrasesFor(ctx.options.commitPhrases).find(own);
      if (!accepted || !committed) return [];
      const zone = ctx.calendar.luxonZone;
      if (parseDeadlineAt(ev.text, ev.at, { zone })) return [];
      return nudgeAuthor(ctx, ev, { messageId: 'noDeadline', evidence: { accepted, committed } });
    },
  },
});
