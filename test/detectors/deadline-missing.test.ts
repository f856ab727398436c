import { ChannelChanges, ChannelView } from '../../src/core/runner';
import { channel as testChannel, jst as atJst, loadShipped, runnerFor, runRuleTester, runScenarioTester, ts as tsOf } from '../helpers/rule-tester';

runRuleTester('deadline-missing', {
  valid: [
    { text: '承知いたしました!11月25日15時までに完了いたします!', note: '◯ the rulebook example' },
    { text: '承知しました。本日中に対応いたします。', note: '本日中 is a deadline' },
    { text: 'かしこまりました。明日の17時までにお送りします。', note: '明日の17時' },
    { text: '承知しました。今週中に修正いたします。', note: '今週中' },
    { text: '承知しました。期限は明日12時までにご連絡いたします。', note: 'the time by which a deadline will be set' },
    { text: '承知しました。ありがとうございます!', note: 'acknowledging information, no task taken' },
    { text: '承知しました、明日はお休みですね。', note: 'acknowledging a schedule' },
    { text: '対応いたします', note: 'a client message is not judged', event: { user: 'U0CLIENT', userTeam: 'T0ACME' } },
    { text: '> 承知しました、対応します\n先日の返信を引用します。期限は25日までです。', note: 'quoted acceptance, with a date' },
    { text: '承知しました。来週月曜までに作成いたします。', note: '来週月曜' },
    { text: 'かしこまりました!30分後にお送りします。', note: 'relative time' },
    { text: 'Will do, I will send it by 3pm.', note: 'en: with a time' },
    { text: 'Got it, thanks!', note: 'en: no task' },
  ],
  invalid: [
    { text: '承知いたしました!対応いたします!', note: '✗ the rulebook example', messageId: 'noDeadline' },
    { text: '承知しました、対応します。', note: 'plain polite form', messageId: 'noDeadline' },
    { text: 'かしこまりました。資料を作成いたします。', note: 'かしこまりました + 作成いたします', messageId: 'noDeadline' },
    { text: '了解です!修正しますね。', note: 'casual form', messageId: 'noDeadline' },
    { text: '承りました。請求書をお送りいたします。', note: '承りました + お送りいたします', messageId: 'noDeadline' },
    { text: '承知しました🙇 早速進めさせていただきます!', note: 'emoji and 進めさせていただきます', messageId: 'noDeadline' },
    { text: '<@U0CLIENT> 承知いたしました。会場の手配いたします。', note: 'with a mention', messageId: 'noDeadline' },
    { text: '対応いたします!確認の上、進めます。', note: 'acceptance by 対応いたします alone', messageId: 'noDeadline' },
    { text: '承知しました。請求書番号2026-11-0042の件、修正いたします。', note: 'a number that is not a date', messageId: 'noDeadline' },
    { text: 'Sure, I will handle it.', note: 'en: no deadline', messageId: 'noDeadline' },
    { text: "Will do! I'll prepare the slides.", note: 'en: will do + prepare', messageId: 'noDeadline' },
    { text: "Got it, I'll fix the typo.", note: 'en: got it + fix', messageId: 'noDeadline' },
  ],
});

