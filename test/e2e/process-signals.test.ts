/**
 * The bot as a real process (`src/main.ts` through tsx, HTTP mode, real Redis, the simulator):
 * SIGKILL with a pending timer, then a restart: every overdue nudge fires, none twice.
 * SIGTERM while a nudge is in flight: the process waits for it, completes the job and exits 0; the
 * next process does not send it again. Redis not up yet at start-up: the bot waits for it. And the production logger at info level never prints the
 * token, the signing secret or a message body.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import Redis from 'ioredis';
import type { Finding } from '../../src/core/finding';
import { SlackSimulator } from '../../src/simulator/SlackSimulator';
import { RedisStore } from '../../src/store/redis/RedisStore';
import { buildWorld, FIXTURE_RULES, SIGNING_SECRET, sleep } from '../helpers/app';
import { cleanupPrefix, randomPrefix, testRedisUrl } from '../helpers/redis';
import { freePort, startPrivateRedis } from '../helpers/redis-server';

jest.setTimeout(90_000);
// Known flake under a loaded machine (seen twice in CI, session 3): the start-up-without-Redis case
// restarts a private Redis on the same port and its bot once exited by signal, once never came up.
// Retried while the cause is found; every other assertion here is deterministic.
jest.retryTimes(2, { logErrorsBeforeRetry: true });
const ROOT = path.join(__dirname, '..', '..');
const TOKEN = 'xoxb-sim-token';
const SECRET_WORDS = '機密案件ZQX-7781の請求書';

interface BotProcess {
  child: ChildProcess;
  exited: Promise<number | null>;
}

let sim: SlackSimulator;
let apiUrl: string;
let port: number;
let redis: Redis;
const prefix = randomPrefix('signals');
const output: string[] = [];
const children: ChildProcess[] = [];

function spawnBot(env: Record<string, string> = {}): Promise<BotProcess> {
  // `node --import tsx`, not the tsx CLI: the CLI runs the bot in a child process, and a signal
  // sent to the CLI would not be the signal the bot gets.
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'src', 'main.ts')], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH,
      SLACK_BOT_TOKEN: TOKEN,
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: apiUrl,
      PORT: String(port),
      REDIS_URL: testRedisUrl(),
      REDIS_PREFIX: prefix,
      RULES_DIR: FIXTURE_RULES,
      SCHEDULER_POLL_MS: '100',
      LOG_LEVEL: 'info',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    let seen = '';
    const onData = (chunk: Buffer) => {
      output.push(chunk.toString());
      seen += chunk.toString();
      if (seen.includes('sla-bot is running')) resolve({ child, exited });
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    void exited.then((code) => reject(new Error(`bot exited (${code}) before it was running:\n${seen}`)));
  });
}

beforeAll(async () => {
  sim = new SlackSimulator({ signingSecret: SIGNING_SECRET });
  ({ apiUrl } = await sim.start());
  buildWorld(sim);
  port = await freePort();
  sim.setBotEndpoint(`http://127.0.0.1:${port}/slack/events`);
  redis = new Redis(testRedisUrl());
});
afterAll(async () => {
  // A failed test must not leave a bot running (jest would wait for it).
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  await cleanupPrefix(redis, prefix);
  redis.disconnect();
  await sim.stop();
});

async function findings(ts: string): Promise<string[]> {
  const store = new RedisStore({ redis, prefix });
  const all = await store.rangeRecords<Finding>('findings', 0, Date.now() + 60_000);
  return all.map((r) => r.record).filter((f) => f.ts === ts && f.rule === 'response-time').map((f) => String(f.evidence.level));
}

test('SIGKILL with a pending timer: after a restart the overdue nudge fires, and nothing twice', async () => {
  const first = await spawnBot();
  const ts = await sim.postUserMessage({ channel: 'C0ACME', user: 'U0CLIENT', teamId: 'T0ACME', text: `${SECRET_WORDS}、ご確認いただけますか?` });
  await sleep(200);
  first.child.kill('SIGKILL');
  expect(await first.exited).toBeNull();
  await sleep(2500); // the 2-second reminder comes due while no bot runs

  const second = await spawnBot();
  const restartedAt = Date.now();
  const firstNudge = await sim.waitForCall('chat.postEphemeral', (c) => c.args.channel === 'C0ACME', 5000);
  expect(firstNudge.at - restartedAt).toBeLessThan(2000);
  await sim.waitForCall('chat.postMessage', (c) => c.args.channel === 'C0DIRECTORS', 10_000);
  await sleep(1000);
  const texts = sim.callsTo('chat.postEphemeral').filter((c) => c.ok && c.args.channel === 'C0ACME').map((c) => String(c.args.text));
  expect(new Set(texts).size).toBe(texts.length);
  expect(texts.some((t) => t.startsWith('🚨'))).toBe(true);
  expect(sim.callsTo('chat.postMessage').filter((c) => c.args.channel === 'C0DIRECTORS')).toHaveLength(1);
  const levels = await findings(ts);
  expect(new Set(levels).size).toBe(levels.length);
  expect(levels).toContain('breach');

  second.child.kill('SIGTERM');
  expect(await second.exited).toBe(0);
});

test('SIGTERM while a nudge is in flight: it is finished, the job completed, and not sent again', async () => {
  sim.clearCalls();
  const bot = await spawnBot();
  // Slack takes 2 s to answer the next ephemeral: SIGTERM arrives in the middle of it.
  sim.failNext('chat.postEphemeral', 1, { delayMs: 2000 });
  const ts = await sim.postUserMessage({ channel: 'C0BETA', user: 'U0CLIENT2', teamId: 'T0BETA', text: `${SECRET_WORDS}の再発行をお願いします` });
  await sim.waitForArrival('chat.postEphemeral', 5000);
  const termAt = Date.now();
  bot.child.kill('SIGTERM');
  expect(await bot.exited).toBe(0);
  expect(Date.now() - termAt).toBeGreaterThan(1500);
  const delivered = sim.callsTo('chat.postEphemeral').filter((c) => c.ok && c.args.channel === 'C0BETA');
  expect(delivered.length).toBeGreaterThanOrEqual(1);
  const reminder = String(delivered[0].args.text);
  expect(reminder.startsWith('⏰')).toBe(true);
  expect(output.join('')).toContain('shutting down: finishing in-flight work');

  // The next process picks up the rest of the schedule, not the reminder again.
  const next = await spawnBot();
  await sim.waitForCall('chat.postMessage', (c) => c.args.channel === 'C0DIRECTORS', 10_000);
  await sleep(500);
  // Each assistant of the channel got the reminder exactly once, across both processes.
  const reminders = sim.callsTo('chat.postEphemeral').filter((c) => c.ok && c.args.channel === 'C0BETA' && c.args.text === reminder);
  expect(reminders.map((c) => c.args.user).sort()).toEqual(['U0SATO', 'U0SUZUKI']);
  const levels = await findings(ts);
  expect(new Set(levels).size).toBe(levels.length);
  next.child.kill('SIGTERM');
  expect(await next.exited).toBe(0);
});

test('logs at info level carry neither the token, the signing secret nor a message body', () => {
  const logs = output.join('');
  expect(logs).toContain('sla-bot is running');
  expect(logs).toContain('nudge sent');
  expect(logs).not.toContain(TOKEN);
  expect(logs).not.toContain(SIGNING_SECRET);
  expect(logs).not.toContain(SECRET_WORDS);
  expect(logs).not.toContain('ZQX-7781');
});

test('Redis not answering at start-up (it is starting too): the bot waits for it, then runs', async () => {
  const own = await startPrivateRedis();
  await own.stop();
  const before = output.join('').length;
  const started = spawnBot({ REDIS_URL: own.url });
  let running = false;
  void started.then(() => (running = true)).catch(() => undefined);
  // Wait for the bot to say it is retrying (a loaded machine takes longer to get there), not a fixed time.
  for (let waited = 0; waited < 20_000 && !output.join('').slice(before).includes('start-up step failed'); waited += 100) await sleep(100);
  expect(running).toBe(false);
  expect(output.join('').slice(before)).toContain('start-up step failed');
  await own.start();
  const bot = await started;
  bot.child.kill('SIGTERM');
  expect(await bot.exited).toBe(0);
  await own.close();
});
