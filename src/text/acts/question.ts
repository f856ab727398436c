import type { Analysis, Sentence } from '../analysis';
import type { JaToken } from '../japanese';

/**
 * Dialogue acts about questions (rulebook 0.10 クローズドクエスチョンの活用, 0.3 相手の手間を考慮した連絡):
 * which sentences of a message ASK the reader something, and whether each asks an open question
 * (the reader must compose the answer), a closed one (yes or no) or a choice (pick one of the
 * options offered). Read from the analysis, not from lists of whole phrases:
 *
 * - Asking: a question form (?, a final か), an English auxiliary-first clause ("could you confirm
 *   …"), or a request for information or an opinion (「ご教示ください」「ご意見をいただけますと幸いです」
 *   "let me know what time works", "I'd be grateful for your views"). A conditional offer
 *   (「何かございましたらお知らせください」 "if anything comes up, let me know") and a greeting
 *   (「いかがお過ごしでしょうか」 "how are you?") ask nothing.
 * - Interrogatives are found by morpheme (kuromoji tells 何卒/何より/いつも/どうぞ/どうしても from
 *   何/いつ/どう); one directly followed by か, も or でも is indefinite (何か, いつでも, どちらでも, 何度も).
 *   An interrogative inside an embedded clause counts only when the request is to tell or decide it
 *   (「一番伝えたいことは何か、お聞かせください」), not in 「何を優先すべきか社内で整理してよろしいですか」.
 *   In English a wh-word counts at the start of a clause or after a verb of telling ("let me know
 *   what …", "could you tell me what …"), not inside a yes/no question ("is this what you meant?").
 *
 * Decisions (documented so a reviewer can argue with them):
 * - Options offered make a choice, even with an interrogative: 「AとBのどちら」「10時か14時」「それとも」,
 *   "A or B", "(red / navy / black)", a list of two or more lines with a word that picks from it
 *   (いずれか/のうち/番号, "which"/"pick one"), or a statement offering options just before or after
 *   the question (「こちらの候補はAかBです」). A bare which-pronoun (どちら/どれ, "which one", "which
 *   would you prefer") refers to options already on the table: a choice. Which + a noun ("which day",
 *   「どのプラン」) with no options is open. どちら before へ/に+ある is "where".
 * - A reason asked for (なぜ, 理由, why) is open, even with options ("A or B, and why?").
 * - An opinion, preference, impression or feedback asked for without options is open
 *   (ご意見/ご感想/ご希望/お考え/フィードバック, "thoughts", "views", "any preference"), whatever the form
 *   (「何かご希望はございますか」 is an open question in yes/no clothing). So is どう思われますか / what do you think.
 * - An evaluation word (いかが/どう + です, "how does that sound", "how do they look", "how's this")
 *   asks whether the reader accepts a proposal when there is one: 「Xでいかがでしょうか」, 「…するのは
 *   いかがですか」, a concrete time or option as the topic (「12/3の午後はいかがでしょうか」), or a
 *   proposal in the sentence before (「…に一本化したいと考えております。いかがでしょうか?」 "we could cut
 *   the shoot to one day. How does that sound?"): closed. With no proposal (after a delivery: 「デザイン案
 *   です。どうでしょうか?」) it asks for an evaluation: open. Past forms (どうでしたか, "how did it go?")
 *   are always open. "How about / what about X" proposes X: closed.
 * - An open question at once narrowed to a proposal — the next sentence on the same line asks yes/no
 *   (「締め切りどうします?来週月曜に回しますか?」) or a dash adds one ("what do you want to do — push it
 *   to Monday?") — is closed: the reader can answer "yes".
 * - A fact asked for with a verb of telling and no candidate (「ご住所を教えていただけますか」「お名前を
 *   伺ってもよろしいでしょうか」 "let me know your address") is an interrogative in disguise: open, as
 *   「どなたになりますでしょうか」 is. 「参加可能かどうか教えてください」 (whether) is yes/no.
 * - A list: options when it follows the question, or precedes it and the message points at it
 *   (いずれか, 番号, 候補, "which one", "pick one"); the items of such a list are part of the choice,
 *   while list items that are questions of their own (「・表紙の紙はどうしましょうか」) stay questions.
 *   A short marked heading (「■ 何が必要か」) asks nothing.
 * - Everything else that asks is closed (yes/no): 「…でよろしいでしょうか」「…ますか」 without an
 *   interrogative, auxiliary-first English ("is Friday OK?"), elliptical "white bg?", "…, correct?".
 */
export type QuestionKind = 'open' | 'closed' | 'choice';

export type QuestionReason =
  /** open: an interrogative leaves the content of the answer to the reader (いつ, どの, what, how many). */
  | 'interrogative'
  /** open: an opinion, preference, impression or feedback asked for, no options offered. */
  | 'opinion'
  /** open: the reason asked for (なぜ, 理由, why). */
  | 'reason'
  /** open: いかが/どう/"how does it look" on something with no proposal to accept. */
  | 'evaluation'
  /** choice: options offered (AとBのどちら, AかB, A or B, a list to pick from, a which-pronoun). */
  | 'options'
  /** closed: a concrete proposal + いかが/どう/"how about". */
  | 'proposal'
  /** closed: an open question narrowed at once to a yes/no proposal. */
  | 'narrowed'
  /** open: information asked for with no candidate to confirm (「ご住所を教えていただけますか」 "tell me the headcount"). */
  | 'information'
  /** closed: a yes/no question or request. */
  | 'yes-no';

export interface Question {
  /** Index of the sentence in `analysis.sentences`. */
  index: number;
  sentence: Sentence;
  kind: QuestionKind;
  reason: QuestionReason;
  /** The word the classification rests on (the interrogative, the opinion noun, "or" …), when there is one. */
  cue?: string;
  /** Asked as a request (「教えてください」 "let me know …") rather than in question form. */
  request: boolean;
}

/**
 * A cheap test on the raw Slack text: false means no sentence of it can ask anything, so the
 * analysis (kuromoji) need not run. True says nothing.
 */
export function mayAsk(slackText: string): boolean {
  // Only Japanese costs anything to analyse (kuromoji); English is split by regular expressions.
  if (!JAPANESE.test(slackText)) return /[a-z]/i.test(slackText);
  return MAY_ASK.test(slackText) || EN_MAY_ASK.test(slackText);
}
const JAPANESE = /[\u3040-\u30ff\u3400-\u9fff]/;
const MAY_ASK =
  /[?？]|か(?=[ねなしら]?(?:[\s。.!！〜~ー…)」』\]:,、]|\p{Extended_Pictographic}|$))|いかが|如何|教え|聞かせ|お知らせ|教示|伺|意見|感想|希望|要望|考え|フィードバック|ご都合|選び|let (?:me|us) know|grateful|appreciate|thoughts|views|feedback|preference|ideas|pick one|choose|wonder|love your|looking forward|いただけ|幸い|指摘|気づき|気付き|お待ち|ほしい|欲しい/imu;
