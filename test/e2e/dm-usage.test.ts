/**
 * dm-usage end to end: the assistant's opt-in (OAuth redirect against the simulator), then a DM
 * event with business talk → a private message from the bot naming the client channel.
 */
import type { Finding } from '../../src/core/finding';
import { rulesDirWithShipped, sleep, startHarness, type Harness } from '../helpers/app';

jest.setTimeout(30_000);
let h: Harness;
beforeAll(async () => {
  h = await startHarness({ rulesDir: rulesDirWithShipped(['dm-usage']), env: { SLACK_CLIENT_ID: '123.456', SLACK_CLIENT_SECRET: 'shh' } });
});
afterAll(() => h.close());

test('opt-in: /slack/optin redirects to Slack with the user scopes; the redirect records the assistant', async () => {
  const start = await fetch(`http://127.0.0.1:${h.port}/slack/optin`, { redirect: 'manual' });
  expect(start.status).toBe(302);
  const to = new URL(start.headers.get('location')!);
  expect(to.searchParams.get('user_scope')).toBe('im:history,mpim:history');
  expect(to.searchParams.get('client_id')).toBe('123.456');

  const bad = await fetch(`http://127.0.0.1:${h.port}/slack/oauth_redirect?code=forged`);
  expect(bad.status).toBe(400);
  const ok = await fetch(`http://127.0.0.1:${h.port}/slack/oauth_redirect?code=good-code`);
  expect(ok.status).toBe(200);
  expect(await h.store.getJSON('optin:U0SATO')).toMatchObject({ scopes: 'im:history,mpim:history' });
  expect(JSON.stringify(await h.store.getJSON('optin:U0SATO'))).not.toContain('xoxp');
});

test('business talk in a DM: a private message to the author naming the client channel', async () => {
  const ev = h.sim.message({ channel: 'D0DM1', user: 'U0SATO', teamId: 'T0OURTEAM', text: 'A社の請求書、今日中に送ってもらえますか?' });
  expect((await h.sim.sendEvent(ev)).status).toBe(200);
  const dm = await h.sim.waitForCall('chat.postMessage', (c) => c.ok, 5000);
  expect(dm.response.channel).toBe('D0SATO'); // the app's DM with U0SATO
  expect(String(dm.args.text)).toContain('<#C0ACME>');
  await sleep(200);
  expect(h.sim.callsTo('chat.postEphemeral')).toHaveLength(0);
  const findings = await h.store.rangeRecords<Finding>('findings', 0, Date.now() + 60_000);
  expect(findings.map((f) => f.record)).toEqual([expect.objectContaining({ rule: 'dm-usage', user: 'U0SATO', channel: 'D0DM1' })]);
});

test('small talk in a DM: nothing', async () => {
  h.sim.clearCalls();
  await h.sim.postUserMessage({ channel: 'D0DM1', user: 'U0SATO', teamId: 'T0OURTEAM', text: 'ランチ行きませんか?' });
  await sleep(600);
  expect(h.sim.callsTo('chat.postMessage')).toHaveLength(0);
});
