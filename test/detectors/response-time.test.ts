/**
 * Rule tester for `response-time` with the SHIPPED rules/response-time.yaml (business clock,
 * 1h / 3h / 6h) and team.yaml (Asia/Tokyo, 09-12 + 13-18, Japanese holidays).
 * Each case names the point it covers.
 */
import type { RuleOutcome } from '../../src/core/engine';
import path from 'node:path';
import { loadRulebook } from '../../src/config/rulebook';
import { Roles } from '../../src/core/roles';
import { Scenario, assistant, client, jst, kinds, loadShipped } from '../helpers/rule-tester';

const rulebook = loadShipped();
const levels = (out: RuleOutcome[]) => out.flatMap((o) => (o.kind === 'finding' ? [String(o.finding.evidence.level)] : []));

describe('response-time: requests that open no clock (valid)', () => {
  const quiet: Array<[string, string]> = [
    ['お礼だけ (closing words)', 'ありがとうございます!'],
    ['了解 + 絵文字', '了解です🙏'],
    ['承知 + お礼', '承知しました、ありがとうございます!'],
    ['よろしく', 'よろしくお願いいたします。'],
    ['English thanks', 'thanks!'],
    ['English thank you + emoji markup', 'Thank you so much :pray:'],
  ];
  test.each(quiet)('%s', (_name, text) => {
    const s = new Scenario(rulebook, 'response-time');
    expect(s.send(client(jst('2026-11-24T10:00'), text))).toEqual([]);
  });

  test('a bot or workflow message never opens a request', () => {
    const s = new Scenario(rulebook, 'response-time');
    expect(s.send(client(jst('2026-11-24T10:00'), '新しいフォーム回答があります', { botId: 'B0WF', subtype: 'bot_message' }))).toEqual([]);
  });

  test('a DM is not a tracked conversation', () => {
    const s = new Scenario(rulebook, 'response-time');
    expect(s.send(client(jst('2026-11-24T10:00'), '急ぎでお願いします', { channelType: 'im', channel: 'D0123' }))).toEqual([]);
  });

  test('channel joins and other housekeeping subtypes are ignored', () => {
    const s = new Scenario(rulebook, 'response-time');
    expect(s.send(client(jst('2026-11-24T10:00'), '<@U0CLIENT> has joined the channel', { subtype: 'channel_join' }))).toEqual([]);
  });
});