const EN_MAY_ASK = /(?:^|[\n.!:;,—–-]\s*|\b(?:also|and|so|oh|sorry|then|plus)\s+)(?:can|could|would|will|shall|should|do|does|did|is|are|am|was|were|may|might|have|has)\s+(?:you|we|i|they|it|this|that|these|those|there|the|our|your|my|anyone|someone|everyone)\b/i;

/** The sentences of a message that ask the reader something, each classified. */
export function questionsOf(a: Analysis): Question[] {
  const ctx = messageContext(a);
  const out: Question[] = [];
  a.sentences.forEach((s, i) => {
    if (ctx.heading(i)) return;
    const q = s.ja ? jaQuestion(s, i, ctx) : enQuestion(s, i, ctx);
    if (q) out.push(q);
  });
  return out;
}

/** The first open question of a message, if any. */
export function openQuestion(a: Analysis): Question | undefined {
  return questionsOf(a).find((q) => q.kind === 'open');
}

// ————————————————————————————————————————————————————————————————————————————————————————————
// The message around a sentence

interface MessageContext {
  a: Analysis;
  /**
   * A list of options for sentence i: two or more list lines (bullets, numbers, ①, "A:") right after
   * its line ('after'), or somewhere before it ('before', options only when the question points at
   * them: いずれか, 番号, 下記, "which one", "pick"). A question that is itself a list item has none.
   */
  listFor: (i: number) => 'after' | 'before' | 'item' | undefined;
  /** A sentence before i (any sentence when i < 0) introduces the list as options (候補, 番号で, "options"). */
  optionsIntroduced: (i: number) => boolean;
  /** Sentence i and i+1 are on the same line of the message. */
  sameLine: (i: number) => boolean;
  /** Sentence i is a heading (「■ 何が必要か」), not addressed to the reader. */
  heading: (i: number) => boolean;
}

/** A heading line: 「■ 何が必要か」, "## What's next" (short, marked, no question mark). */
const HEADING = /^\s*(?:■|□|◆|◇|#+\s|\*[^*\s])[^\n]{0,24}$/u;
const LIST_LINE = /^\s*(?:[-・•*●◆■□▶→📍👥💰]|\d{1,2}[.)．、:]|[①-⑳]|[a-c][:：)）]|[a-c]\s*[—–-]\s|\(?[a-c]\))/iu;

function messageContext(a: Analysis): MessageContext {
  const lines = a.text.split('\n');
  const isList = lines.map((l) => LIST_LINE.test(l));
  // The line of each sentence (sentences never cross a line; quoted passages may differ in the analysis).
  const lineOf: number[] = [];
  let at = 0;
  for (const s of a.sentences) {
    const probe = s.raw.replace(/「…」.*$/u, '').slice(0, 12);
    let k = at;
    while (k < lines.length && !lines[k].includes(probe)) k++;
    if (k < lines.length) at = k;
    lineOf.push(at);
  }
  const listFor = (i: number): 'after' | 'before' | 'item' | undefined => {
    const line = lineOf[i];
    if (line === undefined) return undefined;
    if (isList[line]) return isList.filter(Boolean).length >= 2 ? 'item' : undefined;
    let k = line + 1;
    while (k < lines.length && !lines[k].trim()) k++;
    let n = 0;
    while (k + n < lines.length && isList[k + n]) n++;
    if (n >= 2) return 'after';
    return isList.slice(0, line).filter(Boolean).length >= 2 ? 'before' : undefined;
  };
  const sameLine = (i: number) => i + 1 < a.sentences.length && lineOf[i] === lineOf[i + 1];
  const optionsIntroduced = (i: number) => a.sentences.some((s, k) => (i < 0 || k < i) && !isList[lineOf[k]] && LIST_OF_OPTIONS.test(s.norm));
  const heading = (i: number) => HEADING.test(lines[lineOf[i]] ?? '') && !/[?？]/.test(a.sentences[i].norm);
  return { a, listFor, optionsIntroduced, sameLine, heading };
}

// ————————————————————————————————————————————————————————————————————————————————————————————
// Japanese

type WhKind = 'which' | 'where' | 'what' | 'when' | 'who' | 'how' | 'amount' | 'why' | 'evaluation' | 'opinion' | 'greeting';

interface Wh {
  word: string;
  kind: WhKind;
  /** Token index of the interrogative. */
  at: number;
  /** Past evaluation (どうでしたか): never a proposal. */
  past?: boolean;
}

const JA_WH: Record<string, WhKind> = {
  何: 'what',
  なに: 'what',
  なん: 'what',
  何時: 'when',
  いつ: 'when',
  どこ: 'where',
  どちら: 'which',
  どっち: 'which',
  どれ: 'which',
  どの: 'which',
  どんな: 'what',
  どういう: 'what',
  誰: 'who',
  だれ: 'who',
  どなた: 'who',
  いくら: 'amount',
  いくつ: 'amount',
  いかほど: 'amount',
  なぜ: 'why',
  何故: 'why',
  なんで: 'why',
  どうして: 'why',
  どう: 'how',
  いかが: 'evaluation',
  如何: 'evaluation',
};

const isParticle = (t: JaToken | undefined, ...surfaces: string[]) => t !== undefined && t.pos === '助詞' && surfaces.includes(t.surface);
const isSpace = (t: JaToken) => t.pos === '記号' && (t.pos1 === '空白' || /^\s+$/.test(t.surface));
const contentWord = (t: JaToken | undefined) => t !== undefined && /[\p{L}\p{N}]/u.test(t.surface) && t.pos !== '記号';

