import { DateTime, type Zone } from 'luxon';
import type { Analysis, Sentence } from '../analysis';
import { parseDeadlineAt, type Deadline } from '../deadline';
import type { JaToken } from '../japanese';
import { authorText } from '../normalize';

/**
 * Dialogue acts about work (rulebook 0.7 タスクの期限明示, 0.9 タスク遅延の連絡): a client asking
 * for work, a team member accepting it, committing to it (with a deadline or none), handing it
 * over, announcing a delay, and a client calling it off. Read from the analysis, not from lists
 * of whole phrases:
 *
 * - Japanese: each sentence's predicates are rebuilt from the morphemes (a content verb or a サ変
 *   noun, then its auxiliaries: いたす, させていただく, ておく, ます, た, ない …), so a commitment is
 *   the speaker's own non-past volitional predicate (「対応いたします」「進めさせていただきます」
 *   「やっておきます」「送るね」), a delivery is the past of a work verb (「送付しました」) or a
 *   hand-over with a file or link (「添付いたします」), and a request is a predicate that asks the
 *   other side (「作っていただけますか」「送ってください」「見積もりをお願いします」).
 * - English: the same acts from the words: first person future ("I'll", "we will", "will do",
 *   "on it"), perfect and "here is" for delivery, "could you / please" for requests.
 *
 * What a verb MEANS is kept to a few small classes: verbs that are no task (思う, お願いする,
 * 待つ …), and the reply verbs (返信, 連絡, 確認 …) whose promise is response-time's interim reply.
 */

// ————————————————————————————————————————————————————————————————————————————————————————————
// Japanese predicates

/** One predicate of a Japanese sentence: a content word and the auxiliaries that follow it. */
export interface Predicate {
  /** The content word: a verb's base form, or the noun of a サ変 verb (お/ご dropped). */
  head: string;
  /** Surface of the whole group. */
  text: string;
  past: boolean;
  negative: boolean;
  /** Polite (ます/です) in the group. */
  polite: boolean;
  /** Humble forms of one's own act: いたす, させていただく, お〜する. */
  humble: boolean;
  /** 〜ておく / 〜とく: done ahead, by the speaker. */
  ahead: boolean;
  /** Asks the other side: ください, いただけますか, てほしい, てもらえる, くれる, a bare て at the end. */
  asks: boolean;
  /** The other side's act received: ご対応いただきました, 送ってくれた. */
  received: boolean;
  /** Potential: できる, 可能, れる/られる. */
  potential: boolean;
  /** Desire: 〜たい. */
  desire: boolean;
  /** Volitional: 〜ましょう, 〜よう. */
  volitional: boolean;
  /** Nothing but sentence-final particles, punctuation or emoji follows. */
  final: boolean;
  /** Followed by 予定/つもり/見込み/方向 (+です): a plan of the speaker. */
  plan: boolean;
  /** Followed by と思います/と考えています: an intention. */
  intent: boolean;
  /** 〜ている/〜ております: a state or work under way, not a promise. */
  progressive: boolean;
  /** Token range of the group in the sentence: [from, to). */
  from: number;
  to: number;
}

/** Verbs after て that belong to the predicate (giving, receiving, aspect). */
const AFTER_TE = new Set(['いただく', '頂く', 'いただける', '頂ける', 'もらう', 'もらえる', 'くれる', 'くださる', '下さる', 'おく', 'とく', 'みる', 'いく', 'くる', 'しまう', 'ちゃう', 'あげる', '差し上げる', 'いる', 'おる', 'ある', 'ほしい', '欲しい']);
const SURU = new Set(['する', 'いたす', '致す', 'できる', '出来る', 'なさる', 'くださる', '下さる', 'いただく', '頂く', 'いただける', '頂ける', '申し上げる', '申しあげる', 'さす']);
const RECEIVE = new Set(['いただく', '頂く', 'もらう', 'くれる', 'くださる', '下さる']);
const ASK_RECEIVE = new Set(['いただける', '頂ける', 'もらえる', 'くださる', '下さる', 'ほしい', '欲しい', 'くれる']);
const SENTENCE_END = /^[ねよなわぞさっーぇ〜~…・w笑!?！？♪]+$/u;

const isWord = (t: JaToken) => /[\p{L}\p{N}]/u.test(t.surface);

function tailAllowed(t: JaToken, prev: JaToken, next: JaToken | undefined): boolean {
  if (t.pos === '助動詞') return true;
  if (t.pos === '動詞' && (t.pos1 === '非自立' || t.pos1 === '接尾')) return true;
  if (t.pos === '形容詞' && t.pos1 === '非自立') return true;
  if (t.pos === '助詞' && t.pos1 === '接続助詞' && (t.surface === 'て' || t.surface === 'で')) {
    // て joins when a verb of the predicate follows, or ends the sentence (「送って」).
    if (!next) return true;
    if (next.pos === '動詞' && (next.pos1 === '非自立' || AFTER_TE.has(next.base))) return true;
    if (next.pos === '形容詞' && next.pos1 === '非自立') return true;
    return !isWord(next) || SENTENCE_END.test(next.surface);
  }
  if (t.pos === '動詞' && prev.pos === '助詞' && (prev.surface === 'て' || prev.surface === 'で') && AFTER_TE.has(t.base)) return true;
  // お待たせする, お届けいたす: する after a verb's 連用形 belongs to it.
  if (t.pos === '動詞' && /^(する|いたす|致す)$/.test(t.base) && prev.pos === '動詞' && prev.form.startsWith('連用')) return true;
  return false;
}

/** The predicates of a Japanese sentence, in order. */
export function predicates(s: Sentence): Predicate[] {
  const toks = s.tokens;
  const out: Predicate[] = [];
  let i = 0;
  while (i < toks.length) {
    const t = toks[i];
    const sahen = t.pos === '名詞' && (t.pos1 === 'サ変接続' || t.pos1 === '形容動詞語幹' || t.pos1 === '一般') && isWord(t) && toks[i + 1]?.pos === '動詞' && SURU.has(toks[i + 1].base);
    const verb = t.pos === '動詞' && t.pos1 === '自立' && isWord(t);
    if (!sahen && !verb) {
      i++;
      continue;
    }
    const prefixed = i > 0 && toks[i - 1].pos === '接頭詞' && /^[おご御]$/.test(toks[i - 1].surface);
    const group: JaToken[] = [t];
    let j = i + 1;
    if (sahen) group.push(toks[j++]);
    while (j < toks.length && tailAllowed(toks[j], toks[j - 1], toks[j + 1])) group.push(toks[j++]);
    out.push({ ...describe(group, prefixed || /^[おご]/.test(t.surface), toks.slice(j)), from: prefixed ? i - 1 : i, to: j });
    i = j;
  }
  return out;
}

function describe(group: JaToken[], honorificPrefix: boolean, rest: JaToken[]): Omit<Predicate, 'from' | 'to'> {
  const head = group[0].pos === '名詞' ? group[0].base.replace(/^[おご御](?=..)/u, '') : group[0].base;
  const bases = group.map((g) => g.base);
  const has = (b: string) => bases.includes(b);
  const aux = group.slice(1);
  // た, not the conditional たら (「ございましたら」).
  const past = aux.some((g) => g.pos === '助動詞' && g.base === 'た' && g.form !== '仮定形');
  const negative = aux.some((g) => (g.pos === '助動詞' && (g.base === 'ない' || g.base === 'ん' || g.base === 'ぬ' || g.base === 'ず')) || g.base === 'かねる');
  const causative = aux.some((g) => g.base === 'せる' || g.base === 'させる' || g.base === 'さす' || (g.base === 'する' && g.form.startsWith('未然')));
  const receive = aux.some((g) => RECEIVE.has(g.base));
  const humble = has('いたす') || has('致す') || has('申し上げる') || (causative && receive) || (honorificPrefix && (has('する') || has('いたす')) && !receive);
  const desire = aux.some((g) => g.pos === '助動詞' && g.base === 'たい');
  const last = group[group.length - 1];
  const endsTe = last.pos === '助詞' && (last.surface === 'て' || last.surface === 'で');
  const final = rest.every((r) => !isWord(r) || SENTENCE_END.test(r.surface) || (r.pos === '助詞' && r.pos1 === '終助詞'));
  const askWords = (ASK_RECEIVE.has(group[0].base) && !aux.some((g) => g.base === 'た')) || aux.some((g) => ASK_RECEIVE.has(g.base) && !causative) || (receive && desire && !causative);
  const asks = askWords || (endsTe && final);
  const received = receive && !causative && !asks;
  const next = rest.find(isWord);
  const plan = next !== undefined && /^(予定|つもり|見込み|見込|方向|所存)$/.test(next.surface);
  const restText = rest.map((r) => r.surface).join('');
  const intent = /^と(思|考|存)/u.test(restText) && (desire || aux.some((g) => g.base === 'う' || g.base === 'よう'));
  return {
    head,
    text: group.map((g) => g.surface).join(''),
    past,
    negative,
    polite: has('ます') || has('です'),
    humble,
    ahead: has('おく') || has('とく'),
    asks,
    received,
    potential: has('できる') || has('出来る') || aux.some((g) => g.pos1 === '接尾' && (g.base === 'れる' || g.base === 'られる')) || group[0].base === '可能',
    desire,
    progressive: group.some((g, k) => k > 0 && (g.base === 'いる' || g.base === 'おる' || g.base === 'ある') && /^(て|で)$/.test(group[k - 1].surface)),
    volitional: aux.some((g) => g.pos === '助動詞' && (g.base === 'う' || g.base === 'よう') && g.form !== '*') && !past,
    final,
    plan,
    intent,
  };
}