describe('response-time: the clock (invalid → nudges)', () => {
  test('1h reminder, 3h slow, 6h breach with escalation, business clock', () => {
    const s = new Scenario(rulebook, 'response-time');
    const t0 = jst('2026-11-24T09:30'); // Tuesday
    expect(kinds(s.send(client(t0, '請求書の件、ご確認いただけますか?')))).toEqual(['timer']);
    // 09:30 + 1 business hour = 10:30
    const r1 = s.advanceTo(jst('2026-11-24T10:30'));
    expect(levels(r1)).toEqual(['reminder']);
    const nudge = r1.find((o) => o.kind === 'nudge');
    expect(nudge).toMatchObject({ to: ['U0SATO'], channel: 'C0ACME' });
    // 3 business hours with the 12-13 lunch break: 13:30
    expect(s.advanceTo(jst('2026-11-24T13:29'))).toEqual([]);
    expect(levels(s.advanceTo(jst('2026-11-24T13:30')))).toEqual(['slow']);
    // 6 business hours: 16:30, with an escalation for the directors
    const r3 = s.advanceTo(jst('2026-11-24T16:30'));
    expect(levels(r3)).toEqual(['breach']);
    expect(kinds(r3)).toContain('escalation');
    const esc = r3.find((o) => o.kind === 'escalation') as { text: string };
    expect(esc.text).toContain('<@U0CLIENT>');
    expect(esc.text).toContain('<@U0SATO>');
    expect(esc.text).toContain('6時間');
    expect(s.timers.size).toBe(0);
  });

  test('the escalation goes to the team channel, or to the one the rule names', () => {
    const s = new Scenario(rulebook, 'response-time');
    s.send(client(jst('2026-11-24T09:00'), '至急です'));
    const esc = s.advanceTo(jst('2026-11-24T16:00')).find((o) => o.kind === 'escalation') as { target?: string };
    expect(esc.target).toBeUndefined(); // the shipped team.yaml names none yet: the effect logs a warning

    const fixtures = loadRulebook(path.join(__dirname, '..', 'fixtures', 'rules'));
    const f = new Scenario(fixtures);
    f.send(client(jst('2026-11-24T09:00'), '至急です'));
    const teamEsc = f.advanceTo(jst('2026-11-24T09:00:06')).find((o) => o.kind === 'escalation') as { target?: string };
    expect(teamEsc.target).toBe('C0DIRECTORS');
  });

  test('Friday 23:00 is due one business hour after the next opening (Monday 2026-11-23 is a holiday → Tuesday 10:00)', () => {
    const s = new Scenario(rulebook, 'response-time');
    s.send(client(jst('2026-11-20T23:00'), '週明けで構いませんので、ご確認お願いします'));
    const [timer] = [...s.timers.values()];
    expect(timer.dueAt).toBe(jst('2026-11-24T10:00'));
  });

  test('a client\'s messages within the window are one request, timed from the first', () => {
    const s = new Scenario(rulebook, 'response-time');
    const first = client(jst('2026-11-24T10:00'), '1点ご相談です。');
    s.send(first);
    expect(s.send(client(jst('2026-11-24T10:05'), '来週の打ち合わせの件です。'))).toEqual([]);
    const r = s.advanceTo(jst('2026-11-24T11:00'));
    expect(levels(r)).toEqual(['reminder']);
    expect(r.find((o) => o.kind === 'finding')).toMatchObject({ finding: { ts: first.ts } });
  });

  test('a reaction does not stop the clock', () => {
    const s = new Scenario(rulebook, 'response-time');
    const m = client(jst('2026-11-24T10:00'), 'ロゴのデータをいただけますか?');
    s.send(m);
    s.send({ type: 'reaction', channel: 'C0ACME', itemTs: m.ts, user: 'U0SATO', reaction: 'eyes', at: jst('2026-11-24T10:05') });
    expect(levels(s.advanceTo(jst('2026-11-24T11:00')))).toEqual(['reminder']);
  });

  test('an auto-reply or a workflow post is not an answer', () => {
    const s = new Scenario(rulebook, 'response-time');
    s.send(client(jst('2026-11-24T10:00'), '見積もりはいつ頃になりますか?'));
    s.send(assistant(jst('2026-11-24T10:01'), '【自動返信】ただいま外出中です'));
    s.send(assistant(jst('2026-11-24T10:02'), '受け付けました', { botId: 'B0WF', subtype: 'bot_message' }));
    expect(levels(s.advanceTo(jst('2026-11-24T11:00')))).toEqual(['reminder']);
  });

  test('after downtime only the most severe overdue level fires', () => {
    const s = new Scenario(rulebook, 'response-time');
    const t0 = jst('2026-11-24T09:30');
    s.send(client(t0, '至急お願いします'));
    const [[id, t]] = [...s.timers.entries()];
    s.timers.delete(id);
    // The 1h timer fires late, at 14:00 (past the 3h mark at 13:30).
    const out = s.send({ type: 'timer', rule: t.rule, channel: 'C0ACME', jobId: id, payload: t.payload, dueAt: t.dueAt, at: jst('2026-11-24T14:00') });
    expect(levels(out)).toEqual(['slow']);
    expect(out.filter((o) => o.kind === 'nudge')).toHaveLength(1);
  });
});

