import { runScenarioTester } from '../helpers/rule-tester';

// Shipped rule: 10 minutes. Times are minutes after 10:00.
runScenarioTester('reaction-only', [
  { note: '✗ react only: 👀 on a request, nothing else', steps: [{ client: '請求書の件ご確認お願いします', at: 0 }, { react: 'eyes', on: 0, at: 1 }, { advance: 12 }], fires: ['reactionOnly'] },
  { note: '✗ 👍 on a report, nothing else', steps: [{ client: '本日分のデータを送りました', at: 0 }, { react: '+1', on: 0, at: 2 }, { advance: 30 }], fires: ['reactionOnly'] },
  { note: '✗ a reaction in a thread, no reply', steps: [{ client: 'ロゴの件です', at: 0 }, { client: '色は青でお願いします', at: 1, thread: 0 }, { react: 'ok_hand', on: 1, at: 2 }, { advance: 15 }], fires: ['reactionOnly'] },
  { note: '✗ a reply in another thread does not close this one', steps: [{ client: '1件目です', at: 0 }, { client: '2件目です', at: 1 }, { react: 'eyes', on: 1, at: 2 }, { assistant: '1件目、承知しました', at: 3, thread: 0 }, { advance: 15 }], fires: ['reactionOnly'] },
  { note: '✗ a director’s reaction counts too', steps: [{ client: '見積もりをお願いします', at: 0 }, { react: 'eyes', on: 0, at: 1, user: 'U0BOSS' }, { advance: 15 }], fires: ['reactionOnly'] },
  { note: '✗ only one nudge for several reactions on the same message', steps: [{ client: '資料です', at: 0 }, { react: 'eyes', on: 0, at: 1 }, { react: 'pray', on: 0, at: 2 }, { advance: 20 }], fires: ['reactionOnly'] },
  { note: '✗ en: thumbs-up only', steps: [{ client: 'Could you send the invoice?', at: 0 }, { react: '+1', on: 0, at: 1 }, { advance: 12 }], fires: ['reactionOnly'] },
  { note: '◯ reaction then a message in the thread', steps: [{ client: '請求書の件ご確認お願いします', at: 0 }, { react: 'eyes', on: 0, at: 1 }, { assistant: '確認の上、15時までにご返信いたします', at: 5, thread: 0 }, { advance: 30 }], fires: [] },
  { note: '◯ reaction then a message in the channel', steps: [{ client: '本日分のデータを送りました', at: 0 }, { react: '+1', on: 0, at: 1 }, { assistant: 'ありがとうございます!確認いたします。', at: 3 }, { advance: 30 }], fires: [] },
  { note: '◯ a reply just before the limit', steps: [{ client: '明日の件です', at: 0 }, { react: 'eyes', on: 0, at: 1 }, { assistant: '承知しました', at: 10 }, { advance: 30 }], fires: [] },
  { note: '◯ a reaction to a team member’s message is not judged', steps: [{ assistant: '資料をお送りしました', at: 0 }, { react: 'pray', on: 0, at: 1, user: 'U0SUZUKI' }, { advance: 30 }], fires: [] },
  { note: '◯ a client’s own reaction is not judged', steps: [{ client: 'よろしくお願いします', at: 0 }, { react: 'pray', on: 0, at: 1, user: 'U0CLIENT' }, { advance: 30 }], fires: [] },
  { note: '◯ not a client channel', channel: { tracked: false, isExtShared: false }, steps: [{ client: '社内の連絡です', at: 0 }, { react: 'eyes', on: 0, at: 1 }, { advance: 30 }], fires: [] },
  { note: '◯ no reaction, no finding (response-time handles silence)', steps: [{ client: '至急お願いします', at: 0 }, { advance: 30 }], fires: [] },
  { note: '◯ en: reaction then a written reply', steps: [{ client: 'Could you send the invoice?', at: 0 }, { react: 'eyes', on: 0, at: 1 }, { assistant: 'Sure, sending it by 3pm.', at: 4, thread: 0 }, { advance: 30 }], fires: [] },
  { note: '✗ closing thanks from the client, reacted to, is still a client message', steps: [{ client: '資料ありがとうございました!来週の件もご相談させてください', at: 0 }, { react: 'pray', on: 0, at: 1 }, { advance: 15 }], fires: ['reactionOnly'] },
  { note: '✗ ✅ on a completion report, nothing else', steps: [{ client: '修正版を確認しました。問題ありません', at: 0 }, { react: 'white_check_mark', on: 0, at: 1 }, { advance: 15 }], fires: ['reactionOnly'] },
  { note: '✗ en: eyes on a question, nothing else', steps: [{ client: 'Is the logo final?', at: 0 }, { react: 'eyes', on: 0, at: 2 }, { advance: 15 }], fires: ['reactionOnly'] },
  { note: '◯ en: a message in the channel after the reaction', steps: [{ client: 'Files uploaded.', at: 0 }, { react: '+1', on: 0, at: 1 }, { assistant: 'Thanks, checking now.', at: 3 }, { advance: 30 }], fires: [] },
  { note: '◯ en: the client reacts to our message', steps: [{ assistant: 'Here is the draft.', at: 0 }, { react: 'tada', on: 0, at: 1, user: 'U0CLIENT' }, { advance: 30 }], fires: [] },
]);
