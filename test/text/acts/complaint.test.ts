import { analyze } from '../../../src/text/analysis';
import { complaintOf, mayComplain, type ComplaintReason } from '../../../src/text/acts/complaint';

/** The act's reason, or null when the message is no complaint. */
const reason = (t: string): ComplaintReason | null => complaintOf(analyze(t))?.reason ?? null;

describe('complaint: dissatisfaction with our work, by what each sentence does', () => {
  test.each([
    // displeasure said outright
    ['この請求額には納得できません', 'billing'],
    ['このやり方には納得できません', 'displeasure'],
    ['対応が遅くて本当に困っています。', 'late'],
    ['正直、今回の資料はクオリティが低すぎます。', 'displeasure'],
    ['今回の情報の取り扱いについては看過できないと考えております。', 'displeasure'],
    ['Really disappointed.', 'displeasure'],
    ["I'm afraid this isn't really up to the standard we'd expect.", 'displeasure'],
    // not as ordered
    ['1200×628でお願いしていたはずです。', 'not-as-ordered'],
    ['え、追加料金かかるんですか?最初の話と違いますよね', 'not-as-ordered'],
    ['We asked for three options but only got one.', 'not-as-ordered'],
    // the same failure again
    ['カレンダー登録の日付がまた1日ずれています。', 'repeated'],
    ['前回も同じ指摘をしましたよね?', 'displeasure'],
    ['The totals are off again.', 'repeated'],
    // late past a promised time, ignored
    ['例のリスト、まだですかね?昨日中って話でしたよね', 'late'],
    ['先週から何度かご連絡しているのですが、お返事がいただけていません。', 'ignored'],
    ["Still waiting on the report that was due yesterday. What's going on?", 'late'],
    ['I emailed three days ago and haven\'t heard anything back.', 'ignored'],
    // a threat to end or reconsider the contract
    ['今のままだと来期の継続は難しいと考えています。', 'threat'],
    ['If this continues we may need to reconsider working together.', 'threat'],
    // a billing error
    ['今月の請求書、見積もりより5万円多くなっています。', 'billing'],
    ['We seem to have been charged twice for October.', 'billing'],
    // harm caused
    ['昨夜、予約いただいたホテルに着いたら予約が入っておらず、別のホテルを探す羽目になりました。', 'harm'],
    ['You booked the meeting for the wrong date and our CEO flew to Osaka for nothing.', 'harm'],
    // a mistake stated as a fact, or with what it caused
    ['本日納品のプレスリリース、社名の英語表記が間違っています。先方にはもう送ってしまいました。', 'harm'],
    ['The press release spells our company name wrong.', 'mistake'],
  ])('%s → %s', (text, why) => {
    expect(reason(text)).toBe(why);
  });
});