describe('response-time: what stops the clock', () => {
  test('a reply in the thread stops it and stamps the request with the elapsed time', () => {
    const s = new Scenario(rulebook, 'response-time');
    const m = client(jst('2026-11-24T10:20'), '明日の会議資料を送ってください');
    s.send(m);
    const out = s.send(assistant(jst('2026-11-24T10:32'), '承知しました!本日17時までにお送りします。', { threadTs: m.ts }));
    expect(kinds(out)).toEqual(['cancel-timer', 'response', 'stamp']);
    const stamp = out.find((o) => o.kind === 'stamp') as { elapsedMs: number; deadlineAt: number; threadTs: string };
    expect(stamp.elapsedMs).toBe(12 * 60_000);
    expect(stamp.threadTs).toBe(m.ts);
    expect(stamp.deadlineAt).toBe(jst('2026-11-24T17:00'));
    expect(s.advanceTo(jst('2026-11-25T18:00'))).toEqual([]);
  });

  test('a message in the channel after it stops it', () => {
    const s = new Scenario(rulebook, 'response-time');
    s.send(client(jst('2026-11-24T10:00'), '本日の打ち合わせURLを教えてください'));
    expect(kinds(s.send(assistant(jst('2026-11-24T10:10'), 'こちらです: <https://meet.example.com/abc|会議URL>')))).toContain('response');
  });

  test('a director counts as the team', () => {
    const s = new Scenario(rulebook, 'response-time');
    s.send(client(jst('2026-11-24T10:00'), '担当の方はどなたですか?'));
    expect(kinds(s.send(assistant(jst('2026-11-24T10:10'), '私から回答いたします。', { user: 'U0BOSS' })))).toContain('response');
  });

  test('a reply in another thread does not answer a thread request', () => {
    const s = new Scenario(rulebook, 'response-time');
    const root = client(jst('2026-11-24T10:00'), 'スレッドで質問です');
    s.send(root);
    s.send(assistant(jst('2026-11-24T10:05'), '回答します', { threadTs: root.ts }));
    const q = client(jst('2026-11-24T10:10'), '追加でもう1点、納期はいつですか?', { threadTs: root.ts });
    s.send(q);
    expect(kinds(s.send(assistant(jst('2026-11-24T10:12'), '別件の連絡です', { threadTs: '1700000000.000100' })))).toEqual([]);
    expect(kinds(s.send(assistant(jst('2026-11-24T10:15'), '納期は金曜です。', { threadTs: root.ts })))).toContain('response');
  });

  test('an interim reply with a promised time starts a follow-up; the answer closes it', () => {
    const s = new Scenario(rulebook, 'response-time');
    const m = client(jst('2026-11-24T10:00'), '先月の売上データはどこにありますか?');
    s.send(m);
    const interim = s.send(assistant(jst('2026-11-24T10:05'), '確認の上、15時までにご返信いたします。', { threadTs: m.ts }));
    expect(kinds(interim)).toEqual(['cancel-timer', 'response', 'stamp', 'timer']);
    const fu = [...s.timers.values()][0];
    expect(fu.dueAt).toBe(jst('2026-11-24T15:00'));
    const done = s.send(assistant(jst('2026-11-24T14:30'), '共有ドライブの「売上」フォルダにございます。', { threadTs: m.ts }));
    expect(kinds(done)).toEqual(['cancel-timer', 'stamp']);
    expect(done[1]).toMatchObject({ kind: 'stamp', doneAt: jst('2026-11-24T14:30'), deadlineAt: jst('2026-11-24T15:00') });
  });

  test("the stamp carries the rule's texts for who picked the request up, what was promised and when it was kept", () => {
    const s = new Scenario(rulebook, 'response-time');
    const m = client(jst('2026-11-24T10:00'), '先月の売上データはどこにありますか?');
    s.send(m);
    const out = s.send(assistant(jst('2026-11-24T10:05'), '確認の上、15時までにご返信いたします。', { threadTs: m.ts }));
    // Unfilled: {who} is a display name only Slack knows, so the effect fills them when posting.
    expect(out.find((o) => o.kind === 'stamp')).toMatchObject({
      texts: { ack: '✅ 担当: {who} が {at} に確認 ({took})', deadline: ' · 期限: {deadline}', done: ' · {at} 回答済み' },
    });
  });

  test('a promised time that passes nudges the assistant once', () => {
    const s = new Scenario(rulebook, 'response-time');
    const m = client(jst('2026-11-24T10:00'), '契約書の雛形はありますか?');
    s.send(m);
    s.send(assistant(jst('2026-11-24T10:05'), '確認の上、１５時までにご返信いたします。', { threadTs: m.ts }));
    const out = s.advanceTo(jst('2026-11-24T15:00'));
    expect(levels(out)).toEqual(['follow-up-due']);
    expect(out.find((o) => o.kind === 'nudge')).toMatchObject({ to: ['U0SATO'] });
    expect(s.advanceTo(jst('2026-11-25T15:00'))).toEqual([]);
  });

  test('the only message of a request deleted: the clock stops', () => {
    const s = new Scenario(rulebook, 'response-time');
    const m = client(jst('2026-11-24T10:00'), '間違えて送りました');
    s.send(m);
    expect(kinds(s.send({ type: 'message_deleted', channel: 'C0ACME', deletedTs: m.ts, at: jst('2026-11-24T10:01') }))).toEqual(['cancel-timer']);
    expect(s.timers.size).toBe(0);
  });

  test('a client listed in team.yaml is a client even inside our workspace', () => {
    const r = new Roles({ ourTeamId: 'T0OURTEAM', assistants: ['U0SATO'], directors: [], clients: ['U0GUEST'], everyInternalIsAssistant: false });
    expect(r.roleOf('U0GUEST', 'T0OURTEAM')).toBe('client');
    expect(r.roleOf('U0X', 'T0OTHER')).toBe('client');
    expect(r.roleOf('U0Y', 'T0OURTEAM')).toBe('member');
  });
});

