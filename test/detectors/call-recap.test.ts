import { runScenarioTester } from '../helpers/rule-tester';

// Shipped rule: recap due 30 minutes after the call. Times are minutes after 10:00.
runScenarioTester('call-recap', [
  { note: '✗ a huddle with no written recap', steps: [{ huddle: true, at: 0 }, { advance: 40 }], fires: ['noRecap'] },
  { note: '✗ お電話ありがとうございました, nothing written after', steps: [{ assistant: '先程はお電話ありがとうございました!', at: 0 }, { advance: 40 }], fires: ['noRecap'] },
  { note: '✗ a Zoom link, no recap', steps: [{ assistant: 'こちらからどうぞ <https://us02web.zoom.us/j/123|Zoom>', at: 0 }, { advance: 40 }], fires: ['noRecap'] },
  { note: '✗ a Meet link posted by the client', steps: [{ client: 'https://meet.google.com/abc-defg-hij 今から入れますか?', at: 0 }, { assistant: '入ります!', at: 1 }, { advance: 40 }], fires: ['noRecap'] },
  { note: '✗ the client thanks for the call, the team only says thanks back', steps: [{ client: 'お打ち合わせありがとうございました', at: 0 }, { assistant: 'こちらこそありがとうございました!', at: 2 }, { advance: 40 }], fires: ['noRecap'] },
  { note: '✗ a recap after the limit comes too late for the nudge', steps: [{ huddle: true, at: 0 }, { advance: 31 }, { assistant: '決定事項は以下の通りです', at: 45 }], fires: ['noRecap'] },
  { note: '✗ en: thanks for the call, no recap', steps: [{ assistant: 'Thanks for the call today!', at: 0 }, { advance: 40 }], fires: ['noRecap'] },
  { note: '◯ the rulebook example: 次回アクション…下記で相違ないか', steps: [{ huddle: true, at: 0 }, { assistant: '先程はありがとうございました!次回アクションについて、下記で相違ないか確認いただけますと幸いです。\n・A社への見積もり送付(佐藤/金曜)', at: 20 }, { advance: 60 }], fires: [] },
  { note: '◯ the call message itself is the recap', steps: [{ assistant: 'お電話ありがとうございました。決定事項をまとめます:\n・納期は25日', at: 0 }, { advance: 60 }], fires: [] },
  { note: '◯ 議事録 shared within the time', steps: [{ assistant: 'https://meet.google.com/abc-defg-hij', at: 0 }, { assistant: '本日の議事録です <https://docs.google.com/document/d/1|議事録>', at: 25 }, { advance: 60 }], fires: [] },
  { note: '◯ a recap by another assistant counts', steps: [{ huddle: true, at: 0 }, { assistant: '確認事項を整理しました。', at: 10, user: 'U0SUZUKI' }, { advance: 60 }], fires: [] },
  { note: '◯ the client writing the summary is not the team’s recap, but the team confirming it is', steps: [{ huddle: true, at: 0 }, { client: 'まとめ: 25日納品', at: 5 }, { assistant: '下記で相違ないかご確認ください。25日納品で承知しました。', at: 10 }, { advance: 60 }], fires: [] },
  { note: '◯ no call at all', steps: [{ assistant: '資料をお送りしました。', at: 0 }, { advance: 60 }], fires: [] },
  { note: '◯ a quoted call phrase is not a call', steps: [{ assistant: '> お電話ありがとうございました\nの件、メールでお送りします。', at: 0 }, { advance: 60 }], fires: [] },
  { note: '◯ not a client channel', channel: { tracked: false, isExtShared: false }, steps: [{ huddle: true, at: 0 }, { advance: 60 }], fires: [] },
  { note: '◯ en: next steps sent', steps: [{ assistant: 'Thanks for the call!', at: 0 }, { assistant: 'Next steps: I send the draft by Friday.', at: 10 }, { advance: 60 }], fires: [] },
  { note: '◯ en: a recap in the same message', steps: [{ assistant: 'Thanks for the call. Recap: launch moves to May 1.', at: 0 }, { advance: 60 }], fires: [] },
  { note: '✗ a Teams link and only thanks afterwards', steps: [{ assistant: '<https://teams.microsoft.com/l/meetup-join/abc|Teams>', at: 0 }, { assistant: 'ありがとうございました!', at: 50 }, { advance: 60 }], fires: ['noRecap'] },
  { note: '✗ en: a Zoom link and no recap', steps: [{ assistant: 'Join here: https://zoom.us/j/987', at: 0 }, { advance: 40 }], fires: ['noRecap'] },
  { note: '◯ en: action items after a huddle', steps: [{ huddle: true, at: 0 }, { assistant: 'Action items: Sato sends the quote by Friday.', at: 15 }, { advance: 60 }], fires: [] },
]);
