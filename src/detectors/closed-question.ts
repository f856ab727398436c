import { z } from 'zod';
import { defineDetector, type DetectorContext } from '../core/detector';
import type { MessageEvent } from '../core/events';
import { phraseListSchema } from '../core/schema';
import { questionsOf, mayAsk, type Question } from '../text/acts/question';
import { analyze } from '../text/analysis';
import { mentionedUsers } from '../text/normalize';
import { phrasesFor } from '../text/phrases';
import { isTeamMessageToClient, nudgeAuthor } from './support';

/**
 * Rule `closed-question` (rulebook 0.10, クローズドクエスチョンの活用): ask the client questions they can
 * answer in one word. Fires on a team message to the client with an OPEN question anywhere in it —
 * an interrogative that leaves the answer to the client (「公開日はいつがよろしいでしょうか」 "which day
 * works best?"), an opinion asked for without options (「ご意見をいただけますと幸いです」 "let me know your
 * thoughts"), an evaluation of a deliverable (「デザイン案です。どうでしょうか?」) — as read by the
 * question acts (src/text/acts/question.ts). A yes/no question, a choice between options offered and a
 * concrete proposal + 「いかがでしょうか」 are closed. A question to a colleague (@-mentioning only team
 * members) is not to the client.
 *
 * The phrase tables are tunable extras on top of the acts: `openPhrases` make an asking sentence the
 * acts read as yes/no open; `closedPhrases` keep a sentence from ever counting as open.
 */
export const closedQuestionOptions = z
  .object({
    /** An asking sentence with one of these is open even where the acts see a yes/no question. */
    openPhrases: phraseListSchema.default([]),
    /** A sentence with one of these is never open (a house phrase the acts misread). */
    closedPhrases: phraseListSchema.default([]),
  })
  .strict();

type Options = z.infer<typeof closedQuestionOptions>;

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
      if (!isTeamMessageToClient(ev, ctx) || !mayAsk(ev.text) || toColleagues(ev, ctx)) return [];
      const open = firstOpen(questionsOf(analyze(ev.text)), ctx.options);
      if (!open) return [];
      const phrase = excerpt(open.sentence.raw);
      return nudgeAuthor(ctx, ev, { messageId: 'openQuestion', data: { phrase }, evidence: { phrase, sentence: open.sentence.raw, reason: open.reason, cue: open.cue } });
    },
  },
});

/** The first open question after the rule file's extras. */
function firstOpen(questions: Question[], options: Options): Question | undefined {
  const open = options.openPhrases.length ? phrasesFor(options.openPhrases) : undefined;
  const closed = options.closedPhrases.length ? phrasesFor(options.closedPhrases) : undefined;
  return questions.find((q) => {
    if (closed?.test(q.sentence.norm)) return false;
    if (q.kind === 'open') return true;
    return q.reason === 'yes-no' && open !== undefined && open.test(q.sentence.norm);
  });
}

/** A message that @-mentions team members only is a question to them, not to the client. */
function toColleagues(ev: MessageEvent, ctx: DetectorContext<unknown, unknown>): boolean {
  const mentioned = mentionedUsers(ev.text ?? '');
  return mentioned.length > 0 && mentioned.every((u) => ctx.roles.isTeamSide(u));
}

/** The sentence as quoted in the nudge: at most 40 characters. */
function excerpt(raw: string): string {
  const s = raw.trim();
  return s.length <= 40 ? s : `${s.slice(0, 39)}…`;
}
