import { runScenarioTester } from '../helpers/rule-tester';

// Rulebook 0.3: ✗ many separate questions ◯ one message with the open points. Shipped rule: the second
// separate question message to the client within 2 hours, no client message in between; once per batch.
// Times are minutes after 10:00 (Tuesday).
const q = (text: string, at: number, user?: string, thread?: number) => ({ assistant: text, at, user, thread });

runScenarioTester('batch-questions', [
  // ✗ the rulebook's many separate questions
  { note: '✗ three questions fired one by one (one nudge for the batch)', steps: [q('ロゴの色は青でよろしいでしょうか?', 0), q('サイズはA4で合っていますか?', 1), q('納期は金曜で大丈夫ですか?', 2)], fires: ['oneMessage'] },
  { note: '✗ two questions are already two messages where one would do', steps: [q('色は青でよろしいでしょうか?', 0), q('サイズはA4ですか?', 1)], fires: ['oneMessage'] },
  { note: '✗ 「何度もすみません、もう一点」 — the apology does not make it one message', steps: [q('チラシのサイズはA4でよろしいでしょうか?', 0), q('何度もすみません、もう一点。部数は何部ご用意すればよいでしょうか?', 6)], fires: ['oneMessage'] },
  { note: '✗ spread over an hour and a half, no answer in between', steps: [q('展示会の搬入は12/2の午前でよろしいでしょうか?', 0), q('追加で確認させてください。名刺は何箱お持ちしましょうか?', 90)], fires: ['oneMessage'] },
  { note: '✗ across the lunch break, under two hours of wall time', steps: [q('請求書の発行日は月末日付でよろしいでしょうか?', 105), q('もう一点、送付先のご担当に変更はございませんか?', 185)], fires: ['oneMessage'] },
  { note: '✗ questions without question marks (でしょうか。)', steps: [q('請求先はいつもの住所でよろしいでしょうか。', 0), q('担当者様のお名前を教えていただけますか。', 3)], fires: ['oneMessage'] },
  { note: '✗ a request for an answer counts as a question (ご教示ください)', steps: [q('経費精算の締め日は毎月25日でお間違いないでしょうか。', 0), q('重ねて恐縮ですが、領収書の原本の送付先もご教示ください。', 25)], fires: ['oneMessage'] },
  { note: '✗ full-width question marks', steps: [q('確認ですが、ＰＤＦで良いですか？', 0), q('カラーで印刷しますか？', 2)], fires: ['oneMessage'] },
  { note: '✗ in the thread of the same request', steps: [{ client: '資料作成をお願いします', at: 0 }, q('締切はいつでしょうか?', 1, undefined, 0), q('ページ数の目安はありますか?', 2, undefined, 0)], fires: ['oneMessage'] },
  { note: '✗ a follow-up in the thread of the team\'s own question', steps: [q('忘年会の人数は25名で確定でしょうか?', 0), q('補足で、お子様連れの方はいらっしゃいますか?', 5, undefined, 0)], fires: ['oneMessage'] },
  { note: '✗ one question in a request\'s thread, another at the top level', steps: [{ client: '採用ページの制作をお願いします。', at: 0 }, q('公開希望日は12/15で合っていますか?', 10, undefined, 0), q('採用ページの件でもう一点。写真は新たに撮影しますか?', 40)], fires: ['oneMessage'] },
  { note: '✗ statements between the questions are no answer', steps: [q('色は青でよろしいでしょうか?', 0), q('資料をお送りしました。', 1), q('ご確認のほどよろしくお願いいたします。', 2), q('サイズはA4ですか?', 3)], fires: ['oneMessage'] },
  { note: '✗ an internal exchange in between is no answer', steps: [q('見積の有効期限は今月末まででよろしいでしょうか?', 0), q('<@U0SUZUKI> 前回の見積書ってどこにありましたっけ?', 5), q('あわせて、お支払いは月末締め翌月末払いで変わりないでしょうか?', 15)], fires: ['oneMessage'] },
  { note: '✗ a second team member on the same matter', steps: [q('年末の挨拶状、送付先は前回のリストでよろしいでしょうか?', 0), q('挨拶状の件で補足のご質問です。今年はメールでのお送りでも問題ないでしょうか?', 20, 'U0BOSS')], fires: ['oneMessage'] },
  { note: '✗ after an answer, two more questions make a new batch', steps: [q('集合は本社1階でよろしいでしょうか?', 0), { client: 'はい、1階受付でお願いします。', at: 10 }, q('撮影対象は3名で確定でしょうか?', 20), q('あと、服装の指定はございますか?', 25)], fires: ['oneMessage'] },
  { note: '✗ a new batch after the window nudges again', steps: [q('A?', 0), q('B?', 1), q('C?', 2), q('D?', 130), q('E?', 131)], fires: ['oneMessage', 'oneMessage'] },
  { note: '✗ en: "sorry, one more"', steps: [q('Quick check on the flyer: is A4 OK?', 0), q('Sorry, one more question — how many copies do you need?', 5)], fires: ['oneMessage'] },
  { note: '✗ en: three yes/no questions in a row', steps: [q('Can you send the logo?', 0), q('Do you have the fonts?', 1), q('Is the deadline firm?', 2)], fires: ['oneMessage'] },
  { note: '✗ en: questions without question marks', steps: [q('Could you confirm the banner size for the trade show', 0), q('Also could you confirm the delivery address for the stand', 10)], fires: ['oneMessage'] },
  { note: '✗ en: a status update in between is no answer', steps: [q("OK to add a 'Company name' field to the form?", 0), q('FYI the homepage fixes are live.', 30), q('And should submissions still go to info@?', 45)], fires: ['oneMessage'] },

  // ◯ one message, dialogue, or nothing to batch
  { note: '◯ one message with all the open points', steps: [q('3点確認させてください。\n1. 色は青でよろしいでしょうか?\n2. サイズはA4ですか?\n3. 納期は金曜で大丈夫ですか?', 0)], fires: [] },
  { note: '◯ a dialogue: the client answers before the next question', steps: [q('納品形式はPDFでよろしいでしょうか?', 0), { client: 'はい、PDFでお願いします。', at: 10, thread: 0 }, q('承知しました。部数は前回と同じ500部でよろしいですか?', 15, undefined, 0)], fires: [] },
  { note: '◯ the client answers at the top level', steps: [q('来週の定例、議題は予算の見直しでよろしいでしょうか?', 0), { client: 'はい、お願いします!', at: 20 }, q('資料は前日までにお送りした方がよろしいですか?', 30)], fires: [] },
  { note: '◯ questions more than two hours apart', steps: [q('色は青でよろしいでしょうか?', 0), q('サイズはA4ですか?', 240)], fires: [] },
  { note: '◯ the second message is not a question (a delivery, thanks, an offer)', steps: [q('バナーのサイズは1200×628でよろしいでしょうか?', 0), q('別途ご依頼の議事録をお送りいたします。', 30), q('よろしくお願いいたします🙇‍♀️', 31), q('その他、何かございましたらお気軽にお知らせください。', 32)], fires: [] },
  { note: '◯ a greeting (いかがお過ごし) is no question', steps: [q('寒くなってまいりましたが、いかがお過ごしでしょうか。', 0), q('さて、年賀状は今年も干支のイラスト入りでよろしいでしょうか?', 1)], fires: [] },
  { note: '◯ separate client requests, one question each in its own thread', steps: [{ client: '会社案内のPDFを更新してもらえますか?', at: 0 }, { client: 'あと別件で、来週の会議室の予約もお願いします。', at: 5 }, q('承知いたしました。表紙の写真も差し替えますか?', 20, undefined, 0), q('承知いたしました。人数は8名でよろしいでしょうか?', 25, undefined, 1)], fires: [] },
  { note: '◯ two team members, each asking once about their own work', steps: [q('11月分の請求書、宛名は前月と同じでよろしいでしょうか?', 0), q('SNS運用担当の鈴木です。12月の投稿テーマ、クリスマス特集で進めてよろしいでしょうか?', 15, 'U0SUZUKI')], fires: [] },
  { note: '◯ a question to a colleague is not to the client', steps: [q('撮影の集合は本社1階でよろしいでしょうか?', 0), q('<@U0SUZUKI> 撮影機材の予約って済んでますか?', 5)], fires: [] },
  { note: '◯ the client asking many questions is not judged', steps: [{ client: '料金は?', at: 0 }, { client: '納期は?', at: 1 }, { client: '支払い方法は?', at: 2 }], fires: [] },
  { note: '◯ a question mark inside a code block or quote does not count', steps: [q('> 料金は?\nお見積もりをお送りします。', 0), q('```\nwhere id = ?\n```\n修正しました。', 1), q('サイズはA4ですか?', 2)], fires: [] },
  { note: '◯ not a client channel', channel: { tracked: false, isExtShared: false }, steps: [q('A?', 0), q('B?', 1), q('C?', 2)], fires: [] },
  { note: '◯ en: one message with the open points', steps: [q('Two quick points: is blue OK for the logo, and is Friday fine for delivery?', 0)], fires: [] },
  { note: '◯ en: a question, then thanks and a correction', steps: [q('Does Wed 12/3 at 2pm work for the next meeting?', 0), q('Sorry, typo — 12/3 is a Thursday.', 2), q('Thanks so much! 🙏', 3)], fires: [] },
  { note: '◯ en: "if anything comes up, let me know" is an offer', steps: [q('Shall we lock this as the final version?', 0), q('If anything else comes up, just let me know.', 5)], fires: [] },
  { note: '◯ en: statements', steps: [q('Sent the logo.', 0), q('Fonts attached.', 1), q('Deadline noted.', 2)], fires: [] },
]);
