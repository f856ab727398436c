/**
 * dm-usage end to end, and the consent it rests on. Slack delivers both sides of every DM of whoever
 * authorised the user scopes (assistants at /slack/optin, and the admin who installed the app), so
 * the bot processes a DM only when its author opted in; everything else is dropped at the
 * acknowledgement, unstored. The opt-in carries an OAuth state (cookie + store, used once), and
 * Slack's tokens_revoked / app_uninstalled end it.
 */
import Redis from 'ioredis';
import type { Finding } from '../../src/core/finding';
import { MemoryStore } from '../../src/store/memory/MemoryStore';
import { rulesDirWithShipped, sleep, startHarness, type Harness } from '../helpers/app';
import { testRedisUrl } from '../helpers/redis';

jest.setTimeout(30_000);
const ENV = { SLACK_CLIENT_ID: '123.456', SLACK_CLIENT_SECRET: 'shh' };
const BUSINESS = 'A社の請求書、今日中に送ってもらえますか?';
let h: Harness;
let redis: Redis;
const logs: string[] = [];
beforeAll(async () => {
  h = await startHarness({ rulesDir: rulesDirWithShipped(['dm-usage']), env: ENV, logLines: logs });
  redis = new Redis(testRedisUrl());
});
afterAll(async () => {
  redis.disconnect();
  await h.close();
});
beforeEach(() => h.sim.clearCalls());

const base = () => `http://127.0.0.1:${h.port}`;
/** Every Redis key the bot holds (under the harness's prefix). */
const allKeys = async () => (await redis.keys(`${h.prefix}*`)).map((k) => k.slice(h.prefix.length)).sort();
const findings = async () => (await h.store.rangeRecords<Finding>('findings', 0, Date.now() + 60_000)).map((f) => f.record);

/** GET /slack/optin as a browser would: the state Slack will echo back and the cookie the browser keeps. */
async function startOptin() {
  const r = await fetch(`${base()}/slack/optin`, { redirect: 'manual' });
  expect(r.status).toBe(302);
  const authorize = new URL(r.headers.get('location')!);
  const setCookie = r.headers.get('set-cookie') ?? '';
  return { authorize, setCookie, state: authorize.searchParams.get('state') ?? '', cookie: setCookie.split(';')[0] };
}
function redirect(query: Record<string, string>, cookie?: string) {
  return fetch(`${base()}/slack/oauth_redirect?${new URLSearchParams(query)}`, { headers: cookie ? { cookie } : {} });
}
async function optIn(user: string) {
  const { state, cookie } = await startOptin();
  const r = await redirect({ code: h.sim.consent(user), state }, cookie);
  expect(r.status).toBe(200);
}
/** A DM event, sent signed; asserts Slack got its 200 (a dropped DM must not be retried). */
async function dm(o: { channel: string; user: string; text: string; channelType?: string }) {
  const ev = { ...h.sim.message({ channel: o.channel, user: o.user, teamId: 'T0OURTEAM', text: o.text }), ...(o.channelType ? { channel_type: o.channelType } : {}) };
  const sent = await h.sim.sendEvent(ev);
  expect(sent.status).toBe(200);
  return sent.eventId;
}
/** The bot did nothing with it: no message, no job, no finding, no inbox entry, no log of its text. */
async function expectIgnored(text: string, eventIds: string[]) {
  await sleep(600);
  expect(h.sim.callsTo('chat.postMessage')).toHaveLength(0);
  expect(h.sim.callsTo('chat.postEphemeral')).toHaveLength(0);
  expect(await h.store.countTimers()).toBe(0);
  const keys = await allKeys();
  expect(keys.filter((k) => k.startsWith('in:'))).toEqual([]);
  // Not even a de-duplication mark.
  expect(keys.filter((k) => eventIds.some((id) => k === `kv:evt:${id}`))).toEqual([]);
  expect(logs.filter((l) => l.includes(text))).toEqual([]);
}

test('never opted in: DMs of an assistant and of the installing admin are dropped at the acknowledgement, nothing stored', async () => {
  const ids = [
    await dm({ channel: 'D0DM1', user: 'U0SATO', text: BUSINESS }),
    // The admin's DMs arrive too (installing granted the user scopes): same.
    await dm({ channel: 'D0DM2', user: 'U0BOSS', text: '契約書の件、確認お願いします' }),
    await dm({ channel: 'G0MPIM1', user: 'U0SATO', text: '見積の件です', channelType: 'mpim' }),
  ];
  await expectIgnored(BUSINESS, ids);
  expect(await allKeys()).toEqual([]);
  expect(await findings()).toEqual([]);
});

test('opt-in start: a fresh state in the authorize URL, the same value in an HttpOnly SameSite=Lax cookie', async () => {
  const a = await startOptin();
  const b = await startOptin();
  expect(a.authorize.searchParams.get('user_scope')).toBe('im:history,mpim:history');
  expect(a.authorize.searchParams.get('client_id')).toBe('123.456');
  expect(a.state).toMatch(/^[A-Za-z0-9_-]{32,}$/);
  expect(b.state).not.toBe(a.state);
  expect(a.cookie).toBe(`sla_optin_state=${a.state}`);
  expect(a.setCookie).toMatch(/;\s*HttpOnly/i);
  expect(a.setCookie).toMatch(/;\s*SameSite=Lax/i);
  expect(a.setCookie).toMatch(/;\s*Max-Age=600/i);
});

