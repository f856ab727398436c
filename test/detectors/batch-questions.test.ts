import { runScenarioTester } from '../helpers/rule-tester';

// Shipped rule: 3 question messages within 10 minutes. Times are minutes after 10:00.
const q = (text: string, at: number, user?: string) => ({ assistant: text, at, user });

runScenarioTester('batch-questions', [
  { note: '✗ three questions fired one by one', steps: [q('ロゴの色は青でよろしいでしょうか?', 0), q('サイズはA4で合っていますか?', 1), q('納期は金曜で大丈夫ですか?', 2)], fires: ['oneMessage'] },
  { note: '✗ questions without question marks (でしょうか。)', steps: [q('請求先はいつもの住所でよろしいでしょうか。', 0), q('担当者様のお名前を教えていただけますか。', 3), q('宛名は御中でよろしいですか', 6)], fires: ['oneMessage'] },
  { note: '✗ full-width question marks', steps: [q('確認ですが、ＰＤＦで良いですか？', 0), q('カラーで印刷しますか？', 2), q('部数は10部ですか？', 4)], fires: ['oneMessage'] },
  { note: '✗ in a thread too', steps: [{ client: '資料作成をお願いします', at: 0 }, q('締切はいつでしょうか?', 1), q('ページ数の目安はありますか?', 2), q('参考資料はありますか?', 3)], fires: ['oneMessage'] },
  { note: '✗ only one nudge for a burst of five', steps: [q('1つ目ですが、よろしいですか?', 0), q('2つ目、こちらで合っていますか?', 1), q('3つ目、いかがでしょうか?', 2), q('4つ目、問題ないですか?', 3), q('5つ目、大丈夫ですか?', 4)], fires: ['oneMessage'] },
  { note: '✗ a new burst after the window nudges again', steps: [q('A?', 0), q('B?', 1), q('C?', 2), q('D?', 20), q('E?', 21), q('F?', 22)], fires: ['oneMessage', 'oneMessage'] },
  { note: '✗ en: three separate questions', steps: [q('Is blue OK for the logo?', 0), q('Should it be A4?', 1), q('Is Friday fine for delivery?', 2)], fires: ['oneMessage'] },
  { note: '◯ one message with all the open points', steps: [q('3点確認させてください。\n1. 色は青でよろしいでしょうか?\n2. サイズはA4ですか?\n3. 納期は金曜で大丈夫ですか?', 0)], fires: [] },
  { note: '◯ two questions are fine', steps: [q('色は青でよろしいでしょうか?', 0), q('サイズはA4ですか?', 1)], fires: [] },
  { note: '◯ three questions spread over more than the window', steps: [q('色は青でよろしいでしょうか?', 0), q('サイズはA4ですか?', 6), q('納期は金曜ですか?', 12)], fires: [] },
  { note: '◯ statements between questions do not count', steps: [q('色は青でよろしいでしょうか?', 0), q('資料をお送りしました。', 1), q('ご確認のほどよろしくお願いいたします。', 2), q('サイズはA4ですか?', 3)], fires: [] },
  { note: '◯ questions by two different assistants', steps: [q('色は青でよろしいでしょうか?', 0), q('サイズはA4ですか?', 1, 'U0SUZUKI'), q('納期は金曜ですか?', 2)], fires: [] },
  { note: '◯ the client asking many questions is not judged', steps: [{ client: '料金は?', at: 0 }, { client: '納期は?', at: 1 }, { client: '支払い方法は?', at: 2 }], fires: [] },
  { note: '◯ a question mark inside a code block or quote does not count', steps: [q('> 料金は?\nお見積もりをお送りします。', 0), q('```\nwhere id = ?\n```\n修正しました。', 1), q('サイズはA4ですか?', 2)], fires: [] },
  { note: '◯ not a client channel', channel: { tracked: false, isExtShared: false }, steps: [q('A?', 0), q('B?', 1), q('C?', 2)], fires: [] },
  { note: '◯ en: one message with the open points', steps: [q('Two quick points: is blue OK for the logo, and is Friday fine for delivery?', 0)], fires: [] },
  { note: '◯ en: two questions and a statement', steps: [q('Is blue OK?', 0), q('I attached the draft.', 1), q('Is Friday fine?', 2)], fires: [] },
  { note: '✗ 〜ませんか endings count as questions', steps: [q('資料を共有いただけませんか。', 0), q('日程を調整しませんか。', 2), q('先にお電話しましょうか。', 4)], fires: ['oneMessage'] },
  { note: '✗ en: three yes/no questions in a row', steps: [q('Can you send the logo?', 0), q('Do you have the fonts?', 1), q('Is the deadline firm?', 2)], fires: ['oneMessage'] },
  { note: '◯ en: statements', steps: [q('Sent the logo.', 0), q('Fonts attached.', 1), q('Deadline noted.', 2)], fires: [] },
]);