/** The interrogatives of a sentence (kuromoji's いつ split as い|つ and いかが as いか|が put back together). */
function interrogatives(tokens: JaToken[]): Wh[] {
  const out: Wh[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    let word = t.base;
    let end = i;
    // Repairs: 「はいつ」 → は|い(いる)|つ, 「いかがいたしましょう」 → いか|が.
    if (t.surface === 'い' && t.pos === '動詞' && tokens[i + 1]?.surface === 'つ' && tokens[i + 1].pos === '助動詞') {
      word = 'いつ';
      end = i + 1;
    } else if (t.surface === 'いか' && tokens[i + 1]?.surface === 'が' && (tokens[i + 2] === undefined || /^(いたす|致す|する|なさる|です|でしょう|だ|お過ごし|過ごす)$/.test(tokens[i + 2].base) || tokens[i + 2].pos === '助動詞' || tokens[i + 2].pos === '接頭詞')) {
      word = 'いかが';
      end = i + 1;
    }
    let kind = JA_WH[word];
    if (!kind) continue;
    if (t.pos === '動詞' && word !== 'いつ') continue;
    // 何 as a prefix of a counter (何部, 何名, 何曜日) or a noun of number is still "how many / which".
    let after = end + 1;
    if (tokens[after]?.pos === '名詞' && (tokens[after].pos1 === '接尾' || /^(曜日|頃|ごろ|日|時|回|年|月|枚|部|名|人|個|件|ページ|割|倍|時間|分|週|歳)$/.test(tokens[after].surface))) after++;
    // Indefinite: 何か, いつでも, どちらでも, 何度も, 何なり, 何とか (the last are one morpheme in IPADIC).
    const next = tokens[after];
    // 「伝えたいことは何か、お聞かせください」: an embedded question (…は何か、), not the indefinite 何か;
    // どうか (please) and 〜かどうか (whether) are never one.
    const embedded = word !== 'どう' && isParticle(next, 'か') && (tokens[after + 1]?.pos === '記号' || isParticle(tokens[i - 1], 'は', 'が'));
    if (isParticle(next, 'か') && ((!isFinal(tokens, after) && !embedded) || isParticle(tokens[i - 1], 'か'))) {
      // どちらか / いずれか offer options; 何か … is "anything".
      i = after;
      continue;
    }
    if (isParticle(next, 'も', 'でも', 'とも') || (isParticle(next, 'で') && isParticle(tokens[after + 1], 'も')) || (next?.pos === '助動詞' && next.surface === 'なり')) {
      i = after;
      continue;
    }
    let past = false;
    if (word === 'どう') {
      const n = tokens[end + 1];
      if (n && /^(思う|考える|感じる|お考え)$/.test(n.base)) kind = 'opinion';
      else if (n && (n.pos === '助動詞' || isParticle(n, 'かな', 'か'))) {
        kind = 'evaluation';
        past = tokens.slice(end + 1, end + 4).some((x) => x.pos === '助動詞' && x.base === 'た');
      } else if (n && /^(いう|言う)$/.test(n.base)) kind = 'what';
    } else if (kind === 'evaluation') {
      const n = tokens[end + 1];
      if (n && /^(お過ごし|過ごす|お過ごす)$/.test(n.base)) kind = 'greeting';
      else if (n && /^(いたす|致す|する|なさる)$/.test(n.base)) kind = 'how';
      else past = tokens.slice(end + 1, end + 4).some((x) => x.pos === '助動詞' && x.base === 'た');
    } else if (word === 'どちら' || word === 'どっち') {
      const n = tokens[end + 1];
      const n2 = tokens[end + 2];
      if (isParticle(n, 'へ', 'から', 'まで')) kind = 'where';
      else if (isParticle(n, 'に') && n2 && !/^(する|いたす|致す|なさる|決める|決まる)$/.test(n2.base)) kind = 'where';
    } else if (word === 'どの') {
      const n = tokens[end + 1];
      if (n && /^(よう|様)$/.test(n.surface)) kind = 'how';
      else if (n && (/^(くらい|ぐらい|程度|位)$/.test(n.surface))) kind = 'amount';
    } else if (word === 'どれ') {
      const n = tokens[end + 1];
      if (n && /^(くらい|ぐらい|程度|位|ほど)$/.test(n.surface)) kind = 'amount';
    }
    out.push({ word: tokens.slice(i, end + 1).map((x) => x.surface).join(''), kind, at: i, past });
    i = end;
  }
  return out;
}

/** Token i is the sentence's last word (punctuation, emoji, ね/よ after it). */
function isFinal(tokens: JaToken[], i: number): boolean {
  for (let j = i + 1; j < tokens.length; j++) if (contentWord(tokens[j]) && !/^[ねよなわ〜~ー…・w笑]+$/.test(tokens[j].surface)) return false;
  return true;
}

/** Verbs and nouns of telling, deciding and choosing: what an embedded question (「何か、お聞かせください」) is asked with. */
const JA_TELL = /^(教える|聞かせる|お聞かせ|知らせる|お知らせ|教示|伺う|聞く|お聞き|返事|お返事|返信|ご返信|回答|ご回答|連絡|ご連絡|指示|ご指示|指定|ご指定|判断|ご判断|検討|ご検討|決める|相談|ご相談|選ぶ|お選び|選択|共有|ご共有|言う|おっしゃる|仰る)$/;
/** A request or wish addressed to the reader: 〜ください, 〜いただけますと幸いです, 〜お願いします, 〜ほしい. */
const JA_REQUEST = /(ください|下さい|くださいませ|お待ちして(おり|い)ます|お待ちしたく|いただけ(ます|ません)?(と|たら|れば|ると)|いただければ|いただきたく|いただきたい|頂け(ます)?(と|たら|れば)|頂きたい|願います|願えますでしょうか|願えますか|お願い(します|いたします|致します|できれば|できますと|したく|したい)|お願いです|ほしい|欲しい|もらえると|もらえたら|もらえれば)/;
/** Nouns that ask for an opinion, a preference, an impression or feedback. */
const JA_OPINION = new Set(['意見', '感想', '希望', '要望', '考え', 'お考え', 'フィードバック', 'アイデア', 'アイディア', '所感', '見解', '印象', 'ご意見', 'ご感想', 'ご希望', 'ご要望', '好み', 'お好み', 'コメント', 'ご指摘', '指摘', '評価', 'お気づき', '気づき', '気付き', '指示', 'ご指示', '指南', 'アドバイス', 'ご助言', '助言']);
/** Nouns of a reason. */
const JA_REASON = new Set(['理由', '背景', '経緯', '意図', '目的', '根拠']);
/** A proposal: the sentence offers something for the reader to accept. */
const JA_PROPOSAL = /(たい|よう)と(考え|思|存じ)|ご?提案(です|ですが|なのですが|させて|いたします|します|があります|がございます)|てはどうか|ではどうか|ませんか|ましょう|させていただきたく|してはいかが|いかがかと/;
/** A concrete value as the topic of いかが/どう: a date, a time, a number, a named option. */
const CONCRETE = /\d+\s*[/:]\s*\d+|\d+\s*(時|日|月|円|万|千|名|人|部|枚|個|本|ページ|回|週|ヶ月|か月|カ月|%|割|分)|明日|明後日|あさって|来週|今週|再来週|今月|来月|午前|午後|[月火水木金土日]曜|[a-z]案|案[a-z0-9①-⑳]|「/;
/**
 * Words that make a conditional clause (「ご要望があればお知らせください」: an offer, not a request) —
 * not the courtesy ones (「よろしければ」「差し支えなければ」「お手すきの際に」), which only soften a request.
 */
