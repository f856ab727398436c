import { authorText, normalize } from './normalize';
import { compilePhrases, type PhraseMatcher } from './phrases';

/**
 * What a client's message asks of the team, as the request model needs it: does it open a request
 * (something the team must answer), or is it a closing, the client's own next step, or a message
 * that says no answer is needed? The phrase tables come from the rule file (rules/response-time.yaml);
 * the structure around them is read here, sentence by sentence: Japanese puts the predicate last, so
 * a sentence that ENDS in an acknowledgement (「レポート受け取りました」) or in the speaker's own
 * volitional action (「明日こちらで確認しますね」) asks nothing, whatever it names before; English
 * own steps start with I'll / we'll / let me. Any sentence that still asks, questions or reports a
 * problem makes the message a request. A linguistic layer (morphological analysis) can replace
 * `clientIntent` behind the same signature.
 */
export type ClientIntent =
  /** A question, a request, a complaint, a report: the team owes an answer. */
  | 'request'
  /** Thanks, noted, OK, 👍, よろしくお願いします: the exchange is closing. */
  | 'closing'
  /** The client says what they will do themselves (「確認します」, "I'll check"). */
  | 'own-step'
  /** The client says no answer is needed (「返信不要です」, "no need to reply"), or shares for information only. */
  | 'no-reply-needed';

export interface ClientIntentTables {
  /** Words that close an exchange when they stand alone (with politeness and emoji). */
  closing: PhraseMatcher;
  /** Acknowledgements that name what they acknowledge: a sentence ending in one asks nothing. */
  acknowledge: PhraseMatcher;
  /** The client's own next step: a sentence ending in one asks nothing. */
  ownStep: PhraseMatcher;
  /** Saying outright that no reply is needed: no request unless the message still asks a question. */
  noReply: PhraseMatcher;
  /** For-information markers (FYI, ご参考まで): no request unless the message also asks something. */
  fyi: PhraseMatcher;
}

// What may remain around closing words and still be "only closing words": politeness fillers,
// intensifiers, addressing and laughter. Anything else is substance (a new question or request).
const JA_FILLERS = /(っす|です|ます|ました|でした|ございます|いたします|致します|します|ね|よ|な|さん|様|さま|皆様|皆さん|本当に|ほんとうに|誠に|大変|たいへん|とても|すごく|よろしく|どうぞ|引き続き|今後とも|では|じゃ|また|はい|いえいえ|m\(_ _\)m|m\(__\)m|笑|(?<![a-z])w+(?![a-z]))/gu;
const EN_FILLERS = /\b(so much|very much|a lot|again|all|everyone|guys|team|you|both|really|and|for|that|this|it|the|much|so|indeed|as always|yes|oh|wow|too)\b/gu;
const PUNCT_EMOJI = /[\s\p{P}\p{S}\p{Extended_Pictographic}\u200d\ufe0f]+/gu;

