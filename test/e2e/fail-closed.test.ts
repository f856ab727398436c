/**
 * Guards fail closed, end to end (real Bolt app over HTTP, simulator, real Redis):
 * - a guest of our own workspace is a client, never nudged as an assistant;
 * - a Slack look-up that fails (5xx) holds the action and retries it; it never decides "not shared"
 *   or "nobody is the assistant";
 * - a post Slack makes but answers too late for the WebClient is not made twice;
 * - names are escaped in what a client sees;
 * - work that keeps failing ends as a dead letter, not a retry every minute forever.
 * Thresholds (test/fixtures/rules/response-time.yaml): 2 s reminder, 4 s slow, 6 s breach.
 */
import fs from 'node:fs';
import path from 'node:path';
import { DEAD_LETTER_LOG, type DeadLetter } from '../../src/slack/dead-letters';
import type { Fault } from '../../src/simulator/SlackSimulator';
import { rulesDirWithShipped, sleep, startHarness, type Harness } from '../helpers/app';

jest.setTimeout(40_000);

const ACME = 'C0ACME';
const BETA = 'C0BETA';

/** The fixture rules with a team file that names no assistants (as the shipped team.yaml): every internal person is one. */
function rulesWithoutNamedAssistants(extra: string[] = []): string {
  const dir = rulesDirWithShipped(extra);
  const file = path.join(dir, 'team.yaml');
  const team = fs
    .readFileSync(file, 'utf8')
    .replace(/^assistants: .*$/m, 'assistants: []')
    .replace(/^channels:\n(  .*\n)+/m, 'channels: []\n');
  fs.writeFileSync(file, team);
  return dir;
}

/** A client's request left to breach (6 s), with the escalation's post made slow by `fault`; resolves once it is answered, plus `settleMs`. */
async function escalationWithSlowPost(h: Harness, fault: Fault, settleMs: number): Promise<void> {
  await h.sim.postUserMessage({ channel: ACME, user: 'U0CLIENT', teamId: 'T0ACME', text: '見積もりの件、いかがでしょうか?' });
  await sleep(4500);
  h.sim.failNext('chat.postMessage', 1, fault);
  await h.sim.waitForCall('chat.postMessage', (c) => c.args.channel === 'C0DIRECTORS', 10_000);
  await sleep(settleMs);
}

const ephemeralsTo = (h: Harness, user: string) => h.sim.callsTo('chat.postEphemeral').filter((c) => c.ok && c.args.user === user);

describe('guests of our own workspace are clients', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness({ rulesDir: rulesWithoutNamedAssistants(['link-permission']), env: { JOB_LEASE_MS: '1500' } });
    h.sim.addUser({ id: 'U0GUEST', name: 'guest-yamamoto', teamId: 'T0OURTEAM', isRestricted: true });
    h.sim.addChannel({ id: ACME, name: 'client-acme', members: ['U0SATO', 'U0BOSS', 'U0CLIENT', 'U0GUEST', 'U0SLABOT'], isExtShared: true });
  });
  afterEach(() => h.close());

  test('a guest in a tracked channel gets no assistant nudge; their question is a client request', async () => {
    // A client's request: the reminder goes to the assistant, never to the guest (a channel member).
    await h.sim.postUserMessage({ channel: ACME, user: 'U0CLIENT', teamId: 'T0ACME', text: '請求書の件、確認いただけますか?' });
    // The guest shares a document link (a team member would get a permission reminder) and asks a question.
    await h.sim.postUserMessage({ channel: ACME, user: 'U0GUEST', teamId: 'T0OURTEAM', text: '資料です https://docs.google.com/document/d/abc/edit ご確認いただけますか?' });
    await h.sim.waitForCall('chat.postEphemeral', (c) => c.args.user === 'U0SATO', 6000);
    await sleep(2500);
    expect(ephemeralsTo(h, 'U0GUEST')).toHaveLength(0);
    expect(ephemeralsTo(h, 'U0SATO').length).toBeGreaterThan(0);
  });
});