describe('complaints in other words (ja)', () => {
  test.each([
    "納品いただいたチラシ、電話番号が1桁違っています。もう500部刷ってしまいました。",
    "先日お願いした議事録、まだいただけていないのですが、どうなっていますか。",
    "何度お伝えしても同じ間違いが直らないのはなぜでしょうか。",
    "正直、今回の資料はクオリティが低すぎます。",
    "こちらの指示通りになっていません。確認してから納品していただけますか。",
    "金曜までとお願いしていたのに、連絡もなく月曜になっても届いていません。",
    "請求書の金額が見積もりと違います。説明をお願いします。",
    "今月の請求、作業していない分まで入っているようですが、どういうことでしょうか。",
    "ここ最近ミスが多すぎて、こちらでのチェックが追いつきません。",
    "このままでは来月以降の契約更新は難しいと考えています。",
    "他社さんへの依頼も検討し始めています。",
    "メールを送ってから3日経ちますが、まだ何のご返信もありません。",
    "Slackで何度か呼びかけたのに誰からも反応がないのは困ります。",
    "予約していただいたレストラン、日付が1日ずれていて、お客様をお待たせしてしまいました。",
    "御社のミスで、弊社がお客様に謝罪することになりました。",
    "前回も同じ指摘をしましたよね?",
    "ちょっと雑すぎませんか?",
    "これでは社内に出せません。",
    "もう少し丁寧に作業していただけると助かるのですが…正直、がっかりしました。",
    "お願いしていた内容と全然違うものが上がってきて驚いています。",
    "期待していたレベルではありませんでした。",
    "作業報告に書かれている時間、明らかに多すぎると思います。",
    "解約したはずのプランの料金がまだ引き落とされています。",
    "SNSの投稿、誤字があるまま公開されていました。フォロワーから指摘が来ています。",
    "担当の方が毎回変わるので、毎回同じ説明をしなければならず疲れます。",
    "先週の打ち合わせで決めたことが全く反映されていません。",
    "データの集計、また数字が合っていません。",
    "今日中と言っていた見積もり、まだですか?",
    "そろそろ限界です。",
    "こんなミスが続くようなら、契約を考え直させていただきます。",
    "先ほどの資料、ページ番号が飛んでいます。このまま役員会に出すところでした。",
    "名刺の肩書きが旧役職のままでした。今朝配ってしまったので、刷り直しをお願いします。",
    "もう少しスピード感を持って対応していただけないでしょうか。",
    "正直なところ、最近の対応には少し不安を感じています。",
    "昨日お送りしたメール、見ていただけましたか?急ぎだとお伝えしていたのですが…",
    "依頼したのは3案だったはずですが、1案しか届いていません。",
    "こういうことが続くと、今後お願いしづらくなります。",
    "発注書の数量が一桁多く、先方から確認の電話がありました。",
    "ご提案いただいた日程、こちらの都合を全く考慮していただけていないように感じます。",
    "請求書に先月分が重複して載っています。",
    "この内容でよく納品できましたね。",
    "言った通りにやってもらえますか?何回目ですか。",
    "リサーチの結果が古い情報ばかりで、結局自分で調べ直しました。",
    "お願いしていた時間を過ぎても何の連絡もないので心配しています。",
    "チェックしたと言われたデータに、まだ間違いが残っていました。",
    "3日前にお願いした件、進捗の報告すらないのはどうかと思います。",
    "担当者がコロコロ変わって、毎回一から説明するのがストレスです。",
    "週報の提出、今週も遅れていますね。",
    "予算をお伝えしていたのに、見積もりが倍になっていて驚きました。",
    "申し訳ないのですが、今回の成果物は受け取れません。",
  ])('%s', (text) => {
    expect(reason(text)).not.toBeNull();
  });
});