/** Heads that are no task of the speaker: courtesy, thinking, being, receiving, agreeing. */
const JA_NOT_TASK = new Set([
  'お願い', '願い', '願う', '思う', '存じる', '存ずる', '考える', '申し上げる', '感謝', '失礼', '恐縮', '祈る', '祈り', '楽しみ', '喜ぶ', '頑張る', '精進',
  '気をつける', '気を付ける', '注意', '留意', '反省', '承知', '了解', '了承', '承る', '理解', '把握', '認識', '待つ', '待ち', '参る', '申す', '言う',
  'いる', 'ある', 'なる', 'おる', '居る', '有る', 'わかる', '分かる', '助かる', '見える', '入る', '始まる', '終わる', '戻る', '休む', '帰る', '出る', '来る',
  'くる', '行く', 'いく', 'かかる', '違う', '異なる', '届く', '変わる', '困る', '済む', '残る', '拝受', '受け取る', '受領', 'いただく', '頂く', '頂戴',
  '同意', '賛成', '安心', '努める', '心がける', '心掛ける', 'かしこまる', '畏まる', '致す', 'いたす', 'ござる', '存在', '言える', '聞こえる',
  '申し訳', '待たせる', '伺える', '遅れる', '遅延', '間に合う', '迷惑', 'おかけ', '掛ける', 'かける', '可能', '大丈夫', '問題', '結構', '必要', '不要',
  'くださる', '下さる', 'もらう', 'くれる', 'おっしゃる', '仰る', 'いらっしゃる', '見せる', '知る', '相違', '承諾', '拝承', '了', '休み',
  // Things that happen rather than things one does: the weather, a crowd, time passing.
  '冷え込む', '冷える', '暑い', '寒い', '降る', '晴れる', '曇る', '混む', '混雑', '空く', '続く', '決まる', '増える', '減る', '上がる', '下がる', '見つかる',
  '揃う', '思える', '感じる', '似合う', '過ぎる', '経つ', '重なる', '込み合う', '冷え込み', '落ち着く', '閉まる', '止まる', '動く', '壊れる', '直る',
  'ご自愛', '自愛', '祈念', '活躍', '過ごす', 'お過ごし', '無沙汰', 'ご無沙汰',
]);
/** Reply verbs: promising them is an interim reply (rule 0.1, response-time), not a task delivered later. */
const JA_REPLY = new Set(['返信', '連絡', '回答', '返事', '折り返す', '折り返し', '知らせる', '知らせ', '報告', '相談', '問い合わせる', '問い合わせ', '聞く', '伺う', '返答', 'ご連絡']);
/** Checking verbs: a task when a check was asked for (「拝見しますね」), else the first step of an interim reply (「確認して折り返します」). */
const JA_CHECK = new Set(['確認', '拝見', '検討', '調べる', '調査', '見る', '目を通す', 'チェック', 'レビュー', '精査', '検証']);

const nonTask = (p: Predicate) => JA_NOT_TASK.has(p.head) || p.head.length === 0;

/** The speaker's own non-past, volitional act (「対応いたします」「やっておきます」「送るね」「送付する予定です」). */
function jaCommits(p: Predicate): boolean {
  if (p.humble && !p.negative && !p.past && /させて(ください|下さい)$/u.test(p.text) && !nonTask(p)) return true;
  if (p.negative || p.asks || p.received || p.past || p.progressive || nonTask(p)) return false;
  if (p.plan || p.intent) return true;
  if (p.desire) return false;
  // 「お送りできます」 promises as much as 「お送りします」; a plain 「できる」 describes.
  if (p.potential && !p.humble && !p.polite) return false;
  if (p.polite) return /ます$/u.test(p.text) || p.volitional;
  // 「17時までにお送りさせてください」: asking leave to do it is promising it.
  if (p.humble && /(ください|下さい)$/u.test(p.text)) return true;
  // Casual: a plain verb ending the sentence (「やっとく」「送るね」「対応する!」).
  return p.final && (p.ahead || /[うくすつぬふむゆるぐぶ]$/u.test(p.text)) && !/た$|だ$/.test(p.text);
}

const CONTRACTED_AHEAD = /(?:やっ|し|見|送っ|作っ|直し|書い|調べ|まとめ|入れ|出し|上げ|進め|片付け|対応し|修正し|準備し|用意し)と(?:き|く)(?:ます|まーす|ね|よ|!|$)/u;

// ————————————————————————————————————————————————————————————————————————————————————————————
// English