describe('failed look-ups hold the action and retry it', () => {
  let h: Harness;
  afterEach(() => h.close());

  test('conversations.info of the escalation channel failing once never lets an escalation into a shared channel', async () => {
    h = await startHarness({ env: { JOB_LEASE_MS: '1500' } });
    // The escalation channel has (wrongly) been shared with a client organisation.
    h.sim.addChannel({ id: 'C0DIRECTORS', name: 'directors', members: ['U0BOSS', 'U0SLABOT', 'U0CLIENT'], isExtShared: true });
    await h.sim.postUserMessage({ channel: ACME, user: 'U0CLIENT', teamId: 'T0ACME', text: '見積もりの件、いかがでしょうか?' });
    await sleep(1000);
    h.sim.failNext('conversations.info', 1, { status: 503 });
    // The breach (6 s) comes and goes, the failed look-up is retried (lease 1.5 s) and answers "shared".
    await sleep(8500);
    expect(h.sim.callsTo('chat.postMessage').filter((c) => c.args.channel === 'C0DIRECTORS')).toHaveLength(0);
    expect(h.sim.callsTo('conversations.info').filter((c) => c.args.channel === 'C0DIRECTORS').map((c) => c.status)).toEqual([503, 200]);
    const dead = await h.store.rangeRecords<DeadLetter>(DEAD_LETTER_LOG, 0, Date.now() + 1);
    expect(dead.map((d) => d.record)).toEqual([expect.objectContaining({ kind: 'escalation', channel: ACME, reason: expect.stringContaining('shared') })]);
  });

  test('users.info failing once on a cold cache delays the request; it is not lost, and the escalation names the assistant', async () => {
    // A short lease: the retry lands before the next threshold (4 s), as it would hours before it in production.
    h = await startHarness({ rulesDir: rulesWithoutNamedAssistants(), env: { JOB_LEASE_MS: '600' } });
    // The channel's assistants are looked up with its first event (every event sees the same facts, live and offline).
    h.sim.failNext('users.info', 1, { status: 500 });
    await h.sim.postUserMessage({ channel: ACME, user: 'U0CLIENT', teamId: 'T0ACME', text: '請求書の件、確認いただけますか?' });
    const escalation = await h.sim.waitForCall('chat.postMessage', (c) => c.args.channel === 'C0DIRECTORS', 12_000);
    expect(String(escalation.args.text)).toContain('<@U0SATO>');
    expect(String(escalation.args.text)).not.toContain('担当未設定');
    await sleep(300);
    // Every threshold reached the assistant once, the first one late rather than never.
    expect(ephemeralsTo(h, 'U0SATO').map((n) => String(n.args.text).split(' ')[0])).toEqual(['⏰', '⚠️', '🚨']);
    expect(h.sim.callsTo('users.info').some((c) => c.status === 500)).toBe(true);
  });
});

describe('a slow Slack never gets a post twice', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness({ env: { SLACK_API_TIMEOUT_MS: '500', JOB_LEASE_MS: '3000' } });
  });
  afterEach(() => h.close());

  test('a stamp Slack posts but answers after the timeout is posted once', async () => {
    const clientTs = await h.sim.postUserMessage({ channel: BETA, user: 'U0CLIENT2', teamId: 'T0BETA', text: '明日の会議資料を送ってください' });
    await sleep(300);
    h.sim.failNext('chat.postMessage', 1, { answerLateMs: 1500 });
    await h.sim.postUserMessage({ channel: BETA, user: 'U0SUZUKI', teamId: 'T0OURTEAM', threadTs: clientTs, text: '承知しました、明日17時までにお送りします。' });
    await h.sim.waitForCall('chat.postMessage', (c) => c.args.channel === BETA, 5000);
    await sleep(4000);
    const stamps = h.sim.messages(BETA).filter((m) => m.bot_id && m.thread_ts === clientTs);
    expect(stamps).toHaveLength(1);
    expect(stamps[0].text).toContain('✅ 担当: @suzuki');
  });

  test('an escalation Slack posts but answers after the timeout is posted once', async () => {
    await escalationWithSlowPost(h, { answerLateMs: 1500 }, 5000);
    expect(h.sim.messages('C0DIRECTORS').filter((m) => m.bot_id)).toHaveLength(1);
    // Answered after the short WebClient timeout; nothing else was posted.
    expect(h.sim.callsTo('chat.postMessage').filter((c) => c.args.channel === 'C0DIRECTORS')).toHaveLength(1);
  });
});

