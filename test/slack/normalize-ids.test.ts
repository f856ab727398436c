/** The normaliser accepts Slack-shaped ids only, and its refusal reasons are bounded (they are logged). */
import { MalformedPayloadError, normalizeEvent, parseEnvelope } from '../../src/slack/normalize';

const msg = (patch: Record<string, unknown>) => ({ type: 'message', channel: 'C0ACME', user: 'U0CLIENT', user_team: 'T0ACME', ts: '1732268400.000100', text: 'hi', ...patch });

test('real Slack ids pass', () => {
  expect(normalizeEvent(msg({ channel: 'C07ABCDEF12', user: 'W012ABCDEF', user_team: 'T024BE7LD', bot_id: 'B01ABC' }))).toMatchObject({ channel: 'C07ABCDEF12' });
  expect(parseEnvelope({ type: 'event_callback', team_id: 'T024BE7LD', event_id: 'Ev08ABCDE123', event: { type: 'message' } }).event_id).toBe('Ev08ABCDE123');
});

test.each([
  ['channel', { channel: 'c0acme' }],
  ['channel', { channel: `C${'A'.repeat(40)}` }],
  ['user', { user: 'U0 CLIENT' }],
  ['team', { team: '../../etc' }],
  ['bot id', { bot_id: '' }],
  ['subtype', { subtype: 'x'.repeat(101) }],
])('a %s that is not Slack-shaped is malformed, with a short reason', (_f, patch) => {
  let caught: unknown;
  try {
    normalizeEvent(msg(patch));
  } catch (e) {
    caught = e;
  }
  expect(caught).toBeInstanceOf(MalformedPayloadError);
  expect((caught as MalformedPayloadError).reason.length).toBeLessThanOrEqual(201);
  expect((caught as MalformedPayloadError).reason).not.toContain('AAAAAAAA');
});

test('a reason is cut to 200 characters, whatever produced it', () => {
  const e = new MalformedPayloadError(`event.x: ${'y'.repeat(10_000)}`);
  expect(e.reason.length).toBe(201);
  expect(e.message.length).toBeLessThan(250);
});

describe('huddles and files', () => {
  const huddle = (room: Record<string, unknown>) => ({ type: 'message', subtype: 'huddle_thread', channel: 'C0ACME', user: 'U0SATO', ts: '1795000000.000100', text: '', room });

  test('a huddle message carries its start, and its end once it has ended', () => {
    expect(normalizeEvent(huddle({ date_start: 1795000000, has_ended: false }))).toMatchObject({ subtype: 'huddle_thread', call: { start: 1795000000000 } });
    expect(normalizeEvent(huddle({ date_start: 1795000000, date_end: 1795003600, has_ended: true }))).toMatchObject({ call: { start: 1795000000000, end: 1795003600000 } });
  });

  test("Slack's edit when a huddle ends is the huddle's message at its end; other edits are not messages", () => {
    const edit = (message: Record<string, unknown>) => ({ type: 'message', subtype: 'message_changed', channel: 'C0ACME', ts: '1795003601.000200', hidden: true, message });
    expect(normalizeEvent(edit(huddle({ date_start: 1795000000, date_end: 1795003600, has_ended: true })))).toMatchObject({ type: 'message', ts: '1795000000.000100', at: 1795003600000, call: { start: 1795000000000, end: 1795003600000 } });
    expect(normalizeEvent(edit(huddle({ date_start: 1795000000, has_ended: false })))).toBeNull();
    expect(normalizeEvent(edit({ type: 'message', ts: '1795000000.000100', text: 'edited' }))).toBeNull();
  });

  test('a message counts the files it shares', () => {
    expect(normalizeEvent({ type: 'message', subtype: 'file_share', channel: 'C0ACME', user: 'U0SATO', ts: '1795000000.000100', text: '', files: [{ id: 'F1' }, { id: 'F2' }] })).toMatchObject({ files: 2 });
  });
});