describe('complaints in other words (en)', () => {
  test.each([
    "The phone number on the flyer is off by one digit. We've already printed 500 copies.",
    "I asked for the minutes on Monday and still haven't received them. What's the holdup?",
    "Why does the same mistake keep happening?",
    "Honestly the quality of this deck is poor.",
    "This doesn't follow the instructions I gave at all.",
    "We agreed on Friday and it's now Monday with no word from you.",
    "The invoice doesn't match the quote. Can you explain the difference?",
    "We're being billed for hours nobody worked.",
    "Too many mistakes lately, I'm spending more time checking your work than doing mine.",
    "At this rate we won't be renewing the contract.",
    "We're considering moving to another provider.",
    "I emailed three days ago and haven't heard anything back.",
    "The restaurant booking was for the wrong day and our guests were left waiting.",
    "Didn't I already flag this last week?",
    "This is pretty sloppy work.",
    "I can't send this to the board as it is.",
    "I'm a bit disappointed, to be honest.",
    "This is nowhere near what we discussed.",
    "Not the level we expected from you.",
    "The plan we cancelled is still being charged to our card.",
    "The post went live with a typo and followers are pointing it out.",
    "None of the changes from last week's meeting made it in.",
    "The totals are off again.",
    "You said end of day yesterday for the estimate. Still nothing.",
    "I'm really not pleased with how this was handled.",
    "This has happened three times now.",
    "Frankly, this is getting ridiculous.",
    "The report you sent has the wrong figures and I already forwarded it to our CFO.",
    "We expected much better than this.",
    "Can someone explain why the deadline was missed without any notice?",
    "The numbering on the slides jumps from 4 to 7. I almost presented it like that.",
    "The business cards still have my old job title. I handed them out this morning.",
    "Could you please be a bit quicker with replies? It's holding us up.",
    "To be honest I'm starting to worry about the quality of the work lately.",
    "Did you see my email yesterday? I said it was urgent.",
    "We asked for three options but only got one.",
    "If this keeps up it'll be hard to keep sending work your way.",
    "The PO quantity had an extra zero and the supplier called us to check.",
    "The dates you proposed ignore everything I told you about our schedule.",
    "Last month is on the invoice twice.",
    "How did this get delivered in this state?",
    "Can you do it the way I said? How many times do I have to ask?",
    "The research was all outdated so I ended up redoing it myself.",
    "It's past the time we agreed and there's been no update at all.",
    "The data you said you'd checked still had errors in it.",
    "Not even a progress update on the thing I asked for 3 days ago.",
    "Your team keeps changing and I have to explain everything from scratch each time.",
    "The weekly report is late again this week.",
    "The estimate came in at double the budget I gave you.",
    "I'm sorry but we can't accept this deliverable.",
  ])('%s', (text) => {
    expect(reason(text)).not.toBeNull();
  });
});

