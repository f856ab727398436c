import type { Analysis, Sentence } from '../analysis';

/**
 * Dialogue acts about calls (rulebook 0.14): a message saying a call or meeting TOOK PLACE, and a
 * written recap of one. Read from the analysis: a call noun or verb with a past or thanking
 * predicate, not a call being proposed or scheduled, nor one that did not connect.
 */

/** Nouns that name a call or a meeting (morpheme base forms / English words). */
const JA_CALL_NOUNS = new Set(['電話', '通話', '打ち合わせ', '打合せ', '打ち合せ', 'ミーティング', 'mtg', '会議', '面談', 'ハドル', 'zoom', 'meet', 'teams', 'web会議', 'オンライン会議', '商談', 'お打ち合わせ', 'ヒアリング', '定例', '訪問', '来社', 'ご来社', 'お時間']);
const EN_CALL_WORDS = /\b(call|calls|phone|meeting|meetings|huddle|zoom|chat|chatting|talking|speaking|catch-up|catchup|sync|session|meet in person|met in person|coming by|came by|stopping by|stopped by|visit|visiting)\b/;
/** Talking together, in the past: "spoke", "talked", "discussed", "as discussed". */
const EN_PAST_TALK = /\b(spoke|talked|discussed|chatted|met|had (a|our|the) (call|meeting|chat|sync)|on the (call|phone)|during the (call|meeting)|in the (call|meeting)|over the phone)\b/;
const EN_THANKS_FOR = /\b(thanks|thank you|thx|great|good|nice|productive|lovely|appreciate)\b.*\b(call|meeting|chat|chatting|talking|speaking|time today|catch-up|catchup|sync|session|huddle|zoom|visit|coming by|having us)\b/;
/** The call is ahead, proposed or asked for: not one that happened. */
const EN_FUTURE = /\b(tomorrow|next (week|time|monday|tuesday|wednesday|thursday|friday)|later today|can we|could we|shall we|should we|let's|lets|would you be|are you (free|available)|schedule|scheduled|book|set up|move|moved|will|i'll|we'll|upcoming|before the|ahead of)\b/;
const EN_MISSED = /\b(missed|no answer|couldn't reach|could not reach|tried (to )?call|voicemail|didn't pick|did not pick)\b/;
const JA_FUTURE = /明日|明後日|来週|今度|次回の(打ち合わせ|会議|mtg|ミーティング)|予定|させていただけ|してもよろしい|できますでしょうか|可能でしょうか|いかがでしょうか|ご都合|日程|しましょう|お願いできますか|招待|参加(します|いたします|予定)|入ります|これから|今から|後ほど/;
const JA_MISSED = /不在|留守|つながらな|繋がらな|出られ|お出になりませんでした|折り返し|話し中|不在着信/;
/** Phone numbers and similar uses of 電話 that are not a call with us; calls with someone else (a vendor, an accountant). */
const JA_NOT_A_CALL = /電話番号|電話口|電話帳|電話代行|代行|請求書|アカウント|料金|phone number|(さん|様|会社|社|先生|業者|店|屋|事務所|役所|銀行)(と|に|へ|から)(お)?(電話|通話|話|打ち合わせ|面談)|確認したところ|とのことでした/;
/** Verbs of talking or deciding together (base forms): a call noun with one of these in the past is a call that happened. */
const JA_TALK_VERBS = new Set(['話す', '話せる', '伺う', '相談', '打ち合わせる', '話し合う', '決まる', '決める', '聞く', '伝える', 'お話し', '話し', 'できる', 'いただく', '頂く', 'する']);

function jaCall(s: Sentence): boolean {
  const nouns = s.tokens.some((t) => JA_CALL_NOUNS.has(t.base) || JA_CALL_NOUNS.has(t.surface));
  const spoke = /話した|話しました|お話し(させて|でき|いただ)|お話しさせていただ|伺った|伺いました|お伺いした/.test(s.norm);
  if (!nouns && !spoke) return false;
  if (JA_NOT_A_CALL.test(s.norm) || JA_MISSED.test(s.norm) || JA_FUTURE.test(s.norm)) return false;
  // Thanks for it (ありがとうございました, お疲れ様でした), or talking/deciding in the past (電話で話した, 打ち合わせで決まった).
  const thanks = /ありがと|お疲れ|おつかれ|感謝|助かりました/.test(s.norm);
  const pastTalk = s.tokens.some((t, i) => JA_TALK_VERBS.has(t.base) && s.tokens.slice(i + 1, i + 5).some((n) => n.pos === '助動詞' && n.base === 'た'));
  const earlier = /先ほど|先程|さきほど|さっき|本日の|今日の|昨日の|先日の|今朝の|午前の|午後の/.test(s.norm);
  return spoke || (nouns && (thanks || pastTalk || earlier));
}

function enCall(s: Sentence): boolean {
  const t = s.norm;
  if (/phone number|call me|call us|give (me|us) a call|calling card/.test(t) || EN_MISSED.test(t)) return false;
  const mentions = EN_CALL_WORDS.test(t) || EN_PAST_TALK.test(t);
  if (!mentions) return false;
  const strong = EN_PAST_TALK.test(t) || /\b(re:? our (call|meeting|chat)|(our|the) (call|meeting|chat|zoom) (yesterday|earlier|this morning|just now))\b/.test(t);
  const past = strong || /\b(as discussed|as agreed|earlier|just now|today's|this morning's|this afternoon's|yesterday's)\b/.test(t);
  const thanks = EN_THANKS_FOR.test(t) && !/\b(for the invite|for scheduling|for setting up|for booking)\b/.test(t);
  if (!past && !thanks) return false;
  return strong || !EN_FUTURE.test(t);
}

/** The message says a call or meeting took place (not one proposed, scheduled or missed). */
export function reportsCall(a: Analysis): boolean {
  return a.sentences.some((s) => (s.ja ? jaCall(s) : enCall(s)));
}

const LIST_LINE = /^\s*(?:[-・•*●◆■□▶→]|\d{1,2}[.)．、]|[①-⑳]|【[^】]+】)/;
const JA_RECAP = /決定事項|決まった|決まりました|合意|確認事項|対応事項|次回アクション|ネクストアクション|宿題|todo|to do|議事録|まとめ|整理しま|整理いたしま|以下の通り|下記の通り|以下のとおり|下記のとおり|上記の通り|上記で|以下で|相違ない|認識で(相違|間違い)|認識合わせ|担当|期限|締め切り|締切/;
/** A recap promised for later is not the recap (「決定事項はのちほどお送りします」, "notes coming soon"). */
const LATER = /のちほど|後ほど|あとで|後で|改めて|追って|\blater\b|\bsoon\b|\bcoming\b|\bwill send\b|\bi'll send\b|\bto follow\b/;
const EN_RECAP = /\b(recap|summary|summarise|summarize|to confirm|confirming|as agreed|we agreed|agreed|decided|decisions?|action items?|next steps?|next actions?|follow-ups?|takeaways?|minutes|notes from|owner|todo|to-do)\b/;