test('the OAuth redirect without state, with a wrong state, without the cookie or with a state never issued: 400, nothing recorded', async () => {
  const { state, cookie } = await startOptin();
  const code = () => h.sim.consent('U0SATO');
  const refused = [
    await redirect({ code: code() }, cookie),
    await redirect({ code: code(), state: 'forged-state-forged-state-forged-state' }, cookie),
    await redirect({ code: code(), state }),
    await redirect({ code: code(), state: 'forged-state-forged-state-forged-state' }, 'sla_optin_state=forged-state-forged-state-forged-state'),
  ];
  for (const r of refused) {
    expect(r.status).toBe(400);
    expect(await r.text()).toContain('/slack/optin');
  }
  expect(h.sim.callsTo('oauth.v2.access')).toHaveLength(0);
  expect(await h.store.scanKeys('optin:')).toEqual([]);
});

test('the redirect escapes what it echoes (Slack error), and a refused code records nothing', async () => {
  const first = await startOptin();
  const denied = await redirect({ error: '<script>alert(1)</script>', state: first.state }, first.cookie);
  expect(denied.status).toBe(400);
  const body = await denied.text();
  expect(body).not.toContain('<script>');
  expect(body).toContain('&lt;script&gt;');
  const second = await startOptin();
  expect((await redirect({ code: 'forged', state: second.state }, second.cookie)).status).toBe(400);
  expect(await h.store.scanKeys('optin:')).toEqual([]);
});

test('opt-in with state records the assistant (no token kept); the state cannot be used twice', async () => {
  const { state, cookie } = await startOptin();
  const ok = await redirect({ code: h.sim.consent('U0SATO'), state }, cookie);
  expect(ok.status).toBe(200);
  expect(ok.headers.get('set-cookie')).toMatch(/sla_optin_state=;.*Max-Age=0/i);
  expect(await h.store.getJSON('optin:U0SATO')).toMatchObject({ scopes: 'im:history,mpim:history' });
  expect(JSON.stringify(await h.store.getJSON('optin:U0SATO'))).not.toContain('xoxp');

  const replay = await redirect({ code: h.sim.consent('U0SUZUKI'), state }, cookie);
  expect(replay.status).toBe(400);
  expect(await h.store.getJSON('optin:U0SUZUKI')).toBeNull();
});

test('business talk in an opted-in assistant\'s DM: a private message to the author naming the client channel', async () => {
  await dm({ channel: 'D0DM1', user: 'U0SATO', text: BUSINESS });
  const sent = await h.sim.waitForCall('chat.postMessage', (c) => c.ok, 5000);
  expect(sent.response.channel).toBe('D0SATO'); // the app's DM with U0SATO
  expect(String(sent.args.text)).toContain('<#C0ACME>');
  await sleep(200);
  expect(h.sim.callsTo('chat.postEphemeral')).toHaveLength(0);
  expect(await findings()).toEqual([expect.objectContaining({ rule: 'dm-usage', user: 'U0SATO', channel: 'D0DM1' })]);
});

test('small talk in a DM: nothing', async () => {
  await h.sim.postUserMessage({ channel: 'D0DM1', user: 'U0SATO', teamId: 'T0OURTEAM', text: 'ランチ行きませんか?' });
  await sleep(600);
  expect(h.sim.callsTo('chat.postMessage')).toHaveLength(0);
});

test('a DM written by someone who has not opted in, to an opted-in assistant: ignored', async () => {
  const before = (await findings()).length;
  const text = '納期の件、確認お願いします(鈴木)';
  const ids = [await dm({ channel: 'D0DM1', user: 'U0SUZUKI', text }), await dm({ channel: 'G0MPIM1', user: 'U0SUZUKI', text, channelType: 'mpim' })];
  await expectIgnored(text, ids);
  expect(await findings()).toHaveLength(before);
});

test('tokens_revoked: the opt-in is deleted and the assistant\'s next DM is ignored', async () => {
  expect(await h.store.getJSON('optin:U0SATO')).not.toBeNull();
  expect((await h.sim.tokensRevoked({ oauth: ['U0SATO'], bot: [] })).status).toBe(200);
  expect(await h.store.getJSON('optin:U0SATO')).toBeNull();
  const text = '請求書の件、再送お願いします';
  await expectIgnored(text, [await dm({ channel: 'D0DM1', user: 'U0SATO', text })]);
});

test('app_uninstalled: every opt-in is deleted', async () => {
  await optIn('U0SATO');
  await optIn('U0SUZUKI');
  expect(await h.store.scanKeys('optin:')).toHaveLength(2);
  expect((await h.sim.appUninstalled()).status).toBe(200);
  expect(await h.store.scanKeys('optin:')).toEqual([]);
});

test('the opt-in look-up failing answers the DM 500 (Slack retries), never treats it as consent', async () => {
  /** A store whose opt-in reads fail, as when Redis is unreachable; everything else works. */
  class OptinReadsFail extends MemoryStore {
    override async getJSON<T>(key: string): Promise<T | null> {
      if (key.startsWith('optin:')) throw new Error('connection lost');
      return super.getJSON<T>(key);
    }
  }
  const store = new OptinReadsFail();
  const h2 = await startHarness({ rulesDir: rulesDirWithShipped(['dm-usage']), env: ENV, storeOverride: store });
  try {
    const ev = h2.sim.message({ channel: 'D0DM1', user: 'U0SATO', teamId: 'T0OURTEAM', text: BUSINESS });
    expect((await h2.sim.sendEvent(ev)).status).toBe(500);
    // Channel messages need no look-up and still go through.
    expect((await h2.sim.sendEvent(h2.sim.message({ channel: 'C0ACME', user: 'U0SATO', text: 'お世話になっております' }))).status).toBe(200);
    await sleep(500);
    expect(h2.sim.callsTo('chat.postMessage')).toHaveLength(0);
  } finally {
    await h2.close();
  }
});