describe('response-time in English', () => {
  test.each([['Got it, thanks!'], ['Thank you!']])('closing words open no request: %s', (text) => {
    const s = new Scenario(rulebook, 'response-time');
    expect(s.send(client(jst('2026-11-24T10:00'), text))).toEqual([]);
  });

  test('a request without an answer gets the 1h reminder', () => {
    const s = new Scenario(rulebook, 'response-time');
    s.send(client(jst('2026-11-24T10:00'), 'Could you send the invoice?'));
    expect(levels(s.advanceTo(jst('2026-11-24T11:00')))).toEqual(['reminder']);
  });

  test("an interim reply (I'll get back to you by 3pm) starts a follow-up", () => {
    const s = new Scenario(rulebook, 'response-time');
    const m = client(jst('2026-11-24T10:00'), 'Where is the sales data?');
    s.send(m);
    expect(kinds(s.send(assistant(jst('2026-11-24T10:05'), "I'll check and get back to you by 3pm.", { threadTs: m.ts })))).toEqual(['cancel-timer', 'response', 'stamp', 'timer']);
    expect([...s.timers.values()][0].dueAt).toBe(jst('2026-11-24T15:00'));
  });

  test('an out-of-office auto-reply is not an answer', () => {
    const s = new Scenario(rulebook, 'response-time');
    s.send(client(jst('2026-11-24T10:00'), 'Can we move the call?'));
    s.send(assistant(jst('2026-11-24T10:01'), 'Automatic reply: I am out of office until Monday.'));
    expect(levels(s.advanceTo(jst('2026-11-24T11:00')))).toEqual(['reminder']);
  });
});

