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