/** Deciding in words: 「A案でいきます」「Bで進めます」, "we're going with A", "let's go with". */
const JA_DECIDED = /(で|に)(いきます|行きます|進めます|進めてまいります|進めさせていただきます|決定|確定|決まり)|ことになりました|ことにします/;
const EN_DECIDED = /\b(going with|go with|we'll go|decided|settled on|confirmed)\b/;

/**
 * A written recap: decisions or next actions set down — a recap word with some content (a list
 * point, or a sentence), a decision in words, or a next action with its time (「明日の午前中に送り
 * ます」, "I'll send it by Friday"). A thank-you, an impression or a list of topics alone is not one.
 */
export function isRecap(slackText: string, a: Analysis, hasCommittedTime: boolean, timeWritten?: string): boolean {
  const lines = slackText.split('\n').filter((l) => LIST_LINE.test(l));
  const words = a.sentences.some((s) => (s.ja ? JA_RECAP.test(s.norm) : EN_RECAP.test(s.norm)) && (lines.length > 0 || !LATER.test(s.norm)));
  if (words && (lines.length >= 1 || a.text.length >= 20)) return true;
  // Points set down with their dates: "- Suzuki updates the list by Dec 1".
  if (lines.length >= 2 && timeWritten && lines.some((l) => l.normalize('NFKC').toLowerCase().includes(timeWritten.normalize('NFKC').toLowerCase()))) return true;
  if (a.sentences.some((s) => (s.ja ? JA_DECIDED.test(s.norm) : EN_DECIDED.test(s.norm)))) return true;
  return hasCommittedTime;
}

/** The call did not really happen: a huddle started by mistake, nobody joined, put off. */
const JA_CALL_OFF = /間違え|誤って|押してしま|押しちゃ|また改め|改めます|改めてご連絡|取り消|キャンセル|中止|延期|お忙しそう/;
const EN_CALL_OFF = /\b(by mistake|accidentally|wrong button|never ?mind|another time|reschedul\w*|cancel\w*|call off|postpone\w*)\b/;
export function callsOff(a: Analysis): boolean {
  return a.sentences.some((s) => (s.ja ? JA_CALL_OFF.test(s.norm) : EN_CALL_OFF.test(s.norm)));
}

/** The message speaks of a call ahead (tomorrow, next week, an invitation), not one now or past. */
export function callIsAhead(a: Analysis): boolean {
  return a.sentences.some((s) => (s.ja ? JA_FUTURE.test(s.norm) && !/今から|これから|今すぐ/.test(s.norm) : EN_FUTURE.test(s.norm) && !/\b(now|right now|join now)\b/.test(s.norm)));
}
