/**
 * End to end: the real Bolt app in HTTP mode, the Slack simulator, a real Redis.
 * Thresholds in test/fixtures/rules/response-time.yaml are 2s (reminder), 4s (slow), 6s (breach), wall clock.
 */
import { startHarness, sleep, type Harness } from '../helpers/app';

jest.setTimeout(40_000);

const ACME = 'C0ACME';

function ephemeralsTo(h: Harness, user: string) {
  return h.sim.callsTo('chat.postEphemeral').filter((c) => c.ok && c.args.user === user);
}

describe('response-time, live', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
  });
  afterEach(async () => {
    await h.close();
  });

  test('reminder, slow and breach fire in order, privately to the assistant, escalation to directors', async () => {
    const t0 = Date.now();
    const clientTs = await h.sim.postUserMessage({ channel: ACME, user: 'U0CLIENT', teamId: 'T0ACME', text: '請求書の件、確認いただけますか?' });

    const first = await h.sim.waitForCall('chat.postEphemeral', undefined, 8000);
    expect(first.at - t0).toBeGreaterThanOrEqual(1900);
    expect(first.args.user).toBe('U0SATO');
    expect(first.args.channel).toBe(ACME);
    expect(String(first.args.text)).toContain('返信がありません');
    expect(String(first.args.text)).toContain('https://sim.slack.com/archives/C0ACME/p');

    const escalation = await h.sim.waitForCall('chat.postMessage', (c) => c.args.channel === 'C0DIRECTORS', 9000);
    expect(escalation.at - t0).toBeGreaterThanOrEqual(5900);
    expect(String(escalation.args.text)).toContain('<@U0CLIENT>');
    expect(String(escalation.args.text)).toContain('<@U0SATO>');
    expect(String(escalation.args.text)).toContain(`p${clientTs.replace('.', '')}`);
    await sleep(500);

    const nudges = ephemeralsTo(h, 'U0SATO');
    expect(nudges.map((n) => String(n.args.text).split(' ')[0])).toEqual(['⏰', '⚠️', '🚨']);
    // Nobody but the assistant got an ephemeral, and nothing was posted visibly in the client's channel.
    expect(h.sim.callsTo('chat.postEphemeral').every((c) => c.args.user === 'U0SATO')).toBe(true);
    expect(h.sim.callsTo('chat.postMessage').filter((c) => c.args.channel === ACME)).toHaveLength(0);
    expect(h.sim.callsTo('chat.postMessage').filter((c) => c.args.channel === 'C0DIRECTORS')).toHaveLength(1);
  });

  test('a reply in the thread stops the clock and stamps the client message', async () => {
    const clientTs = await h.sim.postUserMessage({ channel: ACME, user: 'U0CLIENT', teamId: 'T0ACME', text: '明日の会議資料を送ってください' });
    await sleep(500);
    await h.sim.postUserMessage({ channel: ACME, user: 'U0SATO', teamId: 'T0OURTEAM', threadTs: clientTs, text: '承知しました!明日17時までにお送りします。' });

    const stamp = await h.sim.waitForCall('chat.postMessage', (c) => c.args.channel === ACME, 5000);
    expect(stamp.args.thread_ts).toBe(clientTs);
    expect(String(stamp.args.text)).toMatch(/✅ 担当: @sato が \d\d:\d\d に確認 \(\d+秒|✅ 担当: @sato が \d\d:\d\d に確認 \(0分|✅ 担当: @sato が/);
    // "Tomorrow 17:00" is always ahead, whatever the hour the tests run at ("本日17時" after 17:00 has no deadline left).
    expect(String(stamp.args.text)).toMatch(/期限: (\d{1,2}\/\d{1,2} )?17:00/);
    await sleep(3000);
    expect(h.sim.callsTo('chat.postEphemeral')).toHaveLength(0);
  });

  test('a reaction alone does not stop the clock', async () => {
    const clientTs = await h.sim.postUserMessage({ channel: ACME, user: 'U0CLIENT', teamId: 'T0ACME', text: 'ロゴのデータをいただけますか?' });
    await h.sim.reactionAdded({ channel: ACME, user: 'U0SATO', reaction: 'eyes', itemTs: clientTs });
    const nudge = await h.sim.waitForCall('chat.postEphemeral', undefined, 6000);
    expect(nudge.args.user).toBe('U0SATO');
  });

  test('bot and workflow messages are not replies; closing words open no request', async () => {
    await h.sim.postUserMessage({ channel: 'C0BETA', user: 'U0CLIENT2', teamId: 'T0BETA', text: 'ありがとうございます!🙏' });
    const clientTs = await h.sim.postUserMessage({ channel: ACME, user: 'U0CLIENT', teamId: 'T0ACME', text: '見積もりはいつ頃になりますか?' });
    await h.sim.postUserMessage({ channel: ACME, user: 'U0WORKFLOW', teamId: 'T0OURTEAM', botId: 'B0WORKFLOW', subtype: 'bot_message', text: '自動返信: 受け付けました' });
    await h.sim.postUserMessage({ channel: ACME, user: 'U0SATO', teamId: 'T0OURTEAM', text: '【自動返信】ただいま不在です' });
    const nudge = await h.sim.waitForCall('chat.postEphemeral', undefined, 6000);
    expect(nudge.args.channel).toBe(ACME);
    expect(String(nudge.args.text)).toContain(`p${clientTs.replace('.', '')}`);
    await sleep(300);
    expect(h.sim.callsTo('chat.postEphemeral').filter((c) => c.args.channel === 'C0BETA')).toHaveLength(0);
  });

  test('an interim reply stamps the deadline; the answer updates the same stamp in place', async () => {
    const clientTs = await h.sim.postUserMessage({ channel: ACME, user: 'U0CLIENT', teamId: 'T0ACME', text: '先月の売上データはどこにありますか?' });
    await h.sim.postUserMessage({ channel: ACME, user: 'U0SATO', teamId: 'T0OURTEAM', threadTs: clientTs, text: '確認の上、23時59分までにご返信いたします。' });
    const posted = await h.sim.waitForCall('chat.postMessage', (c) => c.args.channel === ACME, 5000);
    expect(String(posted.args.text)).toContain('期限');
    await h.sim.postUserMessage({ channel: ACME, user: 'U0SATO', teamId: 'T0OURTEAM', threadTs: clientTs, text: 'お待たせしました。共有ドライブの「売上」フォルダにございます。' });
    const updated = await h.sim.waitForCall('chat.update', undefined, 5000);
    expect(updated.args.ts).toBe(posted.response.ts);
    expect(String(updated.args.text)).toContain('回答済み');
    await sleep(300);
    const botMessagesInThread = h.sim.messages(ACME).filter((m) => m.thread_ts === clientTs && m.bot_id);
    expect(botMessagesInThread).toHaveLength(1);
    expect(h.sim.callsTo('chat.postEphemeral')).toHaveLength(0);
  });

  test('several client messages in a row are one request, timed from the first', async () => {
    const first = await h.sim.postUserMessage({ channel: ACME, user: 'U0CLIENT', teamId: 'T0ACME', text: '1点ご相談です。' });
    await sleep(1000);
    await h.sim.postUserMessage({ channel: ACME, user: 'U0CLIENT', teamId: 'T0ACME', text: '来週の打ち合わせの日程についてです。' });
    const nudge = await h.sim.waitForCall('chat.postEphemeral', undefined, 6000);
    expect(String(nudge.args.text)).toContain(`p${first.replace('.', '')}`);
    await sleep(1000);
    expect(h.sim.callsTo('chat.postEphemeral')).toHaveLength(1);
  });

  test('a retried or duplicated event does not double anything', async () => {
    const sent = await h.sim.sendEvent(h.sim.message({ channel: ACME, user: 'U0CLIENT', teamId: 'T0ACME', text: '至急確認お願いします' }));
    expect(sent.status).toBe(200);
    const retry = await h.sim.resend(sent, 1);
    expect(retry.status).toBe(200);
    // Slack sometimes delivers the same event again without retry headers.
    const dup = await h.sim.resend(sent);
    expect(dup.status).toBe(200);
    await h.sim.waitForCall('chat.postEphemeral', undefined, 6000);
    await sleep(1000);
    expect(h.sim.callsTo('chat.postEphemeral')).toHaveLength(1);
  });

  test('Slack answering 429 delays the nudge, never drops or doubles it', async () => {
    h.sim.failNext('chat.postEphemeral', 1, { status: 429, retryAfterSec: 1 });
    await h.sim.postUserMessage({ channel: ACME, user: 'U0CLIENT', teamId: 'T0ACME', text: '納品物の確認をお願いします' });
    const ok = await h.sim.waitForCall('chat.postEphemeral', (c) => c.ok, 8000);
    const calls = h.sim.callsTo('chat.postEphemeral');
    expect(calls[0].ok).toBe(false);
    expect(calls[0].error).toBe('ratelimited');
    expect(ok.at - calls[0].at).toBeGreaterThanOrEqual(900);
    await sleep(500);
    expect(h.sim.callsTo('chat.postEphemeral').filter((c) => c.ok)).toHaveLength(1);
  });
});

