/**
 * Property tests: random conversations through every shipped rule, via the pure engine, with the
 * state carried from event to event and timers fired when due, as the live service does. Random
 * Unicode (graphemes, lone surrogates, NUL, zero-width joiners), Slack markup, Japanese business
 * phrases, giant messages, every kind of author, thread, subtype, reaction and deletion, at any time
 * of any day. And random payloads through the Slack event normaliser.
 */
import fc from 'fast-check';
import type { RuleOutcome } from '../../src/core/engine';
import { timerEvent, VirtualChannel } from '../../src/core/virtual-channel';
import type { SlaEvent } from '../../src/core/events';
import { MalformedPayloadError, normalizeEvent } from '../../src/slack/normalize';
import { channel, loadShipped, roles, runnerFor } from '../helpers/rule-tester';

jest.setTimeout(60_000);
const rulebook = loadShipped();
const runner = runnerFor(rulebook);

/** Who may write: clients (another organisation, or listed), the team, a bot, a stranger of ours, nobody. */
const PEOPLE: Array<{ user?: string; team?: string; botId?: string }> = [
  { user: 'U0CLIENT', team: 'T0ACME' },
  { user: 'U0GUEST', team: 'T0OURTEAM' },
  { user: 'U0SATO', team: 'T0OURTEAM' },
  { user: 'U0SUZUKI', team: 'T0OURTEAM' },
  { user: 'U0BOSS', team: 'T0OURTEAM' },
  { user: 'U0STRANGER', team: 'T0OURTEAM' },
  { user: 'U0WORKFLOW', team: 'T0OURTEAM', botId: 'B0WF' },
  {},
];
const teamOf = new Map(PEOPLE.filter((p) => p.user).map((p) => [p.user!, p.team]));

const FRAGMENTS = [
  '承知しました', '承知いたしました!対応いたします!', 'ご確認いただけますか?', '本日17時までに', '明日中に', '来週月曜までに', '確認の上、15時までにご返信いたします',
  'ありがとうございます', '申し訳ございません', '困っています', '納得できません', 'その後いかがでしょうか?', 'どうでしょうか?', 'AとBのどちらがよろしいですか?',
  '03-1234-5678', '090-1234-5678', '請求書番号 2026-1123-4567', '1時間以内に納品いたします', 'お電話ありがとうございました', '議事録', '次回アクション',
  '<https://docs.google.com/document/d/1AbC/edit|資料>', '<https://zoom.us/j/123>', 'https://example.com/x?y=1', '<@U0SATO>', '<@U0CLIENT|yamada>', '<#C0ACME|client-acme>',
  '<!here>', '<!subteam^S0ASSIST>', '```const x = 1;```', '`code`', '> 引用です', '&gt; quoted', '*太字*', '_斜体_', '~取消~', ':eyes:', ':+1::skin-tone-2:',
  '\n', '\n\n', ' ', '。', '!', '?', '?', '〜', '~', 'ＯＫ', '１２３４', '\u200d', '\u200b', '\ufeff', '\u0000', '\ud800', '\udfff', '𠮷', '👨‍👩‍👧‍👦', '🇯🇵',
  'Could you send the invoice?', 'Will do by EOD.', 'thanks!', 'Sorry for the delay', 'call me at +1 415 555 0100', 'is this OK?',
];

const textArb = fc.oneof(
  { weight: 5, arbitrary: fc.array(fc.constantFrom(...FRAGMENTS), { maxLength: 12 }).map((parts) => parts.join('')) },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 120 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 120 }) },
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom(...FRAGMENTS), fc.integer({ min: 5_000, max: 60_000 })).map(([f, n]) => f.repeat(Math.ceil(n / f.length)).slice(0, n)) },
);

type Step =
  | { kind: 'message'; who: number; text: string; thread: number | null; subtype: string | undefined; gapMin: number }
  | { kind: 'reaction'; who: number; target: number; reaction: string; gapMin: number }
  | { kind: 'delete'; target: number; gapMin: number }
  | { kind: 'wait'; gapMin: number };

