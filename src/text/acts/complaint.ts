import type { Analysis, Sentence } from '../analysis';
import type { JaToken } from '../japanese';

/**
 * Dialogue act "complaint" (a clinic's 5-step complaint protocol): a client message that voices
 * dissatisfaction with OUR work or service, in any words. Read sentence by sentence from the
 * analysis (morphemes for Japanese, words for English), each sentence for what it does:
 *
 * - displeasure said outright: 不満です, 納得できません, 困っています, がっかり, 看過できない, 使えません,
 *   しっかりしてください, 雑すぎませんか, どうかと思います / disappointed, unacceptable, not happy, let
 *   down, sloppy, not up to the standard …;
 * - not as ordered: 〜とお願いしていたのに/はず, 最初の話と違います, 指示通りになっていません, 一言ご相談
 *   いただきたかった / we asked for, not what we agreed, neither of which I said, nowhere near …;
 * - the same failure again: また/今回も/3度目/毎回 + a mistake, 前回も同じ指摘をしました / again,
 *   second time, didn't I already flag this …;
 * - late past a promised time (期限…まだ届いていない, 「まだですかね?昨日中って話でしたよね」), or ignored
 *   (お返事がいただけていません, 進捗の報告すらない / no response, haven't heard back);
 * - a threat to end or reconsider the contract: 継続は難しい, 他の業者への切り替え, 安心してお任せできない,
 *   こういうことが続くと / reconsider working together, other agencies, won't be renewing …;
 * - a billing error: 請求…見積もりより多い, 二重請求, 解約済みのオプションが請求に / charged twice, over
 *   the quote, still on the invoice, billed for hours nobody worked …;
 * - harm caused: 〜する羽目になりました, 刷り直し, 結局自分で調べ直しました, 問題になっています / had to
 *   send a correction, for nothing, embarrassing …;
 * - a mistake in our work stated as a fact (間違っています, 抜けていました, 古いままです, 1案しか届いて
 *   いません / spells our name wrong, swapped, off by one), unless played down as a small fix (1点だけ,
 *   細かいところ / "small typo, could you fix?") or put as a fix request. With a repeat (また) or a
 *   consequence (先方から確認の電話がありました, "our COO caught them") it is a complaint even then.
 *
 * Not a complaint (decisions a reviewer may argue with):
 * - words in quotes and quoted lines are someone else's (a survey answer, a review, a term to edit);
 *   reported speech of a third party (〜と言われて, 〜とのこと, "my boss said …", "a customer
 *   complained …") and a third party's feelings (部長が不満を持っているようで, 先方が怒っていて) are not
 *   the client's complaint about us, nor is a third party's complaint passed on as a drafting task
 *   (お詫びメールの下書き, "draft a reply");
 * - trouble with something that is not our work: weather, trains, video tools, couriers, printers,
 *   software, suppliers, the client's own company, boss, customers or approvals, an event cancelled,
 *   a former vendor; and the client's own mistake or apology (こちらの確認漏れ, すみません, my bad);
 * - negated displeasure (不満な点はありません, no complaints), a conditional (困ったときは), praise
 *   and jokes (笑, lol), change requests, questions about a quote and progress checks before a
 *   deadline.
 */
export type ComplaintReason = 'displeasure' | 'not-as-ordered' | 'repeated' | 'late' | 'ignored' | 'threat' | 'billing' | 'harm' | 'mistake';

export interface Complaint {
  reason: ComplaintReason;
  /** The words the act rests on. */
  cue: string;
  /** Index of the sentence in `analysis.sentences`. */
  index: number;
}

/** One regular expression of several alternatives (each a family member, kept readable apart). */
function any(...parts: RegExp[]): RegExp {
  return new RegExp(parts.map((p) => `(?:${p.source})`).join('|'), 'u');
}

const JAPANESE = /[\u3040-\u30ff\u3400-\u9fff]/;

/**
 * A cheap test on the raw Slack text: false means no sentence of it can be a complaint, so the
 * analysis (kuromoji) need not run. True says nothing.
 */
export function mayComplain(slackText: string): boolean {
  // Only Japanese costs anything to analyse (kuromoji); English is split by regular expressions.
  if (!JAPANESE.test(slackText)) return /[a-z]/i.test(slackText);
  return MAY_JA.test(slackText) || /[a-z]{3}/i.test(slackText);
}
/** Every Japanese cue below starts with one of these stems. */
const MAY_JA =
  /不満|満足|これ|頼んだ|よく|うーん|ダメ|だめ|話にな|納得|看過|勘弁|しっかり|ひど|酷|不信|信用|信頼|困|がっかり|残念|期待|あり得|ありえ|いい加減|どういう|どうかと|どうなって|どうして|なぜ|違|異な|相談|お願い|依頼|お伝え|指定|指示|約束|話|言っ|また|再び|今回も|前回も|先月も|先週も|今週も|以前|毎回|何度|何回|度目|回目|相変わらず|やっぱり|やはり|同じ|再発|間違|誤|ミス|取り違|ずれ|ズレ|抜け|漏れ|欠け|入れ替|逆|足り|不足|古|旧|まま|切れ|壊れ|エラー|不具合|崩れ|飛んで|反映|ていない|てない|ていません|ておらず|重複|混ざ|混在|不自然|不明|にく|づら|読め|すぎ|過ぎ|一桁|桁|しか|すら|さえ|遅|ぎりぎり|ギリギリ|間に合|まだ|期限|締|納期|返事|返信|回答|反応|連絡|報告|読み飛ば|見ていただけ|読んでいただけ|無視|継続|契約|他の|他社|切り替|乗り換|続け|続く|任せ|社内で|請求|引き落と|料金|費用|稼働|二重|見積|解約|羽目|ことにな|問題にな|影響|迷惑|説明を求め|指摘され|恥|眠れ|二度手間|直し|結局|しまった|ところでした|危うく|戸惑|食い違|困惑|申し上げにく|使え|出せ|展開でき|入稿でき|受け取れ|受け入れ|びっくり|不安|最悪|不便|ちゃんと|しんど|やりにく|疲れ|うんざり|限界|雑|いまいち|イマイチ|低|悪|考慮|配慮|ストレス|イライラ|呆れ|あきれ|ショック|スピード|改善|注意|気をつけ|気を付け|二度と/u;

