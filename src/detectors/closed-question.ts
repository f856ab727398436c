import { z } from 'zod';
import { defineDetector } from '../core/detector';
import { phraseListSchema } from '../core/schema';
import { authorText } from '../text/normalize';
import { phrasesFor } from '../text/phrases';
import { isTeamMessageToClient, nudgeAuthor, sentences } from './support';

/**
 * Rule `closed-question` (rulebook 0.10, クローズドクエスチョンの活用): ask the client questions they can
 * answer in one word. Fires on an open question (どうですか?, どうしたら良いですか?, what do you think?)
 * unless the same sentence already offers the answer (「この案でよろしいでしょうか」「AとBのどちらが」).
 */
export const closedQuestionOptions = z
  .object({
    openPhrases: phraseListSchema,
    /** A sentence with one of these is already closed, even if it contains an open phrase. */
    closedMarkers: phraseListSchema,
  })
  .strict();

export const closedQuestion = defineDetector<typeof closedQuestionOptions, never>({
  meta: {
    id: 'closed-question',
    ref: '0.10',
    options: closedQuestionOptions,
    messages: {
      openQuestion: {
        ja: '💡 「{phrase}」はお客様が答えを考える必要がある聞き方です。「Aで進める形でよろしいでしょうか?」のように、はい/いいえで答えられる形にしませんか。',
        en: '💡 "{phrase}" makes the client work out an answer. Try a question they can answer with yes or no, e.g. "Shall we go ahead with A?"',
      },
    },
    placeholders: ['phrase'],
  },
  handlers: {
    message(ev, ctx) {
      if (!isTeamMessageToClient(ev, ctx)) return [];
      const open = phrasesFor(ctx.options.openPhrases);
      const closed = phrasesFor(ctx.options.closedMarkers);
      for (const sentence of sentences(authorText(ev.text))) {
        const phrase = open.find(sentence);
        if (phrase && !closed.test(sentence)) return nudgeAuthor(ctx, ev, { messageId: 'openQuestion', data: { phrase }, evidence: { phrase, sentence } });
      }
      return [];
    },
  },
});