describe('not complaints (ja): requests, praise, third parties, the client\'s own slip, other causes', () => {
  test.each([
    "資料ありがとうございます!2ページ目の表だけ、色を少し薄くしていただけますか?",
    "来週の会議の資料、作成をお願いできますか?",
    "お客様からのクレームメールへの返信文を作っていただけますか?",
    "アンケートで「対応が遅い」という意見が多かったので、改善案をまとめてください。",
    "昨日はこちらの確認が遅れてしまい申し訳ありませんでした。",
    "私の伝え方が悪かったですね、すみません。改めてお願いします。",
    "台風で物流が止まっていて困っています。納品は来週でも大丈夫です。",
    "社内のシステムが不調で、ファイルが開けず困っています。別の形式で送っていただけますか?",
    "取引先から納期について苦情が来ていて、対応に困っています。謝罪文の案を一緒に考えていただけますか?",
    "すごく助かりました!ありがとうございます。",
    "進捗はいかがでしょうか?急ぎではありません。",
    "請求書の宛名を部署名に変更してください。",
    "不満は特にありません。この調子でお願いします。",
    "特に問題ありません、ありがとうございます!",
    "残念ながら先方の都合でイベントが延期になりました。",
    "またお願いすることがあると思いますので、その際はよろしくお願いします。",
    "先月の請求書、まだ届いていないようなのですが、再送いただけますか?",
    "今回の修正、いい感じです!あと1点だけ、タイトルを大きくしてください。",
    "前回の議事録、分かりやすかったです。また同じ形式でお願いします。",
    "ミスの多い外注先に困っていて、チェックリストを作ってもらえますか?",
    "明日の会議、何時からでしたっけ?",
    "うちの部長がまた無茶を言っていて参っています笑",
    "見積もりの金額について、内訳を教えていただけますか?",
    "新しい担当の方、とても丁寧で助かっています。",
    "先週お伝えした件ですが、予定通り進めてください。",
    "この前の資料、社内で「分かりやすい」と好評でした!",
    "誤字チェックをお願いしたいです。",
    "返信遅くなってしまいすみません!確認しました。",
    "また来月も同じ内容でお願いできますか?",
    "まだ資料の準備中なので、もう少しお待ちください。",
    "先ほどの資料、ページ番号を振っていただけますか?",
    "名刺の肩書きが変わったので、新しいものを発注していただけますか。",
    "急ぎで申し訳ないのですが、本日中に対応いただけますか?",
    "最近忙しくて返信が遅れていてすみません。",
    "昨日お送りしたメール、見ていただけましたか?お手すきの際にご確認ください。",
    "3案いただきありがとうございます!A案でお願いします。",
    "来月から発注量が増える予定です。",
    "発注書の数量、こちらで間違えて記入していました。修正版を送ります。",
    "日程の候補をいくつかいただけますか?",
    "請求書、確認しました。問題ありません。",
    "納品ありがとうございます、とても良い出来です!",
    "前にお話しした件、覚えていらっしゃいますか?",
    "リサーチありがとうございます。追加で競合2社も調べていただけますか?",
    "お客様から「届くのが遅い」とご意見をいただいたので、お詫び文を作成してください。",
    "チェックリストの項目を増やしていただけますか?",
    "3日前にお願いした件、急ぎではないので来週でも大丈夫です。",
    "担当が変わるとのこと、承知しました。よろしくお願いします。",
    "週報、今週もありがとうございました。",
    "予算の上限は50万円です。その範囲で見積もりをお願いします。",
    "弊社の営業がまたミスをしてしまい、お客様に謝罪することになりました。謝罪文の作成を手伝ってください。",
    "今回のイベントは残念ながら雨で中止になりました。",
    "私のミスで請求書の宛先を間違えてお伝えしていました。申し訳ありません。",
    "部長が資料の出来に不満を持っているようで、どこを直せばいいかアドバイスいただけますか?",
    "先方がとても怒っていて困っています。対応策を一緒に考えてください。",
    "昨日の打ち合わせ、遅れてしまい大変失礼しました。",
    "修正版では誤字がなくなっていました、ありがとうございます!",
    "間違いがないか、念のため確認していただけますか?",
    "前回のミスを踏まえて、今回はダブルチェックをお願いします。",
    "請求書の金額、見積もり通りで問題ありません。",
    "また来週もよろしくお願いします。",
    "抜けている項目があれば教えてください。",
    "古いデータは削除しておいてください。",
    "納期は来週金曜でお願いします。遅れそうなら早めにご連絡ください。",
    "もし間に合わなければ、一部だけ先に送っていただいても大丈夫です。",
    "ご連絡ありがとうございます。まだ社内で検討中ですので、少々お待ちください。",
    "返信が遅くなりすみません。内容問題ないです。",
    "昨日の会議でお話しした件、資料にまとめていただけますか?",
    "先週お願いした件、進捗いかがでしょうか?",
    "以前お願いした件と同じ内容で、今月もお願いします。",
    "前回と同じフォーマットでお願いします。",
    "お願いしていた資料、届きました!ありがとうございます。",
    "期限は明日ですが、間に合いそうですか?",
    "見積もりをいただいた件、社内で承認が下りました。",
    "契約更新の手続きについて教えてください。",
    "他社の事例も調べていただけますか?",
    "この前の件、結局自分たちで対応することにしました。お気遣いありがとうございました。",
    "先方に送る前に一度チェックしていただけますか?",
    "もう少し短くまとめていただけると嬉しいです。",
    "今回はかなり急ぎでお願いしてしまい、すみません。",
    "宛名の漢字が間違っていないか確認してください。",
    "Excelの関数の使い方が分からなくて困っています。教えていただけますか?",
    "ご提案いただいた件、残念ですが今回は見送らせてください。",
    "初めてのことなので少し不安です。サポートよろしくお願いします。",
    "最悪の場合は来週にずらしても大丈夫です。",
    "今週は本当に疲れました〜。来週もよろしくお願いします!",
    "明日までにいただけないと困りますので、よろしくお願いします。",
    "予算的にこれ以上は限界です。この範囲で調整できますか?",
    "あまりの早さにびっくりしています!ありがとうございます。",
    "この前の打ち合わせ、楽しかったです。また飲みに行きましょう笑",
    "弊社のミスで請求書の宛名が違っていました。再発行をお願いできますか?",
    "お客様がとても怒っていて、どう返信すればいいか相談させてください。",
    "取引先の対応が遅くて困っています。催促メールの文面を考えていただけますか?",
    "前任者の引き継ぎ資料に誤りが多くて困っています。整理を手伝っていただけますか?",
    "新しいシステム、まだ慣れなくて戸惑っています。",
    "競合他社がまた値下げしてきました。対策を一緒に考えたいです。",
  ])('%s', (text) => {
    expect(reason(text)).toBeNull();
  });
});

