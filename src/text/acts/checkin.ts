import type { Analysis, Sentence } from '../analysis';

/**
 * Dialogue act "check-in" (practices "don't over-serve" and "clients who drop out"): a team message
 * whose point is to ask how things are going on the client's side — an open status question
 * (「その後いかがでしょうか」「進捗いかがですか」「何かお困りのことはございませんか」 "how's the launch going?",
 * "any update?", "did you get a chance to look at …?"), or a bare re-push of an earlier one
 * (「念のため再送いたします」「上げておきます」 "bumping this", "following up on my last message"),
 * with no new content and no concrete ask. The closed intent question (continue / pause / stop) is a
 * check-in of its own kind: the practice recommends asking it once.
 *
 * Read sentence by sentence from the analysis:
 * - a status sentence asks (a question form, 「お聞かせください」-type requests to be told, "just wanted
 *   to see …") about the state of something on the client's side: a status word (その後, 進捗, 状況,
 *   調子, 具合, 順調, 慣れ, 反応, 感想, ご検討, お困り, ご不明点 … / update, news, progress, thoughts,
 *   feedback, stuck …), an evaluation word about no proposal (いかが, どう, どんな感じ / how is X going,
 *   how are you finding X), or a "did you get a chance" question;
 * - an offer in a conditional (「何かあればお知らせください」 "let me know if anything comes up") asks
 *   nothing; neither does a proposal (「Xでいかがでしょうか」).
 *
 * Not a check-in (decisions a reviewer may argue with):
 * - a concrete ask: options to pick from (A or B, どちら), a time or deadline named (本日17時までに,
 *   "by Fri Dec 4", "due today"), or a yes/no on a concrete action (「この内容で発注してよろしいでしょうか」,
 *   "OK to use placeholders?", "does that sound right?") — delivery work needs those answers;
 * - new content: files, a link, or a sentence reporting something done or found (「修正版を作りました」,
 *   "the vendor confirmed a 10% discount"), even with a light closing question.
 */
export type CheckinKind =
  /** An open status question: how is it going, any update. */
  | 'open'
  /** A re-push of an earlier message with nothing new: 再送, 上げておきます, bumping, following up. */
  | 'bump'
  /** The closed intent question: continue, pause or stop. */
  | 'intent';

export interface Checkin {
  kind: CheckinKind;
  /** The words the act rests on (for evidence). */
  cue: string;
}

export interface CheckinContext {
  /** The message shares files. */
  files?: boolean;
}

/**
 * A cheap test on the raw Slack text: false means the message cannot be a check-in, so the analysis
 * (kuromoji) need not run. True says nothing.
 */
export function mayCheckIn(slackText: string): boolean {
  // Only Japanese costs anything to analyse (kuromoji); English is split by regular expressions.
  if (!JAPANESE.test(slackText)) return /[a-z]/i.test(slackText);
  return MAY.test(slackText);
}
const JAPANESE = /[\u3040-\u30ff\u3400-\u9fff]/;
const MAY =
  /いかが|如何|どう|どんな|進捗|状況|具合|調子|様子|順調|進ん|進み|慣れ|反応|評判|売れ行き|手応え|感触|感想|検討|困り|不明|気にな|お気づき|お役に|ご覧|取り組|うまく|上手く|お手伝い|お過ごし|再送|再度|上げて|リマインド|継続|その後|ご確認|お目通し|ご判断|ご記入|ご準備|ご用意|お待ち|\b(how|any|update|news|check|checking|follow|following|circl|circling|bump|bumping|nudge|remind|reminder|touch|resend|resending|chance|thoughts|feedback|stuck|continue|wondering|stand|help)\b/iu;

/** The message is a check-in (and which kind), or null. */
export function checkinOf(a: Analysis, ctx: CheckinContext = {}): Checkin | null {
  if (a.sentences.length === 0) return null;
  const whole = a.sentences.map((s) => s.norm).join('\n');
  // The intent question is asked whole, often as a list: read it on the message.
  const intent = INTENT_JA.test(whole) || (INTENT_EN_CONTINUE.test(whole) && INTENT_EN_PAUSE.test(whole) && INTENT_EN_STOP.test(whole));
  if (intent) return { kind: 'intent', cue: (whole.match(/継続|continue/) ?? ['continue'])[0] };
  if (ctx.files || /https?:\/\/|www\.|\.(com|jp|net|org|io)\b/.test(a.text)) return null;
  if (a.sentences.some(concrete)) return null;
  let open: string | null = null;
  let bump: string | null = null;
  for (const s of a.sentences) {
    if (s.question && reportsSomething(s)) return null;
    const st = status(s);
    if (st) {
      open ??= st;
      continue;
    }
    const b = bumpCue(s);
    if (b) {
      bump ??= b;
      continue;
    }
    if (reportsSomething(s)) return null;
  }
  if (open) return { kind: 'open', cue: open };
  if (bump) return { kind: 'bump', cue: bump };
  return null;
}

