import { authorText } from './normalize';
import type { Deadline } from './deadline';

/**
 * Is the time found in a team message one the author committed to (「15時までにご返信いたします」,
 * "I'll send it by 3pm"), rather than a date offered, asked about or quoted (「候補日は11/25 10時、
 * 11/26 14時です。いかがでしょうか?」, "Does Friday work?")? A stamp shows clients that time as the
 * deadline, so only a commitment may become one. Read in the sentence that holds the time.
 */
const QUESTION = /[?？]|(いかが|どちら|ご都合|よろしいでしょうか|でしょうか|ですか|ますか|ませんか|候補|空いて|可能でしょう|does .* work|would .* work|works for you|which|are you (free|available)|how about|candidate)/iu;
const JA_COMMIT = /(いたします|致します|します|させていただきます|させて頂きます|お送りします|予定です|見込みです|目処|めど|完了させます|仕上げます)/u;
const EN_COMMIT = /\b(i'll|i will|we'll|we will|i'm going to|we're going to|i can have|we can have|expect (it|them)|you'll (have|get|receive)|will (be )?(send|sent|have|get|share|deliver|reply|confirm|follow|finish|update|ready|done|complete))\b/iu;

export function isCommittedTime(text: string, deadline: Deadline): boolean {
  const own = authorText(text).normalize('NFKC');
  const sentences = own.split(/(?<=[。!！?？\n]|[.!?](?=\s))/u);
  const sentence = sentences.find((s) => s.includes(deadline.matched)) ?? own;
  if (QUESTION.test(sentence)) return false;
  return JA_COMMIT.test(sentence) || EN_COMMIT.test(sentence);
}