// A question: it needs an answer even when the message says no reply is needed.
const QUESTION = /[?？]|(でしょうか|ますか|ですか|ませんか|かな$|教えて|could you|can you|would you|will you|do you|are you|is it|is there)/iu;
// A question, a request or a problem report: the sentence asks something of the team.
const ASKS =
  /[?？]|(ください|下さい|くださ|お願い|いただけ|頂け|いただきたい|頂きたい|もらえ|欲しい|ほしい|ませんか|でしょうか|ますか|ですか|かな(?=[。!?！？\s]*$)|教えて|できな|できま?せん|ない(です|ので|けど|が|。|$)|エラー|不具合|間違|違う|違い|まだ|困って|please|could you|can you|would you|will you|let me know|need you|need (a|an|the)|any update|not (working|received|arrived)|doesn't|didn't|isn't|wrong|missing|broken|error|issue|problem)/iu;
// The speaker's own volitional action at the end of a Japanese sentence (します、してみます、しておきます…).
const JA_OWN_ACTION = /(します|いたします|致します|してみます|ておきます|てみます|させていただきます|させて頂きます|伺います|お送りします|送ります|調べます|考えます|見ます)$/u;
// An English acknowledgement names what it acknowledges after it ("Thanks for the proposal", "Never mind, found it …").
const EN_ACK_START = /^((many )?thanks|thank you|thx)( so much| very much| a lot)? for\b|^(never mind|nevermind|no worries|found it|all good|all sorted)\b/iu;
// An English sentence about the speaker's own next step (at its start, or after a clause: "Still waiting on them, I'll let you know").
const EN_OWN_STEP = /(^|[,;]\s*|\b(and|so|but|then)\s+)(i'll|i will|we'll|we will|i'm going to|we're going to|i am going to|we are going to|let me|let us|will)\b/iu;
// Casual Japanese own steps: contractions of ておきます/てみます (見ときます, やっとく), やります.
const JA_OWN_CASUAL = /(ときます|とくね|っとく|とく|ときまーす|ってみます|やります|やってみます|見てみます|探してみます)$/u;
// A greeting standing as its own sentence asks nothing (the next sentence may).
const GREETING = /^(おはようございます|おはよう|こんにちは|こんばんは|お疲れ様です|お疲れさまです|おつかれさまです|お疲れ様でございます|お世話になっております|お世話になります|いつもお世話になっております|(good )?(morning|afternoon|evening)|hi|hello|hey|hiya)( (there|all|team|everyone|guys))?$/iu;
// Praise or relief, with nothing asked: the exchange is going well.
const PRAISE = /(好評|喜んで|満足|気に入って|助かりました|助かります|よかった|良かった|素晴らしい|すばらしい|さすが|完璧|バッチリ|ばっちり|最高|いい感じ|イメージ通り|想像以上|\b(perfect|exactly what (i|we) needed|love (it|this|them)|looks (great|good|perfect)|great (job|work)|nice (work|job)|well done|awesome|amazing|brilliant|spot on|fantastic)\b)/iu;
// Words of something going wrong or recurring: a past-tense sentence with one is a complaint, not a report.
const PROBLEM_CUES = /(また|同じ|再び|何度|切れ|壊れ|遅れ|漏れ|抜け|ミス|間違|届いていな|できていな|されていな|困|残念|不満)/u;
// The client solved it themselves or was mistaken: nothing is left to answer.
const SELF_RESOLVED = /(お騒がせしました|お騒がせいたしました|自己解決|解決しました|解決できました|勘違いでした|こちらのミスでした|私のミスでした|入力ミスでした|見つかりました|\b(found (it|them)|figured it out|sorted it( out)?|my mistake|my bad|never ?mind|all good now|false alarm)\b)/iu;

/** Sentences of the author's words: after 。!? and line breaks (and ". " in English). */
function sentencesOf(own: string): string[] {
  return normalize(own)
    .split(/(?<=[。!?\n])|(?<=[.;:])\s+/u)
    .map((s) => s.trim())
    .filter((s) => s.replace(PUNCT_EMOJI, '').length > 0);
}

/** The sentence without its trailing punctuation, emoji and sentence-final particles (ね, よ, 〜). */
function predicateEnd(sentence: string): string {
  return sentence.replace(/[\s\p{P}\p{S}\p{Extended_Pictographic}\u200d\ufe0f~ーねよっ]+$/u, '');
}

/** What is left of a text once the phrases of the tables (longest first, all tables at once) are taken out. */
function without(text: string, tables: PhraseMatcher[]): string {
  return combined(tables).strip(text);
}

/** Only these phrases (and fillers, punctuation, emoji) are left. */
function onlyPhrases(text: string, ...tables: PhraseMatcher[]): boolean {
  return without(text, tables).replace(EN_FILLERS, ' ').replace(JA_FILLERS, ' ').replace(PUNCT_EMOJI, '').length === 0;
}

// One matcher per combination of tables (by identity: rule options compile each list once), so
// "have a great weekend" is not cut by "great" of another table.
const combinedCache = new WeakMap<PhraseMatcher, Array<{ tables: PhraseMatcher[]; matcher: PhraseMatcher }>>();
function combined(tables: PhraseMatcher[]): PhraseMatcher {
  if (tables.length === 1) return tables[0];
  const list = combinedCache.get(tables[0]) ?? [];
  let hit = list.find((c) => c.tables.length === tables.length && c.tables.every((t, i) => t === tables[i]));
  if (!hit) {
    hit = { tables, matcher: compilePhrases(tables.flatMap((t) => t.phrases)) };
    list.push(hit);
    combinedCache.set(tables[0], list);
  }
  return hit.matcher;
}

type SentenceKind = 'closing' | 'own-step' | 'asks';

function sentenceKind(s: string, t: ClientIntentTables): SentenceKind {
  if (onlyPhrases(s, t.closing, t.acknowledge)) return 'closing';
  const bare = predicateEnd(s);
  if (GREETING.test(bare)) return 'closing';
  // Own-step and acknowledgement phrases are known not to ask (「少々お待ちください」 is a courtesy);
  // closing words are not stripped here: 「再送お願いします」 asks, 「お願いします」 alone closes.
  const asks = ASKS.test(without(s, [t.acknowledge, t.ownStep]));
  if (onlyPhrases(s, t.closing, t.acknowledge, t.ownStep)) return asks ? 'asks' : 'own-step';
  if (asks) return 'asks';
  const end = bare;
  if (t.acknowledge.endsWith(end) || EN_ACK_START.test(s) || PRAISE.test(s) || SELF_RESOLVED.test(s)) return 'closing';
  if (t.ownStep.endsWith(end) || JA_OWN_ACTION.test(end) || JA_OWN_CASUAL.test(end) || EN_OWN_STEP.test(s)) return 'own-step';
  // A Japanese report of something done or past (「開封率が上がりました」), with no problem word in it (ASKS above), asks nothing.
  if (/(ました|でした)$/u.test(end) && !PROBLEM_CUES.test(s)) return 'closing';
  return 'asks';
}

export function clientIntent(text: string, t: ClientIntentTables): ClientIntent {
  const own = authorText(text);
  // Emoji, a reaction code or a mention alone ("👍", ":pray:") ask for nothing.
  if (own.replace(PUNCT_EMOJI, '').length === 0) return 'closing';
  if (t.noReply.test(own) && !QUESTION.test(own)) return 'no-reply-needed';
  if (t.fyi.test(own) && !ASKS.test(own)) return 'no-reply-needed';
  // "Never mind, found it" / 「入力ミスでした、お騒がせしました」: the problem (or question) before it is gone.
  const all = sentencesOf(own);
  const resolvedAt = all.map((x) => SELF_RESOLVED.test(x)).lastIndexOf(true);
  if (resolvedAt >= 0 && all.slice(resolvedAt + 1).every((x) => !QUESTION.test(x))) return 'closing';
  if (onlyPhrases(normalize(own), t.closing, t.acknowledge)) return 'closing';
  const kinds = all.map((s) => sentenceKind(s, t));
  if (kinds.includes('asks')) return 'request';
  return kinds.includes('own-step') ? 'own-step' : 'closing';
}

/** Sentences of a message that ask something (for telling who a message is addressed to). */
export function askingSentences(text: string): string[] {
  return sentencesOf(text).filter((s) => ASKS.test(s));
}
