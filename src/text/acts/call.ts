import type { Analysis, Sentence } from '../analysis';

/**
 * Dialogue acts about calls (rulebook 0.14): a message saying a call or meeting TOOK PLACE, and a
 * written recap of one. Read from the analysis: a call noun or verb with a past or thanking
 * predicate, not a call being proposed or scheduled, nor one that did not connect.
 */

/** Nouns that name a call or a meeting (morpheme base forms / English words). */
const JA_CALL_NOUNS = new Set(['電話', '通話', '打ち合わせ', '打合せ', '打ち合せ', 'ミーティング', 'mtg', '会議', '面談', 'ハドル', 'zoom', 'meet', 'teams', 'web会議', 'オンライン会議', '商談', 'お打ち合わせ', 'ヒアリング']);
const EN_CALL_WORDS = /\b(call|calls|phone|meeting|meetings|huddle|zoom|chat|chatting|talking|speaking|catch-up|catchup|sync|session)\b/;
/** Talking together, in the past: "spoke", "talked", "discussed", "as discussed". */
const EN_PAST_TALK = /\b(spoke|talked|discussed|chatted|met|had (a|our|the) (call|meeting|chat|sync)|on the (call|phone)|during the (call|meeting)|in the (call|meeting)|over the phone)\b/;
const EN_THANKS_FOR = /\b(thanks|thank you|thx|great|good|nice|productive|lovely|appreciate)\b.*\b(call|meeting|chat|chatting|talking|speaking|time today|catch-up|catchup|sync|session|huddle)\b/;
/** The call is ahead, proposed or asked for: not one that happened. */
const EN_FUTURE = /\b(tomorrow|next (week|time|monday|tuesday|wednesday|thursday|friday)|later today|can we|could we|shall we|should we|let's|lets|would you be|are you (free|available)|schedule|scheduled|book|set up|invite|join|will|i'll|we'll|upcoming|before the|ahead of)\b/;
const EN_MISSED = /\b(missed|no answer|couldn't reach|could not reach|tried (to )?call|voicemail|didn't pick|did not pick)\b/;
const JA_FUTURE = /明日|明後日|来週|今度|次回の(打ち合わせ|会議|mtg|ミーティング)|予定|させていただけ|してもよろしい|できますでしょうか|可能でしょうか|いかがでしょうか|ご都合|日程|しましょう|お願いできますか|招待|参加(します|いたします|予定)|入ります|これから|今から|後ほど/;
const JA_MISSED = /不在|留守|つながらな|繋がらな|出られな|お出になりませんでした|折り返し/;
/** Phone numbers and similar uses of 電話 that are not a call. */
const JA_NOT_A_CALL = /電話番号|電話口|電話帳|phone number/;

function jaCall(s: Sentence): boolean {
  const nouns = s.tokens.some((t) => JA_CALL_NOUNS.has(t.base) || JA_CALL_NOUNS.has(t.surface));
  const spoke = /話した|話しました|お話し(させて|でき|いただ)|お話しさせていただ|伺った|伺いました|お伺いした/.test(s.norm);
  if (!nouns && !spoke) return false;
  if (JA_NOT_A_CALL.test(s.norm) || JA_MISSED.test(s.norm) || JA_FUTURE.test(s.norm)) return false;
  // Past or thanking: 〜ました/た, ありがとうございました, お疲れ様でした, 先ほど/さっき/本日の …
  const past = s.tokens.some((t) => t.pos === '助動詞' && (t.base === 'た' || t.surface === 'た'));
  const earlier = /先ほど|先程|さきほど|さっき|本日の|今日の|昨日の|先日の|今朝の|午前の|午後の/.test(s.norm);
  const thanks = /ありがと|お疲れ|おつかれ|感謝/.test(s.norm);
  return past || (earlier && (thanks || nouns));
}

function enCall(s: Sentence): boolean {
  const t = s.norm;
  if (/phone number|call me|call us|give (me|us) a call|calling card/.test(t) || EN_MISSED.test(t)) return false;
  const mentions = EN_CALL_WORDS.test(t) || EN_PAST_TALK.test(t);
  if (!mentions) return false;
  const past = EN_PAST_TALK.test(t) || /\b(as discussed|as agreed|earlier|just now|today's|this morning's|this afternoon's|yesterday's|(the|our) (call|meeting|chat) (earlier|today|just now))\b/.test(t);
  const thanks = EN_THANKS_FOR.test(t) && !/\b(for the invite|for scheduling|for setting up|for booking)\b/.test(t);
  if (!past && !thanks) return false;
  return !(EN_FUTURE.test(t) && !past);
}

/** The message says a call or meeting took place (not one proposed, scheduled or missed). */
export function reportsCall(a: Analysis): boolean {
  return a.sentences.some((s) => (s.ja ? jaCall(s) : enCall(s)));
}

const LIST_LINE = /^\s*(?:[-・•*●◆■□▶→]|\d{1,2}[.)．、]|[①-⑳]|【[^】]+】)/;
const JA_RECAP = /決定事項|決まった|決まりました|合意|確認事項|対応事項|次回アクション|ネクストアクション|宿題|todo|to do|議事録|まとめ|整理しました|整理いたしました|以下の通り|下記の通り|以下のとおり|下記のとおり|相違ない|認識で(相違|間違い)|認識合わせ|担当|期限/;
const EN_RECAP = /\b(recap|summary|summarise|summarize|to confirm|confirming|as agreed|we agreed|agreed|decided|decisions?|action items?|next steps?|next actions?|follow-ups?|takeaways?|minutes|notes from|owner|todo|to-do)\b/;

/**
 * A written recap: decisions or next actions set down (a recap word with some content, or a list of
 * two or more points). A thank-you alone is not one.
 */
export function isRecap(slackText: string, a: Analysis): boolean {
  const lines = slackText.split('\n').filter((l) => LIST_LINE.test(l));
  const words = a.sentences.some((s) => (s.ja ? JA_RECAP.test(s.norm) : EN_RECAP.test(s.norm)));
  if (words && (lines.length >= 1 || a.text.length >= 20)) return true;
  return lines.length >= 2 && a.text.length >= 30;
}
