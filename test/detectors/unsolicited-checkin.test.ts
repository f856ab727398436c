import { runScenarioTester } from '../helpers/rule-tester';

runScenarioTester('unsolicited-checkin', [
  { note: '✗ a second check-in before the client answered the first', steps: [{ assistant: 'その後いかがですか?', at: 0 }, { assistant: '進捗いかがでしょうか?', at: 60 * 24 }], fires: ['chasing'] },
  { note: '✗ daily "how is it going" with a wave dash', steps: [{ assistant: '調子どうですか〜?', at: 0 }, { assistant: 'その後どうですか〜?', at: 60 * 24 }, { assistant: '進捗どうですか〜?', at: 60 * 48 }], fires: ['chasing', 'chasing'] },
  { note: '✗ polite forms', steps: [{ assistant: 'いかがお過ごしですか。', at: 0 }, { assistant: '何かお困りのことはありませんか?', at: 60 * 24 * 3 }], fires: ['chasing'] },
  { note: '✗ by two different assistants', steps: [{ assistant: 'その後いかがですか?', at: 0 }, { assistant: '進捗いかがですか?', at: 120, user: 'U0SUZUKI' }], fires: ['chasing'] },
  { note: '✗ en: checking in twice', steps: [{ assistant: 'Just checking in, how is it going?', at: 0 }, { assistant: 'Any update on your side?', at: 60 * 24 }], fires: ['chasing'] },
  { note: '◯ the client answered between the check-ins', steps: [{ assistant: 'その後いかがですか?', at: 0 }, { client: '順調です!', at: 30 }, { assistant: '進捗いかがでしょうか?', at: 60 * 24 * 7 }], fires: [] },
  { note: '◯ a single check-in', steps: [{ assistant: 'その後いかがでしょうか?', at: 0 }], fires: [] },
  { note: '◯ other messages are not check-ins', steps: [{ assistant: '資料をお送りしました。', at: 0 }, { assistant: '請求書も添付いたします。', at: 10 }], fires: [] },
  { note: '◯ one check-in after ordinary messages', steps: [{ assistant: '資料をお送りしました。', at: 0 }, { assistant: 'その後いかがですか?', at: 60 * 24 }], fires: [] },
  { note: '◯ a quoted check-in is not one', steps: [{ assistant: 'その後いかがですか?', at: 0 }, { assistant: '> その後いかがですか?\nの件、別途ご連絡します。', at: 60 }], fires: [] },
  { note: '◯ the client checking in is not judged', steps: [{ client: 'その後いかがですか?', at: 0 }, { client: '進捗いかがですか?', at: 60 }], fires: [] },
  { note: '◯ not a client channel', channel: { tracked: false, isExtShared: false }, steps: [{ assistant: 'その後いかがですか?', at: 0 }, { assistant: '進捗いかがですか?', at: 60 }], fires: [] },
  { note: '◯ the client answered in a thread', steps: [{ assistant: 'その後いかがですか?', at: 0 }, { client: '来週ご連絡します', at: 60, thread: 0 }, { assistant: 'その後いかがでしょうか?', at: 60 * 24 * 7 }], fires: [] },
  { note: '◯ en: the client replied', steps: [{ assistant: 'How is it going?', at: 0 }, { client: 'All good, thanks', at: 10 }, { assistant: 'Any update on the launch?', at: 60 * 24 }], fires: [] },
  { note: '✗ a check-in, a client-free week, a third one', steps: [{ assistant: 'その後いかがですか?', at: 0 }, { assistant: '資料を更新しました。', at: 60 }, { assistant: 'その後どうでしょうか?', at: 60 * 24 * 7 }], fires: ['chasing'] },
  { note: '◯ en: a single check-in', steps: [{ assistant: 'Just checking in on the report.', at: 0 }], fires: [] },
  { note: '✗ 進捗どうですか twice in one day', steps: [{ assistant: '進捗どうですか?', at: 0 }, { assistant: '進捗どうですか?', at: 300 }], fires: ['chasing'] },
  { note: '◯ a check-in after the client’s question was answered', steps: [{ client: '請求書は届きましたか?', at: 0 }, { assistant: 'はい、届いております。', at: 5 }, { assistant: 'その後いかがですか?', at: 60 * 24 * 3 }], fires: [] },
  { note: '✗ en: how are things, twice', steps: [{ assistant: 'How are things going?', at: 0 }, { assistant: 'How are things on your side?', at: 60 * 24 * 2 }], fires: ['chasing'] },
  { note: '◯ en: the client answered in between', steps: [{ assistant: 'Any update?', at: 0 }, { client: 'Not yet', at: 60 }, { assistant: 'Checking in again next week then.', at: 60 * 24 * 7 }], fires: [] },
]);

