import { runRuleTester } from '../helpers/rule-tester';

const dm = { channelType: 'im' as const, channel: 'D0SATO' };
const group = { channelType: 'mpim' as const, channel: 'G0MPIM' };
const facts = { tracked: false, isExtShared: false, channelsOfAuthor: ['C0ACME'] };

runRuleTester('dm-usage', {
  valid: [
    { text: 'お疲れさまです!', note: 'small talk in a DM', event: dm, channel: facts },
    { text: 'ランチ行きませんか?', note: 'no business phrase', event: dm, channel: facts },
    { text: '明日は在宅です', note: 'personal schedule', event: dm, channel: facts },
    { text: '請求書の件、確認お願いします', note: 'the same words in a channel are fine', channel: { tracked: true } },
    { text: '見積もりを送ってください', note: 'a client writing in a DM is not nudged', event: { ...dm, user: 'U0CLIENT', userTeam: 'T0ACME' }, channel: facts },
    { text: '> 請求書の件\nこれ何の話でしたっけ?', note: 'quoted business words', event: dm, channel: facts },
    { text: 'ありがとうございます🙏', note: 'thanks in a group DM', event: group, channel: facts },
    { text: 'お先に失礼します', note: 'leaving for the day', event: dm, channel: facts },
    { text: '`invoice` というタグ名にしました', note: 'a word inside inline code', event: dm, channel: facts },
    { text: 'See you tomorrow!', note: 'en: small talk', event: dm, channel: facts },
    { text: 'Thanks!', note: 'en: thanks', event: group, channel: facts },
  ],
  invalid: [
    { text: 'A社の請求書、今日中に送ってもらえますか?', note: '✗ the rulebook example: asking a colleague in a DM', event: dm, channel: facts, messageId: 'useChannel' },
    { text: '見積もりの件、先方に確認お願いします', note: '見積 + 確認お願い', event: dm, channel: facts, messageId: 'useChannel' },
    { text: '納期が金曜に変わりました', note: 'a schedule change', event: dm, channel: facts, messageId: 'useChannel' },
    { text: '契約書のドラフトを見てもらえますか', note: '契約', event: group, channel: facts, messageId: 'useChannel' },
    { text: '資料の修正依頼が来ています', note: '修正依頼 in a group DM', event: group, channel: facts, messageId: 'useChannel' },
    { text: '明日の打ち合わせ、何時からでしたっけ?', note: '打ち合わせ', event: dm, channel: facts, messageId: 'useChannel' },
    { text: '締め切りはいつでしたか?', note: '締め切り', event: dm, channel: facts, messageId: 'useChannel' },
    { text: 'ご確認のほどよろしくお願いいたします', note: 'ご確認, polite', event: dm, channel: facts, messageId: 'useChannel' },
    { text: '納品データを送りました', note: 'no known client channel: points to the shared channel', event: dm, channel: { tracked: false, isExtShared: false }, messageId: 'useChannel' },
    { text: 'Could you send me the invoice for ACME?', note: 'en: invoice', event: dm, channel: facts, messageId: 'useChannel' },
    { text: 'The deadline moved to Friday.', note: 'en: deadline', event: group, channel: facts, messageId: 'useChannel' },
    { text: 'Please review the contract draft.', note: 'en: contract', event: dm, channel: facts, messageId: 'useChannel' },
  ],
});