const gapArb = fc.oneof(fc.integer({ min: 0, max: 10 }), fc.integer({ min: 0, max: 600 }), fc.integer({ min: 0, max: 5 * 24 * 60 }));
const stepArb: fc.Arbitrary<Step> = fc.oneof(
  { weight: 8, arbitrary: fc.record({ kind: fc.constant('message' as const), who: fc.nat(PEOPLE.length - 1), text: textArb, thread: fc.option(fc.nat(30), { nil: null }), subtype: fc.constantFrom(undefined, undefined, undefined, 'file_share', 'thread_broadcast', 'huddle_thread', 'channel_join', 'bot_message', 'me_message', 'some_future_subtype'), gapMin: gapArb }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('reaction' as const), who: fc.nat(PEOPLE.length - 1), target: fc.nat(30), reaction: fc.constantFrom('eyes', '+1', 'white_check_mark', 'pray', 'x'), gapMin: gapArb }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('delete' as const), target: fc.nat(30), gapMin: gapArb }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('wait' as const), gapMin: gapArb }) },
);
// Any time from 2025 to 2028: nights, weekends, holidays, New Year, Golden Week.
const startArb = fc.integer({ min: Date.UTC(2025, 0, 1), max: Date.UTC(2028, 11, 31) });

const PLACEHOLDER = /\{(?!link\})[a-zA-Z]+\}/;

/** Checks one evaluation's outcomes; returns a description of the first problem, or null. */
function problemIn(event: SlaEvent, outcomes: RuleOutcome[]): string | null {
  for (const o of outcomes) {
    if (o.kind === 'nudge') {
      if (o.to.length === 0) return `${o.rule}: nudge to nobody`;
      for (const u of o.to) if (roles.roleOf(u, teamOf.get(u)) === 'client') return `${o.rule}: nudge to client ${u}`;
      if (!o.text.trim()) return `${o.rule}: empty nudge`;
      if (PLACEHOLDER.test(o.text)) return `${o.rule}: unfilled placeholder in "${o.text}"`;
    }
    if (o.kind === 'direct' && roles.roleOf(o.to, teamOf.get(o.to)) === 'client') return `${o.rule}: private message to client ${o.to}`;
    if (o.kind === 'finding' && (!Number.isFinite(o.finding.at) || o.finding.rule !== o.rule || o.finding.channel !== channel.id)) return `${o.rule}: malformed finding ${JSON.stringify(o.finding)}`;
    if (o.kind === 'timer' && (!Number.isFinite(o.dueAt) || o.dueAt < event.at - 60 * 86_400_000)) return `${o.rule}: timer due at ${o.dueAt} for an event at ${event.at}`;
  }
  return null;
}

