/**
 * Bad days: Redis unreachable, a broken rules file at start-up, a stamp in reaction mode through a
 * per-channel override. Real app over HTTP against the simulator.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Redis from 'ioredis';
import { RedisStore } from '../../src/store/redis/RedisStore';
import { FIXTURE_RULES, rulesDirWithShipped, sleep, startHarness, type Harness } from '../helpers/app';

jest.setTimeout(40_000);
const ROOT = path.join(__dirname, '..', '..');

test('with Redis unreachable an event is answered 500 (so Slack retries) and /readyz says so', async () => {
  const down = new RedisStore({ redis: new Redis('redis://127.0.0.1:1', { maxRetriesPerRequest: 0, retryStrategy: () => 1000, lazyConnect: true }), prefix: 'down:' });
  down.redis.on('error', () => undefined);
  const h = await startHarness({ storeOverride: down });
  try {
    const r = await h.sim.sendEvent(h.sim.message({ channel: 'C0ACME', user: 'U0CLIENT', teamId: 'T0ACME', text: '至急お願いします' }));
    expect(r.status).toBe(500);
    const ready = await fetch(`http://127.0.0.1:${h.port}/readyz`);
    expect(ready.status).toBe(503);
    expect((await fetch(`http://127.0.0.1:${h.port}/healthz`)).status).toBe(200);
  } finally {
    await h.close();
    down.redis.disconnect();
  }
});

test('stamp mode "reaction" set by a per-channel override adds a reaction instead of a thread reply', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sla-rules-'));
  fs.copyFileSync(path.join(FIXTURE_RULES, 'team.yaml'), path.join(dir, 'team.yaml'));
  const rule = fs.readFileSync(path.join(FIXTURE_RULES, 'response-time.yaml'), 'utf8').replace(
    /^overrides: \[\]$/m,
    'overrides:\n  - channels: ["#client-beta"]\n    options:\n      stamp: { mode: reaction, reaction: eyes }',
  );
  fs.writeFileSync(path.join(dir, 'response-time.yaml'), rule);
  const h = await startHarness({ rulesDir: dir });
  try {
    const ts = await h.sim.postUserMessage({ channel: 'C0BETA', user: 'U0CLIENT2', teamId: 'T0BETA', text: '請求書の再発行をお願いします' });
    await h.sim.postUserMessage({ channel: 'C0BETA', user: 'U0SUZUKI', teamId: 'T0OURTEAM', text: '承知しました。本日中に再発行いたします。' });
    const r = await h.sim.waitForCall('reactions.add', undefined, 5000);
    expect(r.args).toMatchObject({ channel: 'C0BETA', timestamp: ts, name: 'eyes' });
    await sleep(300);
    expect(h.sim.callsTo('chat.postMessage').filter((c) => c.args.channel === 'C0BETA')).toHaveLength(0);
  } finally {
    await h.close();
  }
});

test('a broken rules file stops start-up with the file, the field and the reason', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sla-rules-'));
  fs.copyFileSync(path.join(FIXTURE_RULES, 'team.yaml'), path.join(dir, 'team.yaml'));
  fs.writeFileSync(path.join(dir, 'response-time.yaml'), fs.readFileSync(path.join(FIXTURE_RULES, 'response-time.yaml'), 'utf8').replace('after: 4s', 'after: soon'));
  const run = spawnSync(process.execPath, [path.join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'), path.join(ROOT, 'src', 'main.ts')], {
    env: { PATH: process.env.PATH, SLACK_BOT_TOKEN: 'xoxb-x', SLACK_SIGNING_SECRET: 's', RULES_DIR: dir, LOG_LEVEL: 'silent' },
    encoding: 'utf8',
    timeout: 30_000,
  });
  expect(run.status).toBe(2);
  expect(run.stderr).toContain(`${path.join(dir, 'response-time.yaml')}: options.thresholds.1.after: bad duration "soon"`);
  expect(run.stderr).not.toContain('xoxb-x');
});

test('retention: records older than RETENTION_DAYS are deleted at start-up', async () => {
  const { randomPrefix } = await import('../helpers/redis');
  const prefix = randomPrefix('retention');
  const { RedisStore: Store } = await import('../../src/store/redis/RedisStore');
  const seed = new Store({ redis: 'redis://127.0.0.1:6379', prefix });
  const day = 86_400_000;
  await seed.commit({ records: [{ log: 'findings', at: Date.now() - 40 * day, record: { old: true } }, { log: 'findings', at: Date.now() - day, record: { old: false } }] });
  await seed.close();
  const h = await startHarness({ prefix, env: { RETENTION_DAYS: '30' } });
  try {
    expect((await h.store.rangeRecords<{ old: boolean }>('findings', 0, Date.now())).map((r) => r.record.old)).toEqual([false]);
  } finally {
    await h.close();
  }
});

test('an escalation channel shared with clients is refused: directors\' notices never reach a client', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sla-rules-'));
  fs.writeFileSync(path.join(dir, 'team.yaml'), fs.readFileSync(path.join(FIXTURE_RULES, 'team.yaml'), 'utf8').replace('escalationChannel: C0DIRECTORS', 'escalationChannel: C0BETA'));
  fs.copyFileSync(path.join(FIXTURE_RULES, 'response-time.yaml'), path.join(dir, 'response-time.yaml'));
  const h = await startHarness({ rulesDir: dir });
  try {
    await h.sim.postUserMessage({ channel: 'C0ACME', user: 'U0CLIENT', teamId: 'T0ACME', text: '至急お願いします' });
    await h.sim.waitForCall('chat.postEphemeral', (c) => String(c.args.text).startsWith('🚨'), 9000);
    await sleep(500);
    expect(h.sim.callsTo('chat.postMessage').filter((c) => c.args.channel === 'C0BETA')).toHaveLength(0);
  } finally {
    await h.close();
  }
});

describe('Slack failing: 500s, timeouts and bursts delay nudges, never drop or double them', () => {
  // One message that breaks three rules at once: three nudges into one channel in the same instant.
  const RULES = ['closed-question', 'link-permission', 'phone-number'];
  // Three rules at once (closed-question, link-permission, phone-number).
  const THREE = '進め方はどうでしょうか?議事録は<https://docs.google.com/document/d/1AbC/edit|こちら> ご不明点は03-1234-5678までお電話ください。';
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ rulesDir: rulesDirWithShipped(RULES), env: { SLACK_API_TIMEOUT_MS: '500' } });
  });
  afterAll(() => h.close());
  beforeEach(() => h.sim.clearCalls());

  const delivered = () => h.sim.callsTo('chat.postEphemeral').filter((c) => c.ok);
  const until = async (n: number, ms: number) => {
    const deadline = Date.now() + ms;
    while (delivered().length < n && Date.now() < deadline) await sleep(50);
    await sleep(300);
  };

  test('Slack answering 500 twice: the nudge is retried and arrives once', async () => {
    h.sim.failNext('chat.postEphemeral', 2, { status: 500 });
    await h.sim.postUserMessage({ channel: 'C0ACME', user: 'U0SATO', teamId: 'T0OURTEAM', text: '本日はありがとうございました。ご不明点があれば03-1234-5678までお電話ください。' });
    await until(1, 8000);
    expect(h.sim.callsTo('chat.postEphemeral').map((c) => c.status)).toEqual([500, 500, 200]);
    expect(delivered()).toHaveLength(1);
  });

  test('a call that times out is abandoned and retried: the nudge arrives once', async () => {
    h.sim.failNext('chat.postEphemeral', 1, { hangMs: 1500 });
    await h.sim.postUserMessage({ channel: 'C0ACME', user: 'U0SATO', teamId: 'T0OURTEAM', text: '本日はありがとうございました。ご不明点があれば03-1234-5678までお電話ください。' });
    await until(1, 8000);
    await sleep(1500); // the simulator records the hung request when it drops it
    expect(h.sim.callsTo('chat.postEphemeral').map((c) => c.error ?? 'ok')).toEqual(['ok', 'dropped']);
    expect(delivered()).toHaveLength(1);
  });

  test('a burst of three nudges into one channel goes out one second apart, each once', async () => {
    await h.sim.postUserMessage({ channel: 'C0ACME', user: 'U0SATO', teamId: 'T0OURTEAM', text: THREE });
    await until(3, 10_000);
    const calls = delivered();
    expect(new Set(calls.map((c) => c.args.text)).size).toBe(3);
    expect(calls).toHaveLength(3);
    const gaps = calls.slice(1).map((c, i) => c.at - calls[i].at);
    for (const gap of gaps) expect(gap).toBeGreaterThanOrEqual(900);
  });
});
