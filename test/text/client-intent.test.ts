/**
 * What a client's message asks of the team, with the tables of the shipped rules/response-time.yaml.
 * Closings, the client's own next step and "no reply needed" open no request; anything that still
 * asks, questions or complains does, whatever polite words surround it.
 */
import { matchers } from '../../src/detectors/response-time/options';
import { clientIntent, type ClientIntent } from '../../src/text/client-intent';
import { loadShipped } from '../helpers/rule-tester';

const tables = matchers(loadShipped().rule('response-time')!.options as never).intent;

describe('client intent (shipped tables)', () => {
  test.each<[string, ClientIntent]>([
    // closings and acknowledgements, ja and en, any register
    ['ありがとうございます!', 'closing'],
    ['了解です🙏', 'closing'],
    ['承知しました、ありがとうございます!', 'closing'],
    ['ありがとうございます!引き続きよろしくお願いいたします。', 'closing'],
    ['本当にありがとうございます〜！', 'closing'],
    ['確認しました!ありがとうございます', 'closing'],
    ['お願いします!', 'closing'],
    ['thanks!', 'closing'],
    ['Thank you so much :pray:', 'closing'],
    ['Perfect, thanks!', 'closing'],
    ['Sounds good, appreciate it!', 'closing'],
    ['Noted 👍', 'closing'],
    ['Awesome, thank you so much!', 'closing'],
    ['👍', 'closing'],
    ['ok', 'closing'],
    // the client's own next step
    ['ありがとうございます。確認します。', 'own-step'],
    ['確認します!少々お待ちください', 'own-step'],
    ['社内で確認してみます', 'own-step'],
    ['Thank you, I will check and get back to you.', 'own-step'],
    ['thanks for the update, will review and let you know', 'own-step'],
    // no reply needed, said outright or as FYI
    ['返信不要です。明日の会議は10時からになりました。', 'no-reply-needed'],
    ['FYI: the meeting moved to 3pm', 'no-reply-needed'],
    ['ご参考までに、先方の資料を添付します', 'no-reply-needed'],
    // near misses: something is still asked
    ['Thanks! Could you also send the invoice?', 'request'],
    ['ありがとうございます。あと、請求書もお願いできますか?', 'request'],
    ['FYI could you check the draft?', 'request'],
    ['ご参考まで。こちらの件、ご確認いただけますか', 'request'],
    ['ありがとう、でも金額が違うようです', 'request'],
    ['Thanks, but can you resend the file?', 'request'],
    ['Got it, thanks. When will the report be ready?', 'request'],
    ['了解です。では明日の打ち合わせは何時からにしますか?', 'request'],
    ['ありがとうございます!ところで請求書の件ですが…', 'request'],
    ['請求書を送ってください', 'request'],
    ['Thanks, but page 3 is missing', 'request'],
  ])('%s → %s', (text, expected) => {
    expect(clientIntent(text, tables)).toBe(expected);
  });
});