// Conversations: what the team accepts depends on the client message it answers (a request for work).
// Times are minutes after Tue 2026-11-24 10:00; `thread: 0` replies in the thread of the first message.
runScenarioTester('deadline-missing', [
  { note: '✗ the rulebook example answering a request in its thread', steps: [{ client: '見積もりをお願いします', at: 0 }, { assistant: '承知いたしました!対応いたします!', at: 5, thread: 0 }, { advance: 60 }], fires: ['noDeadline'] },
  { note: '✗ a bare 承知いたしました! to a request for work (the corpus README example)', steps: [{ client: '来週の定例の資料を作っていただけますか?', at: 0 }, { assistant: '承知いたしました!', at: 5, thread: 0 }, { advance: 60 }], fires: ['noDeadline'] },
  { note: '✗ casual yes to a casual request', steps: [{ client: 'バナー作ってもらえる?', at: 0 }, { assistant: '了解です〜', at: 3, thread: 0 }, { advance: 60 }], fires: ['noDeadline'] },
  { note: '✗ OK and an emoji', steps: [{ client: 'ロゴを差し替えてほしいです', at: 0 }, { assistant: 'OKです👍', at: 3, thread: 0 }, { advance: 60 }], fires: ['noDeadline'] },
  { note: '✗ やっておきます with no yes-word', steps: [{ client: '請求書の宛名を変更していただけますか?', at: 0 }, { assistant: 'やっておきます!', at: 3, thread: 0 }, { advance: 60 }], fires: ['noDeadline'] },
  { note: '✗ a vague time is no deadline (なるべく早めに)', steps: [{ client: '議事録を共有いただけますか?', at: 0 }, { assistant: 'かしこまりました、なるべく早めに対応します。', at: 3, thread: 0 }, { advance: 60 }], fires: ['noDeadline'] },
  { note: '✗ answered in the main timeline', steps: [{ client: '明日の会議資料を送っていただけますか?', at: 0 }, { assistant: '承知しました!', at: 5 }, { advance: 60 }], fires: ['noDeadline'] },
  { note: '✗ a request in a thread, answered there', steps: [{ assistant: 'LPの初稿を共有します。', at: 0 }, { client: 'ありがとうございます。ボタンの色を変えてもらえますか?', at: 10, thread: 0 }, { assistant: '承知しました。', at: 15, thread: 0 }, { advance: 60 }], fires: ['noDeadline'] },
  { note: '✗ en: On it 👍', steps: [{ client: 'Could you send the invoice?', at: 0 }, { assistant: 'On it 👍', at: 2, thread: 0 }, { advance: 60 }], fires: ['noDeadline'] },
  { note: '✗ en: Sure!', steps: [{ client: 'Can you update the hero image?', at: 0 }, { assistant: 'Sure!', at: 2, thread: 0 }, { advance: 60 }], fires: ['noDeadline'] },
  { note: '✗ en: soon is no deadline', steps: [{ client: 'Please fix the typo on the pricing page.', at: 0 }, { assistant: "Got it, I'll fix it soon.", at: 2, thread: 0 }, { advance: 60 }], fires: ['noDeadline'] },
  { note: '✗ en: casual yes to an "I\'d appreciate it if you could"', steps: [{ client: "I'd appreciate it if you could double-check the shipping addresses.", at: 0 }, { assistant: 'yep will do', at: 2 }, { advance: 60 }], fires: ['noDeadline'] },
  { note: '◯ the rulebook ◯ answering a request', steps: [{ client: '見積もりをお願いします', at: 0 }, { assistant: '承知いたしました!11月25日15時までに完了いたします!', at: 5, thread: 0 }], fires: [] },
  { note: '◯ the time by which the deadline will be given', steps: [{ client: '見積もりをお願いします', at: 0 }, { assistant: '承知しました。確認して、本日17時までに納期をご連絡します。', at: 5, thread: 0 }], fires: [] },
  { note: '◯ a yes to information is no task', steps: [{ client: '明日は終日外出しています。', at: 0 }, { assistant: '承知しました!', at: 5, thread: 0 }], fires: [] },
  { note: '◯ a yes to a question is no task', steps: [{ client: '来週の定例は水曜で合っていますか?', at: 0 }, { assistant: 'はい、水曜です!', at: 5, thread: 0 }], fires: [] },
  { note: '◯ a delivery with a file takes nothing on', steps: [{ client: '請求書を送っていただけますか?', at: 0 }, { assistant: '承知しました、添付いたします。', at: 5, thread: 0, extra: { files: 1 } }], fires: [] },
  { note: '◯ done at once: お送りしました', steps: [{ client: '会社案内のPDFをいただけますか?', at: 0 }, { assistant: '承知しました、先ほどメールでお送りしました!', at: 5, thread: 0 }], fires: [] },
  { note: '◯ en: here is the link', steps: [{ client: 'Can you send the brand guidelines?', at: 0 }, { assistant: 'Sure, here you go: <https://drive.google.com/file/d/1|guidelines>', at: 5, thread: 0 }], fires: [] },
  { note: '◯ the client called it off first', steps: [{ client: 'バナーの差し替えをお願いできますか?', at: 0 }, { client: 'すみません、やはり不要になりました。', at: 10, thread: 0 }, { assistant: '承知しました!', at: 15, thread: 0 }], fires: [] },
  { note: '◯ a request between clients is not the team\'s', steps: [{ client: '<@U0GUEST> 資料を見ておいてください。', at: 0 }, { assistant: '承知しました!', at: 5, thread: 0 }], fires: [] },
  { note: '◯ a yes in another thread does not take up the request', steps: [{ client: '見積もりをお願いします', at: 0 }, { assistant: '本日の作業報告です。', at: 1 }, { assistant: '承知しました!', at: 5, thread: 1 }], fires: [] },
  { note: '◯ only the first yes is judged: the task was taken with a deadline', steps: [{ client: '見積もりをお願いします', at: 0 }, { assistant: '承知しました、明日12時までにお送りします。', at: 5, thread: 0 }, { client: 'ありがとうございます!', at: 6, thread: 0 }, { assistant: '承知しました!', at: 7, thread: 0 }], fires: [] },
  { note: '◯ en: with a time', steps: [{ client: 'Could you send a quote for the December retainer?', at: 0 }, { assistant: "Sure, I'll send it by 3pm today.", at: 5, thread: 0 }], fires: [] },
  { note: '◯ en: a refusal takes nothing on', steps: [{ client: 'Can you redo the whole site by tomorrow?', at: 0 }, { assistant: "I'm afraid we can't take that on this week.", at: 5, thread: 0 }], fires: [] },
  { note: '◯ a deadline sent as a second message before the client speaks (one yes, split in two)', steps: [{ client: '取材先のアポ、3件ほど候補日を調整してもらえますか。', at: 0 }, { assistant: '承知しました!', at: 1, thread: 0 }, { assistant: '明日の12時までに、候補日をまとめてご連絡します。', at: 2, thread: 0 }, { advance: 60 }], fires: [] },
  { note: '✗ the client answers before any deadline is given: the yes stands alone', steps: [{ client: 'バナーを2案作っていただけますか?', at: 0 }, { assistant: '承知しました!', at: 1, thread: 0 }, { client: 'よろしくお願いします!', at: 2, thread: 0 }, { assistant: '明日12時までにお送りします。', at: 3, thread: 0 }], fires: ['noDeadline'] },
  { note: '◯ a yes to a request that names its own deadline agrees to it', steps: [{ client: '明日17時までに修正版をお願いできますか。', at: 0 }, { assistant: '承知いたしました!', at: 5, thread: 0 }, { advance: 60 }], fires: [] },
  { note: '✗ a time that is not the request\'s deadline (明日の投稿) does not date it', steps: [{ client: '明日の投稿の画像を差し替えてもらえますか?', at: 0 }, { assistant: '了解です!やっておきます〜', at: 3, thread: 0 }, { advance: 60 }], fires: ['noDeadline'] },
  { note: '✗ a start time is no deadline (14時から作業します)', steps: [{ client: '社内向けのお知らせ文を作ってもらえますか?', at: 0 }, { assistant: '了解です!14時から作業しますね。', at: 2, thread: 0 }, { advance: 60 }], fires: ['noDeadline'] },
  { note: '◯ asking when it is needed sets the deadline with the client', steps: [{ client: 'Could you brainstorm some booth ideas for the trade show?', at: 0 }, { assistant: 'Love that! When do you need them by?', at: 5, thread: 0 }, { advance: 60 }], fires: [] },
  { note: '◯ team talk: a colleague\'s 「いけます!」 is no answer to the client', steps: [{ client: 'アンケートのフォーム作成をお願いできますか?', at: 0 }, { assistant: '<@U0SUZUKI> これ対応できそう?', at: 2, thread: 0 }, { assistant: 'いけます!', at: 3, thread: 0, user: 'U0SUZUKI' }, { assistant: '承知いたしました!本日17時までに作成いたします。', at: 5, thread: 0 }, { advance: 60 }], fires: [] },
  { note: '◯ a yes about a task already taken with a deadline (A4で進めます)', steps: [{ client: 'チラシのデザイン案、2パターン作ってもらえますか。', at: 0 }, { assistant: '承知しました!11/26(木)15時までにお送りします。サイズはA4でよろしいでしょうか?', at: 5, thread: 0 }, { client: 'A4でお願いします!', at: 30, thread: 0 }, { assistant: '承知しました!A4で進めます。', at: 31, thread: 0 }, { advance: 60 }], fires: [] },
]);

test('a message of thousands of repeated @-mentions keeps the state small', () => {
  const runner = runnerFor(loadShipped(), 'deadline-missing');
  const view = new ChannelView();
  const t = atJst('2026-11-24T10:00');
  runner.step({ type: 'message', channel: testChannel.id, channelType: 'channel', ts: tsOf(t), user: 'U0SUZUKI', userTeam: 'T0OURTEAM', text: '<@U0SATO>'.repeat(3000), at: t }, testChannel, view, new ChannelChanges());
  for (const [, v] of view.fields) expect(JSON.stringify(v).length).toBeLessThan(2000);
});