// Check-ins are read by the acts (src/text/acts/checkin.ts), not a phrase list: wordings of every kind,
// bumps and the intent question; concrete asks and news are not check-ins. Times are minutes after 10:00.
const DAY = 60 * 24;
runScenarioTester('unsolicited-checkin', [
  { note: '✗ ja: other wordings on later days (ご覧いただけましたか → ご検討状況は)', steps: [{ assistant: '先日ご提案した改修案、ご覧いただけましたでしょうか。', at: 0 }, { assistant: 'お忙しいところ恐れ入りますが、ご検討状況はいかがでしょうか。', at: DAY }], fires: ['chasing'] },
  { note: '✗ ja: 「何かお困りのことは」を3日続けて', steps: [{ assistant: '新しい予約システム、何かお困りのことはありませんか?', at: 0 }, { assistant: '予約システムの件、ご不明点などございませんでしょうか?', at: DAY }, { assistant: '度々失礼いたします。その後いかがでしょう?', at: 2 * DAY }], fires: ['chasing', 'chasing'] },
  { note: '✗ ja: 「上げておきます」 in the thread of an unanswered check-in', steps: [{ assistant: '年末の発送準備、進捗いかがですか?', at: 0 }, { assistant: 'こちら念のため上げておきます🙏', at: DAY, thread: 0 }], fires: ['chasing'] },
  { note: '✗ en: any thoughts, then bumping', steps: [{ assistant: 'What did you think of the brochure draft?', at: 0 }, { assistant: 'Any thoughts?', at: DAY, thread: 0 }, { assistant: 'Bumping this 👆', at: 2 * DAY, thread: 0 }], fires: ['chasing', 'chasing'] },
  { note: '✗ en: did you get a chance, then following up', steps: [{ assistant: 'Did you get a chance to look at the onboarding doc?', at: 0 }, { assistant: 'Following up on my last message 🙂', at: DAY }], fires: ['chasing'] },
  { note: '✗ a weekly repeat', steps: [{ assistant: '今週の振り返り、いかがでしたか?', at: 0 }, { assistant: '今週の振り返り、いかがでしたか?', at: 7 * DAY }], fires: ['chasing'] },
  { note: '✗ a client reaction is no answer', steps: [{ assistant: 'How are you getting on with the process map?', at: 0 }, { react: 'eyes', on: 0, at: 10, user: 'U0CLIENT' }, { assistant: 'Just checking in on the process map!', at: DAY }], fires: ['chasing'] },
  { note: '◯ months apart: separate touchpoints', steps: [{ assistant: 'その後いかがでしょうか?', at: 0 }, { assistant: 'ご無沙汰しております。その後いかがでしょうか?', at: 60 * DAY }], fires: [] },
  { note: '◯ a concrete A/B question re-sent with a date is not a check-in', steps: [{ assistant: '表紙のデザイン、A案とB案のどちらで進めましょうか?', at: 0 }, { assistant: '念のため再送いたします。入稿が12/1のため、A案・B案のどちらで進めるか、11/27(金)までにご返信いただけますでしょうか。', at: DAY }], fires: [] },
  { note: '◯ the second message brings news', steps: [{ assistant: '先日のお見積もり、ご検討状況はいかがでしょうか?', at: 0 }, { assistant: '補足です。年内にご発注いただければ10%割引が適用できることが分かりました。', at: DAY }], fires: [] },
  { note: '◯ the second message shares a file', steps: [{ assistant: 'パンフレットの初稿、いかがでしたか?', at: 0 }, { assistant: '文字を大きくした修正版はいかがでしょうか?', at: DAY, extra: { files: 1 } }], fires: [] },
  { note: '◯ the intent question once, after an unanswered check-in', steps: [{ assistant: 'その後、課題の記録はいかがですか?', at: 0 }, { assistant: '今後のプログラムについて、継続・一時停止・終了のいずれかでご返信いただけますでしょうか。', at: 14 * DAY }], fires: [] },
  { note: '✗ the intent question re-sent to a silent client', steps: [{ assistant: 'Would you like to continue, pause, or stop the coaching? A one-word reply is perfect.', at: 0 }, { assistant: 'Resending: continue, pause, or stop? Just reply with one word 🙏', at: DAY }], fires: ['chasing'] },
  { note: '◯ team-internal: a director asks an assistant twice', steps: [{ assistant: '<@U0SATO> 宛名リスト、進捗どうですか?', at: 0, user: 'U0BOSS' }, { assistant: '<@U0SATO> 宛名リスト、どうでしょう?', at: 300, user: 'U0BOSS' }], fires: [] },
  { note: '◯ reports and offers are not check-ins', steps: [{ assistant: '今週分をシートにまとめました。何かあればお知らせください。', at: 0 }, { assistant: '今週分もシートに追記しました。何かあればお知らせください。', at: 7 * DAY }], fires: [] },
  { note: '◯ en: the client answered the first check-in', steps: [{ assistant: 'How are webinar sign-ups looking?', at: 0 }, { client: 'About 30 so far!', at: 60, thread: 0 }, { assistant: 'How are sign-ups this week?', at: 6 * DAY }], fires: [] },
]);