function isConditionalAt(toks: JaToken[], i: number): boolean {
  const t = toks[i];
  const marker = (t.pos === '助詞' && t.pos1 === '接続助詞' && (t.surface === 'ば' || t.surface === 'なら')) || (t.pos === '助動詞' && /^(たら|だら|なら)$/.test(t.surface)) || /^(場合|際|万一|万が一)$/.test(t.surface);
  if (!marker) return false;
  const before = toks.slice(Math.max(0, i - 4), i).map((x) => x.surface).join('');
  return !/(よろし|宜し|差し支え|差支え|差し支えな|可能で|お手すき|お手隙|手すき|お時間の?ある|お時間が?あ|ご都合|ご都合が?よ|お手数で?な|もしよけれ|よけれ|良けれ)/.test(before);
}
/** A conditional marker among tokens [0, end). */
const conditionalBefore = (toks: JaToken[], end: number) => toks.slice(0, end).some((_t, i) => isConditionalAt(toks, i));
/** Connectives that open a new question (not a narrowing of the one before). */
const JA_NEW_TOPIC = /^(また|あと|あわせて|併せて|それと|ちなみに|さらに|加えて|別件|もう一点|もう1点|追加で|なお|それから|ところで)/;
/** A sentence that offers options. */
function jaOffersOptions(s: Sentence): string | undefined {
  const toks = s.tokens.filter((t) => !isSpace(t));
  for (let i = 0; i < toks.length; i++) {
    const t = toks[i];
    if (t.pos === '接続詞' && /^(それとも|または|もしくは|あるいは|又は|若しくは|或いは)$/.test(t.surface)) return t.surface;
    if (t.pos === '名詞' && /^(どちら|どっち|いずれ|どれ)$/.test(t.surface) && isParticle(toks[i + 1], 'か') && !isFinal(toks, i + 1)) return `${t.surface}か`;
    // AかB: か between two nouns (「10時か14時」「12/1(火)午前 か 12/2(水)午後」「郵送かPDFか」).
    if (isParticle(t, 'か') && i > 0 && !isFinal(toks, i)) {
      const prev = toks[i - 1];
      const next = toks[i + 1];
      const indefinite = toks.slice(Math.max(0, i - 2), i).some((x) => JA_WH[x.base] !== undefined || /^(いくつ|いずれ)$/.test(x.base));
      if (!indefinite && prev.pos === '名詞' && prev.pos1 !== '代名詞' && prev.pos1 !== '非自立' && next && (next.pos === '名詞' || next.pos === '接頭詞') && next.pos1 !== '非自立') return 'か';
    }
    // AとBのどちら, AとB、どっち.
    if (/^(どちら|どっち)$/.test(t.surface) && toks.slice(Math.max(0, i - 12), i).some((x) => (isParticle(x, 'と') && x.pos1 === '並立助詞') || x.surface === '・' || x.surface === '/')) return `…と…の${t.surface}`;
  }
  // 「銀行振込とカード払いがございます」: two things joined by と, offered as what there is.
  const and = toks.findIndex((t, i) => isParticle(t, 'と') && t.pos1 === '並立助詞' && toks[i - 1]?.pos === '名詞' && toks[i + 1]?.pos === '名詞');
  if (and >= 0 && !s.question && toks.slice(and).some((t) => /^(ある|ござる|有る|選べる|可能|対応可能)$/.test(t.base))) return 'と…がございます';
  if (/[(（]\s*[^\d\s/()（）][^/()（）]*(?:\s*[/／]\s*[^\d\s/()（）][^/()（）]*)+[)）]/.test(s.norm)) return '(…/…)';
  // ①10時 ②14時: options numbered inline.
  if ((s.raw.match(/[①-⑳]/gu) ?? []).length >= 2) return '①…②…';
  // ①〜③ (NFKC turns circled numbers into digits, so the raw text), A案・B案.
  const range = /[①-⑳]\s*[〜~～ー-]\s*[①-⑳]/u.exec(s.raw) ?? /[a-c]案[・、と][a-c]案/.exec(s.norm);
  if (range) return range[0];
  return undefined;
}

/** Words that point a question at a list before it: 「いずれか」「番号で」「上記のうち」. */
const JA_PICK = /いずれ|のうち|番号|選|どちら|どっち|どれ(?!くらい|ぐらい|ほど)|候補|上記|下記|以下|この中|1つ|ひとつ|一つ|(よい|良い|いい|よろしい)方/;
/** A message that introduces its list as options: 「候補日です」「選択肢」 "options", "slots". */
const LIST_OF_OPTIONS = /候補|選択肢|いずれか|のうち|番号で|\b(options|candidates|slots|choices|pick one|choose one|one of these)\b/;
const JA_GREETING = /お過ごし(でしょう|です|でいらっしゃい)|お元気(です|でしょう|でいらっしゃい)/;