describe('what a client sees is escaped, and failing work ends as a dead letter', () => {
  let h: Harness;
  afterEach(() => h.close());

  test('a display name with <!channel> and a disguised link is shown, not acted on, in the stamp', async () => {
    h = await startHarness({ rulesDir: rulesWithoutNamedAssistants() });
    h.sim.addUser({ id: 'U0EVIL', name: '<!channel> <https://evil.example/login|click to verify>', teamId: 'T0OURTEAM' });
    h.sim.addChannel({ id: BETA, name: 'client-beta', members: ['U0SATO', 'U0EVIL', 'U0CLIENT2', 'U0SLABOT'], isExtShared: true });
    const clientTs = await h.sim.postUserMessage({ channel: BETA, user: 'U0CLIENT2', teamId: 'T0BETA', text: '明日の会議資料を送ってください' });
    await sleep(300);
    await h.sim.postUserMessage({ channel: BETA, user: 'U0EVIL', teamId: 'T0OURTEAM', threadTs: clientTs, text: '承知しました、明日17時までにお送りします。' });
    const stamp = await h.sim.waitForCall('chat.postMessage', (c) => c.args.channel === BETA, 5000);
    const text = String(stamp.args.text);
    expect(text).toContain('&lt;!channel&gt; &lt;https://evil.example/login|click to verify&gt;');
    expect(text).not.toMatch(/<!channel>|<https:/);
  });

  test('an effect Slack keeps failing is retried a few times, then recorded as a dead letter and stopped', async () => {
    h = await startHarness({ env: { JOB_LEASE_MS: '800', JOB_MAX_ATTEMPTS: '3' } });
    h.sim.failNext('chat.postEphemeral', 50, { error: 'internal_error' });
    await h.sim.postUserMessage({ channel: ACME, user: 'U0CLIENT', teamId: 'T0ACME', text: '請求書の件、確認いただけますか?' });
    await sleep(6000);
    const reminderTries = () => h.sim.callsTo('chat.postEphemeral').filter((c) => String(c.args.text).startsWith('⏰')).length;
    const dead = (await h.store.rangeRecords<DeadLetter>(DEAD_LETTER_LOG, 0, Date.now() + 1)).map((d) => d.record);
    expect(dead.some((d) => d.kind === 'nudge' && d.channel === ACME && /internal_error/.test(d.reason))).toBe(true);
    // Capped: 3 tries (one more if pacing moved the first), and none after the dead letter.
    const tries = reminderTries();
    expect(tries).toBeGreaterThanOrEqual(3);
    expect(tries).toBeLessThanOrEqual(4);
    await sleep(2000);
    expect(reminderTries()).toBe(tries);
    // Directors see what was given up.
    await h.sim.slashCommand({ command: '/sla', text: 'status <#C0ACME|client-acme>', userId: 'U0BOSS', channelId: 'C0DIRECTORS' }).then((r) => {
      const text = String(JSON.parse(r.body).text);
      expect(text).toContain('届けられなかった通知');
      expect(text).toMatch(/担当者へのリマインド \(response-time\): An API error occurred: internal_error/);
    });
  });
});

