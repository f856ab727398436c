/**
 * The simulator itself, driven by the real @slack/web-api WebClient (the client the bot uses).
 */
import { createHmac } from 'node:crypto';
import http from 'node:http';
import { WebClient } from '@slack/web-api';
import { SlackSimulator } from '../../src/simulator/SlackSimulator';
import { verifySlackSignature } from '../../src/simulator/signing';

let sim: SlackSimulator;
let web: WebClient;

beforeEach(async () => {
  sim = new SlackSimulator({ signingSecret: 's3cret', echoBotMessages: false });
  const { apiUrl } = await sim.start();
  sim.addUser({ id: 'U0SATO', name: 'sato', teamId: 'T0OURTEAM' });
  sim.addUser({ id: 'U0EXT', name: 'ext', teamId: 'T0OTHER', hidden: true });
  sim.addChannel({ id: 'C0ACME', name: 'client-acme', members: ['U0SATO', 'U0SLABOT'], isExtShared: true });
  sim.addChannel({ id: 'C0NOBOT', name: 'nobot', members: ['U0SATO'] });
  web = new WebClient('xoxb-sim-token', { slackApiUrl: apiUrl, retryConfig: { retries: 0 } });
});
afterEach(() => sim.stop());

const slackError = async (p: Promise<unknown>) => {
  try {
    await p;
  } catch (e) {
    return (e as { data?: { error?: string } }).data?.error;
  }
  return 'no error';
};

test('auth.test and conversations.info answer with Slack shapes', async () => {
  const auth = await web.auth.test();
  expect(auth).toMatchObject({ ok: true, team_id: 'T0OURTEAM', user_id: 'U0SLABOT', bot_id: 'B0SLABOT' });
  const info = await web.conversations.info({ channel: 'C0ACME' });
  expect(info.channel).toMatchObject({ id: 'C0ACME', name: 'client-acme', is_ext_shared: true, is_member: true });
});

test('bad arguments get Slack error codes', async () => {
  expect(await slackError(web.chat.postMessage({ channel: 'C0NOPE', text: 'x' }))).toBe('channel_not_found');
  expect(await slackError(web.chat.postMessage({ channel: 'C0NOBOT', text: 'x' }))).toBe('not_in_channel');
  expect(await slackError(web.chat.postMessage({ channel: 'C0ACME', text: '' }))).toBe('no_text');
  expect(await slackError(web.chat.postEphemeral({ channel: 'C0ACME', user: 'U0NOBODY', text: 'x' }))).toBe('user_not_found');
  expect(await slackError(web.chat.postEphemeral({ channel: 'C0ACME', user: 'U0EXT', text: 'x' }))).toBe('user_not_in_channel');
  expect(await slackError(web.users.info({ user: 'U0EXT' }))).toBe('user_not_found');
  expect(await slackError(web.chat.update({ channel: 'C0ACME', ts: '1.000001', text: 'x' }))).toBe('message_not_found');
  const bad = new WebClient('xoxb-wrong', { slackApiUrl: sim.apiUrl, retryConfig: { retries: 0 } });
  expect(await slackError(bad.auth.test())).toBe('invalid_auth');
  expect(await slackError(web.apiCall('no.such.method'))).toBe('unknown_method');
});

test('a message posted then updated in place; permalink and replies', async () => {
  const root = sim.message({ channel: 'C0ACME', user: 'U0SATO', text: 'root' });
  const posted = await web.chat.postMessage({ channel: 'C0ACME', thread_ts: root.ts, text: 'stamp', blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'stamp' } }] });
  expect(posted.ts).toMatch(/^\d{10}\.\d{6}$/);
  expect(sim.callsTo('chat.postMessage')[0].args.blocks).toEqual([{ type: 'section', text: { type: 'mrkdwn', text: 'stamp' } }]);
  await web.chat.update({ channel: 'C0ACME', ts: posted.ts!, text: 'stamp v2' });
  expect(sim.messages('C0ACME').filter((m) => m.bot_id)).toEqual([expect.objectContaining({ ts: posted.ts, text: 'stamp v2', thread_ts: root.ts })]);
  const link = await web.chat.getPermalink({ channel: 'C0ACME', message_ts: root.ts });
  expect(link.permalink).toBe(`https://sim.slack.com/archives/C0ACME/p${root.ts.replace('.', '')}`);
  const replies = await web.conversations.replies({ channel: 'C0ACME', ts: root.ts });
  expect(replies.messages!.map((m) => m.text)).toEqual(['root', 'stamp v2']);
});

test('429 with Retry-After is honoured by a retrying client', async () => {
  sim.failNext('chat.postEphemeral', 1, { status: 429, retryAfterSec: 1 });
  const retrying = new WebClient('xoxb-sim-token', { slackApiUrl: sim.apiUrl, retryConfig: { retries: 2 } });
  const t0 = Date.now();
  await retrying.chat.postEphemeral({ channel: 'C0ACME', user: 'U0SATO', text: 'hi' });
  expect(Date.now() - t0).toBeGreaterThanOrEqual(950);
  expect(sim.callsTo('chat.postEphemeral').map((c) => [c.status, c.ok])).toEqual([[429, false], [200, true]]);
});

test('events are signed with v0 HMAC-SHA256 over v0:timestamp:body', async () => {
  const received: Array<{ headers: http.IncomingHttpHeaders; body: string }> = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      received.push({ headers: req.headers, body });
      res.end('');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  sim.setBotEndpoint(`http://127.0.0.1:${(server.address() as { port: number }).port}/slack/events`);
  const sent = await sim.postUserMessage({ channel: 'C0ACME', user: 'U0EXT', teamId: 'T0OTHER', text: 'こんにちは' });
  const [{ headers, body }] = received;
  const ts = String(headers['x-slack-request-timestamp']);
  const expected = `v0=${createHmac('sha256', 's3cret').update(`v0:${ts}:${body}`).digest('hex')}`;
  expect(headers['x-slack-signature']).toBe(expected);
  expect(verifySlackSignature('s3cret', Number(ts), body, expected)).toBe(true);
  const envelope = JSON.parse(body);
  expect(envelope).toMatchObject({ type: 'event_callback', team_id: 'T0OURTEAM', is_ext_shared_channel: true, event: { type: 'message', ts: sent, user_team: 'T0OTHER' } });
  await sim.resend({ status: 200, body: '', eventId: envelope.event_id, sentBody: body }, 1);
  expect(received[1].headers['x-slack-retry-num']).toBe('1');
  expect(received[1].body).toBe(body);
  await new Promise((r) => server.close(r));
});

test('waitForCall rejects with the recent calls on timeout', async () => {
  await web.auth.test();
  await expect(sim.waitForCall('chat.postMessage', undefined, 100)).rejects.toThrow(/no chat.postMessage call within 100 ms; recent calls: auth.test\(ok\)/);
});