function jaQuestion(s: Sentence, index: number, ctx: MessageContext): Question | undefined {
  const toks = s.tokens;
  if (!toks.length) return undefined;
  if (JA_GREETING.test(s.norm)) return undefined;
  const request = !s.question;
  // The request's predicate: the first token of 〜ください / 〜いただけますと幸い … (its start in the norm).
  const req = request ? JA_REQUEST.exec(s.norm) : null;
  const reqAt = req ? tokenAt(toks, req.index) : toks.length;
  const conditional = conditionalBefore(toks, reqAt);
  // A verb of telling as a predicate (「ご教示ください」「お知らせいただけますか」), not a modifier (「共有フォルダ」).
  const tellAt = toks.findIndex((t, i) => (JA_TELL.test(t.base) || JA_TELL.test(t.surface)) && (t.pos === '動詞' || /^(動詞|助動詞)$/.test(toks[i + 1]?.pos ?? '') || isParticle(toks[i + 1], 'を', 'て')));
  const opinionAt = toks.findIndex((_t, i) => isOpinionNoun(toks, i));
  const pickVerb = toks.some((t) => /^(選ぶ|お選び|選択)$/.test(t.base));
  if (request) {
    // A request asks when it is for information (教えて, ご教示, お聞かせ, お知らせ …), an opinion, or a pick.
    if (!req || conditional) return undefined;
    if (tellAt < 0 && opinionAt < 0 && !pickVerb) return undefined;
    // 「ご意見お待ちしております」 asks for the opinion; 「ご返信お待ちしております」 only waits.
    if (/^お待ち/.test(req[0]) && opinionAt < 0) return undefined;
    if (tellAt >= 0 && opinionAt < 0 && /^(連絡|ご連絡|お知らせ|知らせる|共有|ご共有|相談|ご相談)$/.test(toks[tellAt].base) && !/を|は/.test(toks.slice(0, tellAt).map((t) => t.surface).join(''))) return undefined;
  }
  const q = (kind: QuestionKind, reason: QuestionReason, cue?: string): Question => ({ index, sentence: s, kind, reason, cue, request });

  const whs = interrogatives(toks).filter((w) => w.kind !== 'greeting' && counts(toks, w, tellAt));
  const options = jaOffersOptions(s);
  const near = [ctx.a.sentences[index - 1], ctx.a.sentences[index + 1]].filter((x): x is Sentence => x !== undefined && !x.question);
  const nearOptions = near.map((x) => (x.ja ? jaOffersOptions(x) : enOffersOptions(x))).find((x) => x !== undefined);
  const list = ctx.listFor(index);
  const listPick = list === 'after' || (list === 'before' && (JA_PICK.test(s.norm) || ctx.optionsIntroduced(index))) || (list === 'item' && ctx.optionsIntroduced(-1)) ? 'a list' : undefined;

  // 1. A reason asked for.
  const why = whs.find((w) => w.kind === 'why');
  if (why) return q('open', 'reason', why.word);
  const reasonAt = toks.findIndex((t, i) => JA_REASON.has(t.surface) && isParticle(toks[toksAfter(toks, i)], 'を', 'は', 'も', 'について'));
  if (reasonAt >= 0 && (tellAt > reasonAt || opinionAt >= 0)) return q('open', 'reason', toks[reasonAt].surface);
  // 2. Options offered.
  const choice = options ?? nearOptions ?? listPick;
  if (choice) return q('choice', 'options', choice);
  const which = whs.find((w) => w.kind === 'which' && isWhichPronoun(w));
  if (which) return q('choice', 'options', which.word);
  // 3. An opinion asked for (not in a conditional clause).
  const opinionWh = whs.find((w) => w.kind === 'opinion');
  if (opinionWh) return q('open', 'opinion', opinionWh.word + (toks[opinionWh.at + 1]?.surface ?? ''));
  if (opinionAt >= 0 && !conditionalBefore(toks, opinionAt)) return q('open', 'opinion', toks[opinionAt].surface);
  if (anythingAsked(toks)) return q('open', 'opinion', '何か');
  const wish = wishAsked(toks);
  if (wish) return q('open', 'opinion', wish);
  // 4. Interrogatives, the evaluation words first.
  const open = whs.filter((w) => w.kind !== 'evaluation');
  const evaluation = whs.find((w) => w.kind === 'evaluation');
  if (!open.length && evaluation) {
    if (!evaluation.past && isProposal(toks, evaluation, ctx.a.sentences, index)) return q('closed', 'proposal', evaluation.word);
    return narrowed(ctx, index) ? q('closed', 'narrowed', evaluation.word) : q('open', 'evaluation', evaluation.word);
  }
  // 「ご都合のよい日時」 is a when-question without the interrogative.
  const schedule = /都合の?(よい|良い|いい|宜しい|よろしい)(日|日時|日程|時間|時間帯|曜日|時期|タイミング|枠|頃|方法)(?=を|は|が|も|など|について|[?。!]|$)|都合(を|は)(教え|お聞かせ|お知らせ|伺)/.exec(s.norm);
  if (open.length || schedule) {
    const cue = open[0]?.word ?? schedule![0];
    return narrowed(ctx, index) ? q('closed', 'narrowed', cue) : q('open', 'interrogative', cue);
  }
  const info = informationAsked(toks);
  if (info) return narrowed(ctx, index) ? q('closed', 'narrowed', info) : q('open', 'information', info);
  return q('closed', 'yes-no');
}

/** Token index at a character offset of the sentence's norm (tokens are the norm's morphemes, in order). */
function tokenAt(toks: JaToken[], offset: number): number {
  let pos = 0;
  for (let i = 0; i < toks.length; i++) {
    if (pos >= offset) return i;
    pos += toks[i].surface.length;
  }
  return toks.length;
}

/** The next non-space token after i. */
function toksAfter(toks: JaToken[], i: number): number {
  let j = i + 1;
  while (j < toks.length && isSpace(toks[j])) j++;
  return j;
}

/** An opinion noun as what is asked for: followed by を/は/が/も/など/について, or directly by the verb (ご意見いただけたら). */
function isOpinionNoun(toks: JaToken[], i: number): boolean {
  const t = toks[i];
  const word = t.surface.replace(/^[おご御]/, '');
  if (t.pos !== '名詞' || !(JA_OPINION.has(t.surface) || JA_OPINION.has(word))) return false;
  // Part of a compound (公開希望日, 評価シート, 要望書): not the opinion itself.
  if (toks[i - 1]?.pos === '名詞' || (toks[i + 1]?.pos === '名詞' && !/^[おご御]/.test(toks[i + 1].surface))) return false;
  if (/^(案)$/.test(word)) return false;
  let n = toks[toksAfter(toks, i)];
  if (!n) return false;
  // お気づきの点を…, ご要望の点は…: the noun of what is asked for follows.
  if (isParticle(n, 'の') && /^(点|こと|事|箇所|ところ|部分)$/.test(toks[toksAfter(toks, i) + 1]?.surface ?? '')) n = toks[toksAfter(toks, toksAfter(toks, i) + 1)];
  if (!n) return false;
  // ご希望の日時, ご要望に沿って, ご意見ありがとう: not asked for.
  if (isParticle(n, 'の', 'に', 'で', 'と', 'より')) return false;
  if (n.pos === '助詞' && !/^(を|は|が|も|など|なり|について|とか)$/.test(n.surface)) return false;
  if (toks.slice(i + 1).some((x) => /^(ありがとう|ありがとうございます|感謝|沿う|基づく|反映|踏まえる)$/.test(x.base))) return false;
  return n.pos === '助詞' || n.pos === '動詞' || n.pos === '名詞';
}

/** 「何かありますか」「何かよい案はございますか」: anything asked for (an idea, a wish). */
function anythingAsked(toks: JaToken[]): boolean {
  for (let i = 0; i < toks.length; i++) {
    const nanika = /^(何|なに|なん)$/.test(toks[i].surface) && isParticle(toks[i + 1], 'か');
    if (!nanika && !/^(なんか|なにか)$/.test(toks[i].surface)) continue;
    const rest = toks.slice(i + (nanika ? 2 : 1)).filter((t) => contentWord(t));
    const verb = rest.findIndex((t) => /^(ある|ござる|有る)$/.test(t.base));
    if (verb < 0) continue;
    const between = rest.slice(0, verb).filter((t) => t.pos === '名詞');
    // 何かありますか / 何かよい案はございますか / 何かアイデアは…; 何か質問はありますか is "any questions?" (yes/no).
    if (between.length === 0) return true;
    if (between.some((t) => /^(案|アイデア|アイディア|ご提案|提案|策|手|方法)$/.test(t.surface))) return true;
  }
  return false;
}