// ————————————————————————————————————————————————————————————————————————————————————————————
// The intent question

const INTENT_JA = /継続[\s\S]{0,40}(一時停止|休止|中断|お休み|停止)[\s\S]{0,40}(終了|解約|卒業|やめ|辞め|ストップ)/u;
const INTENT_EN_CONTINUE = /\b(continue|carry on|keep going)\b/;
const INTENT_EN_PAUSE = /\b(pause|hold|break)\b/;
const INTENT_EN_STOP = /\b(stop|end|cancel|wrap up)\b/;

// ————————————————————————————————————————————————————————————————————————————————————————————
// Status questions

/** Status of something on the client's side (Japanese). */
const JA_STATUS =
  /その後|進捗|(ご)?状況|具合|調子|様子|順調|進み|進んで|慣れ|反応|評判|売れ行き|手応え|感触|使い心地|感想|ご検討|お困り|困って(い)?(る|ます)こと|不明(な)?点|気になる(点|こと|ところ)|お気づきの点|問題(は)?(ない|なさ|ございません|ありません)|お役に立|ご覧(いただけ|いただい|になり|になっ)|取り組|うまくいき|上手くいき|いかが|如何|どう(です|でしょ|なり|なっ|だっ|でし|か[?？]?$|[?？])|どんな感じ|お過ごし|お手伝いできる|お問い合わせ(など)?(は|が)?あり|ありましたか|届きましたか|(ご確認|ご覧|お目通し|ご検討|ご判断|ご記入|ご準備|ご用意)(いただけ|いただい|頂け|頂い|くださ|になれ|になり|され)[^。]{0,6}(ました|でしょう|ません)/u;
/** A proposal, a decision or a time asked for (「Xでいかがでしょうか」「どうしましょうか」「ご都合いかがですか」): not a status question. */
const JA_NOT_STATUS = /ご都合|ご予定|お時間(は|を|が)|空いて|でいかが|でどう|いかが(いたし|致し|し)ましょう|どう(し|いたし|致し)ましょう|どうすれば|どうしたら|どうやって|どのように/u;
/** Asked as a request to be told (「ご状況をお聞かせください」「お知らせいただけますと幸いです」). */
const JA_TELL = /お聞かせ|聞かせて|教えて|お知らせ(ください|下さい|いただ|頂)|ご返信(ください|下さい|いただ|頂)|ご連絡(ください|下さい|いただ|頂)|伺えれば|伺えます/u;
/** An offer in a conditional: 「何かあれば」「ございましたら」「困ったら」「よろしければ」. */
const JA_CONDITIONAL = /(あれば|あったら|ありましたら|ございましたら|ございますれば|でしたら|たら[、,]|れば[、,]|なら[、,]?|場合は)/u;

/** Status of something on the client's side (English). */
const EN_STATUS =
  /\bhow('s| is| are| was| were| did| do| does| have| has|'re| it| things| everything| you)\b|\bany (update|updates|news|progress|thoughts|feedback|luck|word|questions|issues|problems)\b|\bwhere things (stand|are)\b|\b(had|get|got|have) a chance\b|\bwhat did you (think|make)\b|\bstuck\b|\bon your mind\b|\bhelp with\b|\beverything (ok|okay|alright|all right|good|fine)\b|\bstill going\b|\bgoing (well|ok|okay)\b|\bget back to you\b|\bhear back\b|\bthoughts\b|\bfeedback\b|\bstatus\b|\bwhere (are|do) (we|things|you)\b|\bmovement\b|\b(did|have|were|had) you (manage|managed|been able|able|get|got|find|found) (to|time|a chance)\b/;
/** A request to be told, or an indirect question ("just wanted to see where things stand"). */
const EN_TELL = /\b(just )?(wanted|want) to (see|check|know|ask|hear|find out)\b|\bwondering\b|\blet me know\b|\bkeep me posted\b/;
const EN_CONDITIONAL = /\bif (you|anything|there|any|it|that|this|things)\b|\bwhenever\b|\bin case\b(?! (this|it|my|the) (got|gets|was) (buried|lost|missed))/;

function status(s: Sentence): string | null {
  if (s.ja) {
    const m = s.norm.match(JA_STATUS);
    if (!m || JA_NOT_STATUS.test(s.norm)) return null;
    const asking = s.question || JA_TELL.test(s.norm);
    if (!asking) return null;
    // An offer (「何かございましたらお知らせください」) asks only in case: it is no question now.
    if (!s.question && JA_CONDITIONAL.test(s.norm)) return null;
    return m[0];
  }
  const m = s.norm.match(EN_STATUS);
  if (!m) return null;
  const asking = s.question || EN_TELL.test(s.norm);
  if (!asking) return null;
  if (!s.question && EN_CONDITIONAL.test(s.norm)) return null;
  return m[0].trim();
}

// ————————————————————————————————————————————————————————————————————————————————————————————
// Bumps