/** The act, if the message is a complaint about our work (the first sentence that makes it one). */
export function complaintOf(a: Analysis): Complaint | null {
  const sentences = a.sentences.map((s) => ({ s, ...ownWords(s) }));
  const whole = sentences.map((x) => x.t).join('\n');
  if (EXONERATE.test(whole)) return null;
  // A third party's complaint passed on as a task (a reply to draft, answers to sort): only a
  // sentence that points at our own work can still be a complaint.
  const passedOn = DRAFTING.test(whole) && THIRD_PARTY_SOURCE.test(whole);
  // Trouble with something that is not our work colours the whole message (「宅配業者がまた…。本当に
  // 融通がきかない」): only a sentence that names our work is still read for it.
  const external = EXTERNAL.test(whole);
  const softened = SOFTENED.test(whole);
  const ownSlip = OWN_SLIP.test(whole);
  let weak: Complaint | null = null;
  let problem: Complaint | null = null;
  let repeated = false;
  let consequence = false;
  let pending: Complaint | null = null;
  let due = false;
  for (let i = 0; i < sentences.length; i++) {
    const { s, t, hearsay } = sentences[i];
    if (!t || OWN_SLIP.test(t) || PRAISE.test(t) || JOKE.test(t)) continue;
    const ours = (s.ja ? JA_OUR_WORK : EN_OUR_WORK).test(t);
    if ((passedOn || hearsay) && !ours) continue;
    const outside = EXTERNAL.test(t) || THIRD_PARTY_FEELS.test(t) || (external && !ours);
    const hit = strongCue(s, t, outside);
    if (hit) return { ...hit, index: i };
    if (outside) continue;
    const again = REPEAT.test(t);
    repeated ||= again;
    if ((s.ja ? JA_CONSEQUENCE : EN_CONSEQUENCE).test(t)) consequence = true;
    if ((s.ja ? JA_DUE : EN_DUE).test(t)) due = true;
    const waiting = (s.ja ? JA_PENDING : EN_PENDING).exec(t);
    if (waiting) pending ??= { reason: 'late', cue: waiting[0], index: i };
    // A mistake asked about in case, or already fixed, is none (「抜けがあれば」 "the typos are all gone").
    const err = HYPOTHETICAL.test(t) || RESOLVED.test(t) ? null : (s.ja ? JA_MISTAKE : EN_MISTAKE).exec(t);
    if (err) {
      problem ??= { reason: 'harm', cue: err[0], index: i };
      if (again && !ownSlip) return { reason: 'repeated', cue: err[0], index: i };
      // A mistake stated as a fact is a complaint, unless played down or calmly pointed out with a
      // request to fix it (「日付が違っています。修正をお願いします」 "small typo — could you fix?").
      if (!softened && !ownSlip && !fixRequest(t)) weak ??= { reason: 'mistake', cue: err[0], index: i };
    }
    const broke = MALFUNCTION.exec(t);
    if (broke) {
      problem ??= { reason: 'harm', cue: broke[0], index: i };
      if (ours || again) return { reason: again ? 'repeated' : 'mistake', cue: broke[0], index: i };
    }
  }
  if (ownSlip) return null;
  // Still not there although it was due (「例のリスト、まだですかね?昨日中って話でしたよね」).
  if (pending && due) return pending;
  if (repeated && problem) return { ...problem, reason: 'repeated' };
  // A mistake with what it caused (「…ずれていたため、遅れて入ることになりました」 "Accounting is asking questions").
  if (problem && consequence) return problem;
  return weak && !sentences.some((x) => fixRequest(x.t)) ? weak : null;
}

// ————————————————————————————————————————————————————————————————————————————————————————————
// The author's own words in a sentence

/**
 * The sentence in the author's own words: quoted words are someone else's (a survey answer, a
 * review, a term to edit), and so is what a third party said, up to the reporting verb
 * (「取引先から納期が遅いと言われて」 "my boss said …"). `hearsay`: the sentence reports what a third
 * party said or demanded (「上から…と言われて困っています」): what it feels about that is not about us.
 */
