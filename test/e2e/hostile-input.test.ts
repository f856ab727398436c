/**
 * Hostile but correctly signed (or forged) requests against the real Bolt app over HTTP: bodies
 * of the wrong shape are answered 400 and the bot keeps serving; ids that are not Slack ids are
 * refused; no log line grows with the attacker's input, and forged requests do not flood the log.
 */
import { signSlackRequest } from '../../src/simulator/signing';
import { SIGNING_SECRET, sleep, startHarness, type Harness } from '../helpers/app';

jest.setTimeout(30_000);
let h: Harness;
const logs: string[] = [];
beforeAll(async () => {
  h = await startHarness({ logLines: logs, store: 'memory' });
});
afterAll(() => h.close());
beforeEach(() => {
  h.sim.clearCalls();
  logs.length = 0;
});

/** A correctly signed form POST (the simulator signs JSON events; slash commands and actions are forms). */
async function signedForm(body: string): Promise<number> {
  const ts = Math.floor(Date.now() / 1000);
  const res = await fetch(`http://127.0.0.1:${h.port}/slack/events`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-slack-request-timestamp': String(ts), 'x-slack-signature': signSlackRequest(SIGNING_SECRET, ts, body) },
    body,
  });
  await res.text();
  return res.status;
}

const parsed = () => logs.map((l) => JSON.parse(l) as { level: number; msg: string } & Record<string, unknown>);

test('a signed JSON body that is null (or not an object), or a form whose payload is null, is answered 400; the bot keeps serving', async () => {
  for (const raw of ['null', '1', '"x"', '[]', 'true']) {
    expect((await h.sim.sendEvent({}, { rawBody: raw })).status).toBe(400);
  }
  for (const form of ['payload=null', 'payload=1', 'payload=%5B%5D', 'payload=%22x%22']) {
    expect(await signedForm(form)).toBe(400);
  }
  // One clear line per rejected request, without the body.
  const rejected = parsed().filter((l) => l.msg === 'malformed request body rejected');
  expect(rejected).toHaveLength(9);
  for (const l of rejected) expect(JSON.stringify(l)).not.toMatch(/payload=|"body"/);

  // Still serving: a normal event is acknowledged and processed, and /healthz answers.
  await h.sim.postUserMessage({ channel: 'C0ACME', user: 'U0CLIENT', teamId: 'T0ACME', text: 'ご確認いただけますか?' });
  await h.sim.waitForCall('chat.postEphemeral', (c) => c.args.channel === 'C0ACME', 8000);
  expect((await fetch(`http://127.0.0.1:${h.port}/healthz`)).status).toBe(200);
  // A normal slash command (a form without payload) still works.
  const cmd = await h.sim.slashCommand({ command: '/sla', text: 'status', userId: 'U0SATO', channelId: 'C0ACME' });
  expect(cmd.status).toBe(200);
});

test.each([
  ['a 200 KB channel id', { channel: `C${'A'.repeat(200_000)}` }],
  ['a lower-case channel id', { channel: 'c0acme' }],
  ['a user id with markup', { user: 'U0<script>' }],
  ['a 10 KB team id', { user_team: `T${'9'.repeat(10_000)}` }],
])('%s is refused as a malformed payload, and every log line stays short', async (_what, patch) => {
  const ev = { ...h.sim.message({ channel: 'C0ACME', user: 'U0CLIENT', teamId: 'T0ACME', text: 'ご確認いただけますか?' }), ...patch };
  const r = await h.sim.sendEvent(ev);
  expect(r.status).toBe(400);
  await sleep(300);
  expect(parsed().some((l) => l.msg === 'malformed Slack payload rejected')).toBe(true);
  for (const l of logs) expect(l.length).toBeLessThan(1000);
  expect(h.sim.callsTo('conversations.info')).toHaveLength(0);
});

test('forged requests are refused 401 each, but logged at most once per interval', async () => {
  for (let i = 0; i < 30; i++) {
    const r = await h.sim.sendEvent(h.sim.message({ channel: 'C0ACME', user: 'U0CLIENT', teamId: 'T0ACME', text: 'x' }), { signingSecretOverride: 'wrong' });
    expect(r.status).toBe(401);
  }
  // A forged null body is refused for its signature, like any other forged request.
  expect((await h.sim.sendEvent({}, { rawBody: 'null', signingSecretOverride: 'wrong' })).status).toBe(401);
  const lines = parsed().filter((l) => /verify|signature/i.test(l.msg));
  expect(lines).toHaveLength(1);
  expect(parsed().filter((l) => l.msg === 'malformed request body rejected')).toHaveLength(0);
});

test('a body over the size limit is answered 413 and the bot keeps serving', async () => {
  const r = await h.sim.sendEvent({}, { rawBody: JSON.stringify({ type: 'event_callback', pad: 'x'.repeat(5 * 1024 * 1024) }) });
  expect(r.status).toBe(413);
  expect((await fetch(`http://127.0.0.1:${h.port}/healthz`)).status).toBe(200);
  for (const l of logs) expect(l.length).toBeLessThan(1000);
});
