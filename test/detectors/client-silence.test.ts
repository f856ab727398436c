import { runScenarioTester } from '../helpers/rule-tester';

// Shipped rule: 14 days. Times are minutes after Tue 2026-11-24 10:00.
const DAY = 24 * 60;

runScenarioTester('client-silence', [
  { note: '✗ the team delivered, the client has said nothing for two weeks', steps: [{ client: 'よろしくお願いします', at: 0 }, { assistant: '初稿をお送りします', at: 60 }, { advance: 15 * DAY }], fires: ['silent'] },
  { note: '✗ one nudge per silence, however long it lasts', steps: [{ client: '確認します', at: 0 }, { assistant: 'ご確認お願いします', at: 10 }, { advance: 60 * DAY }], fires: ['silent'] },
  { note: '✗ a new silence after the client spoke again', steps: [{ client: '了解です', at: 0 }, { assistant: '次の資料です', at: 10 }, { advance: 15 * DAY }, { client: '戻りました', at: 16 * DAY }, { assistant: '続きをお送りします', at: 16 * DAY + 10 }, { advance: 31 * DAY }], fires: ['silent', 'silent'] },
  { note: '✗ en: delivered, then two weeks of silence', steps: [{ client: 'Thanks, will review', at: 0 }, { assistant: 'Here is v2', at: 30 }, { advance: 15 * DAY }], fires: ['silent'] },
  { note: '◯ the client wrote again within the period', steps: [{ client: 'よろしくお願いします', at: 0 }, { assistant: '初稿です', at: 60 }, { client: '確認中です', at: 10 * DAY }, { advance: 20 * DAY }], fires: [] },
  { note: '◯ nobody from the team posted after the client: response-time covers that, not silence', steps: [{ client: '質問です', at: 0 }, { advance: 15 * DAY }], fires: [] },
  { note: '◯ thirteen days is not yet a silence', steps: [{ client: 'ありがとうございます', at: 0 }, { assistant: '納品しました', at: 60 }, { advance: 13 * DAY }], fires: [] },
  { note: '◯ not a client channel', channel: { tracked: false, isExtShared: false }, steps: [{ client: '社内', at: 0 }, { assistant: '了解', at: 1 }, { advance: 20 * DAY }], fires: [] },
  { note: '◯ en: the client keeps talking', steps: [{ client: 'Hi', at: 0 }, { assistant: 'Hello', at: 1 }, { client: 'Any news?', at: 7 * DAY }, { advance: 14 * DAY }], fires: [] },
]);