function ownWords(s: Sentence): { t: string; hearsay: boolean } {
  let t = s.norm
    .replace(/「[^」]{0,200}」|『[^』]{0,200}』|“[^”]{0,200}”|"[^"]{0,200}"|【[^】]{0,40}】/gu, '「」')
    .replace(/(^|[\s(—–-])'[^'\n]{2,200}'(?=[\s.,;:!?)—–-]|$)/gu, '$1「」');
  let hearsay = false;
  t = t.replace(JA_REPORTED, (said) => {
    if (JA_THIRD_PARTY.test(said)) hearsay = true;
    return '「」';
  });
  t = t.replace(EN_REPORTED, (_all, who: string) => {
    hearsay = true;
    return `${who} 「」`;
  });
  return { t: t.trim(), hearsay };
}
const JA_REPORTED = /[^。、]{0,60}(と|って)(言われ|いわれ|書かれ|お叱りを|苦情|クレーム|指摘され|怒られ)|[^。、]{0,60}とのこと|[^。、]{0,60}という(声|意見|苦情|クレーム|コメント|問い合わせ)/gu;
/** Who said it: someone other than the client and us (上から, 取引先, お客様, 部長 …). */
const JA_THIRD_PARTY = /から|上司|部長|社長|上の人|役員|お客|顧客|取引先|先方|ユーザー|読者|口コミ|レビュー|アンケート|さん|様/u;
const EN_REPORTED = /\b((?:customers?|clients?|users?|readers?|subscribers?|someone|somebody|people|boss|manager|ceo|partner|they|he|she)\s+(?:said|says|complained|wrote|left|commented|told (?:me|us)|mentioned|is saying|are saying))\b[^.!?]{0,80}/gu;

// ————————————————————————————————————————————————————————————————————————————————————————————
// Context of the whole message

/** Our work named: 御社, いただいた (what you did for us), "you set up", "your team". */
const JA_OUR_WORK = /御社|貴社|そちら(で|の|さま|様)|(して|て|で)(いただい|頂い|くださっ|下さっ)(た|て)|(ご)?(作成|手配|設定|予約|登録|入力|対応|納品|担当)(いただい|頂い|して(い)?ただい)/u;
const EN_OUR_WORK = /\b(you|your|you've|you're|you'd|yours)\b/u;
/** The client says it is not about us. */
const EXONERATE = /御社(のこと)?ではなく|御社のせいでは|御社の問題ではな|not you\b|not about you|nothing to do with (you|your)|not your fault|no fault of yours|not on you\b/u;
/** A drafting or sorting task (what a third party's complaint is passed on for). */
const DRAFTING =
  /下書き|文案|返信文|返信案|回答案|(お詫び|謝罪)(文|メール|の文)|文面|案を(作|考え|出)|パターン|まとめて|分類|要約|抜き出|例を|回答を追加|督促|手伝って|一緒に考え|アドバイス|対応策|\b(draft|drafting|write (the|a|an|up)|reply to|replies|respond to (them|her|him|it)|tag|summari[sz]e|classif|sort (them|these)|template|advice|help me)\b/u;
/** Where a passed-on complaint comes from. */
const THIRD_PARTY_SOURCE =
  /(お客様|お客さん|顧客|取引先|読者|ユーザー|利用者|先方|会員|購入者|店員|口コミ|レビュー|アンケート|問い合わせ|お問い合わせ|声|部長|上司|社長)|\b(customers?|clients? of ours|users?|readers?|reviews?|survey|someone left|got this from|complaint from|partner|boss|manager)\b/u;
/** Not our work: weather, trains, tools, couriers, suppliers, the client's own company, boss, customers, events, a former vendor. */
const EXTERNAL = any(
  /天気|天候|予報|雨|雪|台風|電車|渋滞|障害|メンテナンス|宅配|配送業者|運送|郵便|不在票|印刷会社|代行会社|外注先|業者さん(?!への)|前の(担当|業者|会社)|以前の(業者|会社)|前任|元の担当/,
  // What the client cannot yet do themselves (「使い方が分からなくて」「まだ慣れなくて戸惑っています」).
  /(慣れ|わから|分から|覚えられ)(なくて|ず|ない)/,
  /(zoom|google meet|meet|slack|teams|ソフト|アプリ|クラウド|サーバー|システム|ツール|ネットワーク|回線|パソコン|pc)(の|が|は)?[^。]{0,8}(調子|不調|不具合|障害|落ち|重く|重い|止ま|仕様|アップデート|通知|繋がら|つながら)/,
  /社内の(承認|システム|事情|稟議)|承認が|上から|うちのお客|弊社の(配送|物流|お客|顧客|社員|スタッフ|製造|工場|倉庫|経理|営業)|自分で(予約|手配|作|やっ)|プリンター|風邪|体調|中止にな|キャンセルにな|延期にな/,
  /\bthe (venue|airline|bank|landlord|government|organi[sz]ers?|council|city|building|airport|hotel staff)\b(?! (you|booking|reservation|search|list|options?|contract))/,
  /\b(weather|rain|raining|pouring|snow|storm|train|traffic|laptop|computer|my phone|airline|flight was delayed|forecast|zoom|courier|printer|app update|the app|software|ugh,? mondays?|coffee first|legal|my boss|the summit|got cancell?ed|former)\b/,
  /\b(slack|teams|meet|the tool|the system|wifi|internet) (is|was|keeps|has been|being)\b|\bour (internal|own|legal|warehouse|customers?|boss|approvals?)\b|\bone of our customers\b/,
  /\b(a|our|my) (\w+ )?(suppliers?|vendors?|contractors?|freelancers?|landlords?)\b|\bprevious (va|agency|vendor|assistant|provider)\b|\b(booked|did|fixed|made|sorted) (it|them|the \w+) myself\b/,
);
/** A third party's own feelings (部長が不満を持っているようで, 先方が怒っていて): not the client's complaint. */
const THIRD_PARTY_FEELS =
  /(部長|上司|社長|役員|お客様|お客さん|先方|取引先|顧客|上の人|彼|彼女)(が|は|も)[^。]{0,20}(不満|怒って|お怒り|ご立腹|困って|がっかり|嘆い|激怒|不安)|\b(my|our) (boss|manager|ceo|customer|customers|client|clients|partner) (is|are|was|were) (upset|angry|furious|unhappy|annoyed|frustrated|disappointed)\b/u;
/** A mistake played down, or the rest said to be fine. */
const SOFTENED = /1点だけ|一点だけ|1つだけ|ひとつだけ|細かい(ところ|点|誤字|修正)|小さな|ちょっとした|軽微|他は問題|問題ないです|全体的に(とても)?(良|いい)|\b(small|minor|tiny|quick fix|one typo|just one|otherwise|all good|looks great|overall)\b/u;
/** The client's own slip or apology. */
const OWN_SLIP = any(
  /(私|わたし|自分|こちら|当方|弊社)(の|が|側の)(ミス|確認漏れ|確認不足|誤字|勘違い|不手際|送り間違|間違|手違|入力ミス|記載ミス)/,
  /(私|わたし|こちら|当方)(の|が)(指示|説明|伝え方|書き方|言い方)[^。]{0,8}(分かりにく|わかりにく|分かりづら|わかりづら|悪|不十分|足りな|曖昧|間違|不足)/,
  /(こちら|私|当方|弊社|自分)(で|が|の方で)[^。]{0,12}(間違え|ミス|誤って|忘れ|漏れ|勘違い)|(こちら|私|当方)の(ミス|勘違い)|勘違いでした|お騒がせ/,
  /(こちら|私|弊社|当方|自分)(の|側の)[^。]{0,10}(作業|確認|準備|対応|返信|社内)が(遅れ|止ま|滞)|(こちら|私|自分)が[^。]{0,10}(遅れ|忘れ)/,
  /すみません(?!が)|ごめんなさい|申し訳(ありません|ございません|ない)(?!のですが|が|けど)|失礼(しました|いたしました)/,
  /(こちら側|こちら|弊社|当方)の(都合|事情)(で|により|によ|ため)|\b(on|from) (my|our) (end|side)\b/,
  /\b(my (fault|bad|mistake|error)|our (fault|bad|mistake|error)|sorry(?!,? (but|to say|to be))|apologies|i sent the wrong|i messed up)\b/,
);
/** Praise of our work: a sentence with it is no complaint. */
const PRAISE = /助かって(い)?ます|(早さ|速さ|早く仕上|丁寧さ)|嬉しい|うれしい|感動|助かりました|ありがとうございます(!|!|。)?$|好評|さすが(?!に)|素晴らし|完璧|満足して(います|おります)|気に入って|\b(love it|loving|so glad|glad we|great job|great work|well done|thanks for all|you've been great|perfect)\b|(?<!not |n't |un)\b(really |very |so )?happy with\b/u;
/** A joke: laughter marks. */
const JOKE = /笑|w{2,}$|\b(lol|haha|hehe)\b|😂|🤣/u;

// ————————————————————————————————————————————————————————————————————————————————————————————
// Strong cues: one is enough

interface Cue {
  reason: ComplaintReason;
  cue: string;
}

const JA_DISPLEASURE = any(
  // Displeasure named.
  /不満(が|です|だ|に(思|感じ)|を(感じ|持|抱)|な点が(あり|ござい))|納得(でき|いき|いか|しかね|が(いき|いか))(ません|ない|かね)?|看過(でき|いたしかね)|勘弁|不信感|信用(でき|なら)(ない|ません)|信頼(でき|して)(ない|いいのか|ません)/,
  /困惑|戸惑って|がっかり|残念(です|に(思|感じ)|でなりません|でした)(?![^。]{0,60}(見送|お断り|辞退|今回は|機会))|期待外れ|期待はずれ|呆れ|あきれ|イライラ|いらいら|うんざり|(そろそろ|もう|我慢の)限界|最悪(?!の場合|でも)|不便(です|になり)|やりにく/,
  // Tiring or worrying because of how we work (「毎回一から説明するのがストレスです」「最近の対応には不安を感じています」).
  /(説明|確認|チェック|やり取り|やりとり|修正|指摘|連絡|対応|催促)[^。]{0,12}(ストレス|疲れ(ます|ました)|しんどい|負担)|(対応|品質|クオリティ|御社|お任せ|仕上がり|進め方|納期|精度|体制)[^。]{0,12}不安(です|を感じ|があり|になり|に思)/,
  // Troubled (not by what the client cannot do themselves: 「使い方が分からなくて困っています」, nor in case: 「ないと困ります」).
  /(?<!(わから|分から|知ら|でき)(なくて|ず)[^。]{0,6}|(ないと|なければ|なかったら))(困って(い)?ます|困ります|困る(んです|のです))|びっくりして(い)?ます|申し上げにくい|言いにくい/,
  // Our work judged bad.
  // Short and casual: 「これはちょっと…」「またですか?」「え、これだけですか?」「全然ダメです」「話になりません」.
  /(これ|こちら)(は|だと|じゃ)?(ちょっと|さすがに)(…|\.\.\.|。|$)|うーん[、,…]*[^。]{0,10}(違|ちょっと|微妙|イマイチ|いまいち)|また(です|か)(か|ね)?[?？!！…]|またか|(え|えっ)[、,]?[^。]{0,10}(これだけ|これで(完成|終わり|全部))|これ(だけ|で全部|で完成|で終わり)(ですか|なんですか|[?？])/,
  /(全然|全く|まったく|これでは|これじゃ|これは|ちょっと)(ダメ|だめ)|話になりません|話にならない|雑(じゃ|では)ない|何(回|度)(言|お伝え|お願い|申し上げ)(え|し|すれ)ば/,
  /満足(して)?(い|お)?(ない|ません|りません)|満足でき(ない|ません)|不満足|これは(ない|ないです|ありえ)|しっかりして|ひどくない|ひどすぎ|ひどいです|酷い|あり得ない|ありえない|あり得ません|いい加減(に|な)|雑(すぎ|です|な(作業|対応|仕事|納品))|いまいち|イマイチ/,
  /(クオリティ|品質|精度|完成度|出来|仕上がり|レベル)(が|は)?[^。]{0,6}(低|悪|いまいち|イマイチ|微妙)|(水準|レベル|品質|クオリティ)(には|に)?(届いて|達して)(い)?(ない|ません|おりません)/,
  /期待(して|していた|しておりました)(の|ん)?(に|ですが|ですけど|だけに)|期待(していた|しておりました)(もの|水準|レベル|内容)|期待して[^。]{0,12}(のですが|んですが|のに|けど)|考えてしまい(ました|ます)/,
  /使えない|使えません|使えませんでした|使い(づら|にく)|出せません|出せない|展開でき(ない|ません)|入稿でき(ない|ません)|提出でき(ない|ません)|受け取れません|受け入れ(られ|かね)ません|お支払いでき(ない|かね|ません)/,
  /(多|少な|大き|小さ|長|短|遅|粗|薄|濃|暗|ひど|酷|難し|分かりにく|わかりにく|読みにく|見にく)すぎ(ます|ました|る|です|て|ませんか)/,
  // Exasperated questions and doubts about how we work.
  /どういうこと|どうなって(いる|る)ん(です|だ)|どうかと思|いかがなものか|考えられません|信じられません|理解でき(ない|ません)|意味が(分か|わか)りません|(なぜ|どうして)(こう|このような|こんな|いつも|毎回|また)|よく(これで|この内容で)|(これで|この内容で)よく|何(回|度)目(です|でしょう|ですか)|言った(通り|とおり)に/,
  /ちゃんと(読|見|確認|チェック|やっ)|(チェック|確認)(は|を)?(して|し)(いただ|頂)(い|け)て(い)?る(の)?(でしょうか|ですか)|(見て|読んで)(いただ|頂)けて(い)?(ます|る)(の)?(でしょうか|か)|聞いて(い)?ますか|読んで(い)?ますか/,
  /(チェック|確認|管理|体制)(は|が)?(どう|どのように)なって|(確認|チェック|配慮|注意)(が|も)?(足りな|不十分|甘い|欠け)|考慮(して)?(いただけて|されて|して)(い)?(ない|ません)/,
  // Told to do better.
  /もう少し(スピード|丁寧|早く|しっかり|注意|気を(付|つ)け|きちんと)[^。]{0,60}(いただけ|ほしい|欲しい|ください|いただきたい|願い)|改善(して|を)(ください|いただきたい|お願い|してほしい|いただけ)|今後(は)?[^。]{0,12}(気を(付|つ)けて|ご注意|注意して|ご留意|このようなことが(ない|ありません|起きない)よう)|二度と|再発防止(策)?(を|について|は)/,
  // Told before, the same thing again.
  /(前回|先週|先月|以前|前|何度|毎回|いつも|これまで)(も|にも)[^。]{0,12}(お伝え|申し上げ|お願い|ご指摘|指摘|言っ|お話し|ご説明|説明)(を)?(し|いたし|させていただき)?(まし)?た|同じこと(を|ばかり)?(何度も)?(申し上げ|お伝え|言って|お願い|説明)|同じこと(が|も)(あり|起き|起こ)|再発(して|しています|しました)|(毎回|いつも)[^。]{0,10}(一から|同じ)[^。]{0,10}説明/,
  // Expected of us, not done (「一言ご相談いただきたかった」).
  /(いただ|頂)きたかった|(ほし|欲し)かった/,
);
const EN_DISPLEASURE = any(
  /^not good\b|\b(isn't|is not|wasn't|aren't|not) (good|great) enough\b|\bnot again\b|\bagain\?|\b(this|that) (won't|will not) do\b|\bthis (won't|will not|doesn't|does not) work\b(?! for (me|us))|\bare you (kidding|serious)\b|\b(this|it)('s| is) (a|such a) mess\b|^(very|really|pretty|quite) poor\b|\bwhat on earth\b|\bwhat the (hell|heck)\b|\bwtf\b/,
  /\b(disappoint(ed|ing)(?! to (miss|have missed|not (make|attend|be able)))|unacceptable|not acceptable|frustrat(ed|ing)|annoy(ed|ing)|not happy|unhappy|not impressed|let down|not good enough|(haven't|hasn't|isn't|aren't|wasn't) been good enough|not great|not ideal|not ok|not okay)\b/,
  /\b((isn't|is not|wasn't|not) (really )?(usable|acceptable|up to)|unusable|useless|not up to|below (the |our )?(standard|expectation)|standard we'?d expect|below par|embarrass(ed|ing))\b/,
  /\b(seriously[,?!]|come on\b(?! (in|over|board|by|through))|filler|(feels|looks|seems|was|is) rushed|rushed (job|work)|what is this\?|what's going on|what is going on|why did nobody|nobody (told|flagged|said|mentioned|warned)|repeating myself|i shouldn't have to|shouldn't have to chase|would have appreciated|i'd have appreciated|love that for us)/,
  /\b(disaster|terrible|awful|horrible|worst(?! case)|furious|upset|fed up|tired of|sick of|ridiculous|getting ridiculous|losing (confidence|trust|patience)|lost (confidence|trust))\b/,
  /\b(not (pleased|satisfied|thrilled)|dissatisfied|unsatisfied|displeased|unimpressed|expected (much |a lot |far |a bit )?(better|more)|not the (level|standard|quality) (we|i))\b/,
  /\b(can't|cannot|couldn't) (use|publish|present|accept) (this|it|these|them)\b(?! (until|till|yet|now|today|tomorrow|before))|\b(can't|cannot|couldn't) (send|share|show|forward) (this|it) [^.!?]{0,20}(as it is|like this|in this state)|\bwithout any (notice|warning|heads-up|heads up)\b/,
  /(?<!not )\b(sloppy|shoddy|subpar|sub-par|unprofessional|amateurish|half-baked|unreliable|careless)\b|\bpoor (quality|work|job|effort|standard|communication|service|attention|performance|english|translation)\b|\b(is|are|was|were) (really |quite |pretty |very )?poor\b/,
  /\b((didn't|did) i (not )?(already )?(flag|mention|say|tell|ask|point)|i('ve| have)? already (flagged|told you|said this|asked|mentioned|pointed)|how many times|\w+ times now|(second|third|fourth|2nd|3rd|4th) time (now|this (week|month))|this (really |just )?(isn't|is not) it|keeps? happening|happened again)\b/,
  /\b(doesn't follow|does not follow|didn't follow|not following (the|my|our)|none of (the|my|our) (changes|edits|feedback|comments|corrections|notes))\b/,
  /\bbe (a bit |a little |much |more )?(quicker|faster|more responsive|more careful)\b|\bholding (us|me|things) up\b|\b(worr(y|ied)|concerned) about the (quality|accuracy|reliability|turnaround|responsiveness)\b|\bin this state\b|\bhow did this (get|go|pass)\b|\b(have|had) to explain (everything|it all|again)\b|\bfrom scratch (each|every) time\b|\b(can't|cannot) accept (this|it)\b/,
  /\b(please|could you|can you)? ?(be more careful|double-check (your|before)|pay (more )?attention|make sure this doesn't happen again|this can't happen again|can't keep happening)\b/,
);

const JA_NOT_AS_ORDERED = any(
  /(お願い|依頼|お伝え|申し上げ|指定|指示|ご相談|合意|約束|確認|お聞き|伺っ|聞い|ご説明いただい|お約束いただい)(し|いたし|致し|させていただい)?て(い|お)?(た|り)(はず|のに|のですが|んですが|のですけど|けど|ばかり)/,
  /と(お願い|お伝え|指定|ご依頼|依頼|申し上げ)(して|し|いたして)(い|おり)?(た|まし)(た)?(のに|はず|のですが|んですが)|(お願い|依頼)したのに|(依頼|お願い|注文|発注)したのは[^。]{0,12}(はず|だった)/,
  /(最初|当初|事前|前回|以前)(の|に)?(話|お話|説明|ご説明|約束|合意|内容|指示|ご案内)と(は)?(全然|まったく|全く|だいぶ|かなり|大きく)?(違|異な)/,
  /(話|約束|内容|指示|依頼|発注|イメージ|ご説明|合意|想定)と(は)?(全然|まったく|全く|だいぶ|かなり|大きく|少し)?(違い|違う|違って|異な|合って(い)?ない|合っていません)/,
  /(指定|依頼|お願い|注文|発注|指示|お伝え)(した|していた|いただいた|の)?(もの|内容|通り|とおり|色|サイズ|形式|デザイン|仕様|数|日|時間|フォント)?と(は)?[^。]{0,6}(違|異な|合って(い)?ない)/,
  /(期待|想定|お願い)していた(もの|内容)(とは|と)[^。]{0,8}(違|異な)|(指示|依頼|お願い|指定|注文|発注|要望|要件|打ち合わせ|合意)(の)?(通り|どおり)(に)?(なって|でき|作られ|進んで)?(い)?(ない|ません|おりません)/,
  /(ご)?相談(なく|なしに|もなく|もなしに)|一言(ご相談|ご連絡|お声がけ|言って)|相談もしていません|(伺って|聞いて|お聞きして)(い|お)?(ない|ません|りません)(の|ん)?(ですが|ですけど|が|けど)/,
);
const EN_NOT_AS_ORDERED = any(
  // What we asked for, set against what came: "we asked for three options but only got one".
  /\b(we|i) (asked|specifically asked|requested|said|agreed|needed|specified|discussed|briefed|told you)\b(?=.{0,80}\b(but|not|n't|only|instead|still|neither|never|though|however|yet)\b)/,
  /\b(isn't|is not|aren't|wasn't|not) the (one|ones|font|colou?r|size|version|format|layout) (we|i) (specified|asked for|chose|picked|requested|agreed|wanted)\b/,
  /\bignor(e|es|ed|ing) (everything|what|all) (i|we)\b|\b(double|twice|way over|well over|over) (the|our|my) budget\b/,
  /\bnot what (we|i) (asked|agreed|wanted|ordered|were after|was after|had in mind|needed|discussed)|(isn't|is not|wasn't|not) (quite )?what (we|i) (agreed|asked|wanted|were after|was after|had in mind|needed)/,
  /\b(neither of which|nowhere near|never (discussed|agreed|asked))\b|\bwithout (asking|telling|consulting|checking with) (us|me)\b|\bheads[- ]up before\b/,
  /\b(ignor(ed|ing|es)|against) (my|our|the) (instructions|brief|feedback|comments|notes)\b|\b(didn't )?made it in\b/,
);

const JA_LATE = any(
  /(期限|締切|締め切り|納期|約束|予定|お願いしていた|昨日中|午前中|今朝|昨日|先週|〆)[^。]{0,40}(まだ(届いて|いただけて|何も|です|でしょう)|届いていない|届いておりません|いただけていない|過ぎて|間に合わ|遅れ)/,
  /まだ[^。]{0,12}(てない|ていない|できてない|できていない|終わってない|終わっていない)(ん|の)(ですか|でしょうか|[?？])|(連絡|ご連絡)(も|が)?(ない|なく)まま|ぎりぎり|ギリギリ|間に合いませんでした|間に合わなかった|時間を過ぎても|(お待たせ|待たされ)(すぎ|過ぎ)/,
  /(対応|返信|返事|お返事|ご返信|作業|納品|レスポンス|提出|報告|更新)(が|は|も)?[^。]{0,6}(遅|おそ)(い|く|れて|れ気味|すぎ)|遅すぎ|時間がかかって(い)?ます(よね|ね)|スピード感/,
);
const EN_LATE = any(
  /\bstill not (done|ready|finished|delivered|sent|here)\b|\bpast the (time|deadline|date|due date)\b|\bstill waiting\b|\bstill (haven't|have not|hasn't) (received|got|gotten|seen|arrived)\b|\bwhat's the holdup\b|\b(deadline|due date) (was|has been|got) missed\b|\bmissed (the|our|your) deadline\b/,
  /\bit's now (monday|tuesday|wednesday|thursday|friday|the \w+)\b|\b(was|were) due\b|\boverdue\b|\bpast (the )?(deadline|due date)\b|\bit's been (\d+|two|three|four|five|several|a few) (days|weeks)\b/,
  /\b(came|arrived|landed) (on )?(monday|tuesday|wednesday|thursday|friday|the next day|a day late|late)\b|\b(slip|slipped|slipping)\b|\bi needed (it|the \w+) (before|by)\b|\bwalked in with nothing\b|\b(too|so) slow\b|\btakes? (so|too) long\b|\blate again\b/,
);

const JA_IGNORED = any(
  /(お返事|ご返事|返事|ご返信|返信|ご回答|回答|反応|ご連絡|連絡|レス|報告|ご報告)(が|も|を)?(一切|何も|まだ)?(いただけていません|いただけていない|いただけない|いただけません|ない|ありません|ございません|来ない|来ません|なく)/,
  /何度(か|も)?(ご連絡|連絡|お送り|メッセージ|お伝え|申し上げ|催促|呼びかけ)|読み飛ばさ|無視さ|(ご)?連絡(を)?いただけない|(報告|連絡|返信|返事)(すら|さえ|も)(ない|ありません|いただけ)/,
);
const EN_IGNORED = any(
  /\bno (response|reply|answer|word)\b|\b(there's been|there has been|haven't had|we've had|i've had) no (update|reply|response|word)\b|\bno updates? (at all|from you|whatsoever)\b|\bnot even (a|an|one)\b|\b(i|we) (said|told you|mentioned) (it was|this was|it's|this is|that it was) (urgent|important|a priority|time-sensitive)\b|\bhaven't heard (anything |a thing |a word )?back\b|\bheard nothing\b|\bnot heard (anything|back)\b|\bunanswered\b/,
  /\bnobody has (said|replied|answered|responded|got back)\b|\b(hard|impossible|difficult) to reach\b|\bcan't reach\b|\bcouldn't reach\b|\bno one (has )?(replied|answered|responded|got back)\b/,
  /\bhaven't heard back\b|\bis anyone (looking|reading|there|checking)\b|\bonly answered\b|\bignor(ed|ing)\b|\bwithout (a )?(reply|response)\b|\bmessaged (\w+ )?(three|two|several|\d+) times\b|\bhave to chase\b/,
);

const JA_THREAT = any(
  /(継続|更新|お付き合い|お取引)[^。]{0,12}(難し|厳し|考え直|検討し直|再検討|迷|悩)|契約[^。]{0,12}(見直|考え直|再検討)[^。]{0,12}(ざるを得|せざる|させていただ|考えて(い|お)ります|検討して(い|お)ります|視野)/,
  /(他の|他社|別の)[^。]{0,6}(業者|会社|代行|サービス|ところ|方)[^。]{0,15}(切り替|乗り換|検討|お願い|依頼|視野)|他社(さん|様)?(へ|に|の)[^。]{0,12}(切り替|乗り換|検討|お願い|依頼|視野)|切り替え(も|を)?(視野|検討)/,
  /(別の|他の|他社)[^。]{0,10}(頼んだ|お願いした|依頼した|任せた)(ほう|方)が|続けるか(どうか)?(迷|悩|考え)|(解約|契約解除|契約の解除|契約終了|契約の終了)(も|を)?(検討|考え|視野)|(お)?任せ(でき|られ)(ない|ません)|社内で(やる|やります|対応する|行う)ことに/,
  /(このまま|今のまま)(だと|では|でしたら)[^。]{0,20}(継続|続け|契約|お願い|難し|厳し)|(状況|こと)が続く(ようでしたら|なら|ようなら|場合|と)|続くようだと|(お願い|依頼|お任せ)(し|でき)?(づら|にく)く/,
);
const EN_THREAT = any(
  /\breconsider(ing)?\b|\blook(ing)? elsewhere\b|\b(we|we've|we're|we'll|we'd|i|i'm|i've|i'll)\b[^.!?]{0,30}\b(other|another|a different|a new)\s+(\w+\s)?(agenc\w*|vendors?|providers?|firms?|suppliers?|compan\w*|assistants?|vas?)\b/,
  /\b(won't|will not|not going to|may not|might not) (be )?renew(ing)?\b|\bnot renewing\b|\bat this rate\b|\b(find|look for|looking for) someone else\b|\bpull the plug\b/,
  /\b(taking|take|bring|bringing|moving|move) [\w\s]{0,20}(back )?in-house\b|\bcancel (the|our) (contract|retainer|subscription|agreement)\b|\bend (the|our) (contract|engagement|agreement)\b/,
  /\bwhether (this|it) is working\b|\bif (this|things|it) (continues?|don't improve|doesn't improve|keeps?( up)?|happens again)\b|\bhard to keep (sending|working|using|giving)\b|\bnot working out\b|\bterminat(e|ing)\b|\bswitch(ing)? (provider|agency|vendor|supplier)s?\b/,
);

const JA_BILLING = any(
  /(請求|引き落と|課金|料金|費用|稼働報告|作業時間|明細|お支払い)[^。]{0,30}(多く|多い|高く|高い|違|誤|二重|2通|二通|2回|二回|重複|入って(い)?ます|入っています|含まれて(い)?ます|倍|納得|おかし|計上され)/,
  /二重(請求|に(請求|引き落)|課金)|見積(もり|り)?より[^。]{0,12}(多|高)|(解約|キャンセル|取り消|取消)(済み|した|して)[^。]{0,30}(請求|入って|課金|引き落と|料金)|(請求|金額|料金)[^。]{0,40}(が|けど)、[^。]{0,30}(よね|はず|のに)|(もう|すでに|既に)[^。]{0,12}(請求|入って|計上)/,
);
const EN_BILLING = any(
  /\b(billed|charged|invoiced) (us )?for [^.!?]{0,40}\b(nobody|not|never|didn't|cancell?ed|already)\b|\bovercharg\w*|\b(still|again) (being )?(charged|billed)\b|\b(invoice|bill)s? (doesn't|does not|don't|do not) match\b/,
  /\bcancell?ed\b[^.!?]{0,40}\b(still|again)\b[^.!?]{0,20}\b(charged|billed|invoice)/,
  /\b(charged|billed|invoiced|charging|billing)\b[^.!?]{0,50}\b(cancell?ed|nobody|never|didn't|not (used|booked|requested|ordered))\b|\b(invoice|bill)\b[^.!?]{0,40}\bbut\b[^.!?]{0,40}\b(only|didn't|never|half|fewer|less)\b/,
  /\b(invoice|invoiced|bill|billed|billing|charge|charged|fee|fees)\b[^.!?]{0,40}\b(over|twice|double|higher than|more than|still|already|never discussed|wrong|incorrect)\b/,
  /\bcharged (us )?twice\b|\bdouble[- ]charged\b|\bover the (quote|estimate)\b|\b(still|already) on [\w\s']{0,20}invoice\b|\bpaying for [\w\s-]{0,30}\band\b/,
);

const JA_HARM = any(
  /羽目に|(お詫び|謝罪)(の|を)[^。]{0,10}(電話|連絡|入れ|し)|問題にな(って|り)|影響が出て|信頼関係|説明を求められ|指摘されてしまい|恥を|恥ずかし|眠れ(ません|なかった)|二度手間|(やり直し|作り直し)が(多|続)/,
  /(先方|お客様|お客さん|読者|取引先|顧客)(に|へ)[^。]{0,20}(送って?しまい|送られて|お出しして?しまい|出してしまい)|(もう|既に|すでに)[^。]{0,10}(送って?しまい|出て?しまい|公開され)|出回って|(出て|公開されて)しまって|手間が(増え|かか)/,
  /(刷り|作り|やり|撮り|調べ|書き)直(し|す)(に|を|が|ことに|ました)|結局(自分|こちら|私|弊社)で|(配って|送って|出して|公開して|提出して|発注して|印刷して|刷って)しま(った|いました)|ところでした|危うく/,
);
const EN_HARM = any(
  /\bhad to (send|call|pay|redo|fix|explain|apologi[sz]e|cancel|rebook|correct|reprint|redo|rewrite)\b|\bended up (paying|having|doing|redoing|missing|fixing|rewriting)\b|\bfor nothing\b|\bcaught (them|it)\b|\bnoticed it in\b/,
  /\bis asking (me )?(why|questions|about it)\b|\basking questions\b|\bwent out with\b|\balready (went|out|gone|sent)\b|\bcustomers are (emailing|complaining|calling|asking)\b|\bsubscribers started\b|\bcost us\b|\blost (a|the|us) (client|deal|customer)\b|\b(almost|nearly) (presented|sent|published|printed|shared|forwarded|went out|submitted|used)\b/,
);

function strongCue(s: Sentence, t: string, outside: boolean): Cue | null {
  const ja = s.ja;
  // Not about our work: only the contract and the bill still speak of us.
  const order: Array<[ComplaintReason, RegExp]> = outside
    ? [
        ['threat', ja ? JA_THREAT : EN_THREAT],
        ['billing', ja ? JA_BILLING : EN_BILLING],
      ]
    : [
        ['threat', ja ? JA_THREAT : EN_THREAT],
        ['billing', ja ? JA_BILLING : EN_BILLING],
        ['not-as-ordered', ja ? JA_NOT_AS_ORDERED : EN_NOT_AS_ORDERED],
        ['ignored', ja ? JA_IGNORED : EN_IGNORED],
        ['late', ja ? JA_LATE : EN_LATE],
        ['harm', ja ? JA_HARM : EN_HARM],
        ['displeasure', ja ? JA_DISPLEASURE : EN_DISPLEASURE],
      ];
  // A failure only supposed (「遅れそうなら」 "if it looks like slipping") is none yet; a threat is conditional by nature.
  const supposed = HYPOTHETICAL.test(t);
  for (const [reason, re] of order) {
    if (supposed && reason !== 'threat' && reason !== 'billing' && reason !== 'not-as-ordered') continue;
    const cue = re.exec(t)?.[0];
    if (cue && !negated(s, t, cue)) return { reason, cue };
  }
  return null;
}

/** The displeasure is denied: 「不満な点はありません」「特に困っていることはない」 "no complaints". */
function negated(s: Sentence, t: string, cue: string): boolean {
  if (!s.ja) return /\b(no|not|never|nothing|without) (complaints?|problems?|issues?)\b/.test(t) && !/\bnot (happy|great|ideal|ok|okay|good enough|impressed|acceptable|usable|up to|pleased|satisfied|thrilled)\b/.test(cue);
  const at = t.indexOf(cue);
  if (at < 0) return false;
  // A noun cue (不満, 問題, 不安) followed by ない/ありません in its own clause.
  if (/^(不満|問題|不便|不安)/.test(cue)) {
    const rest = t.slice(at + cue.length, at + cue.length + 12);
    if (/^(な点|な|は|も)?(特に)?(ない|ありません|ございません|無い)/.test(rest) || /^[^。]{0,4}(ありません|ございません|ない(です)?[。!!]?$)/.test(rest)) return true;
  }
  return negatedVerb(s.tokens, cue);
}

/** A 困る-type verb of the cue negated by the auxiliary after it (困っていない, 困りません), read in morphemes. */
function negatedVerb(tokens: JaToken[], cue: string): boolean {
  if (!/^困/.test(cue)) return false;
  const i = tokens.findIndex((tk) => tk.base === '困る');
  if (i < 0) return false;
  return tokens.slice(i + 1, i + 5).some((tk) => (tk.pos === '助動詞' && (tk.base === 'ない' || tk.base === 'ぬ')) || (tk.pos === '形容詞' && tk.base === 'ない'));
}

// ————————————————————————————————————————————————————————————————————————————————————————————
// Weak cues: a mistake, a malfunction, a repeat, a consequence, something still not there

/** The same failure again (needs a mistake or a malfunction with it). */
const REPEAT = any(
  /また|再び|今回も|前回も|先月も|先週も|今週も|以前にも|以前も|毎回|いつも(の)?(ように)?(同じ|ミス|間違)|何度(も|目)|度目|回目|[二三2-9３-９]度|繰り返|相変わらず|やっぱり|やはり/,
  /同じ(こと|ミス|間違|指摘|箇所|ところ|誤|事象|問題)/,
  /\b(again|second time|third time|2nd time|3rd time|every (single )?time|each time|once more|keeps?|kept|still (there|not|on|wrong|missing|broken)|repeatedly|as i (said|mentioned)|i already (told|said|asked|mentioned)|like last time)\b/,
  /\b(another (spreadsheet|mistake|error|typo|one|file|deck|invite|report)|same (mistake|error|issue|problem|thing))\b/,
);

/** A mistake in what we delivered or did. */
const JA_MISTAKE = any(
  /間違(い|っ|え)(?!な)|誤り|誤字(?!(脱字)?(の)?(チェック|確認|修正))|脱字(?!(の)?(チェック|確認))|誤って|誤った|ミス(?!ター)|取り違え|(?<!い)ずれ(て|が|た)|ズレ/,
  /(書かれて|記載されて|含まれて|載って|反映されて)(い)?(ない|ません|ませんでした|おらず)|崩れて(い)?(ます|まし|る)|抜けて|抜けが|漏れ(て|が)|欠けて|入れ替わ|逆になって|違って(い)?(ます|まし|る)|合ってい?ません|合っていない|足りない|足りません|不足して|飛んで(い)?ます/,
  /(古い|旧|前の)[^。]{0,12}まま|のままになって|のままでした|まま残って|(た|の)まま(配信|送信|送付|公開|納品|提出|掲載|印刷|発送|共有)|になっていませんか|置き換わって/,
  /反映されていな|反映されていません|されていませんでした|入っていませんでした|入っておらず|消えて|重複して|混ざって|混在|統一されていない|不自然|不明な(情報|点が多)/,
  /(分か|わか)りにく|読めません|読みにく|見づら|超えて(い)?ました|載っていません|取られていました|喫煙|一桁|桁(が|を)?(違|多|少|間違)|\d+(案|件|点|つ|個|枚|ページ|部|名)しか/,
);
const EN_MISTAKE = any(
  /\b(wrong|mistakes?|errors?|typos?|missing|misspel\w*|swapped|mixed up|mix-up|stretched|incorrect|inaccurate|outdated|out of date|old version|skips|skipped|left out|forgot|forgotten|transcription|duplicated?)\b/,
  /\b(doesn't match|don't match|instead of|not (applied|updated|fixed|included)|still there|last (month|quarter|year)'s)\b|\b(january|february|march|april|may|june|july|august|september|october|november|december)'s data\b|\bthis is \d+\b/,
  /\b(is|are|was|were) (all )?off\b|\boff by\b|\b(doesn't|don't) add up\b|\bmismatch\w*|\bonly (got|received|sent|delivered) (one|two|\d+)\b|\bextra (zero|digit)\b|\b(misaligned|cut off|cropped|blurry|pixelated|overlapping|left off)\b|\b(doesn't|don't|didn't) (include|mention|cover|reflect)\b|\bold (job )?(title|version|logo|address|price|prices|data|figures|number|name|details|info\w*)\b|\bstill (has|have|shows?|says?|lists?)\b/,
);

/** Something we set up or run is broken (a complaint when it is ours, or broken again). */
const MALFUNCTION = /エラー|不具合|壊れ|動かな|使えな|切れ(た|て)|文字化け|崩れ|\b(broken|throwing errors|not working|doesn't work|isn't working|down again|crash\w*|fails?|failing)\b/u;

/** What a mistake caused: 〜することになりました, a third party asking about it. */
const JA_CONSEQUENCE = /(こと|はめ)にな(りました|って)|(から|より)[^。]{0,12}(問い合わせ|お問い合わせ|連絡|確認|指摘|クレーム|苦情|電話)(が|を)?(来て|あり|入って|受け)|(経理|上司|社内|部長|社長|先方)(から|に)[^。]{0,10}(確認|指摘|説明|聞かれ)|(刷り|作り|やり)直し/u;
const EN_CONSEQUENCE = /\b(is|are|was|were|started) (asking|emailing|calling|complaining|replying|pointing)\b|\bhad to\b|\bcaught (them|it)\b|\bnoticed\b|\bmattered\b|\bwent (out|live)\b|\balready (went|sent|out|printed|forwarded|published|posted|shared|distributed|ordered)\b|\b(we|i)'ve already\b|\bleft waiting\b|\bcalled (us|me)\b|\bhanded (them|it) out\b/u;
/** Something still not there. */
const JA_PENDING = /まだ(です|でしょう|届いて|届きません|いただけて|いただいて|何も|ない|来て)|届いていない|届いておりません|いただけていない|(ご)?連絡(も|が)(ない|なく)/u;
const EN_PENDING = /\bstill (waiting|no|not|haven't|nothing)\b|\bhaven't (received|seen|got|gotten|heard)\b|\bnot (here|in) yet\b|\bwhere is\b/u;
/** It was due: a deadline, a promise, a time asked for. */
const JA_DUE = /期限|締切|締め切り|〆切|納期|昨日中|今日中|午前中|約束|予定(では|だった|でした)|話でした|って話|はず|お願いしていた|お願いした|までに(と|って)|までとお|日前に/u;
const EN_DUE = /\b(due|deadline|promised|you said|by (yesterday|this morning|monday|tuesday|wednesday|thursday|friday|noon|end of)|was supposed to|were supposed to|agreed|days ago)\b/u;

/** In case, or whether: 「〜があれば」「ないか確認」 "if any are missing". */
const HYPOTHETICAL = /(あれば|あったら|ありましたら|でしたら|ないか|ないかどうか|場合は|なければ(?!なら|いけ))|\b(if|whether|in case)\b/u;
/** Already put right: 「誤字がなくなっていました」 "the typos are all gone". */
const RESOLVED = /なくなって|直って(い)?ました|直りました|修正されて(い)?ました|解消され|\b(gone|fixed|sorted|resolved|corrected|no more|free of|cleaned up)\b/u;

/** Put as a fix request (「修正をお願いします」 "could you fix?"): asks for work, no displeasure. */
function fixRequest(t: string): boolean {
  return /(ください|下さい|いただけますか|いただけますでしょうか|頂けますか|もらえますか|お願いします|お願いいたします|お願いできますか|お願いしたい(です)?|したいです|(ほ|欲)しいです)[!!。?🙏]*$|\b(could|can|would) you\b|\bplease\b/u.test(t) && !/(のに|はず|また|毎回)/u.test(t);
}