describe('found by a hostile review', () => {
  let h: Harness;
  afterEach(() => h.close());

  test('a directors\' channel shared with a client after a first escalation gets no second one (checked fresh, not from the cache)', async () => {
    h = await startHarness();
    await h.sim.postUserMessage({ channel: ACME, user: 'U0CLIENT', teamId: 'T0ACME', text: '見積もりの件、いかがでしょうか?' });
    await sleep(3000);
    await h.sim.postUserMessage({ channel: BETA, user: 'U0CLIENT2', teamId: 'T0BETA', text: '請求書の件、確認いただけますか?' });
    await h.sim.waitForCall('chat.postMessage', (c) => c.args.channel === 'C0DIRECTORS', 8000);
    // Now someone shares the directors' channel with a client organisation.
    h.sim.addChannel({ id: 'C0DIRECTORS', name: 'directors', members: ['U0BOSS', 'U0SLABOT', 'U0CLIENT2'], isExtShared: true });
    await sleep(4500);
    const escalations = h.sim.callsTo('chat.postMessage').filter((c) => c.ok && c.args.channel === 'C0DIRECTORS');
    expect(escalations).toHaveLength(1);
    expect(String(escalations[0].args.text)).toContain('<#C0ACME>');
  });

  test('a post slower than the job lease is not handed out and posted again (the lease is kept while it works)', async () => {
    h = await startHarness({ env: { JOB_LEASE_MS: '1500' } });
    await escalationWithSlowPost(h, { delayMs: 3000 }, 3000);
    expect(h.sim.messages('C0DIRECTORS').filter((m) => m.bot_id)).toHaveLength(1);
  });

  test('a guest who is in a user group the team file names (@assistants) is still a client', async () => {
    const { SlackSimulator } = await import('../../src/simulator/SlackSimulator');
    const { buildWorld, SIGNING_SECRET } = await import('../helpers/app');
    const sim = new SlackSimulator({ signingSecret: SIGNING_SECRET });
    await sim.start();
    buildWorld(sim);
    sim.addUser({ id: 'U0GUEST', name: 'guest-acme', teamId: 'T0OURTEAM', isRestricted: true });
    sim.addUsergroup({ id: 'S0ASSIST2', handle: 'assistants', users: ['U0SUZUKI', 'U0GUEST'] });
    sim.addChannel({ id: BETA, name: 'client-beta', members: ['U0SATO', 'U0SUZUKI', 'U0GUEST', 'U0CLIENT2', 'U0SLABOT'], isExtShared: true });
    try {
      h = await startHarness({ sim });
      const q = await sim.postUserMessage({ channel: BETA, user: 'U0CLIENT2', teamId: 'T0BETA', text: '明日の会議資料を送っていただけますか?' });
      await sleep(300);
      await sim.postUserMessage({ channel: BETA, user: 'U0GUEST', teamId: 'T0OURTEAM', threadTs: q, text: '承知しました、明日17時までにお送りします。' });
      // The guest's reply is not the team's: the clock runs on and the assistants are reminded.
      await sim.waitForCall('chat.postEphemeral', (c) => c.args.channel === BETA, 6000);
      await sleep(500);
      expect(sim.messages(BETA).filter((m) => m.bot_id && m.text.includes('guest'))).toHaveLength(0);
      expect(sim.ephemerals(BETA).filter((c) => c.args.user === 'U0GUEST')).toHaveLength(0);
    } finally {
      await h.close();
      await sim.stop();
    }
  });

  test('an error Slack gives that is not a "try later" (ekm_access_denied) makes the channel unknown; its queue does not stall', async () => {
    h = await startHarness({ env: { JOB_LEASE_MS: '600' } });
    h.sim.failNext('conversations.info', 1000, { error: 'ekm_access_denied' });
    await h.sim.postUserMessage({ channel: BETA, user: 'U0CLIENT2', teamId: 'T0BETA', text: '請求書の件、確認いただけますか?' });
    const reminder = await h.sim.waitForCall('chat.postEphemeral', (c) => c.args.channel === BETA, 6000);
    expect(['U0SATO', 'U0SUZUKI']).toContain(reminder.args.user);
  });
});

describe('a refusal that would mean "nobody"', () => {
  let h: Harness;
  afterEach(() => h.close());

  test('conversations.members refused (missing_scope): no escalation naming nobody (担当未設定); the timer ends as a dead letter', async () => {
    h = await startHarness({ rulesDir: rulesWithoutNamedAssistants(), env: { JOB_LEASE_MS: '600', JOB_MAX_ATTEMPTS: '3' } });
    h.sim.failNext('conversations.members', 1000, { error: 'missing_scope' });
    await h.sim.postUserMessage({ channel: ACME, user: 'U0CLIENT', teamId: 'T0ACME', text: '請求書の件、確認いただけますか?' });
    await sleep(8000);
    expect(h.sim.callsTo('chat.postMessage').filter((c) => String(c.args.text).includes('担当未設定'))).toHaveLength(0);
    const dead = (await h.store.rangeRecords<DeadLetter>(DEAD_LETTER_LOG, 0, Date.now() + 1)).map((d) => d.record);
    expect(dead.some((d) => d.kind === 'response-time' && d.channel === ACME && /missing_scope/.test(d.reason))).toBe(true);
  });
});