function replay(start: number, steps: Step[]): void {
  let current: SlaEvent | undefined;
  const vc = new VirtualChannel(runner, channel, (errors) => {
    throw new Error(`rule ${errors[0].rule} threw on ${JSON.stringify(current).slice(0, 300)}: ${errors[0].error.stack}`);
  });
  const posted: string[] = [];
  let now = start;
  const send = (event: SlaEvent) => {
    current = event;
    const problem = problemIn(event, vc.send(event));
    if (problem) throw new Error(problem);
  };
  const fireUntil = (t: number) => {
    for (let guard = 0; ; guard++) {
      if (guard > 10_000) throw new Error('timers keep re-arming without end');
      const next = [...vc.timers.entries()].filter(([, x]) => x.dueAt <= t).sort((a, b) => a[1].dueAt - b[1].dueAt)[0];
      if (!next) return;
      vc.timers.delete(next[0]);
      send(timerEvent(channel.id, next[0], next[1], next[1].dueAt));
    }
  };
  let seq = 0;
  for (const step of steps) {
    now += step.gapMin * 60_000 + 1;
    fireUntil(now - 1);
    const ts = `${Math.floor(now / 1000)}.${String(++seq).padStart(6, '0')}`;
    if (step.kind === 'message') {
      const p = PEOPLE[step.who];
      const threadTs = step.thread !== null && posted.length ? posted[step.thread % posted.length] : undefined;
      send({ type: 'message', channel: channel.id, channelType: 'channel', ts, threadTs, user: p.user, userTeam: p.team, botId: p.botId, subtype: p.botId ? 'bot_message' : step.subtype, text: step.text, at: now });
      posted.push(ts);
    } else if (step.kind === 'reaction' && posted.length) {
      const p = PEOPLE[step.who];
      if (p.user) send({ type: 'reaction', channel: channel.id, itemTs: posted[step.target % posted.length], user: p.user, reaction: step.reaction, at: now });
    } else if (step.kind === 'delete' && posted.length) {
      send({ type: 'message_deleted', channel: channel.id, deletedTs: posted[step.target % posted.length], at: now });
    }
  }
  fireUntil(now + 30 * 86_400_000);
  // State survives the store's JSON round trip and stays small.
  for (const [field, value] of vc.view.fields) {
    const json = JSON.stringify(value);
    expect(JSON.parse(json)).toEqual(value);
    // A field is read on every event of its conversation: each stays small.
    expect(json.length).toBeLessThan(20_000);
    expect(field).toMatch(/^[a-z-]+(\|[\w.]+)?$/);
  }
}

test('random conversations through every rule: no rule throws, no nudge to a client, no unfilled placeholder, state stays small', () => {
  fc.assert(fc.property(startArb, fc.array(stepArb, { minLength: 1, maxLength: 40 }), (start, steps) => replay(start, steps)), { numRuns: 150 });
});

test('a long busy channel keeps its state bounded', () => {
  fc.assert(fc.property(startArb, fc.array(stepArb, { minLength: 300, maxLength: 300 }), (start, steps) => replay(start, steps)), { numRuns: 3 });
});

const tsArb = fc.oneof(fc.constant('1732268400.123456'), fc.string({ maxLength: 20 }), fc.integer().map(String), fc.double().map(String));
const messagePayloadArb = fc.record(
  {
    type: fc.constantFrom('message', 'reaction_added', 'app_mention', 'member_joined_channel', '', 'message_changed'),
    channel: fc.oneof(fc.constantFrom('C0ACME', 'D0DM', 'G0PRIV'), fc.string(), fc.integer()),
    channel_type: fc.constantFrom('channel', 'group', 'im', 'mpim', 'app_home', 'unknown'),
    ts: tsArb,
    thread_ts: tsArb,
    user: fc.oneof(fc.string(), fc.integer(), fc.constant(null)),
    text: fc.oneof(textArb, fc.integer(), fc.constant(null), fc.object()),
    subtype: fc.oneof(fc.constantFrom('message_deleted', 'message_changed', 'bot_message', 'file_share'), fc.string()),
    deleted_ts: tsArb,
    hidden: fc.oneof(fc.boolean(), fc.string()),
    reaction: fc.oneof(fc.string(), fc.integer()),
    item: fc.oneof(fc.record({ type: fc.constantFrom('message', 'file'), channel: fc.string(), ts: tsArb }, { requiredKeys: [] }), fc.anything()),
    event_ts: tsArb,
  },
  { requiredKeys: [] },
);

test('random payloads through the event normaliser: an event, null, or MalformedPayloadError, never anything else', () => {
  fc.assert(
    fc.property(fc.oneof(messagePayloadArb, fc.anything()), (raw) => {
      let out: SlaEvent | null;
      try {
        out = normalizeEvent(raw);
      } catch (e) {
        if (e instanceof MalformedPayloadError) return;
        throw e;
      }
      if (out === null) return;
      expect(['message', 'message_deleted', 'reaction']).toContain(out.type);
      expect(Number.isFinite(out.at)).toBe(true);
      expect(typeof out.channel).toBe('string');
    }),
    { numRuns: 2000 },
  );
});