const EN_NEG = /\b(won't|will not|can't|cannot|can not|couldn't|unable|not able|don't|do not|never)\b/;
/** First person (or subject-less) future, and the verb after it. */
const EN_FUTURE = /(?:\b(?:i|we)\s*(?:'ll|will|shall|'m going to|am going to|'re going to|are going to|'m gonna|am gonna|'re gonna|can|could|'d be happy to|would be happy to|'m happy to|am happy to|plan to|intend to|'m about to|am about to|'ll be able to|will be able to)|^(?:will|gonna|going to|happy to|glad to|can do)|\blet (?:me|us))\s+(?:(?:just|also|then|now|definitely|certainly|surely|quickly|personally|first|still|try to|try and|get to|go ahead and|make sure to|be sure to|get started on|start on|work on|get on|be able to|be (?=[a-z]+ing\b))\s*)*([a-z']+)/;
const EN_NOT_TASK = new Set(['be', 'have', 'need', 'wait', 'think', 'hope', 'love', 'like', 'want', 'miss', 'keep', 'remember', 'see', 'appreciate', 'understand', 'know', 'am', 'is', 'are', 'guess', 'feel', 'sorry', 'afraid', 'glad', 'happy', 'here', 'out', 'off', 'away', 'back', 'available', 'free', 'busy', 'in', 'at', 'on', 'not', 'still', 'sure', 'going', 'gonna', 'able', 'just', 'also']);
const EN_REPLY = new Set(['check', 'confirm', 'reply', 'respond', 'get', 'follow', 'let', 'look', 'circle', 'revert', 'update', 'ask', 'find', 'consider', 'investigate', 'touch', 'review', 'answer', 'come', 'double-check', 'verify', 'clarify', 'loop', 'talk', 'discuss', 'share', 'ping', 'email', 'call', 'reach']);
const EN_ON_IT = /\b(on it|i'm on it|(?:i'm|we're|i am|we are) (?:now )?(?:working on|starting on|getting on) (?:it|this|that|the)|working on it|we're on it|leave it (with|to) (me|us)|consider it done|will do|i've got (it|this)|we've got (it|this)|i got (it|this)|got you covered|i'll take it|we'll take it|i'll take (care|this|that)|i'll handle|we'll handle|i'll get (on|to) it|i'll get it done|we'll get it done)\b/;
const EN_READY = /\b(?:it|this|that|they|these|those|the [a-z-]+(?: [a-z-]+)?)(?:'ll| will| should) be (ready|done|sent|finished|delivered|with you|over|up|live|complete|completed|fixed|updated|uploaded|shared|in your inbox)\b|\byou(?:'ll| will| should) (have|get|receive|see) (it|them|the|a|an|this|that|our|my)\b|\bexpect (it|them|the|a|an|this|that)\b|\b(?:i|we)(?:'ll| will| can| should| shall)(?: [a-z]+)? (?:have|get) (?:it|this|that|them|(?:the|a|an|my|our|your) [a-z-]+(?: [a-z-]+)?) (?:all )?(?:done|ready|over|to you|sent|finished|fixed|completed|uploaded|delivered|in your inbox|across|sorted|updated|wrapped up)\b/;

function enFutureVerb(norm: string): string | null {
  const m = EN_FUTURE.exec(norm);
  return m ? m[1] : null;
}

// ————————————————————————————————————————————————————————————————————————————————————————————
// Acts

export interface Commitment {
  /** The sentence that commits. */
  sentence: Sentence;
  /** The verb committed to (Japanese head or English verb). */
  verb: string;
  /**
   * task: work to be delivered (対応/作成/送付, send/fix/prepare); check: looking at something
   * (確認/拝見, check/review); reply: getting back to the client (返信/連絡, get back/confirm).
   */
  kind: 'task' | 'check' | 'reply';
}

const EN_REPLY_PHRASE = /\b(get back|let you know|follow up|reply|respond|circle back|revert|update you|keep you (posted|updated)|confirm|get in touch|reach out|ping you|email you|call you|talk|discuss|touch base)\b/;
const EN_CHECK = new Set(['check', 'review', 'look', 'verify', 'double-check', 'investigate', 'consider', 'see', 'ask', 'find', 'go']);

/** An offer, not a promise: 「必要であれば〜いたします」「よろしければ〜します」, "happy to send it if useful". */
const OFFER = /必要であれば|必要でしたら|必要な場合|よろしければ|よければ|ご希望であれば|ご希望でしたら|ご希望の場合|もしよろしければ|\bif (?:useful|helpful|needed|necessary|you(?:'d)? like|you want|you need|that helps|it helps|you prefer)\b|\bshould you (?:need|want|wish)\b/u;

/** The speaker commits to doing something (non-past, own act), in the sentences that do; questions, offers and refusals never do. */
export function commitments(a: Analysis): Commitment[] {
  const out: Commitment[] = [];
  for (const s of a.sentences) {
    if (s.question || OFFER.test(s.norm)) continue;
    if (s.ja) {
      const ps = predicates(s).filter(jaCommits);
      if (ps.length === 0) {
        // 「やっときます」「直しときますね」: the contracted 〜ておきます, which the dictionary splits as やっと|きます.
        const m = CONTRACTED_AHEAD.exec(s.norm);
        if (m) out.push({ sentence: s, verb: m[0], kind: 'task' });
        continue;
      }
      const task = ps.find((p) => !JA_REPLY.has(p.head) && !JA_CHECK.has(p.head));
      const last = ps[ps.length - 1];
      const kind = task ? 'task' : JA_CHECK.has(last.head) ? 'check' : 'reply';
      out.push({ sentence: s, verb: (task ?? last).head, kind });
    } else {
      const n = s.norm;
      if (EN_ON_IT.test(n) || EN_READY.test(n)) {
        if (!EN_NEG.test(n.replace(/\b(don't|do not) (hesitate|worry)\b/g, ''))) out.push({ sentence: s, verb: 'do', kind: 'task' });
        continue;
      }
      const verb = enFutureVerb(n);
      if (!verb || EN_NOT_TASK.has(verb) || EN_NEG.test(n)) continue;
      // "let me know" is no commitment.
      if (/\blet (me|us) know\b/.test(n) && !/\b(i|we)(?:'ll| will)\b/.test(n)) continue;
      const delivers = /\b(get (it|this|that|them) (done|over|to you|sent|fixed|ready)|get (the|a|an) [a-z]+ (done|over|to you|sent|ready)|update (the|it|this|that|them|our|my) [a-z]+|share (the|it|this|that|them|our|my|a|an)\b|send|deliver|submit)/.test(n);
      const kind = delivers || !(EN_REPLY.has(verb) || EN_CHECK.has(verb)) ? 'task' : EN_REPLY_PHRASE.test(n) ? 'reply' : EN_CHECK.has(verb) ? 'check' : 'reply';
      out.push({ sentence: s, verb, kind });
    }
  }
  return out;
}

/** A commitment to a task (not only to reply). */
export function taskCommitment(a: Analysis): Commitment | null {
  return commitments(a).find((c) => c.kind === 'task') ?? null;
}

const JA_ACCEPT = /(?<![ぁ-ゖ])おけ(?=です|まる|ー|!|$)|(?<!ご|御)(承知|了解|かしこまり|畏まり|承りました|承ります|了承(?!ください|下さい|願|のほど|いただ)|拝承|承諾|りょうかい|りょ(?![ぁ-ゖ])|おっけ|オッケ|おk|(?<![a-z])ok(?![a-z])|お任せ(ください|下さい)|任せて(ください|下さい)|喜んで|引き受け|お受け(いた|し|致))/u;
const JA_ACCEPT_CONTEXT = /^(はい|ええ|もちろん|大丈夫|問題(ありません|ないです|ございません|なし)|いいですよ|よいですよ|良いですよ|了|ok|オーケー|オッケー|やります|やりましょう|できます|可能です|対応可能)/u;
const ACCEPT_EMOJI = /[👍👌🙆🫡]|\u{1F44D}/u;
const EN_ACCEPT = /^(?:sure|sure thing|of course|certainly|absolutely|definitely|no problem|no prob|np|no worries|will do|on it|got it|gotcha|understood|roger|ok|okay|k|kk|yes|yep|yeah|yup|sounds good|happy to|glad to|you bet|can do|consider it done|right away|noted|alright|all right|with pleasure|my pleasure|for sure|done deal|perfect|great|cool|fine|certainly)\b/;
const EN_ACCEPT_ANYWHERE = /\b(will do|on it|got it|no problem|happy to help|happy to do|sure thing|consider it done|can do|(?:happy|glad|delighted) to(?: do (?:it|that|this))?(?=[.!]*(?:$|\s))|(?:be )?(?:happy|glad|delighted) to (?:take (?:this|it|that) on|help|handle))\b/;

/**
 * Says yes: 承知しました, 了解です, かしこまりました, OK, 👍, "Sure", "Will do", "On it". `inReply` (the
 * message answers a request for work) also counts a plain yes (はい, 大丈夫です, できます, "yes").
 */
export function acceptance(a: Analysis, inReply = false): string | null {
  return acceptanceAt(a, inReply)?.word ?? null;
}

/** The yes and the sentence it is in (-1: an emoji of the whole message). */
function acceptanceAt(a: Analysis, inReply: boolean): { word: string; index: number } | null {
  for (const [index, s] of a.sentences.entries()) {
    if (s.question || OFFER.test(s.norm)) continue;
    if (s.ja) {
      const m = JA_ACCEPT.exec(s.norm);
      if (m && !/承知の(上|うえ)|承知おき|了解を(得|取|いただ)/u.test(s.norm)) return { word: m[0], index };
      const bare = bareCommitment(s);
      if (bare) return { word: bare, index };
      if (inReply) {
        const c = JA_ACCEPT_CONTEXT.exec(s.norm);
        if (c) return { word: c[0], index };
      }
    } else {
      const lead = s.norm.replace(/^[^a-z0-9]+/u, '');
      const m = EN_ACCEPT.exec(lead) ?? EN_ACCEPT_ANYWHERE.exec(s.norm);
      if (m) return { word: m[0], index };
      if (inReply && /^(?:i can|we can|i could|we could|can do|i'd be happy|we'd be happy|happy to)\b/.test(s.norm) && !EN_NEG.test(s.norm)) return { word: s.norm.split(' ').slice(0, 2).join(' '), index };
    }
  }
  const m = ACCEPT_EMOJI.exec(a.text);
  return m ? { word: m[0], index: -1 } : null;
}

/** A condition on the commitment: 「候補が決まりましたら〜いたします」, "once we have the files, I'll …". */
const CONDITIONAL = /(たら|次第|であれば|でしたら|の際は|のであれば)[、,\s]|\b(?:once|when|if|as soon as|after)\b[^.!?]*,/u;

/**
 * A yes and a commitment to a task together, on their own (the rulebook's ✗ 「承知いたしました!対応
 * いたします!」, "Sure, I'll prepare the slides."): in one sentence or two neighbouring ones, the
 * commitment not hanging on a condition. Evidence of both, or null.
 */
export function acceptsAndCommits(a: Analysis): { accepted: string; committed: string } | null {
  const yes = acceptanceAt(a, false);
  if (!yes) return null;
  const near = commitments(a).find((c) => {
    if (c.kind !== 'task' || CONDITIONAL.test(c.sentence.norm)) return false;
    const j = a.sentences.indexOf(c.sentence);
    return yes.index < 0 || Math.abs(j - yes.index) <= 1;
  });
  return near ? { accepted: yes.word, committed: near.verb } : null;
}

/**
 * A sentence that is nothing but a commitment, with no object: 「対応いたします!」「やります」
 * 「早速進めさせていただきます」「私の方で担当します」: taking the matter on, a yes in itself.
 */
function bareCommitment(s: Sentence): string | null {
  const ps = predicates(s);
  if (ps.length !== 1 || !jaCommits(ps[0]) || JA_REPLY.has(ps[0].head) || JA_CHECK.has(ps[0].head)) return null;
  const p = ps[0];
  // Everything else: adverbs, conjunctions, interjections, pronouns and their particles.
  const other = s.tokens.filter((t, i) => {
    if (i >= p.from && i < p.to) return false;
    if (t.pos === '記号' || !isWord(t)) return false;
    // 「引き続き対応いたします」 goes on with what is under way; it takes nothing new on.
    if (/^(引き続き|今後|今後とも|継続)$/u.test(t.surface)) return true;
    if (t.pos === '副詞' || t.pos === '接続詞' || t.pos === '感動詞' || t.pos === '接頭詞' || t.pos === '助詞') return false;
    if (t.pos === '名詞' && (t.pos1 === '代名詞' || t.pos1 === '非自立')) return false;
    return !/^(早速|弊社|当方|私|わたくし|僕|自分|こちら|はい|今|今から|すぐ|至急)$/u.test(t.surface);
  });
  return other.length === 0 ? p.text : null;
}

// Delivery ————————————————————————————————————————————————————————————————————————————————————

/** Heads whose past is no hand-over of work (承知しました, 確認しました, お待たせしました, いただきました). */
const JA_NOT_DELIVERY = new Set([...JA_NOT_TASK, '確認', '拝見', '返信', '連絡', '回答', '返事', '相談', '検討', '聞く', '伺う', '話す', 'お話', '見る', '読む', '気づく', '気付く', '拝読', '承知', '受信', '失念', '忘れる', '間違える', '遅れる', '迷う']);
JA_NOT_DELIVERY.delete('終わる');
JA_NOT_DELIVERY.delete('届く');
/** Handing over now: 添付いたします, ご査収ください, こちらです (a file or link makes 送付/共有/お送り one too). */
const JA_HANDOVER = /添付|ご査収|ご笑納|お納め|格納(しました|いたしました|済)|アップ(しました|ロードしました)|(こちら|以下|下記)(です|になります|が|を|の(通り|とおり))|完了(です|となります|いたしました|しました|しております)|(済み|済)(です|となります|になります|でございます)|仕上がり(ました)?|出来上がり|できあがり|完成(しました|いたしました|です)/u;
const JA_HANDOVER_WITH_LINK = /(送付|お送り|送り|共有|提出|納品|お届け|アップ|公開|格納|保存|置き|入れ|ご確認|ご覧|です|になります|となります|版)/u;

const EN_DELIVERY = /\b(here is|here's|heres|here are|here you go|here it is|here they are|please find|find attached|attached (is|are|the|please|you'll|you will|below|here|as)|attached\b.*\b(file|pdf|deck|doc|version|draft|slides|invoice|quote|report)|[a-z-]+ (?:is |are )?attached\b|i've attached|i have attached|we've attached|i attached|see attached|attaching|enclosed|(?:i|we)(?:'ve| have)? (just |now |already |finally )?(sent|shared|uploaded|delivered|submitted|finished|completed|fixed|updated|added|pushed|published|made|created|prepared|drafted|sorted|handled|reissued|revised|emailed|mailed|posted|resent|re-sent|wrapped up|put together|dropped|saved|moved|swapped|replaced|changed|corrected|finalized|finalised)|(?:has|have) (now |just )?been (sent|shared|uploaded|delivered|submitted|finished|completed|fixed|updated|done|published|reissued|resent|corrected|replaced|swapped|added|made)|(?:is|are|it's|its|they're) (now |all )?(ready|done|finished|complete|completed|live|up|uploaded|attached|sent|delivered|fixed|updated|in the folder|in your inbox)|^(?:just |now |all )?(done|sent|delivered|shared|uploaded|finished|completed|fixed|updated|submitted|resent|attached|emailed|posted|published|moved|rescheduled|booked|changed|arranged|added|ordered|reserved|cancelled|canceled|swapped|replaced)\b|all done|all set|done and dusted)\b/;
/** Not (all) done yet: 「ほぼ終わりました」「一部お送りします」, "almost done", "half of it". */
const NOT_DONE = /現在|今のところ|進捗|ほぼ|だいたい|大体|もう少しで|あと少し|半分|一部|途中|まだ|\b(almost|nearly|mostly|partly|partially|half|not yet|still|some of|first (half|part|batch))\b/u;
const EN_NOT_YET = /\b(will|'ll|going to|gonna|once|when|after|as soon as|if|until|before|soon|by the time|not yet|isn't|aren't|haven't|hasn't|wasn't|not)\b/;

export interface DeliveryContext {
  /** Files the message shares. */
  files?: number;
  /** Links the message shares. */
  links?: number;
  /** List items (bullets, numbers) in the message: listItems(). */
  listed?: number;
  /** The message holds a code block (a log, a query pasted as asked). */
  code?: boolean;
  /** The message is long: a first line, then five lines or more of content (the work written out in the message). */
  long?: boolean;
}

/** What a Slack message carries besides its words, for delivery(): files, links (counted by the caller), list items, code. */
export function carried(slackText: string, files: number | undefined, links: number): DeliveryContext {
  const lines = (slackText ?? '').split('\n').filter((l) => l.trim().length > 0);
  return { files, links, listed: listItems(slackText), code: /```[\s\S]*?```/.test(slackText ?? ''), long: lines.length >= 6 && (slackText ?? '').length >= 200 };
}

/** How many lines of a Slack message are list items (・, -, •, 1.). */
export function listItems(slackText: string): number {
  return (slackText ?? '').split('\n').filter((l) => /^\s*(?:[-・•*●◆■□▶→]|\d{1,2}[.)．、]|[①-⑳]|\d{1,2}月[:：])\s*\S/u.test(l)).length;
}

/**
 * The message hands over work or reports it done: a file shared, a link with hand-over words
 * (「修正版です」「共有いたします」), the past of a work verb (「送付しました」「対応いたしました」),
 * 添付/ご査収/こちらです, "here is", "attached", "I've sent", "done".
 */
export function delivery(a: Analysis, ctx: DeliveryContext = {}): boolean {
  if ((ctx.files ?? 0) > 0 || ctx.code || ctx.long) return true;
  // The work itself, inline: a list of two or more items with no promise or question (「候補3つです!\n・…」, "Options:\n- …").
  if ((ctx.listed ?? 0) >= 2 && !a.sentences.some((s) => s.question) && !commitments(a).some((c) => c.kind === 'task')) return true;
  const linked = (ctx.links ?? 0) > 0;
  for (const s of a.sentences) {
    if (s.question || NOT_DONE.test(s.norm)) continue;
    if (s.ja) {
      // 「お待たせしました」 hands something over, unless the wait goes on (「もう少々お待ちください」).
      if (/お待たせ(しました|いたしました|致しました|です)/u.test(s.norm) && !a.sentences.some((x) => /お待ち(ください|下さい|いただ)|遅れ|まだ|もう少し|もう少々/u.test(x.norm)) && !commitments(a).some((c) => c.kind === 'task')) return true;
      if (JA_HANDOVER.test(s.norm) && !/添付(いただ|して(ください|いただ|もら))|こちら(から|で(?!す)|の方|こそ)|(以下|下記)の(件|点)/u.test(s.norm)) return true;
      if (linked && (JA_HANDOVER_WITH_LINK.test(s.norm) || !commitments(a).some((c) => c.kind === 'task'))) return true;
      for (const p of predicates(s)) {
        if (!p.past || p.negative || p.asks || p.received || p.desire || JA_NOT_DELIVERY.has(p.head)) continue;
        // A main clause (polite past, or a plain past at the end): not 「先日お送りした資料」.
        if (p.polite || p.final) return true;
      }
    } else {
      const n = s.norm;
      if (/^(?:thanks for (?:waiting|your patience)|sorry for the wait|sorry to keep you waiting)\b/.test(n) || (/\bhere[.!]*$/.test(n) && !/\b(will|'ll|going to)\b/.test(n))) return true;
      const told = n.replace(/^(?:will do|sure|of course|ok|okay|yes|yep)\b[,!.]?\s*/, '').replace(/\b(not sure|if (you|anything)|let me know if|if needed|if you need|any questions)\b.*$/, '');
      if (EN_DELIVERY.test(n) && !EN_NOT_YET.test(told)) return true;
      if (linked && (/\b(here|attached|link|latest|final|updated|new version|revised|draft|v\d)\b/.test(n) || !commitments(a).some((c) => c.kind === 'task')) && !/\b(will|'ll)\b/.test(n)) return true;
    }
  }
  return false;
}

// Delay ————————————————————————————————————————————————————————————————————————————————————

const JA_DELAY = /時間を要し|要しており|(変更|ずら|遅ら|延ば|伸ば|後ろ倒し)させて|とさせて(ください|下さい|いただ)|遅れ|遅延|遅く(なり|なっ|なる)|間に合わ|間に合いそうに|ずれ込|ずれ(ます|そう|る見込)|延長|延期|後ろ倒し|繰り下げ|お時間を?(いただ|頂|ちょうだい|頂戴)|もう少し(お)?時間|(もう|あと)(少し|しばらく|数日|数時間|1日|一日|半日)(かか|必要|お待ち|いただ|頂)|時間がかか(って|り|る|りそう)|猶予|目処が立た|目途が立た|めどが立た|見込みが立た|押して(おり|い)|スケジュール(を|の)?(調整|変更|見直)|(期限|納期|締切|締め切り)(を|の)?(変更|調整|延ば|伸ば|ずら)|になりそう(です)?|になる見込み|になってしまい/u;
const JA_NOT_DELAY = /(返信|ご返信|返事|お返事|連絡|ご連絡|回答|ご回答)が?遅|遅くまで|遅れなく|遅れずに|遅延なく|間に合いました|間に合います/u;
const EN_DELAY = /\b(delay|delays|delayed|running (late|behind)|behind schedule|(?:a bit|slightly|a little|bit|an hour|a day|a few hours|a couple of hours|[0-9]+ (?:hours?|days?|minutes?|mins?)) (?:late|later|behind)|slip|slips|slipping|slipped|push(?:ed|ing)? (?:it |this |that |them |the [a-z-]+ )?(?:back|out)|postpone|postponed|more time|extra time|extension|won't (?:make it|make the|be ready|be done|be able|finish|have it|get it)|will not (?:make|be ready|be done|be able|finish)|can't make|cannot make|not going to make|need until|need (?:a|another|a couple|a few|two|three|[0-9]+) (?:more )?(?:hours?|days?|minutes?|mins?)|instead of|reschedule|move (?:the|our) (?:deadline|delivery)|later than (?:planned|promised|expected|i said)|take longer|taking longer|longer than (?:expected|planned)|blocked|heads-up|heads up)\b/;
const EN_NOT_DELAY = /\b(sorry for the (late|delayed) (reply|response)|delay in (replying|responding|getting back)|late reply|without delay|no delay)\b/;

/** A notice that the work will be late: 遅れる見込みです, もう少しお時間をいただけますか, "running late", "need until 5pm". */
export function delayNotice(a: Analysis): boolean {
  return a.sentences.some((s) => {
    if (s.ja) return JA_DELAY.test(s.norm) && !JA_NOT_DELAY.test(s.norm);
    return EN_DELAY.test(s.norm) && !EN_NOT_DELAY.test(s.norm);
  });
}

// Cancellation ————————————————————————————————————————————————————————————————————————————

const JA_CANCEL = /(こちら|こっち|自分|私|当方|弊社)(で|の方で)(直し|対応し|やり|作り|修正し|作成し|済ませ|片付け)(ちゃい|てしまい|ておき|とき)?(ました|た)|キャンセル|取り消|取消|取りやめ|取り止め|中止|見送|白紙|不要(に|と|です|で|になり)|必要(が|は)?(なくな|ありませ|ないです|なくな)|いらなくな|要らなくな|なしで|無しで|(やめ|止め)(て|ます|ましょう|にし|る)|結構です|しなくて(大丈夫|いい|よい|良い|結構)|なくて(大丈夫|いい|よい|良い|結構)|いりません|要りません|保留|ストップ|一旦(止め|ストップ)|なかったことに/u;
const JA_NOT_CANCEL = /(返信|ご返信|返事|お返事|回答|ご回答|連絡|ご連絡)(は|も)?(不要|いりません|結構|大丈夫)|キャンセル(料|ポリシー|規定)|ご不要|不要な(ファイル|データ|部分|箇所|ページ)/u;
const EN_CANCEL = /\b(cancel|cancelled|canceled|cancelling|canceling|never ?mind|no longer need|no longer needed|no longer required|don't need (it|this|that|them|the)|do not need (it|this|that|them|the)|not needed|no need for (it|this|that|the)|scrap (it|this|that|the)|scratch (it|this|that)|no (?:[a-z-]+ ){0,2}(?:needed|required) (?:any ?more|after all|for now)|no (?:[a-z-]+ ){0,2}needed\b(?! to)|drop (it|this|that|the)|hold off|on hold|forget (it|about (it|this|that|the))|call (it|this|that) off|skip (it|this|that|the)|won't need|not necessary any ?more|not required any ?more|stop (work|working)|don't bother|do not bother|disregard|(?:done|written|sent|made|fixed|sorted|handled|finished|did|took care of)\b[^.!?]{0,30}\b(?:myself|ourselves|in-house|internally)|(?:myself|ourselves) after all)\b/;
const EN_NOT_CANCEL = /\bno need to (reply|respond|answer|get back)|\bcancel(lation)? (fee|policy)/;

/** The client calls the work off: キャンセルでお願いします, やはり不要になりました, "never mind, we don't need it". */
export function cancellation(a: Analysis): boolean {
  return a.sentences.some((s) => {
    if (s.question) return false;
    if (s.ja) return JA_CANCEL.test(s.norm) && !JA_NOT_CANCEL.test(s.norm);
    return EN_CANCEL.test(s.norm) && !EN_NOT_CANCEL.test(s.norm);
  });
}

// Request for work ————————————————————————————————————————————————————————————————————————

/** Verbs asking for information or for the client's own benefit, not for work: 教えてください, ご連絡ください, お待ちください. */
const JA_ASK_NOT_WORK = new Set(['話す', '話し', 'お話し', '電話', '通話', '相談', '会話', '面談', '打ち合わせ', '目を通す', '一読', '把握', '覚える', '教える', '連絡', '返信', '回答', '返事', '知らせる', '知らせ', '待つ', '待ち', 'お待ち', '言う', '伝える', '聞かせる', '教示', '了承', '容赦', '安心', '検討', '考慮', '理解', '注意', '留意', '休む', '参加', '出席', 'いる', 'ある', 'なる', '来る', '行く', '気をつける', '気を付ける', '無理', '見る', 'ご覧', '覧', '確認させる', 'させる']);
/** Nouns before お願い that close or ask for a reply, not for work. */
const JA_ONEGAI_NOT_WORK = /(よろしく|宜しく|引き続き|今後とも|何卒|なにとぞ|どうぞ|以上|ご返信|返信|ご連絡|連絡|ご回答|回答|お返事|返事|ご教示|ご検討|検討|ご理解|ご了承|ご協力|お力添え|ご指導|ご容赦|ご査収|お手数ですが)(の(ほど|程))?(を|、|,)?\s*(どうぞ)?(よろしく)?お願い/u;
const JA_ABILITY_Q = /(可能|でき(ます|ますでしょう|そう|る|ない)|いけ(ます|そう)|お願いでき|お願いして|頼め|頼んで|任せ)/u;
const EN_ASK = /\b(?:please|pls|plz|kindly)\s+(?:could you |can you |also |just )?([a-z'-]+)|\b(?:could|can|would|will|would you mind|do you mind|could you please|can you please|mind)\s+(?:you|u|we|i|someone|your team)\s+(?:please |also |just |quickly |kindly |possibly |be able to |maybe )*([a-z'-]+)|\b(?:i|we)(?: need| want| would like|'d like|'d love| would love|'d appreciate| would appreciate)(?: it)?(?: if)? (?:you to |u to |someone to |your team to |you could |you can |you would |if you could )?([a-z'-]+)|\b(?:would|could|will) you be able to ([a-z'-]+)|^(?:need|needs|i'll need|we'll need) (?:the|a|an|it|this|that|these|those|our|my|you to|someone to) ?([a-z'-]*)|\bwould it be possible to ([a-z'-]+)|\bis it possible to ([a-z'-]+)|\bi was wondering if you could ([a-z'-]+)|(?:^|: ?)(send|fix|update|make|prepare|draft|create|change|add|remove|swap|replace|resend|share|upload|book|schedule|move|push|redo|revise|translate|write|design|check|review|finish|put|set|forward|bump|print|order|resize|rename|edit|proofread|reissue|correct|adjust|tweak|compile|collect|summarise|summarize|format|publish|post|cancel|arrange|organise|organize|pull|export|build|set up|look into|handle|sort out|double-check|crop|shorten|simplify|clean up|reply to|email|call|mail|ship|merge|deploy|file|submit|fill in|fill out|sign|scan|archive|delete|hide|tag|pin|invite)\b(?! you\b)/;
const EN_ASK_NOT_WORK = new Set(['tell', 'let', 'confirm', 'explain', 'clarify', 'answer', 'reply', 'respond', 'advise', 'remind', 'talk', 'discuss', 'chat', 'meet', 'hop', 'jump', 'join', 'call', 'be', 'have', 'see', 'know', 'do', 'think', 'help', 'get', 'keep', 'give', 'say', 'expect', 'ask', 'wait', 'hear', 'thank', 'agree']);
const EN_WORK_NOUNS = /\b(quote|invoice|estimate|deck|slides?|report|draft|version|copy|design|banner|logo|file|files|pdf|doc|document|docs|timeline|schedule|proposal|contract|mockups?|list|summary|minutes|translation|update|fix|changes?|edits?|revisions?|assets?|photos?|images?|video|page|site|post|newsletter|email|data|numbers|spreadsheet|sheet|analytics|presentation|brief|plan|agenda|materials?)\b/;

/** A sentence that asks the team to do a piece of work (not to tell, confirm or reply). */
function sentenceRequestsWork(s: Sentence): boolean {
  if (s.ja) {
    const n = s.norm;
    // 「目を通しておいてください」「ご参考まで」: for reading, not for work.
    if (/目を通|お目通し|ご一読|ご参考|ご覧(ください|下さい|いただ)/u.test(n)) return false;
    if (/お願い(?!した(?!い)|して(い|お))/u.test(n) && !JA_ONEGAI_NOT_WORK.test(n)) {
      // 「見積もりをお願いします」「修正をお願いできますか」: something asked for, not a bare closing.
      const before = n.slice(0, n.indexOf('お願い')).replace(/[\s、,。!！?？~〜ー]+$/u, '');
      // 「A4でお願いします」 picks an option; 「見積もりをお願いします」 asks for work.
      if (before.length >= 2 && /[をのはも]$|(まで|中)に$|[\p{Script=Han}\p{Script=Katakana}a-z0-9]$/u.test(before)) return true;
    }
    for (const p of predicates(s)) {
      if (JA_ASK_NOT_WORK.has(p.head) || p.negative) continue;
      if (p.asks && !p.past) return true;
      // 「〜していただけると助かります/幸いです」
      if (p.received && /(いただけ|頂け|もらえ|くれ)る?と(助か|幸い|嬉し|うれし|ありがた)/u.test(n)) return true;
    }
    // 「PDFでも欲しいです」: something wanted from the team (not 「ご連絡が欲しい」).
    if (s.tokens.some((t, i) => t.pos === '形容詞' && /^(欲しい|ほしい)$/.test(t.base) && !/^(て|で)$/.test(s.tokens[i - 1]?.surface ?? '')) && !/(連絡|返信|回答|返事|お知らせ)[がもを]?(欲し|ほし)/u.test(n)) return true;
    // 「明日までに修正は可能でしょうか?」「対応できますか?」
    if (s.question && JA_ABILITY_Q.test(n)) return predicates(s).some((p) => !JA_NOT_TASK.has(p.head) && !JA_ASK_NOT_WORK.has(p.head)) || /[をは](可能|お願い)|任せ|頼|お願い/u.test(n);
    return false;
  }
  const n = s.norm.replace(/\b(?:do|does|did|should|shall|will|would|must)\s+(?:i|we)\s+(?:really\s+)?need\b/g, '');
  const m = EN_ASK.exec(n);
  if (m) {
    const verb = m.slice(1).find(Boolean) ?? '';
    if (verb === 'get' || verb === 'have' || verb === 'do' || verb === '') {
      const done = /\b(done|ready|drafted|sent|fixed|updated|finished|prepared|printed|booked|cleaned up|translated|reviewed|checked|completed|written|designed|made|set up|uploaded|delivered)\b/.test(n);
      return (done || EN_WORK_NOUNS.test(n)) && !/\b(let me know|tell me)\b/.test(n);
    }
    if (!EN_ASK_NOT_WORK.has(verb)) return true;
  }
  // "Quote please", "The revised deck by Friday, please"
  return /\bplease\b/.test(n) && EN_WORK_NOUNS.test(n) && !/\b(let me know|tell me|confirm|let us know)\b/.test(n);
}

/** The message asks the team for work (a client's request): 資料を作っていただけますか, 見積もりをお願いします, "Could you send the deck?". */
export function requestsWork(a: Analysis): boolean {
  return a.sentences.some(sentenceRequestsWork);
}

// Cheap tests ——————————————————————————————————————————————————————————————————————————————

/** Could the text ask for work? (A superset: false means it surely does not; run before analyze.) English is cheap to read: always. */
export const mayRequestWork = (text: string): boolean => !JAPANESE_CHARS.test(text) || /ください|下さい|くださ|お願い|いただ|頂|もらえ|もらい|欲し|ほし|可能|でき|頼|任せ|くれ|て[!！?？~〜ー]*$|て\n|といて|でおいて/mu.test(text);
const JAPANESE_CHARS = /[\u3040-\u30ff\u3400-\u9fff]/;

/** Could the text say yes (strongly, with no context)? A short sentence ending in ます may be a bare 「対応いたします!」. */
export const mayAccept = (text: string): boolean => /(?:^|[。.!！?？\n])[^。!！?？\n]{0,18}(?:ます|やる|とく)[!！。.♪〜~ー\s]*(?:$|[。!！\n])|承知|了解|かしこま|畏ま|承り|承諾|了承|拝承|りょ|ok|おk|おっけ|オッケ|任せ|喜んで|引き受|お受け|sure|will do|on it|got it|gotcha|understood|roger|no prob|np|worries|of course|certainly|absolutely|definitely|yes|yep|yeah|yup|sounds good|happy to|glad to|you bet|can do|alright|all right|noted|pleasure|perfect|great|cool|fine|👍|👌|🙆|🫡/iu.test(text);

/** Could the text announce a delay? */
export const mayAnnounceDelay = (text: string): boolean => /遅|間に合|ずれ|延|後ろ倒|繰り下|時間|猶予|目処|目途|めど|見込|押して|調整|変更|なりそう|なる見込|なってしま|delay|late|behind|slip|push|postpone|time|extension|won't|will not|can't|cannot|not going|need|instead|reschedul|move|longer|block|heads/iu.test(text);

/** Could the text call work off? */
export const mayCancel = (text: string): boolean => /いつでも|急ぎ|急が|ゆっくり|でも(大丈夫|いい|よい|良い|構|結構)|延期|期限|締め?切|納期|rush|hurry|urgent|whenever|take your time|fine|can wait|postpone|myself|ourselves|こちら|こっち|自分|当方|弊社|キャンセル|取り消|取消|取りやめ|取り止め|中止|見送|白紙|不要|必要|いらな|要らな|なしで|無しで|やめ|止め|結構|なくて|しなくて|いりません|要りません|保留|ストップ|なかったことに|cancel|mind|no longer|need|scrap|drop|hold|forget|call (it|this|that) off|skip|necessary|required|stop|bother|disregard/iu.test(text);

// Due time ——————————————————————————————————————————————————————————————————————————————————

/** After a time: it is when work STARTS (「14時から作業します」「明日の朝から着手」), not when it is due. */
const JA_START_AFTER = /^\s*(?:の)?\s*(?:朝イチ|朝一|朝|午前|午後|昼|お昼|夕方|夜|一番|[0-9:時分半])*\s*(?:ごろ|頃)?\s*(?:から|より|以降)(?!.{0,12}まで)/u;
const EN_START_BEFORE = /\b(?:from|starting|start(?:ing)?(?: on it| work(?:ing)?)?(?: on| at)?|begin(?:ning)?(?: on| at)?|after|first thing)\s*$/;
/** A time that names something else: 「15時の打ち合わせ」「明日の投稿」, "the 3pm call", "tomorrow's meeting". */
const JA_OF_THING_AFTER = /^\s*(?:\([^)]{0,12}\))?\s*の(?!うち|内|中|午前|午後|朝|夕方|夜|昼|お昼|正午|[0-9]|方|ほう)/u;
const EN_OF_THING_AFTER = /^(?:'s|’s)?\s+(?:meeting|call|sync|session|slot|appointment|deadline for (?:the|your)|flight|train|event|webinar|launch|standup|stand-up|review meeting|presentation|shoot|post|dinner|lunch|check-in)\b/i;
const DEADLINE_AFTER = /^\s*(?:\([^)]{0,12}\))?\s*(?:の)?\s*(?:[0-9:時分半]|午前中|午前|午後|朝イチ|朝一|朝|昼|お昼|夕方|夜)*\s*(?:ごろ|頃)?\s*(?:まで|迄|中(?:に|で|まで|$)|締め?切|〆|目処|めど|に(?!て|は(?!.{0,3}(?:ほし|欲し|お願い|いただ|ください))))|^\s*(?:at the latest|latest|deadline|sharp)/iu;
const DEADLINE_BEFORE = /(?:\b(?:by|before|until|till|no later than|due|deadline(?: is)?|in time for|ready for|latest)\s*(?:the\s*)?|\b(?:end|close) of (?:the |this |next )?|\b(?:can|could|shall) (?:we|i) (?:say|do|make it)\s*)$/;
/** 「今週か来週」「明日か明後日」: a range of days is no deadline. */
const RANGE_AFTER = /^\s*(?:か|or|〜|~|-|–)\s*(?:来週|今週|再来週|明日|明後日|来月|[0-9]|next|the following|monday|tuesday|wednesday|thursday|friday)/iu;
/** A part of the day after a day-precision date: 「明日の午前中」, "tomorrow morning". */
const DAY_PART: Array<[RegExp, number]> = [
  [/^\s*(?:の)?\s*(?:朝イチ|朝一|朝一番)/u, 10],
  [/^\s*(?:の)?\s*(?:午前中|午前|朝|お昼|昼|正午)/u, 12],
];

/**
 * The time a message gives for work to be done: a concrete date or time (parseDeadlineAt), not a
 * start time (「14時から作業します」, "starting tomorrow"), a range (「今週か来週には」), a week with no
 * day ("early next week") nor the time of something else (「15時の打ち合わせ」). Vague words (なるべく
 * 早め, 近日中, soon, ASAP) are none already. `asDeadline` (a client's request) wants the time marked
 * as a deadline (まで, 中, by, before); a time in a question is one only when so marked.
 */
export function dueTime(text: string, atMs: number, zone: string | Zone, opts: { asDeadline?: boolean; analysis?: Analysis } = {}): Deadline | null {
  // Several rules ask for the same message's time: answer each question once (the analysis, when
  // given, is the text's own, so it is keyed by whether it was given).
  const key = `${atMs}|${typeof zone === 'string' ? zone : zone.name}|${opts.asDeadline ? 1 : 0}|${opts.analysis ? 1 : 0}|${text}`;
  if (dueTimes.has(key)) return dueTimes.get(key)!;
  const d = dueTimeUncached(text, atMs, zone, opts);
  dueTimes.set(key, d);
  if (dueTimes.size > 64) dueTimes.delete(dueTimes.keys().next().value!);
  return d;
}
const dueTimes = new Map<string, Deadline | null>();

function dueTimeUncached(text: string, atMs: number, zone: string | Zone, opts: { asDeadline?: boolean; analysis?: Analysis }): Deadline | null {
  let t = authorText(text).normalize('NFKC');
  // 「遅くとも17時」, "at the latest by 5pm": the binding time comes after the marker.
  const latest = /遅くとも|おそくとも|no later than|at the latest by|latest by/iu.exec(t);
  if (latest) t = t.slice(latest.index);
  for (let tries = 0; tries < 5; tries++) {
    const d = parseDeadlineAt(t, atMs, { zone }) ?? relative(t, atMs, zone);
    if (!d) return null;
    const i = t.indexOf(d.matched);
    if (i < 0) return d;
    const before = t.slice(0, i);
    const after = t.slice(i + d.matched.length);
    const drop = () => {
      t = `${before} ${after}`;
    };
    // 「30分ほど遅れます」, "two hours late": how late, not when; 「本日中に間に合わず」, "instead of 3pm": the time missed.
    if (
      /^\s*(?:ほど|くらい|ぐらい|程度|程)?\s*(?:遅れ|遅く|延び|ずれ|押し)|^\s*(?:late|later|behind|longer|more|extra|of delay)\b/iu.test(after) ||
      /^\s*(?:まで)?(?:に|には|までには)?\s*(?:は)?\s*(?:間に合わ|間に合いそうに|間に合いませ|終わら|仕上がら|できな|お送りできな|お届けできな)/u.test(after) ||
      /\b(?:instead of|rather than|won't make(?: it)?(?: by)?|will not make(?: it)?(?: by)?|can't make(?: it)?(?: by)?|cannot make(?: it)?(?: by)?|won't be (?:ready|done)(?: by)?|not (?:be )?(?:ready|done) by|miss(?:ed)?(?: the)?)\s*$/.test(before.toLowerCase())
    ) {
      drop();
      continue;
    }
    if (JA_START_AFTER.test(after) || EN_START_BEFORE.test(before.toLowerCase())) {
      drop();
      continue;
    }
    // 「明日12時までにご返信がなければ」, "if we don't hear back by noon": the condition's time, not the work's.
    // 「明日は月次レポートを作成します」: when the work is scheduled, not a time promised for it.
    if (
      /^[^、。,.!?！？]{0,24}?(?:なければ|なかったら|ない場合|たら[、,\s]|れば[、,\s]|場合は)/u.test(after) ||
      /\b(?:if|unless)\b[^,.;!?]*$/.test(before.toLowerCase()) ||
      /^\s*(?:の[^、。\s]{0,4})?は(?!までに|まで|中)(?![^、。]{0,8}[0-9時])/u.test(after)
    ) {
      drop();
      continue;
    }
    // 「10時の定例までに」, "before the 10am call": the meeting's time is the deadline.
    const byThing = /^\s*の[^、。,.!?\s]{1,12}?(?:まで|迄|前に|の前)/u.test(after) || DEADLINE_BEFORE.test(before.toLowerCase());
    if (!byThing && (JA_OF_THING_AFTER.test(after) || EN_OF_THING_AFTER.test(after))) {
      drop();
      continue;
    }
    // "next week", "early next week", "sometime this week": no day named.
    if (/^(?:next|this|the following) week$/i.test(d.matched.trim()) && !/\b(?:by|before|within)\s*(?:the end of\s*)?$/i.test(before)) {
      drop();
      continue;
    }
    const asked = opts.analysis?.sentences.find((x) => x.norm.includes(d.matched.toLowerCase()))?.question === true;
    if ((opts.asDeadline || asked) && !DEADLINE_AFTER.test(after) && !DEADLINE_BEFORE.test(before.toLowerCase()) && !/中|まで|迄|以内|後|eod|end of|cob|close of|\bby\b|\bwithin\b|\bin\b|\bgive (?:me|us)\b|\b[0-9]+\s*(?:min(?:ute)?s?|hours?|hrs?)\b/iu.test(d.matched)) {
      drop();
      continue;
    }
    const range = RANGE_AFTER.exec(after);
    if (range) {
      // Drop both ends of the range.
      t = `${before} ${after.slice(range[0].length).replace(/^[^\s、。,.!?]*/u, '')}`;
      continue;
    }
    return dayPart(laterDay(d, before, atMs, zone), after);
  }
  return null;
}

/** 「明後日の17時」: chrono reads the clock time alone (today); the day word before it moves it. */
function laterDay(d: Deadline, before: string, atMs: number, zone: string | Zone): Deadline {
  if (d.precision !== 'time') return d;
  const m = /(明後日|あさって|明日|あした)\s*の?\s*$/u.exec(before);
  if (!m) return d;
  const day = DateTime.fromMillis(atMs, { zone }).plus({ days: /明後日|あさって/u.test(m[1]) ? 2 : 1 });
  if (d.at.hasSame(day, 'day')) return d;
  return { ...d, at: d.at.set({ year: day.year, month: day.month, day: day.day }) };
}

/** 「明日の午前中」 is due at noon, not at the day's close; "tomorrow morning" too. */
function dayPart(d: Deadline, after: string): Deadline {
  if (d.precision !== 'day') return d;
  // 「月曜(11/30)10時まで」: a clock time right after the day.
  const clock = /^\s*(?:\([^)]{0,12}\))?\s*(?:の)?\s*(?:午後\s*)?([0-9]{1,2})\s*(?:時|:)\s*(?:([0-9]{2})\s*分?|半)?/u.exec(after);
  if (clock && Number(clock[1]) <= 23) {
    let hour = Number(clock[1]);
    if (/午後/u.test(clock[0]) && hour < 12) hour += 12;
    const minute = clock[2] ? Number(clock[2]) : /半/u.test(clock[0]) ? 30 : 0;
    return { ...d, at: d.at.set({ hour, minute, second: 0, millisecond: 0 }), precision: 'time' };
  }
  const hour = /morning/i.test(d.matched) ? 12 : DAY_PART.find(([re]) => re.test(after))?.[1];
  if (hour === undefined || d.at.hour <= hour) return d;
  return { ...d, at: d.at.set({ hour, minute: 0, second: 0, millisecond: 0 }), precision: 'time' };
}

const EN_NUMBER: Record<string, number> = { a: 1, an: 1, one: 1, two: 2, three: 3, four: 4, five: 5, ten: 10, fifteen: 15, twenty: 20, thirty: 30, forty: 40, 'forty-five': 45, half: 0.5, 'half an': 0.5 };

/**
 * Times chrono leaves out: 「30分ほどで」「2時間くらいで」, "give me about 30 minutes", "in about an
 * hour", and a bare hour after "by" in chat ("yep by 2": 1–7 are afternoon hours).
 */
function relative(t: string, atMs: number, zone: string | Zone): Deadline | null {
  const ja = /([0-9]+|一|二|三|半)\s*(分|時間)\s*(?:ほど|くらい|ぐらい|程度|程)?\s*(?:で|後|以内)(?!\s*(?:遅れ|遅く|延び|ずれ))/u.exec(t);
  if (ja) {
    const n = { 一: 1, 二: 2, 三: 3, 半: 0.5 }[ja[1]] ?? Number(ja[1]);
    return { at: DateTime.fromMillis(atMs + n * (ja[2] === '分' ? 60_000 : 3_600_000), { zone }), matched: ja[0], precision: 'time' };
  }
  // 「お昼までに」「正午までに」: noon today (or tomorrow, once past).
  const noon = /(?:お昼|正午|昼)(?:まで|迄|ごろ|頃)/u.exec(t);
  if (noon) {
    let at = DateTime.fromMillis(atMs, { zone }).set({ hour: 12, minute: 0, second: 0, millisecond: 0 });
    if (at.toMillis() <= atMs) at = at.plus({ days: 1 });
    return { at, matched: noon[0], precision: 'time' };
  }
  const lower = t.toLowerCase();
  const en = /\b(?:in|give me|give us|need|within|about|around|takes?|take me)\s+(?:about |around |roughly |another |an extra |just )?([0-9]+|an?|one|two|three|four|five|ten|fifteen|twenty|thirty|forty|forty-five|half an?)\s*(min(?:ute)?s?|hours?|hrs?|h)\b(?!\s*(?:late|later|behind|longer|more|extra|of delay|delay))/.exec(lower);
  if (en) {
    const n = EN_NUMBER[en[1]] ?? Number(en[1]);
    return { at: DateTime.fromMillis(atMs + n * (en[2].startsWith('h') ? 3_600_000 : 60_000), { zone }), matched: t.slice(en.index, en.index + en[0].length), precision: 'time' };
  }
  const by = /\bby ([0-9]{1,2})(?::([0-9]{2}))?(?!\s*(?:am|pm|%|st|nd|rd|th|days?|hours?|weeks?|[/.:-][0-9]))\b/.exec(lower);
  if (by && Number(by[1]) >= 1 && Number(by[1]) <= 12) {
    const h = Number(by[1]) <= 7 ? Number(by[1]) + 12 : Number(by[1]);
    let at = DateTime.fromMillis(atMs, { zone }).set({ hour: h, minute: Number(by[2] ?? 0), second: 0, millisecond: 0 });
    if (at.toMillis() <= atMs) at = at.plus({ days: 1 });
    return { at, matched: t.slice(by.index, by.index + by[0].length), precision: 'time' };
  }
  return null;
}

// Deadline lifted ————————————————————————————————————————————————————————————————————————

const JA_LIFTED = /いつでも(大丈夫|いい|よい|良い|構いません|結構)|急ぎ(では|じゃ)(ない|ありません|ございません)|急ぎません|急がなくて|ゆっくりで|(明日|明後日|来週|週明け|後日|月曜|火曜|水曜|木曜|金曜)(以降)?でも(大丈夫|いい|よい|良い|構いません|結構)|延期に(なり|なっ)|(期限|締め切り|締切|納期)は(なし|ない|ありません|気にせず)/u;
const EN_LIFTED = /\b(no rush|no hurry|not urgent|whenever (?:you can|is fine|works)|take your time|(?:tomorrow|monday|tuesday|wednesday|thursday|friday|next week|later) (?:is|would be) (?:fine|ok|okay|totally fine)|can wait|there's no deadline|got postponed|been postponed|is postponed|was postponed)\b/;

/** The client takes the time pressure off: 「急ぎではないのでいつでも大丈夫です」「明日でも大丈夫です」, "no rush", "tomorrow is fine". */
export function deadlineLifted(a: Analysis): boolean {
  return a.sentences.some((s) => !s.question && (s.ja ? JA_LIFTED.test(s.norm) : EN_LIFTED.test(s.norm)));
}

// Offers of work and the go-ahead ——————————————————————————————————————————————————————————

const JA_OFFER_Q = /(?:まし|いたしまし|致しまし)ょうか|てもよろしいでしょうか|ても(?:いい|よい|良い|大丈夫)(?:です|でしょう)か|させていただいても|いたしましょうか/u;
const EN_OFFER_Q = /\b(want me to|want us to|shall i|shall we|should i|would you like me to|would you like us to|do you want me to|do you want us to|like me to|like us to|happy to [a-z]+ [^?]*\bif you)\b/;
const CHOICE = /どちら|どれ|どっち|いずれ|which|either/u;

/** The team offers to do some work and asks (「比較表にまとめておきましょうか?」, "Want me to compile a list?"), not a choice between options. */
export function offersWork(a: Analysis): boolean {
  return a.sentences.some((s) => s.question && !CHOICE.test(s.norm) && (s.ja ? JA_OFFER_Q.test(s.norm) : EN_OFFER_Q.test(s.norm)));
}

/** The client says yes to it: 「ぜひお願いします!」「それいいですね、お願いします」, "Yes please!". */
export function goAhead(a: Analysis): boolean {
  if (cancellation(a)) return false;
  return a.sentences.some((s) => !s.question && (s.ja ? /お願い|ぜひ|是非|^はい|^ええ|いいですね|良いですね|助かります|頼みます|やりましょう|進めて/u.test(s.norm) : /\b(yes|yeah|yep|yup|please|sure|sounds good|go ahead|go for it|that would be great|that'd be great|great idea|do it|perfect)\b/.test(s.norm) && !/\bno\b/.test(s.norm)));
}

/** A yes in this very sentence ("Sure, by noon", 「はい、15時までに!」). */
export function sentenceAccepts(s: Sentence): boolean {
  return acceptance({ text: s.raw, sentences: [s] }, true) !== null;
}