/** 「追加したい項目などはございますか」: whether the reader has a wish, i.e. the wish itself. */
function wishAsked(toks: JaToken[]): string | undefined {
  const verb = toks.findIndex((t, i) => /^(ある|ござる|有る)$/.test(t.base) && i > 0);
  if (verb < 0 || !isFinal(toks, verb + 2)) return undefined;
  const desire = toks.slice(0, verb).findIndex((t) => t.pos === '助動詞' && t.base === 'たい');
  if (desire < 0 || toks[desire + 1]?.pos !== '名詞') return undefined;
  return toks.slice(Math.max(0, desire - 2), desire + 2).map((t) => t.surface).join('');
}

/** Verbs of telling that ask for a fact: 教えて, お聞かせ, お知らせ, ご教示, 伺う (not 確認, 共有, 連絡). */
const JA_INFO = /^(教える|聞かせる|知らせる|お知らせ|教示|伺う|聞く|お聞き)$/;

/** 「ご住所を教えていただけますか」「お名前を伺ってもよろしいでしょうか」: a fact asked for, not confirmed. */
function informationAsked(toks: JaToken[]): string | undefined {
  for (let i = 1; i < toks.length; i++) {
    if (!(JA_INFO.test(toks[i].base) || JA_INFO.test(toks[i].surface))) continue;
    let j = i - 1;
    if (toks[j]?.pos === '接頭詞') j--;
    const particle = toks[j];
    if (!isParticle(particle, 'を', 'も', 'は')) continue;
    // 「参加可能かどうか教えてください」 asks yes or no.
    const before = toks.slice(0, j).map((t) => t.surface).join('');
    if (/か(どうか|否か)?$/.test(before) || before.length === 0) continue;
    const noun = toks[j - 1];
    if (!noun || noun.pos !== '名詞') continue;
    return `${noun.surface}${particle.surface}${toks.slice(j + 1, i + 1).map((t) => t.surface).join('')}`;
  }
  return undefined;
}

/** An interrogative counts unless it sits in an embedded clause (…か、…) the request is not about. */
function counts(toks: JaToken[], w: Wh, tellAt: number): boolean {
  if (w.kind === 'evaluation' || w.kind === 'opinion') return true;
  for (let j = w.at + 1; j < toks.length; j++) {
    const t = toks[j];
    if (isParticle(t, 'か') && t.pos1.includes('終助詞')) {
      if (isFinal(toks, j)) return true;
      // An embedded question: it counts when the request is to tell or decide it.
      return tellAt > j;
    }
    if (t.pos === '助詞' && t.pos1 === '接続助詞' && /^(が|けど|けれど|けれども|ので|から)$/.test(t.surface)) return false;
  }
  return true;
}

/** どちら/どれ on their own (どちらがよろしいでしょうか, どれにしますか): options already on the table. */
function isWhichPronoun(w: Wh): boolean {
  return w.word !== 'どの' && /^(どちら|どっち|どれ)$/.test(w.word);
}

/** いかが/どう asking whether the reader accepts a proposal. */
function isProposal(toks: JaToken[], w: Wh, sentences: Sentence[], index: number): boolean {
  let j = w.at - 1;
  while (j >= 0 && (isSpace(toks[j]) || toks[j].surface === '、' || toks[j].surface === ',')) j--;
  const before = toks[j];
  // Xでいかが, Xでどうですか.
  if (before && before.surface === 'で' && (before.pos === '助詞' || before.pos === '助動詞')) return true;
  // …するのはいかが, …してはどうでしょう, …とするのは, 形は.
  if (before && (isParticle(before, 'は', 'って') || isParticle(before, 'なんて'))) {
    const b2 = toks[j - 1];
    if (b2 && ((b2.pos === '名詞' && b2.pos1 === '非自立' && /^(の|こと|ん)$/.test(b2.surface)) || isParticle(b2, 'て', 'で') || /^(形|方向|案|方法)$/.test(b2.surface))) return true;
    // The topic is a concrete value: 12/3の午後はいかがでしょうか, A案はいかがでしょうか.
    let k = j - 1;
    while (k >= 0 && toks[k].surface !== '、' && toks[k].surface !== '。' && !(toks[k].pos === '助詞' && toks[k].pos1 === '係助詞')) k--;
    const topic = toks.slice(k + 1, j).map((t) => t.surface).join('');
    if (CONCRETE.test(topic)) return true;
  }
  // A proposal in the sentence before (or the one before that, when that one is only 「ご提案です。」).
  for (const prev of [sentences[index - 1], sentences[index - 2]]) {
    if (!prev || prev.question) break;
    if (prev.ja ? JA_PROPOSAL.test(prev.norm) : EN_PROPOSAL.test(prev.norm)) return true;
  }
  return false;
}

/** The question at `index` is narrowed at once by a yes/no proposal on the same line. */
function narrowed(ctx: MessageContext, index: number): boolean {
  const next = ctx.a.sentences[index + 1];
  if (!next || !next.question || !ctx.sameLine(index)) return false;
  if (next.ja ? JA_NEW_TOPIC.test(next.norm) : EN_NEW_TOPIC.test(next.norm)) return false;
  // The proposal names a value (a day, a time, a number, an option) or is a short follow-up (「延ばしますか?」);
  // a question of its own (「PDFでの納品で問題ないでしょうか?」) does not narrow the one before.
  const concrete = next.ja ? CONCRETE.test(next.norm) || next.norm.length <= 10 : EN_CONCRETE.test(next.norm) || /\b(week|month|day|days|weeks|later|earlier|instead)\b/.test(next.norm) || next.words.length <= 3;
  if (!concrete) return false;
  const q = next.ja ? jaQuestion(next, index + 1, { ...ctx, sameLine: () => false }) : enQuestion(next, index + 1, { ...ctx, sameLine: () => false });
  return q !== undefined && q.kind !== 'open';
}

// ————————————————————————————————————————————————————————————————————————————————————————————
// English

