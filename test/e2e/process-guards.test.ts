/**
 * The bot as a real process (`src/main.ts`, HTTP mode, in-memory store, the simulator): hostile
 * signed bodies never stop it; a stray promise rejection anywhere is logged and it keeps serving;
 * an uncaught exception is logged and the process exits 1 so its supervisor restarts it clean.
 * The stray failures are injected by a preloaded module on a signal (nothing test-only in src/).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { SlackSimulator } from '../../src/simulator/SlackSimulator';
import { signSlackRequest } from '../../src/simulator/signing';
import { buildWorld, FIXTURE_RULES, SIGNING_SECRET, sleep } from '../helpers/app';
import { freePort } from '../helpers/redis-server';

jest.setTimeout(60_000);
const ROOT = path.join(__dirname, '..', '..');
const INJECT = [
  'process.on("SIGUSR2", () => { Promise.reject(new Error("stray rejection for the test")); });',
  'process.on("SIGHUP", () => { throw new Error("stray exception for the test"); });',
].join('');

let sim: SlackSimulator;
let apiUrl: string;
const children: ChildProcess[] = [];

beforeAll(async () => {
  sim = new SlackSimulator({ signingSecret: SIGNING_SECRET });
  ({ apiUrl } = await sim.start());
  buildWorld(sim);
});
afterAll(async () => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  await sim.stop();
});

async function spawnBot(): Promise<{ child: ChildProcess; port: number; out: () => string; exited: Promise<number | null> }> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', '--import', `data:text/javascript,${encodeURIComponent(INJECT)}`, path.join(ROOT, 'src', 'main.ts')], {
    cwd: ROOT,
    env: { PATH: process.env.PATH, SLACK_BOT_TOKEN: 'xoxb-sim-token', SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: apiUrl, PORT: String(port), RULES_DIR: FIXTURE_RULES, LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let seen = '';
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  await new Promise<void>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      seen += chunk.toString();
      if (seen.includes('sla-bot is running')) resolve();
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    void exited.then((code) => reject(new Error(`bot exited (${code}) before it was running:\n${seen}`)));
  });
  sim.setBotEndpoint(`http://127.0.0.1:${port}/slack/events`);
  return { child, port, out: () => seen, exited };
}

async function signedPost(port: number, body: string, contentType: string): Promise<number> {
  const ts = Math.floor(Date.now() / 1000);
  const res = await fetch(`http://127.0.0.1:${port}/slack/events`, {
    method: 'POST',
    headers: { 'content-type': contentType, 'x-slack-request-timestamp': String(ts), 'x-slack-signature': signSlackRequest(SIGNING_SECRET, ts, body) },
    body,
  });
  await res.text();
  return res.status;
}

const healthy = async (port: number) => (await fetch(`http://127.0.0.1:${port}/healthz`)).status === 200;

test('signed null bodies and a stray promise rejection: logged, and the process keeps serving', async () => {
  const bot = await spawnBot();
  expect(await signedPost(bot.port, 'null', 'application/json')).toBe(400);
  expect(await signedPost(bot.port, 'payload=null', 'application/x-www-form-urlencoded')).toBe(400);
  bot.child.kill('SIGUSR2');
  await sleep(500);
  expect(bot.child.exitCode).toBeNull();
  expect(bot.out()).toContain('unhandled promise rejection');
  expect(bot.out()).toContain('stray rejection for the test');
  expect(await healthy(bot.port)).toBe(true);
  await sim.postUserMessage({ channel: 'C0ACME', user: 'U0CLIENT', teamId: 'T0ACME', text: 'ご確認いただけますか?' });
  bot.child.kill('SIGTERM');
  expect(await bot.exited).toBe(0);
});

test('an uncaught exception is logged and the process exits 1 (its state is unknown; the supervisor restarts it)', async () => {
  const bot = await spawnBot();
  bot.child.kill('SIGHUP');
  expect(await bot.exited).toBe(1);
  expect(bot.out()).toContain('uncaught exception');
  expect(bot.out()).toContain('stray exception for the test');
});
