import { runRuleTester } from '../helpers/rule-tester';

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
