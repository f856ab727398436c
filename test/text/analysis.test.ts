import { analyze, splitSentences } from '../../src/text/analysis';

describe('analysis: sentences, morphemes, questions', () => {
  test('sentences split at Japanese and English punctuation and line breaks; bullets are dropped', () => {
    expect(splitSentences('承知しました!明日17時までにお送りします。\n・色は青\n1. サイズはA4')).toEqual(['承知しました!', '明日17時までにお送りします。', '色は青', 'サイズはA4']);
    expect(splitSentences('Sure! Will send it by 5pm. Does that work?')).toEqual(['Sure!', 'Will send it by 5pm.', 'Does that work?']);
  });

  test('Japanese sentences carry morphemes with base forms; the dictionary tells 何卒 from 何', () => {
    const [s] = analyze('何卒よろしくお願いいたします。').sentences;
    expect(s.ja).toBe(true);
    expect(s.tokens[0]).toMatchObject({ surface: '何卒', pos: '副詞' });
    expect(s.tokens.map((t) => t.base)).toContain('いたす');
  });

  test('control characters do not break the analyser (kuromoji throws on a NUL)', () => {
    expect(analyze('請求書\u0000の件\uFFFF 𠮷野家です。').sentences[0].tokens.map((t) => t.surface)).toContain('請求');
    expect(analyze('\ud800承知しました').sentences[0].tokens.map((t) => t.base)).toContain('承知');
  });

  test('a 200,000-character message is analysed within its bounds (the head of the text, the end of a long sentence)', () => {
    const a = analyze(`${'あ'.repeat(200_000)}ですか?`);
    expect(a.sentences.reduce((n, s) => n + s.tokens.length, 0)).toBeLessThan(1000);
  });

  test('a question is a question mark or a Japanese question ending, with or without the mark', () => {
    const q = (t: string) => analyze(t).sentences.map((s) => s.question);
    expect(q('色は青でよろしいでしょうか')).toEqual([true]);
    expect(q('サイズはA4ですか?')).toEqual([true]);
    expect(q('資料をお送りします。ご確認ください。')).toEqual([false, false]);
    expect(q('Is Friday OK? Thanks!')).toEqual([true, false]);
    expect(q('何か気になる点はありますかね〜')).toEqual([true]);
  });

  test('code, quoted lines and quoted questions are not the author\'s words', () => {
    const a = analyze('```どうですか?```\n> いつ頃になりますか?\n『いつ頃になりますか』とのご質問ですが、金曜でよろしいでしょうか?');
    expect(a.sentences.map((s) => s.raw)).toEqual(['「…」とのご質問ですが、金曜でよろしいでしょうか?']);
  });
});