describe('not complaints (en)', () => {
  test.each([
    "Thanks for the deck! Could you make the table on page 2 a bit lighter?",
    "Could you put together the slides for next week's meeting?",
    "Could you draft a reply to this angry customer email for us?",
    "Our survey shows people find our support slow — can you summarise the main themes?",
    "Sorry, that delay was on our side. Thanks for your patience!",
    "My explanation wasn't clear, my bad. Let me try again.",
    "The storm has shut down shipping, so no rush on delivery.",
    "Our internal system is down so I can't open files — could you resend as PDF?",
    "A partner complained about our lead times; could you help me draft an apology?",
    "That was a huge help, thank you!",
    "How's it going? No rush at all.",
    "Please change the invoice addressee to our finance team.",
    "No complaints at all, keep it up.",
    "No issues from our side, thanks!",
    "Unfortunately the event was postponed by the organisers.",
    "We'll probably ask you again for something similar next month.",
    "Last month's invoice hasn't arrived yet — could you resend it?",
    "These edits look great! Just one thing: make the title bigger.",
    "The minutes last time were really clear. Same format again please.",
    "We're having trouble with a sloppy supplier — could you build a checklist for them?",
    "What time is tomorrow's meeting?",
    "My boss is being unreasonable again lol",
    "Could you break down the estimate for us?",
    "The new assistant is really thorough, thanks!",
    "As I mentioned last week, please go ahead as planned.",
    "The team loved the last report!",
    "Can you proofread this for typos?",
    "Sorry for the slow reply! Checked and all good.",
    "Could we do the same again next month?",
    "I'm still preparing the materials, will send them over soon.",
    "Thanks, the typos are all gone in the new version!",
    "Could you double-check there are no errors before sending?",
    "Given last time's mix-up, could you get someone to double-check this one?",
    "The invoice matches the quote, all good.",
    "See you again next week!",
    "Let me know if any items are missing.",
    "Please delete the old data.",
    "Deadline is next Friday. If it looks like slipping, tell us early.",
    "If it won't be ready in time, send what you have first.",
    "Thanks for the update. We're still discussing internally, bear with us.",
    "Sorry for the late reply! All fine.",
    "Could you write up what we discussed in yesterday's meeting?",
    "Any update on what I asked last week?",
    "Same as last month please.",
    "Same format as before please.",
    "Got the documents I asked for, thanks!",
    "It's due tomorrow — are we on track?",
    "The estimate got approved internally.",
    "How does contract renewal work?",
    "Could you look at what other agencies charge for this?",
    "We decided to handle it ourselves in the end. Thanks for offering!",
    "Could you check this before I send it to the client?",
    "A shorter version would be great.",
    "Sorry for the rush on this one!",
    "Please check the spelling of the recipient's name.",
    "Our CEO was thrilled with the deck, thank you!",
    "We're switching to a new CRM next month, could you help migrate?",
    "The printer jammed again, so I'll pick up the copies tomorrow.",
    "Our customers keep asking about delivery times — can you draft an FAQ?",
    "I was disappointed to miss your webinar, is there a recording?",
    "I can't figure out how to use this Excel formula, could you show me?",
    "Unfortunately we'll pass on the proposal this time.",
    "This is my first time doing this so I'm a bit nervous. Thanks for the support!",
    "Worst case we can push it to next week.",
    "Exhausting week! See you Monday.",
    "We really need it by tomorrow, thanks!",
    "What happened at the meeting yesterday? I missed it.",
    "I can't send this until legal approves it.",
    "I'll have the draft in front of me tomorrow.",
    "Our previous accountant left the books in a mess — could you tidy them up?",
    "The venue changed the time on us, so annoying. Can you update the invites?",
    "My laptop died so I'm a bit behind today.",
    "Not ideal timing on my end, but Thursday works.",
    "Our customers complain about slow shipping — can you analyse the tickets?",
    "The competition dropped their prices again. Let's brainstorm.",
  ])('%s', (text) => {
    expect(reason(text)).toBeNull();
  });
});

