import { runScenarioTester } from '../helpers/rule-tester';

// Shipped rule: question ≤ 2 lines, reply ≥ 15 lines and ≥ 8× longer.
const long = (n: number, line = 'ご説明します。') => Array.from({ length: n }, (_, i) => `${i + 1}. ${line}`).join('\n');

runScenarioTester('overlong-reply', [
  { note: '✗ a 20-line answer to a 1-line question', steps: [{ client: '請求書の送付先はどちらですか?', at: 0 }, { assistant: long(20), at: 5 }], fires: ['tooLong'] },
  { note: '✗ a 2-line question answered with 16 lines', steps: [{ client: 'ロゴの件です。\n色は変えられますか?', at: 0 }, { assistant: long(16), at: 5 }], fires: ['tooLong'] },
  { note: '✗ in the thread of the question', steps: [{ client: '納期はいつ頃になりますか?', at: 0 }, { assistant: long(18, '工程について'), at: 5, thread: 0 }], fires: ['tooLong'] },
  { note: '✗ blank lines do not count but 15 real lines do', steps: [{ client: '料金はいくらですか?', at: 0 }, { assistant: long(15).split('\n').join('\n\n'), at: 5 }], fires: ['tooLong'] },
  { note: '✗ one long paragraph (700 characters, no line break) answering a one-line question', steps: [{ client: '請求書はどこにありますか?', at: 0 }, { assistant: '請求書につきましては、経理部の共有フォルダに月ごとに保存しておりまして、'.repeat(20), at: 5 }], fires: ['tooLong'] },
  { note: '✗ en: one wall of text (200 words) to a one-line question', steps: [{ client: "Where's the invoice?", at: 0 }, { assistant: 'The invoice is in the shared finance folder, and there is some background on how we file them. '.repeat(12), at: 5 }], fires: ['tooLong'] },
  { note: '◯ the client asked for every step: a long answer is what they want', steps: [{ client: '設定の手順を詳しく教えてください。', at: 0 }, { assistant: long(20), at: 5 }], fires: [] },
  { note: '◯ en: walk me through it', steps: [{ client: 'Can you walk me through the setup?', at: 0 }, { assistant: long(20, 'Step detail.'), at: 5 }], fires: [] },
  { note: '◯ a medium paragraph (200 characters) to a short question', steps: [{ client: '請求書はどこにありますか?', at: 0 }, { assistant: '経理部の共有フォルダにございます。'.repeat(10), at: 5 }], fires: [] },
  { note: '✗ en: 20 lines to one', steps: [{ client: 'Where should I send the invoice?', at: 0 }, { assistant: long(20, 'Here is some background.'), at: 5 }], fires: ['tooLong'] },
  { note: '✗ only judged once per question', steps: [{ client: '料金はいくらですか?', at: 0 }, { assistant: long(20), at: 5 }, { assistant: long(20), at: 6 }], fires: ['tooLong'] },
  { note: '◯ a short answer', steps: [{ client: '請求書の送付先はどちらですか?', at: 0 }, { assistant: 'いつもの経理部宛にお願いいたします。', at: 5 }], fires: [] },
  { note: '◯ a long question deserves a long answer', steps: [{ client: long(6, 'ご相談です'), at: 0 }, { assistant: long(20), at: 5 }], fires: [] },
  { note: '◯ a 14-line answer stays under the minimum', steps: [{ client: '料金はいくらですか?', at: 0 }, { assistant: long(14), at: 5 }], fires: [] },
  { note: '◯ a long message with no client question before it', steps: [{ assistant: long(30, '週次レポート'), at: 0 }], fires: [] },
  { note: '◯ a long top-level message does not answer a short question asked in a thread', steps: [{ client: long(6, 'ご相談です'), at: 0 }, { client: '料金は?', at: 1, thread: 0 }, { assistant: long(20), at: 5 }], fires: [] },
  { note: '◯ a code block is not the author’s prose', steps: [{ client: '設定ファイルを送ってください', at: 0 }, { assistant: `こちらです。\n\`\`\`\n${long(30, 'key: value')}\n\`\`\``, at: 5 }], fires: [] },
  { note: '◯ the client writing long is not judged', steps: [{ assistant: '何かあればご連絡ください', at: 0 }, { client: long(20, '要望'), at: 5 }], fires: [] },
  { note: '◯ not a client channel', channel: { tracked: false, isExtShared: false }, steps: [{ client: '料金は?', at: 0 }, { assistant: long(20), at: 5 }], fires: [] },
  { note: '◯ a quoted question answered with a long quote', steps: [{ client: '納期は?', at: 0 }, { assistant: `${long(20, '> 引用').replace(/^\d+\. /gm, '')}\n金曜です。`, at: 5 }], fires: [] },
  { note: '◯ en: a short answer', steps: [{ client: 'Where should I send the invoice?', at: 0 }, { assistant: 'To accounting, as usual.', at: 5 }], fires: [] },
  { note: '✗ 「はい/いいえ」で済む質問に箇条書き20行', steps: [{ client: 'この金額で確定ですか?', at: 0 }, { assistant: long(20, '・補足事項'), at: 5 }], fires: ['tooLong'] },
  { note: '✗ en: a 2-line question, an 18-line answer', steps: [{ client: 'Quick one:\nis Friday OK?', at: 0 }, { assistant: long(18, 'Some context.'), at: 5 }], fires: ['tooLong'] },
  { note: '◯ en: a long question, a long answer', steps: [{ client: long(5, 'Detailed requirement.'), at: 0 }, { assistant: long(20, 'Answer.'), at: 5 }], fires: [] },
  { note: '◯ en: a 14-line answer', steps: [{ client: 'Price?', at: 0 }, { assistant: long(14, 'Line.'), at: 5 }], fires: [] },
]);