describe('response-time: a director pauses a client', () => {
  test('the clock stops during the pause and resumes with the time that was left', () => {
    const s = new Scenario(rulebook, 'response-time');
    const m = client(jst('2026-11-24T10:00'), '請求書の件です');
    s.send(m);
    expect(kinds(s.send({ type: 'pause', channel: 'C0ACME', until: jst('2026-11-25T00:00'), by: 'U0BOSS', at: jst('2026-11-24T10:30') }))).toEqual(['cancel-timer']);
    s.facts = { ...s.facts, paused: true };
    expect(s.advanceTo(jst('2026-11-24T12:00'))).toEqual([]);
    // A new client message during the pause is recorded without a clock.
    expect(kinds(s.send(client(jst('2026-11-24T11:00'), '別スレッドの質問です', { threadTs: '1764000000.000100' })))).toEqual([]);
    s.facts = { ...s.facts, paused: false };
    s.send({ type: 'resume', channel: 'C0ACME', at: jst('2026-11-24T12:00') });
    // 30 business minutes were left; 12:00–13:00 is lunch, so the reminder is due at 13:30.
    const due = [...s.timers.entries()].find(([id]) => id.startsWith('rt:main:'))![1].dueAt;
    expect(due).toBe(jst('2026-11-24T13:30'));
    const r = s.advanceTo(jst('2026-11-24T13:30'));
    expect(levels(r)).toContain('reminder');
    const finding = r.find((o) => o.kind === 'finding' && o.finding.ts === m.ts) as unknown as { finding: { evidence: { waitedMs: number } } };
    expect(finding.finding.evidence.waitedMs).toBe(3_600_000);
  });

  test('an answer after a pause reports the waiting time without the paused part', () => {
    const s = new Scenario(rulebook, 'response-time');
    const m = client(jst('2026-11-24T10:00'), '見積もりをお願いします');
    s.send(m);
    s.send({ type: 'pause', channel: 'C0ACME', until: jst('2026-11-25T00:00'), by: 'U0BOSS', at: jst('2026-11-24T10:10') });
    s.facts = { ...s.facts, paused: false };
    s.send({ type: 'resume', channel: 'C0ACME', at: jst('2026-11-24T11:10') });
    const out = s.send(assistant(jst('2026-11-24T11:15'), '承知しました、本日中にお送りします', { threadTs: m.ts }));
    expect(out.find((o) => o.kind === 'response')).toMatchObject({ record: { elapsedMs: 15 * 60_000 } });
  });
});