const JA_BUMP = /再送|再度(お送り|送り|送信|共有)|上げて(おき|おきます|おきますね|おります|みます)|上げさせて|リマインド|再度(の)?ご連絡|重ねてのご連絡|改めてご連絡(いたしました|しました)|(お返事|ご返信|ご返事|ご連絡|ご回答)(を)?お待ち(して|いたして|申し上げて)/u;
const EN_BUMP = /\b(bump|bumping|bumped|ping|pinging|nudge|nudging|looking forward to hearing|waiting to hear|waiting for your (reply|response|answer)|circling back|circle back|following up|follow(ing)?[- ]up on|just checking in|checking in|check(ing)? in again|touch(ing)? base|gentle reminder|friendly reminder|quick reminder|reminder on|resending|re-sending|sending (this|it) again|floating this|raising this again)\b/;

function bumpCue(s: Sentence): string | null {
  const m = s.norm.match(s.ja ? JA_BUMP : EN_BUMP);
  return m ? m[0] : null;
}

// ————————————————————————————————————————————————————————————————————————————————————————————
// Concrete asks and new content

/** A time, a date or a deadline named. */
const JA_TIME = /\d{1,2}\s*時|\d{1,2}:\d{2}|\d{1,2}\/\d{1,2}|\d{1,2}月\d{1,2}日|までに|まで(で|に)?(ご返信|お送り|いただけ|お願い)|本日中|今日中|明日中|期日|期限|締め?切|お約束の日|予定だった|ご判断いただける/u;
const EN_TIME =
  /\bby (mon|tue|wed|thu|fri|sat|sun)[a-z]*\b|\bby (noon|tomorrow|tonight|eod|end of|the end of|\d)|\b\d{1,2}(:\d{2})?\s?(am|pm)\b|\bdue\b|\bdeadline\b|\b(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]* \d{1,2}\b|\b\d{1,2}(st|nd|rd|th)\b|\btoday's the day\b/;
/** Options to pick from. */
const JA_CHOICE = /どちら|いずれか|どれ(が|に|で)|[a-dａ-ｄ]案|[a-d]・[a-d]|か[、,]\s*\S+か/iu;
const EN_CHOICE = /\b(option )?[a-d] or (option )?[a-d]\b|\bwhich (one|option|version|do you|would you)\b|\beither\b/;
/** A yes/no on a concrete action or proposal. */
const JA_DECIDE = /(て|で)(よろしい|いい|良い|問題(ない|ございません)|大丈夫|ok)(でしょうか|ですか|か)|合って(い)?ますか|正しい(でしょうか|ですか)|よろしいかだけ|進めてよい|発注してよい/u;
const EN_DECIDE = /\b(ok|okay|alright|fine) (to|if)\b|\bshall (i|we)\b|\bshould (i|we)\b|\b(does|would) (that|this) (sound|look) (right|ok|okay|good)\b|\bis (that|this|it) (right|correct|ok|okay)\b|, right\b|\bcan (i|we) (go ahead|proceed|order|book|send|use)\b|\bgo ahead\b|\bgo with\b/;

function concrete(s: Sentence): boolean {
  return s.ja ? JA_TIME.test(s.norm) || JA_CHOICE.test(s.norm) || JA_DECIDE.test(s.norm) : EN_TIME.test(s.norm) || EN_CHOICE.test(s.norm) || EN_DECIDE.test(s.norm);
}

/** The sentence reports something done, found or changed: new content for the client. */
const JA_REPORT =
  /(作りました|作成しました|作成いたしました|ご用意しました|ご用意いたしました|お送りします|お送りいたします|送付いたします|共有します|共有いたします|添付|アップしました|更新しました|更新いたしました|追加しました|追記しました|修正しました|完了しました|完了いたしました|見つけ|分かりました|わかりました|判明|決まりました|延長|休暇|お休み(を|と|させ)|不在|割引|お知らせです|補足です|ご報告です|報告です|作業報告|変更になりました|お送りしました|送りました|ご連絡です。?$)/u;
const EN_REPORT = /\b(attached|attaching|made|created|found|updated|added|fixed|sent|shared|confirmed|discount|extended|out of office|on leave|here is|here's|here are|update:|fyi|heads up|finished|completed|done)\b/;

function reportsSomething(s: Sentence): boolean {
  // A question carries new content only when it hands something over ("here's the draft — thoughts?").
  if (s.question) return s.ja ? /(添付|お送りします|お送りいたします|共有します|共有いたします)/u.test(s.norm) : /\b(here's|here is|here are|attached|attaching)\b/.test(s.norm);
  // 「佐藤に代わりご連絡です」 frames the check-in; 「ご連絡です。12/7は休暇です」 reports (JA_REPORT above).
  if (s.ja && /代わり|代わって/.test(s.norm)) return false;
  return s.ja ? JA_REPORT.test(s.norm) : EN_REPORT.test(s.norm);
}