describe('HTTP front door', () => {
  let h: Harness;
  const logs: string[] = [];
  beforeAll(async () => {
    h = await startHarness({ logLines: logs });
  });
  afterAll(async () => {
    await h.close();
  });

  test('health and readiness', async () => {
    const live = await fetch(`http://127.0.0.1:${h.port}/healthz`);
    expect(live.status).toBe(200);
    const ready = await fetch(`http://127.0.0.1:${h.port}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ ok: true, store: 'redis' });
  });

  test('a forged or stale signature gets 401 and changes nothing', async () => {
    const ev = h.sim.message({ channel: ACME, user: 'U0CLIENT', teamId: 'T0ACME', text: '偽物' });
    const forged = await h.sim.sendEvent(ev, { signingSecretOverride: 'wrong-secret' });
    expect(forged.status).toBe(401);
    const stale = await h.sim.sendEvent(ev, { timestampOverride: Math.floor(Date.now() / 1000) - 600 });
    expect(stale.status).toBe(401);
    expect(await h.store.countTimers()).toBe(0);
  });

  test('a malformed payload gets 400 and changes nothing', async () => {
    const badJson = await h.sim.sendEvent({}, { rawBody: '{"type":"event_callback",' });
    expect(badJson.status).toBe(400);
    const badEvent = await h.sim.sendEvent({ type: 'message', channel: ACME, user: 'U0CLIENT', ts: 'not-a-ts', text: '秘密の本文' });
    expect(badEvent.status).toBe(400);
    expect(await h.store.countTimers()).toBe(0);
    // One clear line per rejection, with the reason and without the body.
    const lines = logs.map((l) => JSON.parse(l) as { level: number; msg: string; reason?: string });
    expect(lines.filter((l) => l.level === 40 && l.msg.startsWith('Malformed request body'))).toHaveLength(1);
    expect(lines.filter((l) => l.msg === 'malformed Slack payload rejected').map((l) => l.reason)).toEqual(['event.ts: must be a Slack ts like "1732268400.123456"']);
    expect(logs.join('')).not.toContain('秘密の本文');
  });

  test('unknown event types are acknowledged and ignored; a giant message of random Unicode and markup is processed', async () => {
    for (const type of ['app_mention_v9', 'file_shared', 'channel_rename', 'team_join']) {
      expect((await h.sim.sendEvent({ type, channel: ACME, user: 'U0CLIENT', event_ts: (Date.now() / 1000).toFixed(6) })).status).toBe(200);
    }
    expect(await h.store.countTimers()).toBe(0);
    const chars = ['あ', '😀', '\u200d', '\ufffd', '𠮷', '<@U0SATO>', '<!here>', '```', '> ', '*', '\n', 'a', ' ', '<https://x.example/|リンク>', '\u0000'];
    let giant = '';
    for (let i = 0; giant.length < 200_000; i++) giant += chars[(i * 7919) % chars.length];
    const r = await h.sim.sendEvent(h.sim.message({ channel: ACME, user: 'U0CLIENT', teamId: 'T0ACME', text: `${giant}ご確認いただけますか?` }));
    expect(r.status).toBe(200);
    // Acknowledged once queued; once the channel's inbox is drained, the request is open with its reminder armed.
    for (let i = 0; i < 100 && (await h.store.getTimer(`inbox|${ACME}`)); i++) await sleep(20);
    expect(await h.store.countTimers()).toBe(1);
    expect(logs.join('')).not.toContain('𠮷');
  });
});