const EN_AUX = new Set(['can', 'could', 'would', 'will', 'shall', 'should', 'do', 'does', 'did', 'is', 'are', 'am', 'was', 'were', 'may', 'might', 'have', 'has', "isn't", "aren't", "don't", "doesn't", "won't", "wouldn't", "can't", "couldn't", "shouldn't"]);
const EN_SUBJECT = new Set(['you', 'we', 'i', 'they', 'he', 'she', 'it', 'this', 'that', 'these', 'those', 'there', 'the', 'our', 'your', 'my', 'anyone', 'someone', 'everyone', 'everything', 'all', 'a', 'an', 'any', 'its']);
const EN_FILLER = new Set(['and', 'also', 'so', 'but', 'then', 'ok', 'okay', 'oh', 'sorry', 'btw', 'plus', 'roughly', 'approximately', 'about', 'just', 'quick', 'q', 'question', 'one', 'more', 'thing', 're', 'hi', 'hey', 'hello', 'p', 's', 'ps', 'well', 'anyway', 'now', 'finally', 'lastly', 'last', 'first', 'firstly', 'second', 'secondly', 'great', 'thanks', 'cool', 'perfect', 'right', 'apologies', 'further', 'another', 'unrelated', 'separately', 'again', 'actually', 'fyi']);
const EN_WH = new Set(['what', 'when', 'where', 'which', 'who', 'whom', 'whose', 'why', 'how', "what's", "when's", "where's", "who's", "how's", "how'd", "what'd", "where'd", "why's"]);
const EN_TELL = new Set(['wondering', 'wonder', 'know', 'tell', 'share', 'advise', 'explain', 'clarify', 'confirm', 'decide', 'say', 'specify', 'indicate', 'describe', 'send', 'suggest', 'recommend']);
const EN_OPINION = new Set(['thoughts', 'views', 'view', 'feedback', 'opinion', 'opinions', 'input', 'comments', 'preference', 'preferences', 'ideas', 'suggestions', 'impressions', 'take', 'availability', 'reactions']);
const EN_PROPOSAL = /\b(we could|we can|i could|i can|we might|how about|what about|why don't we|why not|let's|let us|i suggest|i'd suggest|we suggest|suggestion|suggest|propose|proposal|i recommend|we recommend|we'd like to|i'd like to|we would like to|the plan is|my idea|one option)\b/;
/** An offer, not a question: "let me know if you have any questions", "any questions, just let me know". */
const EN_OFFER = /\blet (me|us) know (once|as soon as|after|in case)\b|\blet (me|us) know if (you (have|need|want|would like|'d like)|you'd like|there('s| is| are) any|anything|any)\b|^(any (other )?(questions|issues|problems|concerns|changes)|anything else)\b[^?]*\blet (me|us) know\b/;
/** A concrete value proposed: a time, a day, a number, a named option. */
const EN_CONCRETE = /\d|\b(monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tue|wed|thu|fri|tomorrow|tonight|next week|this week|morning|afternoon|noon|option [a-z0-9]|version [a-z0-9]|plan [a-z0-9])\b|['"「]/;
const EN_NEW_TOPIC = /^(also|and also|separately|another|one more|plus|btw|by the way|unrelated)\b/;
const EN_REQUEST = /\b(let (me|us) know|please advise|(i was|i'm|i am|just) wondering|i wonder|(would|i'd|we'd) love (your|to hear|to get)|looking forward to (your|hearing)|please (tell|share|advise|confirm|let|pick|choose|select|suggest)|tell (me|us)|(i'd|i would|we'd|we would) (be grateful|appreciate|love|welcome)|grateful for|appreciate (your|any)|keen to hear|love to hear|welcome (your|any)|pick one|choose one)\b/;
const EN_GREETING = /^(hi|hello|hey|good morning|morning|dear)?[^?]*\b(how are you( doing| today| all)?|how's it going|how are things|how have you been|how was your (weekend|week|holiday|holidays|break|trip)|how's your (week|day|weekend)|hope (you're|you are|all is) well)\s*[?!.]?\s*$/;

/** English words and punctuation of a sentence. */
function enTokens(norm: string): string[] {
  return norm.replace(/[’‘]/g, "'").match(/[a-z0-9]+(?:'[a-z]+)?|[,;:!?()/—–]|(?<=\s)-(?=\s)/g) ?? [];
}

const BOUNDARY = new Set([',', ';', ':', '—', '–', '-', '(', '?', '!']);

/** Indices of the words that start a clause (after punctuation, skipping connectors and fillers). */
function clauseStarts(w: string[]): Set<number> {
  const out = new Set<number>();
  let start = true;
  for (let i = 0; i < w.length; i++) {
    if (BOUNDARY.has(w[i])) {
      start = true;
      continue;
    }
    if (start) {
      out.add(i);
      if (!EN_FILLER.has(w[i])) start = false;
    }
  }
  return out;
}

function enOffersOptions(s: Sentence): string | undefined {
  const n = s.norm;
  if (/\b(either)\b.*\bor\b|\bor\b(?! not\b| so\b| otherwise\b| anything\b| something\b)/.test(n) && !/\bor (?:not|so)\b/.test(n)) {
    // "A or B": words on both sides.
    if (/[a-z0-9)'"]\s*,?\s+or\s+[a-z0-9('"]/.test(n)) return 'or';
  }
  if (/\b(vs\.?|versus)\b/.test(n)) return 'vs';
  if (/\b(the|these|those|both) (two|three|four|2|3|4) (options|versions|designs|drafts|choices|proposals|layouts|candidates|slots)\b|\beither (one|option|version)\b/.test(n)) return 'the options';
  if (/\bbetween\b.+\band\b/.test(n)) return 'between';
  if (/[(（]\s*[^\d\s/()]+[^/()]*(?:\s*\/\s*[^/()]+)+[)）]/.test(n)) return '(…/…)';
  return undefined;
}

/** Words that point a question at a list before it: "which one", "pick", "one of these", "the above". */
const EN_PICK = /\b(which (one|ones|of|option|options|works?|would|do you|is better|suits?)|pick|choose|select|one of (these|them|the)|either|above|listed)\b/;

function enQuestion(s: Sentence, index: number, ctx: MessageContext): Question | undefined {
  const n = s.norm.replace(/[’‘]/g, "'");
  const w = enTokens(n);
  if (!w.length) return undefined;
  if (EN_GREETING.test(n)) return undefined;
  const starts = clauseStarts(w);
  const auxFirst = [...starts].some((i) => EN_AUX.has(w[i]) && EN_SUBJECT.has(w[i + 1] ?? '') && !(w[i] === 'will' && w[i + 1] === 'do'));
  const req = EN_REQUEST.exec(n);
  const conditionalBefore = (at: number) => /\b(if|in case|should you|whenever|once you)\b/.test(n.slice(0, at));
  let request = false;
  if (!s.question && !auxFirst) {
    if (!req || conditionalBefore(req.index) || EN_OFFER.test(n)) return undefined;
    request = true;
  }
  const q = (kind: QuestionKind, reason: QuestionReason, cue?: string): Question => ({ index, sentence: s, kind, reason, cue, request });

  // The wh-words that ask: at the start of a clause, or after a verb of telling ("let me know what …").
  const whs: Array<{ i: number; word: string }> = [];
  w.forEach((x, i) => {
    if (!EN_WH.has(x)) return;
    // "When you get a chance, could you …", "where possible, …": a subordinate clause, not the question.
    if ((x === 'when' || x === 'where' || x === 'whenever') && /^(you|we|i|it|they|possible|convenient|ready|needed|necessary)$/.test(w[i + 1] ?? '') && w.indexOf(',', i) > i && w.indexOf(',', i) < w.length - 2) return;
    const after = w.slice(Math.max(0, i - 3), i);
    if (starts.has(i) || after.some((y) => EN_TELL.has(y))) whs.push({ i, word: x });
  });
  // "any preferences on airline or times?": the "or" lists what the preference is about, it offers nothing.
  const topics = /\b(preferences?|thoughts|views|feedback|ideas|suggestions|input|comments) (on|for|about|regarding|re)\b[^?]*\bor\b/.test(n);
  const options = topics ? undefined : enOffersOptions(s);
  const near = [ctx.a.sentences[index - 1], ctx.a.sentences[index + 1]].filter((x): x is Sentence => x !== undefined && !x.question);
  const nearOptions = near.map((x) => (x.ja ? jaOffersOptions(x) : enOffersOptions(x))).find((x) => x !== undefined);
  const list = ctx.listFor(index);
  const listPick = list === 'after' || (list === 'before' && (EN_PICK.test(n) || ctx.optionsIntroduced(index))) || (list === 'item' && ctx.optionsIntroduced(-1)) ? 'a list' : undefined;

  // 1. A reason.
  const why = whs.find((x) => x.word === 'why' || x.word === "why's");
  if (why && !/\bwhy (don't|not|dont)\b/.test(n)) return q('open', 'reason', 'why');
  // 2. Options offered.
  const choice = options ?? nearOptions ?? listPick;
  if (choice) return q('choice', 'options', choice);
  const which = whs.find((x) => x.word === 'which' && /^(one|ones|of|do|does|did|would|is|are|should|will|can|could|works?|suits?|you|option|options)$/.test(w[x.i + 1] ?? ''));
  if (which || (whs.length === 0 && /\bwhich (one|would|do you)\b/.test(n))) return q('choice', 'options', 'which');
  if (/\b(pick|choose|select) (one|from)\b/.test(n)) return q('choice', 'options', 'pick one');
  // 3. An opinion.
  if (/\bwhat (do |would )?you (think|reckon|make of)\b|\bwhat's your (take|view|opinion)\b|\bhow do you feel about\b/.test(n)) return q('open', 'opinion', 'what do you think');
  // "thoughts?", "your views on …", "any preference?" — not "thanks for your feedback", "based on your input".
  const opinion = w.findIndex((x, i) => EN_OPINION.has(x) && !w.slice(Math.max(0, i - 4), i).some((y, k, all) => /^(thanks|thank|based|per|according|incorporated|received|taking|took|considering|reflecting|reflected)$/.test(y) || (y === 'got' && /^(your|the)$/.test(all[k + 1] ?? ''))));
  if (opinion >= 0 && !conditionalBefore(n.indexOf(w[opinion]))) return q('open', 'opinion', w[opinion]);
  // "please advise", "your advice": what to do left to the reader.
  if (/\b(please advise|advise (us|me) on|your (advice|guidance|direction))\b/.test(n) && !/\badvise (if|whether)\b/.test(n)) return q('open', 'opinion', 'advise');
  // "any specific points you want covered?": the reader's wishes asked for.
  const wish = /\bany (?:specific |particular |other |special )?(?:points|topics|areas|things|items|features|sections|requests|requirements|must-haves)\b[^?]*?\byou(?:'d| would)? (?:want|like|need)\b/.exec(n);
  if (wish) return q('open', 'opinion', wish[0]);
  // 4. Proposals and evaluations.
  const howAbout = /\b(how|what) about\s+(?!it\b|that\b|this\b|them\b|those\b|these\b|\?|$)/.test(n);
  if (howAbout && whs.every((x) => x.word === 'how' || x.word === 'what')) return q('closed', 'proposal', 'how about');
  // "how does that sound", "how do they look", "how's this": accepting a proposal, or judging a deliverable.
  const evaluation = /\bhow (?:does|do|would|will|is|are|did) ([^?,;:—]{1,40}?) (?:sound|look|seem|feel|work)s?\b|\bhow's ([a-z]+)\b|\bhow (?:is|are) (that|this|these|those|it)\b|\bhow (?:about|'bout) (?:it|that|this)\b|\bwhat do you say\b/.exec(n);
  if (evaluation && !/\bhow did\b/.test(evaluation[0])) {
    const subject = evaluation[1] ?? evaluation[2] ?? evaluation[3] ?? '';
    if (EN_CONCRETE.test(subject) || isProposalBefore(n.slice(0, evaluation.index), ctx.a.sentences, index)) return q('closed', 'proposal', evaluation[0]);
    return q('open', 'evaluation', evaluation[0]);
  }
  if (/\bhow (did|was|were) \w+/.test(n) && whs.some((x) => x.word === 'how')) return q('open', 'evaluation', 'how did');
  // 5. Wh-questions.
  if (whs.length) {
    const first = whs[0];
    // "what do you want to do — push the launch to Monday?": narrowed by a proposal after a dash.
    const dash = w.findIndex((x, i) => i > first.i && (x === '—' || x === '–' || x === '-'));
    const tail = dash >= 0 ? w.slice(dash + 1) : [];
    if (tail.length >= 2 && !tail.some((x) => EN_WH.has(x)) && s.question) return q('closed', 'narrowed', first.word);
    if (narrowed(ctx, index)) return q('closed', 'narrowed', first.word);
    return q('open', 'interrogative', whs.length && w[first.i + 1] && /^(much|many|often|long|far|soon|kind|time|day|type|sort)$/.test(w[first.i + 1]) ? `${first.word} ${w[first.i + 1]}` : first.word);
  }
  // "let me know your address", "could you tell me the headcount": a fact asked for, not confirmed.
  const info = /\b(?:tell (?:me|us)|let (?:me|us) know|advise (?:me|us) (?:of|on)) (?:the|your|ur) ([a-z]+(?: [a-z]+)?)/.exec(n);
  if (info && !/^(thoughts|views)/.test(info[1])) return q('open', 'information', info[0]);
  return q('closed', 'yes-no');
}

function isProposalBefore(head: string, sentences: Sentence[], index: number): boolean {
  if (EN_PROPOSAL.test(head)) return true;
  for (const prev of [sentences[index - 1], sentences[index - 2]]) {
    if (!prev || prev.question) break;
    if (prev.ja ? JA_PROPOSAL.test(prev.norm) : EN_PROPOSAL.test(prev.norm)) return true;
  }
  return false;
}
