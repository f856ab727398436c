import { analyze } from '../../../src/text/analysis';
import { mayAsk, openQuestion, questionsOf } from '../../../src/text/acts/question';

/** kind/reason of each asking sentence of a message. */
const acts = (t: string) => questionsOf(analyze(t)).map((q) => `${q.kind}/${q.reason}`);
/** The classification of the message's one question. */
const one = (t: string) => {
  const qs = questionsOf(analyze(t));
  expect(qs).toHaveLength(1);
  return `${qs[0].kind}/${qs[0].reason}`;
};

describe('asking: which sentences ask the reader something', () => {
  test.each([
    ['納品形式はPDFでよろしいでしょうか?', 'a question mark'],
    ['来週の定例はいつも通り火曜14時からでしょうか', 'a final か, no question mark'],
    ['領収書の原本の送付先もご教示ください。', 'a request for information'],
    ['ご意見をいただけますと幸いです。', 'a request for an opinion'],
    ['ご意見お待ちしております。', 'waiting for an opinion asks for it'],
    ['もしよろしければご感想をお聞かせください。', 'よろしければ is courtesy, not a condition'],
    ['Could you confirm the banner size for the trade show', 'en: auxiliary first, no question mark'],
    ['Also could you confirm the delivery address', 'en: a connective before the auxiliary'],
    ['Let me know your thoughts!', 'en: a request for an opinion'],
    ['I was wondering what your budget is for this.', 'en: an indirect question'],
    ['white bg?', 'en: elliptical'],
  ])('%s (%s)', (text) => {
    expect(questionsOf(analyze(text)).length).toBe(1);
  });

  test.each([
    ['資料をお送りしました。ご確認ください。', 'a check request'],
    ['お手すきの際にご確認ください。', 'a check request, softened'],
    ['何かございましたらお気軽にお知らせください。', 'a conditional offer'],
    ['もしご要望があればお知らせください。', 'a conditional offer (〜があれば)'],
    ['ご不明な点がございましたら、お問い合わせください。', 'a conditional offer (〜ましたら)'],
    ['寒くなってまいりましたが、いかがお過ごしでしょうか。', 'a seasonal greeting'],
    ['お元気ですか?', 'a greeting'],
    ['どう対応すべきか迷いましたが、A案で進めております。', 'an embedded question in a statement'],
    ['ご返信お待ちしております。', 'waiting for a reply asks nothing new'],
    ['すみません、1点だけ確認させてください🙏', 'a lead-in'],
    ['If anything comes up, just let me know.', 'en: a conditional offer'],
    ['Let me know if you have any questions.', 'en: an offer'],
    ['Any questions, just let me know.', 'en: an offer'],
    ['Let me know once it is live.', 'en: a request to be told later'],
    ['Hi Emma, how are you?', 'en: a greeting'],
    ['Hope you had a great weekend!', 'en: a greeting'],
    ['Will do, I will send it by 5.', 'en: "will do" is no question'],
    ['Should have it swapped by end of day.', 'en: an auxiliary with no subject'],
    ['Guess what — we got the venue!', 'en: rhetorical'],
    ['FYI the printer asked when we would confirm — I told them Friday.', 'en: reported question'],
  ])('%s (%s) asks nothing', (text) => {
    expect(acts(text)).toEqual([]);
  });
});

