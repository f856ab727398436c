import { analyze } from '../../../src/text/analysis';
import { checkinOf, mayCheckIn } from '../../../src/text/acts/checkin';

/** The check-in kind of a team message, or null. */
const kind = (t: string, files = false) => checkinOf(analyze(t), { files })?.kind ?? null;

const OPEN: string[][] = [
  ['その後いかがでしょうか?'],
  ['その後、進み具合はいかがでしょうか。'],
  ['進捗はいかがでしょうか?お忙しいところすみません。'],
  ['先日の件、ご検討いただけましたでしょうか?'],
  ['例の件、どうなりましたか?'],
  ['ご確認いただけましたか?'],
  ['資料はご覧いただけましたか?'],
  ['その後お変わりありませんか?'],
  ['何かお困りごとはありませんか?'],
  ['ご不明点などございませんでしょうか?'],
  ['度々申し訳ありません。先日のご提案の件、いかがでしょうか。'],
  ['ご状況いかがですか〜?'],
  ['新しいロゴ、社内の反応どんな感じですか〜?'],
  ['インスタの毎日投稿、順調に続けられていますか?'],
  ['お手すきの際にご感想をお聞かせください。'],
  ['ご多忙のところ恐縮ですが、受講状況についてお聞かせいただけますと幸いです。'],
  ['見積もりの件、社内でのご検討状況を教えていただけますか?'],
  ['お疲れさまです!\n急に寒くなってきましたね。\n昨日お伺いした講座の準備の件、いかがでしょうか?\n引き続きサポートさせていただきます。'],
  ['展示会のその後がどうなったかなと気になって、ご連絡しました!いかがでしょう?'],
  ['Just checking in — how is the new booking flow working out?'],
  ['Any progress on the vendor list?'],
  ['How are you getting on?'],
  ['Hope you are well! Any thoughts on the proposal yet?'],
  ['Did you manage to review the draft?'],
  ['Have you had a chance to look at the doc?'],
  ['Hi, just circling back — any update?'],
  ['Any feedback yet?'],
  ['Is everything going ok with the new tool?'],
  ['Did the board get back to you on the new office?'],
  ['What did you think of the brochure draft?'],
  ['Hope all is well! Just wanted to see where things stand with the shortlist.'],
];

describe('open check-ins: how is it going on the client side, nothing new, nothing concrete', () => {
  test.each(OPEN)('%s', (text) => {
    expect(kind(text)).toBe('open');
  });
});

const BUMPS: string[][] = [
  ['念のため再送いたします。'],
  ['こちら念のため上げておきます🙏'],
  ['ご返信お待ちしております。'],
  ['Bumping this up 👆'],
  ['Following up on my last message 🙂'],
  ['Gentle reminder on the below 🙏'],
  ['quick nudge 🙂'],
  ['Pinging this again.'],
];

describe('bumps: a re-push with nothing new', () => {
  test.each(BUMPS)('%s', (text) => {
    expect(kind(text)).toBe('bump');
  });
});

const INTENTS: string[][] = [
  ['今後のサポートについて、継続・一時停止・終了のいずれかでご返信いただけますか?'],
  ['今後について一度だけ確認させてください。\n・継続\n・一時停止\n・終了\nのいずれかを番号でご返信いただければ十分です。'],
  ['Would you like to continue, pause, or stop the coaching? A one-word reply is perfect.'],
];

describe('the closed intent question (continue / pause / stop)', () => {
  test.each(INTENTS)('%s', (text) => {
    expect(kind(text)).toBe('intent');
  });
});

describe('not check-ins', () => {
  test.each([
    // concrete asks: options, a time, a yes/no on a concrete action
    ['表紙のデザイン、A案とB案のどちらで進めましょうか?', 'options'],
    ['念のため再送いたします。入稿が12/1のため、A案・B案のどちらで進めるか、11/27(金)までにご返信いただけますでしょうか。', 'options and a date'],
    ['お見積もりいただいたノベルティ、この内容で発注してよろしいでしょうか?', 'a yes/no on an order'],
    ['本日が原稿のお約束の日でしたので、念のためご連絡いたしました。17時頃までにいただけそうでしょうか?', 'a promised day and a time'],
    ['明るさは今の1.2倍くらいのイメージで合っていますか?', 'confirming a proposal'],
    ['12/3の午後でいかがでしょうか?', 'a proposal'],
    ['Cover design: option A or B?', 'en: options'],
    ['Friendly reminder that the copy is due today — will it be with us by 5pm?', 'en: due, with a time'],
    ['Renewal contract sent — could you e-sign by Fri Dec 4?', 'en: a date'],
    ['Thanks! About 20% brighter, does that sound right?', 'en: confirming a proposal'],
    ['How about Thursday at 2pm?', 'en: a proposal with a time'],
    // new content
    ['補足です。先日のお見積もり、年内にご発注いただければ10%割引が適用できることが分かりました。', 'new information'],
    ['社内のデザイナーと見直して、文字を大きくした修正版も作りました。', 'a new draft'],
    ['日報のテンプレートを作りました。\nhttps://docs.example.com/t\nよろしければお試しください。使いにくい点があれば教えてくださいね。', 'a link'],
    ["Here's the revised draft — how does it look?", 'en: a hand-over'],
    ['Update: the vendor confirmed a 10% discount if we order before Dec 31.', 'en: news'],
    // offers and reports
    ['何かあればお知らせください。', 'a conditional offer'],
    ['設定で困ったら、いつでもお声がけくださいね!', 'a conditional offer'],
    ['Let me know if anything comes up!', 'en: an offer'],
    ['本日の作業報告です。\n・問い合わせ対応 8件', 'a report'],
    ['Progress update: 40 of 52 pages migrated, the rest by Fri.', 'en: our own progress'],
    ['ご依頼の市場調査ですが、納期を12/3(木)17時に変更させてください。', 'a delay notice'],
    ['参加人数を教えていただけますか?', 'information asked for'],
    ['来週の打ち合わせ、ご都合いかがでしょうか?', 'a time asked for'],
    ['Does Tuesday at 3 work for you?', 'en: a time proposed'],
    ['What time works for you?', 'en: information asked for'],
  ])('%s (%s)', (text) => {
    expect(kind(text)).toBeNull();
  });

  test('a check-in that shares files brings something new', () => {
    expect(kind('その後いかがでしょうか?', true)).toBeNull();
  });
});

test('mayCheckIn rules out Japanese with no cue, never English; whatever the act finds, it lets through', () => {
  for (const [t] of [...OPEN, ...BUMPS, ...INTENTS]) expect(mayCheckIn(t)).toBe(true);
  expect(mayCheckIn('本日の作業報告です。')).toBe(false);
  expect(mayCheckIn('その後いかがでしょうか?')).toBe(true);
  expect(mayCheckIn('Here is the report.')).toBe(true);
});
