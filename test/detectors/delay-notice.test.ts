import { runScenarioTester } from '../helpers/rule-tester';

// Times are minutes after Tue 2026-11-24 10:00; reminder at 80% of the time to the deadline.
runScenarioTester('delay-notice', [
  { note: '✗ 15時 deadline passes silently: reminder at 14:00, breach at 15:00', steps: [{ assistant: '承知いたしました!15時までに納品いたします!', at: 0 }, { advance: 6 * 60 }], fires: ['reminder', 'breach'] },
  { note: '✗ 本日中 (18:00) passes silently', steps: [{ assistant: '本日中に修正いたします。', at: 0 }, { advance: 9 * 60 }], fires: ['reminder', 'breach'] },
  { note: '✗ apologising after the fact is too late', steps: [{ assistant: '12時までにお送りします。', at: 0 }, { advance: 150 }, { assistant: '遅れて申し訳ありません。', at: 150 }], fires: ['reminder', 'breach'] },
  { note: '✗ only the reminder so far', steps: [{ assistant: '明日の17時までに提出いたします。', at: 0 }, { advance: 25 * 60 }], fires: ['reminder'] },
  { note: '✗ full-width time', steps: [{ assistant: '１２時までに作成いたします', at: 0 }, { advance: 3 * 60 }], fires: ['reminder', 'breach'] },
  { note: '✗ a completion in another conversation does not count', steps: [{ client: '資料をお願いします', at: 0 }, { assistant: '12時までにお送りします', at: 1, thread: 0 }, { assistant: '別件の請求書、お送りしました', at: 30 }, { advance: 3 * 60 }], fires: ['reminder', 'breach'] },
  { note: '✗ en: will deliver by 3pm, nothing after', steps: [{ assistant: 'I will deliver it by 3pm.', at: 0 }, { advance: 6 * 60 }], fires: ['reminder', 'breach'] },
  { note: '◯ completion reported before the deadline', steps: [{ assistant: '15時までに納品いたします!', at: 0 }, { assistant: '納品しました。ご確認ください。', at: 120 }, { advance: 6 * 60 }], fires: [] },
  { note: '◯ delay announced before the deadline (the rulebook ◯)', steps: [{ assistant: '15時までに納品いたします!', at: 0 }, { assistant: '申し訳ありません、先方確認の都合で30分ほど遅れる見込みです。', at: 180 }, { advance: 6 * 60 }], fires: [] },
  { note: '✗ a delay notice with a new deadline starts a new commitment', steps: [{ assistant: '12時までにお送りします', at: 0 }, { assistant: '遅れており申し訳ありません。13時までにお送りします。', at: 60 }, { advance: 4 * 60 }], fires: ['reminder', 'breach'] },
  { note: '◯ completion in the thread of the commitment', steps: [{ client: '資料をお願いします', at: 0 }, { assistant: '12時までにお送りします', at: 1, thread: 0 }, { assistant: 'お送りしました!', at: 60, thread: 0 }, { advance: 4 * 60 }], fires: [] },
  { note: '◯ no deadline, no commitment (deadline-missing handles it)', steps: [{ assistant: '承知しました、対応いたします。', at: 0 }, { advance: 24 * 60 }], fires: [] },
  { note: '◯ a reply promise is response-time’s follow-up, not a task', steps: [{ assistant: '確認の上、15時までにご返信いたします。', at: 0 }, { advance: 6 * 60 }], fires: [] },
  { note: '◯ a client’s deadline is not the team’s commitment', steps: [{ client: '15時までにお送りします', at: 0 }, { advance: 6 * 60 }], fires: [] },
  { note: '◯ not a client channel', channel: { tracked: false, isExtShared: false }, steps: [{ assistant: '15時までに納品いたします', at: 0 }, { advance: 6 * 60 }], fires: [] },
  { note: '◯ en: sent before the deadline', steps: [{ assistant: 'I will send it by 3pm.', at: 0 }, { assistant: 'Sent, please check.', at: 60 }, { advance: 6 * 60 }], fires: [] },
  { note: '◯ en: delay announced early', steps: [{ assistant: 'I will finish it by 3pm.', at: 0 }, { assistant: 'Heads-up: a delay of about an hour, the data came late.', at: 120 }, { advance: 6 * 60 }], fires: [] },
  { note: '✗ 今週中 passes silently (Friday 18:00)', steps: [{ assistant: '今週中に仕上げます', at: 0 }, { advance: 4 * 24 * 60 }], fires: ['reminder', 'breach'] },
  { note: '✗ en: I will submit by tomorrow, nothing after', steps: [{ assistant: 'I will submit it by tomorrow.', at: 0 }, { advance: 2 * 24 * 60 }], fires: ['reminder', 'breach'] },
  { note: '◯ en: delivered before the deadline', steps: [{ assistant: 'I will deliver it by 3pm.', at: 0 }, { assistant: 'Delivered, see the folder.', at: 200 }, { advance: 6 * 60 }], fires: [] },
]);