describe('what the act reads', () => {
  test('quoted words are someone else\'s: a survey answer, a term to edit', () => {
    expect(reason('アンケートの「不満」「やや不満」の回答だけ抜き出してください。')).toBeNull();
    expect(reason('「がっかりさせてしまい」という表現を「ご期待に沿えず」に変えていただけますか?')).toBeNull();
    expect(reason("Someone left 'worst service ever' on our Google page. Could you draft a reply?")).toBeNull();
  });
  test('reported speech of a third party is not the client\'s complaint; the client\'s own reaction to our act is', () => {
    expect(reason('取引先から納期が遅いと言われてしまって…資料作りを手伝っていただけますか?')).toBeNull();
    expect(reason('事前のご相談なく外部のデザイナーさんに再委託されていたと伺い、困惑しております。')).not.toBeNull();
  });
  test('negation: denied displeasure is satisfaction', () => {
    expect(reason('特に不満な点はありません!')).toBeNull();
    expect(reason('特に困っていることはありません')).toBeNull();
    expect(reason('No complaints here, keep it up!')).toBeNull();
    expect(reason('Not happy with this.')).toBe('displeasure');
  });
  test('a mistake played down or put as a fix request is no complaint; the same mistake again is', () => {
    expect(reason('1点だけ、3ページ目の誤字を直していただけますか?')).toBeNull();
    expect(reason('Small typo on slide 3. Could you fix?')).toBeNull();
    expect(reason('また誤字がありました。直していただけますか?')).toBe('repeated');
  });
  test('trouble with something that is not our work, unless it is something we set up', () => {
    expect(reason('宅配業者がまた不在票だけ置いていきました。本当に融通がきかないですね…')).toBeNull();
    expect(reason('御社で設定していただいた予約フォーム、また送信エラーになっています。')).toBe('repeated');
    expect(reason('The courier left a note again. Honestly useless.')).toBeNull();
    expect(reason('The booking form you set up is throwing errors again.')).toBe('repeated');
  });
  test('the client\'s own mistake or apology', () => {
    expect(reason('すみません、先ほどお送りした原稿、古いバージョンでした!')).toBeNull();
    expect(reason('Sorry, my fault — I sent the wrong brief.')).toBeNull();
    expect(reason("I'm sorry but we can't accept this deliverable.")).toBe('displeasure');
  });
  test('mayComplain rules out Japanese with no cue, never English', () => {
    expect(mayComplain('来週の定例の資料、作成をお願いできますか?')).toBe(true);
    expect(mayComplain('ありがとうございます')).toBe(false);
    expect(mayComplain('Thanks!')).toBe(true);
    // Whatever the act finds, the cheap test lets through.
    for (const t of [...["納品いただいたチラシ、電話番号が1桁違っています。もう500部刷ってしまいました。", "先日お願いした議事録、まだいただけていないのですが、どうなっていますか。", "何度お伝えしても同じ間違いが直らないのはなぜでしょうか。", "正直、今回の資料はクオリティが低すぎます。", "こちらの指示通りになっていません。確認してから納品していただけますか。"]]) expect(mayComplain(t)).toBe(true);
  });
});
