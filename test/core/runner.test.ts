import { ChannelChanges, ChannelView, jobIdFor, PAUSE_END_JOB } from '../../src/core/runner';
import { assistant, channel, client, jst, loadShipped, runnerFor } from '../helpers/rule-tester';

/** The channel runner: what state an event reads, and how outcomes become writes. */
const rulebook = loadShipped();
const runner = runnerFor(rulebook);

describe('fieldsFor: an event reads only the conversations it is about', () => {
  test('a message in the main timeline: the main conversation and the channel slices', () => {
    const fields = runner.fieldsFor(client(jst('2026-11-24T10:00'), '請求書の件、ご確認いただけますか?')) as string[];
    expect(fields).toContain('response-time|main');
    // Conversation-scoped rules (deadline-missing, response-time, send-timing) read the main conversation only.
    expect(fields.filter((f) => f.includes('|')).sort()).toEqual(['deadline-missing|main', 'response-time|main', 'send-timing|main']);
  });

  test('a reply in a thread: that thread and the main conversation (its root may be the main request)', () => {
    const fields = runner.fieldsFor(assistant(jst('2026-11-24T10:00'), '承知しました', { threadTs: '1795000000.000100' })) as string[];
    expect(fields.filter((f) => f.startsWith('response-time|')).sort()).toEqual(['response-time|1795000000.000100', 'response-time|main']);
  });

  test("a rule's timer: that rule's own conversation only", () => {
    const fields = runner.fieldsFor({ type: 'timer', rule: 'response-time', channel: channel.id, jobId: 'x', payload: { kind: 'response', conversation: '1795000000.000100', request: '1795000000.000100' }, dueAt: 0, at: 0 });
    expect(fields).toEqual(['response-time|1795000000.000100']);
  });

  test('events about the whole channel read it all', () => {
    expect(runner.fieldsFor({ type: 'pause', channel: channel.id, until: 1, by: 'U0BOSS', at: 0 })).toBe('all');
    expect(runner.fieldsFor({ type: 'message_deleted', channel: channel.id, deletedTs: '1.000001', at: 0 })).toBe('all');
  });

  test('only rules with a handler for the event read state for it', () => {
    expect(runner.fieldsFor({ type: 'reaction', channel: channel.id, itemTs: '1795000000.000100', user: 'U0SATO', reaction: 'eyes', at: 0 })).toEqual(['reaction-only']);
    expect(runner.fieldsFor({ type: 'incident', channel: channel.id, complaintTs: '1795000000.000100', by: 'U0SATO', at: 0 })).toEqual(['complaint-protocol']);
  });

  test('a partly loaded view refuses to list conversations instead of answering from what it holds', () => {
    const view = new ChannelView(new Map([['response-time|main', {}]]), null, new Set(['response-time|main']));
    expect(() => view.conversationsOf('response-time')).toThrow(/without loading/);
  });

  test('a partly loaded view refuses a field it did not load (fail closed: never "no state" by omission); what it loaded or wrote reads fine', () => {
    const view = new ChannelView(new Map([['response-time|main', { a: 1 }]]), null, new Set(['response-time|main', 'response-time|1.000001']));
    expect(view.get('response-time|main')).toEqual({ a: 1 });
    expect(view.get('response-time|1.000001')).toBeUndefined(); // loaded, and absent
    expect(() => view.get('response-time|2.000002')).toThrow(/not loaded/);
    // Every field a live batch asks for is one fieldsFor named: a thread reply's batch reads fine.
    const reply = assistant(jst('2026-11-24T10:00'), '承知しました', { threadTs: '1795000000.000100' });
    const partial = new ChannelView(new Map(), null, new Set(runner.fieldsFor(reply) as string[]));
    const res = runner.step(reply, channel, partial, new ChannelChanges());
    expect(res.errors).toEqual([]);
  });
});

describe('step: outcomes become writes', () => {
  test('a client request writes its conversation, its timer and the waiting index; the answer clears them', () => {
    const view = new ChannelView();
    const changes = new ChannelChanges();
    const ask = client(jst('2026-11-24T10:00'), '請求書の件、ご確認いただけますか?');
    runner.step(ask, channel, view, changes);
    expect([...changes.fields.keys()].filter((f) => f.startsWith('response-time'))).toEqual(['response-time|main']);
    expect([...changes.timers.keys()]).toContain(jobIdFor('response-time', channel.id, `rt:main:${ask.ts}`));
    expect(changes.waiting.get(`response-time|main|${ask.ts}`)).toMatchObject({ ts: ask.ts, user: 'U0CLIENT' });

    const after = new ChannelChanges();
    runner.step(assistant(jst('2026-11-24T10:20'), '確認します。本日15時までにご連絡します。'), channel, view, after);
    expect(after.waiting.get(`response-time|main|${ask.ts}`)).toBeNull();
    expect(after.timers.get(jobIdFor('response-time', channel.id, `rt:main:${ask.ts}`))).toBeNull();
    expect(after.effects.map((e) => e.kind)).toContain('stamp');
  });

  test('a pause is kept beside the state with its end as a durable job; nudges and findings are silenced meanwhile', () => {
    const view = new ChannelView();
    const changes = new ChannelChanges();
    runner.step({ type: 'pause', channel: channel.id, until: jst('2026-11-30T00:00'), by: 'U0BOSS', at: jst('2026-11-24T09:00') }, channel, view, changes);
    expect(changes.pause).toMatchObject({ by: 'U0BOSS' });
    expect(changes.timers.get(jobIdFor(PAUSE_END_JOB, channel.id))).toMatchObject({ dueAt: jst('2026-11-30T00:00') });
    // A message that is nudged (an open question) when not paused; while paused nothing reaches anyone.
    const text = 'デザイン案を作りました。どうでしょうか?';
    const open = new ChannelChanges();
    runner.step(assistant(jst('2026-11-24T10:00'), text), channel, new ChannelView(), open);
    expect(open.effects.filter((e) => e.kind === 'nudge')).not.toEqual([]);
    const paused = new ChannelChanges();
    runner.step(assistant(jst('2026-11-24T10:00'), text), channel, view, paused);
    expect(paused.effects.filter((e) => e.kind === 'nudge')).toEqual([]);
    expect(paused.records).toEqual([]);
  });
});