describe('interrogatives by morpheme', () => {
  test.each([
    ['公開日はいつがよろしいでしょうか?', 'いつ split by kuromoji as は|い|つ'],
    ['何時からがご都合よろしいですか?', '何時'],
    ['増刷は何部ご用意すればよいでしょうか?', '何 + a counter'],
    ['エリアはどのあたりがよろしいでしょうか?', 'どの + a noun'],
    ['ご担当者様はどなたになりますでしょうか?', 'どなた'],
    ['ご予算はおいくらくらいでしょうか?', 'いくら'],
    ['具体的にどのように調整すればよろしいでしょうか?', 'どのように'],
    ['どういった雰囲気にしたいとお考えですか?', 'どういった'],
    ['文字数はどれくらいを想定されていますか?', 'どれくらい'],
    ['展示会のブースはどこに配置するのがよいでしょうか', 'どこ, no question mark'],
    ['原本はどちらへお送りすればよろしいでしょうか?', 'どちらへ = where'],
    ['送付先リストはどちらにございますでしょうか?', 'どちらに + ある = where'],
    ['ロゴの色味はいかがいたしましょうか?', 'いかがいたしましょう = how'],
    ['締め切りどうします?😅', 'どうします'],
    ['一番伝えたいことは何か、お聞かせいただけますと幸いです。', 'an embedded question the request is about'],
    ['何を準備すればよいか教えていただけますか?', 'an embedded question + 教えて'],
  ])('%s (%s) is open', (text) => {
    expect(one(text)).toMatch(/^open\//);
  });

  test.each([
    ['何卒よろしくお願いいたします。', '何卒'],
    ['いつもありがとうございます。', 'いつも'],
    ['どうぞよろしくお願いいたします。', 'どうぞ'],
    ['どうも失礼いたしました。', 'どうも'],
    ['どちらでも対応可能です!', 'どちらでも'],
    ['いつでもご連絡ください。', 'いつでも'],
    ['何とか間に合いました。', '何とか'],
    ['なぜかボタンがずれていたため修正しました。', 'なぜか'],
    ['なんと会場が取れました🎉', 'なんと'],
    ['どういたしまして!', 'どういたしまして'],
  ])('%s (%s) has no interrogative and asks nothing', (text) => {
    expect(acts(text)).toEqual([]);
  });

  test.each([
    ['何度もすみません、宛名は御社名でよろしいでしょうか?', '何度も'],
    ['どうしても年内公開をご希望とのことでしたので、12/25公開で進めてよろしいでしょうか?', 'どうしても'],
    ['いつも通り、月末締めでよろしいでしょうか?', 'いつも'],
    ['何か質問はございますか?', '何か + a noun of no wish: any questions?'],
    ['参加可能かどうか教えていただけますか?', 'かどうか'],
  ])('%s (%s) is yes/no', (text) => {
    expect(one(text)).toBe('closed/yes-no');
  });
});

describe('opinions, wishes, information asked for', () => {
  test.each([
    ['ロゴの色味について、ご希望をお聞かせください。', 'opinion'],
    ['ご感想を教えていただけると嬉しいです。', 'opinion'],
    ['今後の運用体制について、お考えをお聞かせいただけますでしょうか。', 'opinion'],
    ['見出しのフォントについて、何かご希望はございますか?', 'opinion'],
    ['何かよい案はございますか?', 'opinion'],
    ['他に追加したい項目などはございますか?', 'opinion'],
    ['この修正、どう思われますか?', 'opinion'],
    ['フィードバックをお願いできますでしょうか。', 'opinion'],
    ['差し支えなければ、理由を伺ってもよろしいでしょうか?', 'reason'],
    ['資料の送付先メールアドレスを教えていただけますか?', 'information'],
    ['ご都合のよい日時を教えていただけますか?', 'interrogative'],
    ['What do you think?', 'opinion'],
    ['Any preference?', 'opinion'],
    ['thoughts?', 'opinion'],
    ["I'd be grateful for your views on section 4.", 'opinion'],
    ['Could you share your feedback by Thursday?', 'opinion'],
    ['Would love your input on the tagline.', 'opinion'],
    ['Please let me know your shipping address.', 'information'],
  ])('%s → open/%s', (text, reason) => {
    expect(one(text)).toBe(`open/${reason}`);
  });

  test.each([
    ['ご意見を反映して修正しました。', 'thanks to an opinion, not asking for one'],
    ['ご希望に沿えるよう調整いたします。', 'ご希望に沿う'],
    ['Thanks for your feedback!', 'en: thanks for feedback'],
  ])('%s (%s) asks nothing', (text) => {
    expect(acts(text)).toEqual([]);
  });

  test('ご希望の日時でよろしいでしょうか is a yes/no question about a wish already known', () => {
    expect(one('ご希望の日時でよろしいでしょうか?')).toBe('closed/yes-no');
  });
});

describe('choices: options offered make a pick-one question', () => {
  test.each([
    ['表紙の色ですが、青と緑のどちらがよろしいでしょうか?', 'AとBのどちら'],
    ['12/8(火)の10時か14時はいかがでしょうか?', 'AかB'],
    ['請求書は郵送も必要でしょうか、それともPDFのみで大丈夫でしょうか?', 'それとも'],
    ['ボタンの色はどうしますか?(赤/青/黒)', 'a slash list right after'],
    ['次回の撮影はいつがよろしいでしょうか?候補は 12/1(火)午前 か 12/2(水)午後 です。', 'candidates in the next sentence'],
    ['撮影場所は本社会議室と近隣スタジオのどちらかになります。ご希望はいかがでしょうか?', 'options in the sentence before'],
    ['お支払い方法はどうされますか?銀行振込とカード払いがございます。', 'AとBがございます'],
    ['どの日程がよろしいでしょうか?\n・12/1 10時\n・12/2 14時', 'a list to pick from'],
    ['どの案がよいか、①〜③の番号だけお返事いただければ大丈夫です!', '①〜③'],
    ['どちらがよろしいでしょうか?', 'a bare どちら: the options are on the table'],
    ['Blue or green for the cover?', 'en: or'],
    ['Which one do you prefer — 1, 2 or 3?', 'en: which one'],
    ['Which would you prefer?', 'en: a which-pronoun'],
    ['What colour for the CTA button? (red / navy / black)', 'en: options in brackets after'],
    ["title: 'Tax Season Made Simple' vs 'Your First Tax Return' — which one?", 'en: vs'],
    ['Please pick one of these slots:\n• Wed 10:00\n• Thu 11:00', 'en: pick one from a list'],
  ])('%s (%s)', (text) => {
    const qs = questionsOf(analyze(text));
    expect(qs.map((q) => q.kind)).toEqual(['choice']);
  });

  test('a reason asked for on top of a choice is open', () => {
    expect(one('A案とB案のどちらがよいか、その理由もあわせて教えていただけますか?')).toBe('open/reason');
    expect(one('Between layout A and layout B, which do you prefer, and why?')).toBe('open/reason');
  });
});

describe('proposals: いかが/どう and "how about" with and without one', () => {
  test.each([
    ['次回の定例は12/3(木)14時からでいかがでしょうか?', 'Xでいかが'],
    ['お見積もりは前回と同額の15万円でいかがでしょう?', 'Xでいかが'],
    ['見出しは「冬のまとめ買いセール」でどうですか?👍', 'Xでどう'],
    ['このあと15分ほどお電話でご説明するのはいかがですか?', '〜するのは'],
    ['締め切りを1週間延ばして12/11(金)とするのはどうでしょうか?', '〜とするのは'],
    ['12/4(金)の午後はいかがでしょうか。', 'a concrete time as the topic'],
    ['ご提案です。来月から週次報告を金曜17時の1回に一本化したいと考えております。いかがでしょうか?', 'a proposal before'],
    ['How about Friday 3pm for the review?', 'en: how about X'],
    ['What about Tuesday at 11?', 'en: what about X'],
    ['How does Thursday at 2pm sound?', 'en: a concrete subject'],
    ['To stay within budget, we could cut the shoot to one day. How does that sound?', 'en: a proposal before'],
  ])('%s (%s) is closed', (text) => {
    expect(acts(text).pop()).toBe('closed/proposal');
  });

  test.each([
    ['トップページのデザイン案をお送りします。いかがでしょうか?', 'after a delivery'],
    ['デザイン案です。どうでしょうか?', 'after a delivery (the audit-parity case)'],
    ['バナーできました〜!どうでしょう?👀', 'casual'],
    ['先週から導入いただいた勤怠ツール、使い心地はいかがですか?', 'an impression'],
    ['参加者の反応はどうでしたか?', 'past: never a proposal'],
    ['進捗いかがですか〜?', 'status'],
    ['2点目はどうでしょう?', 'a number that is no proposal (2点目)'],
    ['Mockups are up in Figma. How do they look?', 'en: after a delivery'],
    ["banner's done 🎉 how's this?", 'en: casual'],
    ['How did the webinar go on your end?', 'en: past'],
  ])('%s (%s) is open', (text) => {
    expect(acts(text).pop()).toBe('open/evaluation');
  });
});

describe('narrowing and buried questions', () => {
  test('an open question narrowed at once to a yes/no proposal is closed', () => {
    expect(acts('締め切りどうします?来週月曜に回しますか?')).toEqual(['closed/narrowed', 'closed/yes-no']);
    expect(acts('Supplier is late. What do you want to do — push the launch to Monday?')).toEqual(['closed/narrowed']);
  });
  test('a new question after あわせて/also does not narrow the one before', () => {
    expect(acts('どのエリアがよろしいでしょうか?あわせて、禁煙でよろしいですか?')).toEqual(['open/interrogative', 'closed/yes-no']);
  });
  test('a closed question, then an open one', () => {
    expect(acts('A案で進めてよろしいでしょうか?あわせて、公開日はいつがよろしいでしょうか?')).toEqual(['closed/yes-no', 'open/interrogative']);
    expect(acts('Shall I go with option A? Also, when would you like it to go live?')).toEqual(['closed/yes-no', 'open/interrogative']);
  });
  test('the open one is found in the middle of a long message', () => {
    const text = '本日の作業報告です。\n1. 商品ページ10件の更新 → 完了\n2. 画像の差し替え → 完了\n在庫切れ商品の表示について、今後どう扱うのがよろしいでしょうか。\n明日は特集ページの作成に着手します。';
    expect(openQuestion(analyze(text))?.sentence.raw).toBe('在庫切れ商品の表示について、今後どう扱うのがよろしいでしょうか。');
  });
  test('en: wh-words count at the start of a clause or after a verb of telling, not inside a yes/no question', () => {
    expect(one('For the social posting, how often would you like us to publish?')).toBe('open/interrogative');
    expect(one('Quick one — roughly how much budget do you have?')).toBe('open/interrogative');
    expect(one('Could you tell me what feels off about it?')).toBe('open/interrogative');
    expect(one('Dashboard v1 is ready. Let us know how you would like the data split')).toBe('open/interrogative');
    expect(one('Is this what you had in mind?')).toBe('closed/yes-no');
    expect(one('Did you see what I sent on Monday?')).toBe('closed/yes-no');
  });
});

describe('message structure: headings, list items, compounds', () => {
  test('a heading that ends in か is no question to the reader', () => {
    expect(acts('ポイントをまとめます。\n■ 何が必要か\n適格請求書を保存する必要があります。')).toEqual([]);
  });
  test('a list item of a pick-one list is part of the choice', () => {
    expect(acts('今後について確認させてください。\n・継続\n・一時停止(再開時期をお知らせください)\n・終了\nのいずれかを番号でご返信いただければ十分です。').every((a) => a === 'choice/options')).toBe(true);
  });
  test('list items that are questions of their own stay questions', () => {
    expect(acts('3点確認させてください。\n・納品はPDFでよろしいでしょうか\n・表紙の紙はどうしましょうか')).toEqual(['closed/yes-no', 'open/interrogative']);
  });
  test('a list before the question is options only when the message says so', () => {
    expect(acts('次回の打ち合わせ候補です。\n・12/1(火)10:00\n・12/2(水)14:00\nご都合のよい方をお知らせください。')).toEqual(['choice/options']);
    expect(acts('本日の作業報告です。\n1. 商品ページの更新\n2. 画像の差し替え\n在庫切れの表示はどう扱いましょうか?')).toEqual(['open/interrogative']);
  });
  test('an opinion noun inside a compound is no opinion asked for', () => {
    expect(one('公開希望日は12/15(火)で合っていますか?')).toBe('closed/yes-no');
    expect(acts('評価シートは共有フォルダにございますので、面接後にご記入いただけますと幸いです。')).toEqual([]);
  });
  test('〜かどうか is whether, どちらで is which', () => {
    expect(acts('宛名を手書きにするかどうか、ご判断をお願いいたします。')).toEqual(['closed/yes-no']);
    expect(one('A(ボールペン)・B(エコバッグ)のどちらで進めるかご返信いただけますか?')).toBe('choice/options');
  });
  test('ご都合のよい日に … いただけますか asks yes or no', () => {
    expect(one('来週のご都合のよい日に30分ほどお時間をいただけますでしょうか。')).toBe('closed/yes-no');
  });
});

describe('quotes and code are not the author\'s question', () => {
  test.each([
    ['> 公開日はいつにしますか?\nこちらは12/10で確定いたしました。'],
    ['『いつ頃になりますか』とのご質問ですが、12/4のお届けとなります。'],
    ['印刷所から「いつ頃お返事いただけますか」とご質問がありました。'],
    ['```\n変更を保存せずに閉じますか?どうしますか?\n```\n修正しました。'],
    ['> what time should we start the call?\nLocked in 10am Thursday.'],
  ])('%s', (text) => {
    expect(acts(text)).toEqual([]);
  });
});

describe('mayAsk: the cheap test before the analysis', () => {
  test('rules out plain Japanese statements (only Japanese costs an analysis)', () => {
    expect(mayAsk('資料をお送りしました。ご確認のほどよろしくお願いいたします。')).toBe(false);
    expect(mayAsk('承知いたしました!本日17時までに対応いたします。')).toBe(false);
    expect(mayAsk('確かに、わかりました。')).toBe(false);
    expect(mayAsk('')).toBe(false);
  });
  test('lets every asking form through', () => {
    for (const t of ['どうですか?', '来週火曜14時からでしょうか', '大丈夫ですか🙏', 'ご教示ください。', 'ご意見をいただけますと幸いです', 'お気づきの点をご指摘ください', 'Could you confirm the size', 'Let me know your thoughts', 'white bg?', "I'd be grateful for your views"]) expect([t, mayAsk(t)]).toEqual([t, true]);
  });
});
