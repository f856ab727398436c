import { authorText, normalize } from '../../src/text/normalize';
import { compilePhrases } from '../../src/text/phrases';

const closing = compilePhrases(['ありがとうございます', 'ありがとう', '了解です', '了解', '承知しました', 'よろしくお願いいたします', 'thanks', 'thank you', 'ok']);

describe('normalize and authorText', () => {
  test('NFKC, case and wave dashes', () => {
    expect(normalize('ＯＫです〜！')).toBe('okです~!');
    expect(normalize('ｶﾀｶﾅ  と　全角空白')).toBe('カタカナ と 全角空白');
  });
  test('Slack markup, code and quotes are not the author’s words', () => {
    const t = authorText('<@U123> こちら <https://x.example|資料> です :pray:\n> 引用文\n```code```\n`inline` 以上 &amp; よろしく');
    expect(t).toBe('こちら 資料 です\n\n以上 & よろしく');
    expect(authorText('<!subteam^S1|@team> <#C1|general> <https://a.b>')).toBe('');
  });
});

describe('phrase matching', () => {
  test('full-width and half-width, case', () => {
    expect(closing.test('ＴＨＡＮＫＳ')).toBe(true);
    expect(closing.find('ありがとうございます!')).toBe('ありがとうございます');
  });
  test('latin words match whole words only', () => {
    expect(closing.test('book a room')).toBe(false);
    expect(closing.test('ok!')).toBe(true);
  });
  test('a text ending in a phrase (normalised; spans never count as an ending)', () => {
    const m = compilePhrases(['受け取りました', 'Thanks', '確認の上~ご返信']);
    expect(m.endsWith('レポート受け取りました')).toBe(true);
    expect(m.endsWith('many THANKS')).toBe(true);
    expect(m.endsWith('受け取りましたが、1ページ足りません')).toBe(false);
    expect(m.endsWith('確認の上、15時までにご返信')).toBe(false);
  });
  test('~ spans a short gap', () => {
    const m = compilePhrases(['確認の上~ご返信']);
    expect(m.test('確認の上、15時までにご返信いたします')).toBe(true);
    expect(m.test('確認の上でご判断ください。なお返信は不要です。あとで別件のご返信をします')).toBe(false);
  });
});