describe('response-time: the request model (who asked what, which message answers it)', () => {
  const client2 = (at: number, text: string, extra = {}) => client(at, text, { user: 'U0CLIENT2', ...extra });
  const responses = (out: RuleOutcome[]) => out.flatMap((o) => (o.kind === 'response' ? [o.record] : []));

  test.each([
    ['closing after an answer', 'Perfect, thanks!'],
    ['appreciation', 'Sounds good, appreciate it!'],
    ['noted + emoji', 'Noted 👍'],
    ['the client will check themselves', 'ありがとうございます。確認します。'],
    ['no reply needed (rulebook 0.3)', '返信不要です。明日の会議は10時からに変更になりました。'],
    ['FYI only', 'FYI, the venue moved to room B.'],
    ['addressed only to another client person', '<@U0CLIENT2> 資料を見ておいてください'],
  ])('%s opens no request and never breaches', (_note, text) => {
    const s = new Scenario(rulebook, 'response-time');
    s.send(client(jst('2026-11-24T10:00'), text));
    expect(levels(s.advanceTo(jst('2026-11-26T18:00')))).toEqual([]);
  });

  test('two clients in the main timeline are two requests: a reply that follows the second answers only it', () => {
    const s = new Scenario(rulebook, 'response-time');
    const a = client(jst('2026-11-24T10:00'), '請求書の件、ご確認いただけますか?');
    const b = client2(jst('2026-11-24T10:30'), '来週の打ち合わせ、日程を教えてください。');
    s.send(a);
    s.send(b);
    const reply = s.send(assistant(jst('2026-11-24T10:40'), '来週は水曜14時でいかがでしょうか?'));
    expect(responses(reply)).toEqual([expect.objectContaining({ ts: b.ts, client: 'U0CLIENT2', elapsedMs: 10 * 60_000 })]);
    // A's request still waits: the reminder comes at 11:00 for A's message.
    const r = s.advanceTo(jst('2026-11-24T11:00'));
    expect(r.find((o) => o.kind === 'finding')).toMatchObject({ finding: { ts: a.ts, evidence: { level: 'reminder', client: 'U0CLIENT' } } });
  });

  test('a top-level reply that @-mentions a client answers that client, not the one who asked last', () => {
    const s = new Scenario(rulebook, 'response-time');
    const a = client(jst('2026-11-24T10:00'), '請求書の件、ご確認いただけますか?');
    s.send(a);
    s.send(client2(jst('2026-11-24T10:30'), '打ち合わせの日程を教えてください。'));
    const reply = s.send(assistant(jst('2026-11-24T10:45'), '<@U0CLIENT> 請求書を確認しました。本日中に再送いたします。'));
    expect(responses(reply).map((r) => r.ts)).toEqual([a.ts]);
  });

  test("a reply in client B's thread never answers client A's top-level request", () => {
    const s = new Scenario(rulebook, 'response-time');
    const a = client(jst('2026-11-24T10:00'), '請求書の件、ご確認いただけますか?');
    const b = client2(jst('2026-11-24T10:10'), '議事録はいつ頃いただけますか?');
    s.send(a);
    s.send(b);
    const reply = s.send(assistant(jst('2026-11-24T10:20'), '本日17時までにお送りします。', { threadTs: b.ts }));
    expect(responses(reply).map((r) => r.ts)).toEqual([b.ts]);
    expect(levels(s.advanceTo(jst('2026-11-24T17:00')))).toContain('breach');
    expect(s.log.filter((o) => o.kind === 'finding' && o.finding.evidence.level === 'breach').map((o) => (o as { finding: { ts: string } }).finding.ts)).toEqual([a.ts]);
  });

  test('a complaint days after an unanswered message is a request of its own, timed from itself', () => {
    const s = new Scenario(rulebook, 'response-time');
    const old = client(jst('2026-11-24T10:00'), '資料の件、いかがでしょうか?');
    s.send(old);
    s.advanceTo(jst('2026-11-26T10:00'));
    const complaint = client(jst('2026-11-26T10:00'), '先日お願いした資料がまだ届いていません。どうなっていますか?');
    s.send(complaint);
    const reply = s.send(assistant(jst('2026-11-26T10:20'), '大変申し訳ございません。本日12時までにお送りいたします。'));
    const byTs = new Map(responses(reply).map((r) => [r.ts, r.elapsedMs]));
    expect(byTs.get(complaint.ts)).toBe(20 * 60_000);
    expect(byTs.get(old.ts)).toBeGreaterThan(6 * 3_600_000);
  });

  test('the stamp carries the request time (for a wall-clock wait) and only a committed time as the deadline', () => {
    const s = new Scenario(rulebook, 'response-time');
    s.send(client(jst('2026-11-24T10:00'), '打ち合わせの候補日をいただけますか?'));
    const offered = s.send(assistant(jst('2026-11-24T10:15'), '候補日は11/25 10時、11/26 14時です。いかがでしょうか?'));
    const stamp = offered.find((o) => o.kind === 'stamp');
    expect(stamp).toMatchObject({ requestAt: jst('2026-11-24T10:00'), ackAt: jst('2026-11-24T10:15') });
    expect((stamp as { deadlineAt?: number }).deadlineAt).toBeUndefined();

    const s2 = new Scenario(rulebook, 'response-time');
    s2.send(client(jst('2026-11-24T10:00'), '見積もりをお願いできますか?'));
    const promised = s2.send(assistant(jst('2026-11-24T10:15'), '承知いたしました。明日15時までにお送りいたします。'));
    expect(promised.find((o) => o.kind === 'stamp')).toMatchObject({ deadlineAt: jst('2026-11-25T15:00') });
  });

  test('a conversation stored before requests were per client is read, answered and leaves the waiting index', () => {
    const s = new Scenario(rulebook, 'response-time');
    const ask = client(jst('2026-11-24T10:00'), '請求書の件、ご確認いただけますか?');
    s.send(ask);
    // Rewrite the slice into the earlier shape ({pending}) as an older version stored it.
    const view = (s as unknown as { channel: { view: { fields: Map<string, unknown> } } }).channel.view;
    const stored = view.fields.get('response-time|main') as { requests: unknown[] };
    view.fields.set('response-time|main', { pending: stored.requests[0] });
    const reply = s.send(assistant(jst('2026-11-24T10:30'), '確認いたします。'));
    expect(responses(reply).map((r) => r.ts)).toEqual([ask.ts]);
    expect(reply).toContainEqual(expect.objectContaining({ kind: 'waiting', key: 'main', item: null }));
    expect(reply).toContainEqual(expect.objectContaining({ kind: 'cancel-timer', id: 'rt:main' }));
  });
});
