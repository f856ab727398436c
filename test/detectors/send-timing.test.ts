import { ChannelChanges, ChannelView } from '../../src/core/runner';
import { assistant, channel, client, jst, loadShipped, runnerFor, runScenarioTester } from '../helpers/rule-tester';

// Minutes after Tue 2026-11-24 10:00 JST. Shipped team hours: Mon–Fri 09–12 + 13–18, JP holidays.
const H = 60;
const D = 24 * H;
const say = (text: string, at: number) => ({ assistant: text, at });

runScenarioTester('send-timing', [
  { note: '✗ 23:00 on a weekday (夜遅く)', steps: [say('夜分に失礼します。資料をお送りします。', 13 * H)], fires: ['closed'] },
  { note: '✗ 07:30 before opening (早朝)', steps: [say('おはようございます。本日の予定です。', 21 * H + 30)], fires: ['closed'] },
  { note: '✗ Saturday 11:00 (週末)', steps: [say('週末に失礼します。ご確認ください。', 4 * D + H)], fires: ['closed'] },
  { note: '✗ Sunday evening', steps: [say('明日からよろしくお願いします。', 5 * D + 8 * H)], fires: ['closed'] },
  { note: '✗ Monday 2026-11-23 勤労感謝の日 (祝日)', steps: [say('祝日に失礼いたします。', -D)], fires: ['closed'] },
  { note: '✗ 17:50, ten minutes before closing (終業間際)', steps: [say('本日中にご確認いただけますか?', 7 * H + 50)], fires: ['beforeClosing'] },
  { note: '✗ 17:45 exactly fifteen minutes before closing', steps: [say('修正版をお送りします。', 7 * H + 45)], fires: ['beforeClosing'] },
  { note: '✗ 18:30 just after closing', steps: [say('本日はありがとうございました。', 8 * H + 30)], fires: ['closed'] },
  { note: '◯ a reply at night to the client who is waiting in that thread (rule 0.1 asks for it)', steps: [{ client: '質問です', at: 0 }, { assistant: '夜分にすみません、回答です。', at: 12 * H, thread: 0 }], fires: [] },
  { note: '◯ a prompt reply at 23:36 to a client who wrote at 23:30', steps: [{ client: '至急、明日の会議資料を確認いただけますか?', at: 13 * H + 30 }, { assistant: '承知しました。明朝9時までに確認してご連絡します。', at: 13 * H + 36 }], fires: [] },
  { note: '◯ a holiday reply in the thread of a request asked before a later one was answered', steps: [{ client: '契約書をご確認いただけますか?', at: 3 * D + 7 * H + 30 }, { client: '予約ページが開きません', at: 4 * D + 13 * H }, { assistant: '確認します。', at: 4 * D + 13 * H + 4, thread: 1 }, { assistant: '契約書を確認しました。', at: 5 * D + H, thread: 0 }], fires: [] },
  { note: '◯ a night reply in the thread of a client message after a top-level answer to a later one', steps: [{ client: '見積もりをお願いします', at: 0 }, { client: '別件です、日程はどうしますか?', at: 10 }, { assistant: '日程は来週でお願いします。', at: 20 }, { assistant: '見積もりです。', at: 12 * H, thread: 0 }], fires: [] },
  { note: '✗ a holiday message in the thread of a request asked more than three days before', steps: [{ client: '契約書をご確認いただけますか?', at: 0 }, { assistant: '契約書を確認しました。', at: 5 * D + H, thread: 0 }], fires: ['closed'] },
  { note: '✗ a new message at night after the client was already answered', steps: [{ client: '質問です', at: 0 }, { assistant: '回答です。', at: 10 }, { assistant: '夜分にすみません、別件です。', at: 12 * H }], fires: ['closed'] },
  { note: '✗ a second message at night in a thread the team already answered', steps: [{ client: '質問です', at: 0 }, { assistant: '回答です。', at: 10, thread: 0 }, { assistant: '追加の情報です。', at: 12 * H, thread: 0 }], fires: ['closed'] },
  { note: '✗ en: 22:00 on a weekday', steps: [say('Sorry for the late message, here is the file.', 12 * H)], fires: ['closed'] },
  { note: '✗ en: Saturday', steps: [say('Quick update for Monday.', 4 * D + 2 * H)], fires: ['closed'] },
  { note: '◯ 10:00 on a weekday', steps: [say('資料をお送りします。', 0)], fires: [] },
  { note: '◯ 16:00', steps: [say('ご確認よろしくお願いいたします。', 6 * H)], fires: [] },
  { note: '◯ 17:44, sixteen minutes before closing', steps: [say('修正版をお送りします。', 7 * H + 44)], fires: [] },
  { note: '◯ 12:30, the lunch break is still the working day', steps: [say('お昼に失礼します。', 2 * H + 30)], fires: [] },
  { note: '◯ 11:50, before the lunch break is not before closing', steps: [say('午前中の分です。', H + 50)], fires: [] },
  { note: '◯ 09:00 exactly at opening', steps: [say('おはようございます。', 23 * H)], fires: [] },
  { note: '◯ the client writing at night is not judged', steps: [{ client: '夜分にすみません', at: 13 * H }], fires: [] },
  { note: '◯ not a client channel', channel: { tracked: false, isExtShared: false }, steps: [say('社内メモです', 13 * H)], fires: [] },
  { note: '◯ en: 14:00 on a weekday', steps: [say('Here is the file.', 4 * H)], fires: [] },
  { note: '◯ en: Friday 15:00', steps: [say('Have a good weekend!', 3 * D + 5 * H)], fires: [] },
  { note: '✗ en: ten minutes before closing', steps: [say('Could you check this today?', 7 * H + 50)], fires: ['beforeClosing'] },
]);

describe('send-timing state: per conversation, so an event pays for its own conversation only', () => {
  test('a client message writes its conversation slice; the team reply there clears it', () => {
    const runner = runnerFor(loadShipped(), 'send-timing');
    const view = new ChannelView();
    const asked = new ChannelChanges();
    const ask = client(jst('2026-11-24T10:00'), '質問です', { threadTs: '1795000000.000100' });
    runner.step(ask, channel, view, asked);
    expect([...asked.fields.keys()]).toEqual(['send-timing|1795000000.000100']);
    const replied = new ChannelChanges();
    runner.step(assistant(jst('2026-11-24T23:00'), '回答です。', { threadTs: '1795000000.000100' }), channel, view, replied);
    expect([...replied.fields.entries()]).toEqual([['send-timing|1795000000.000100', null]]);
    expect(replied.effects).toEqual([]);
  });
});
