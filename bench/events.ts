/**
 * Benchmark: event throughput and time to ack of the bot (every shipped rule on, real Redis, the
 * simulator as Slack's Web API) against a bare Bolt app with a no-op listener, driven by the same
 * driver in the same run: signed Events API requests over keep-alive HTTP. Each app runs as its own
 * process (`node --import tsx`), as in production; the driver and the simulator share this one.
 *   npm run bench:events [-- N]     (N events per measurement, default 5000)
 * 1. Capacity: N events, 32 in flight: events/s, for the bot counted until every event is processed
 *    (it acknowledges once an event is durably queued, then drains each channel's inbox).
 * 2. Latency at the same offered load: an open-loop stream at 300 events/s: p50/p99 time to ack.
 * Configurations run one after the other, each alone: bare Bolt, the bot as one process, the bot
 * as a web replica plus a worker replica.
 * Writes its section of bench/RESULTS.md. Not a test: nothing is asserted.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import Redis from 'ioredis';
import { signSlackRequest } from '../src/simulator/signing';
import { SlackSimulator } from '../src/simulator/SlackSimulator';
import { RedisStore } from '../src/store/redis/RedisStore';
import { buildWorld, SIGNING_SECRET, rulesDirWithShipped } from '../test/helpers/app';
import { cleanupPrefix, randomPrefix, testRedisUrl } from '../test/helpers/redis';
import { freePort } from '../test/helpers/redis-server';
import { machine, writeSection } from './results';

const ROOT = path.join(__dirname, '..');

const N = Number(process.argv[2] ?? 5000);
const CONCURRENCY = 32;
const CHANNELS = 50;
const ALL_RULES = ['batch-questions', 'call-recap', 'client-silence', 'closed-question', 'complaint-protocol', 'deadline-missing', 'delay-notice', 'dm-usage', 'link-permission', 'overlong-reply', 'phone-number', 'reaction-only', 'response-time', 'send-timing', 'unsolicited-checkin'];
const CLIENT_TEXTS = ['請求書の件、ご確認いただけますか?', '明日の会議資料を送っていただけますか?', 'ありがとうございます!', '見積もりはいつ頃になりますか?', 'Could you send the invoice?'];
// A team that mostly keeps the rulebook: one reply in ten breaks a rule (an open question, a link
// without access rights), so nudges are part of the load without being most of it.
const TEAM_TEXTS = ['承知しました。本日17時までにお送りします。', '確認の上、15時までにご返信いたします。', 'お待たせしました。資料をお送りします。', 'A案とB案のどちらがよろしいでしょうか?', '承知いたしました。明日午前中に対応いたします。'];
const RULE_BREAKING = ['デザイン案です。どうでしょうか?', '議事録です <https://docs.google.com/document/d/1|議事録>'];

interface Prepared {
  body: string;
  headers: Record<string, string>;
}

let tsCounter = 0;
/** Signed requests, built before the clock starts so signing is not measured. */
function prepare(count: number): Prepared[] {
  const out: Prepared[] = [];
  const base = Math.floor(Date.now() / 1000);
  let lastClientTs: string[] = [];
  for (let i = 0; i < count; i++) {
    const c = i % CHANNELS;
    const ts = `${base}.${String(++tsCounter).padStart(6, '0')}`;
    const fromClient = Math.floor(i / CHANNELS) % 2 === 0;
    const event = fromClient
      ? { type: 'message', channel: `C0BENCH${c}`, user: `U0CLIENT${c}`, user_team: `T0CLIENT${c}`, team: `T0CLIENT${c}`, text: CLIENT_TEXTS[i % CLIENT_TEXTS.length], ts, event_ts: ts, channel_type: 'channel' }
      : { type: 'message', channel: `C0BENCH${c}`, user: 'U0SATO', team: 'T0OURTEAM', text: Math.floor(i / CHANNELS) % 10 === 1 ? RULE_BREAKING[i % 2] : TEAM_TEXTS[i % TEAM_TEXTS.length], ts, event_ts: ts, channel_type: 'channel', ...(lastClientTs[c] && i % 3 === 0 ? { thread_ts: lastClientTs[c] } : {}) };
    if (fromClient) lastClientTs[c] = ts;
    const body = JSON.stringify({ token: 'x', team_id: 'T0OURTEAM', api_app_id: 'A0BENCH', event, type: 'event_callback', event_id: `Ev${randomBytes(6).toString('hex')}`, event_time: base, is_ext_shared_channel: true });
    const t = Math.floor(Date.now() / 1000);
    out.push({ body, headers: { 'content-type': 'application/json', 'x-slack-request-timestamp': String(t), 'x-slack-signature': signSlackRequest(SIGNING_SECRET, t, body) } });
  }
  lastClientTs = [];
  return out;
}

function post(agent: http.Agent, port: number, p: Prepared): Promise<{ status: number; ms: number }> {
  const start = process.hrtime.bigint();
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path: '/slack/events', method: 'POST', agent, headers: { ...p.headers, 'content-length': Buffer.byteLength(p.body) } }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, ms: Number(process.hrtime.bigint() - start) / 1e6 }));
    });
    req.on('error', reject);
    req.end(p.body);
  });
}

async function capacity(port: number, requests: Prepared[], settled: () => Promise<void> = async () => undefined): Promise<{ perSec: number; ackPerSec: number; errors: number }> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  let next = 0;
  let errors = 0;
  const start = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < requests.length) {
        const r = await post(agent, port, requests[next++]);
        if (r.status !== 200) errors++;
      }
    }),
  );
  const acked = Number(process.hrtime.bigint() - start) / 1e9;
  await settled();
  const s = Number(process.hrtime.bigint() - start) / 1e9;
  agent.destroy();
  return { perSec: requests.length / s, ackPerSec: requests.length / acked, errors };
}

/** Open loop: a request every 1/rate seconds whatever the answers do, so queueing shows in the latency. */
async function latencyAt(port: number, requests: Prepared[], rate: number): Promise<{ p50: number; p99: number; errors: number }> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
  const times: number[] = [];
  let errors = 0;
  const start = Date.now();
  const pending: Array<Promise<void>> = [];
  for (let i = 0; i < requests.length; i++) {
    const due = start + (i * 1000) / rate;
    const wait = due - Date.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    pending.push(
      post(agent, port, requests[i]).then((r) => {
        times.push(r.ms);
        if (r.status !== 200) errors++;
      }),
    );
  }
  await Promise.all(pending);
  agent.destroy();
  times.sort((a, b) => a - b);
  const at = (p: number) => times[Math.min(times.length - 1, Math.ceil((p / 100) * times.length) - 1)];
  return { p50: at(50), p99: at(99), errors };
}

/** Start a Node process running `script` and wait until it prints `ready`. */
function spawnApp(script: string, env: Record<string, string>, ready: string): Promise<ChildProcess> {
  // BENCH_PROFILE_DIR: write a CPU profile of the bot process there (node --cpu-prof).
  const profile = process.env.BENCH_PROFILE_DIR && script.includes('main') ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE_DIR}`] : [];
  const child = spawn(process.execPath, [...profile, '--import', 'tsx', path.join(ROOT, script)], { cwd: ROOT, env: { PATH: process.env.PATH, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let seen = '';
    const onData = (b: Buffer) => {
      if (seen.length < 100_000) seen += b.toString();
      if (seen.includes(ready)) resolve(child);
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`${script} exited (${code}):\n${seen}`)));
  });
}

export async function main(): Promise<void> {
  const sim = new SlackSimulator({ signingSecret: SIGNING_SECRET });
  const { apiUrl } = await sim.start();
  buildWorld(sim);
  for (let c = 0; c < CHANNELS; c++) {
    sim.addUser({ id: `U0CLIENT${c}`, name: `client${c}`, teamId: `T0CLIENT${c}` });
    sim.addChannel({ id: `C0BENCH${c}`, name: `client-bench-${c}`, members: ['U0SATO', `U0CLIENT${c}`, 'U0SLABOT'], isExtShared: true });
  }
  const redis = new Redis(testRedisUrl());
  const rules = rulesDirWithShipped(ALL_RULES);
  const botEnv = (prefix: string, port: number, role: string) => ({
    PORT: String(port),
    SLACK_BOT_TOKEN: 'xoxb-sim-token',
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: apiUrl,
    REDIS_URL: testRedisUrl(),
    REDIS_PREFIX: prefix,
    RULES_DIR: rules,
    LOG_LEVEL: 'info',
    SLA_ROLE: role,
    // A worker learns of new events by polling the shared queue.
    ...(role === 'worker' ? { SCHEDULER_POLL_MS: '20' } : {}),
  });
  const children: ChildProcess[] = [];
  const prefixes: string[] = [];
  // web: a web replica with no worker at all, to see acknowledging on its own (nothing is processed).
  type Kind = 'bare' | 'one' | 'split' | 'web';
  /** bare Bolt, the bot as one process, or the bot as a web replica (acknowledges) plus a worker replica (processes). */
  const start = async (kind: Kind) => {
    const port = await freePort();
    const mine: ChildProcess[] = [];
    let drained = async () => undefined as void;
    if (kind === 'bare') {
      mine.push(await spawnApp('bench/bare-bolt.ts', { PORT: String(port), SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: apiUrl }, 'bare bolt is running'));
    } else {
      const prefix = randomPrefix('bench-events');
      prefixes.push(prefix);
      mine.push(await spawnApp('src/main.ts', botEnv(prefix, port, kind === 'one' ? 'all' : 'web'), 'sla-bot is running'));
      if (kind === 'split') mine.push(await spawnApp('src/main.ts', botEnv(prefix, await freePort(), 'worker'), 'sla-bot is running'));
      const store = new RedisStore({ redis, prefix });
      // Acknowledged once queued durably; processed when the channel's inbox is drained.
      drained = async () => {
        for (;;) {
          const waiting = await Promise.all(Array.from({ length: CHANNELS }, (_, c) => store.getTimer(`inbox|C0BENCH${c}`)));
          if (waiting.every((j) => j === null)) return;
          await new Promise((r) => setTimeout(r, 5));
        }
      };
    }
    children.push(...mine);
    return { port, drained, stop: () => mine.forEach((c) => c.kill('SIGTERM')) };
  };
  // Each configuration alone on the machine, one after the other, at the same offered load.
  const RATE = 300;
  const count = Math.max(200, Math.min(N, RATE * 10));
  const measure = async (kind: Kind) => {
    const app = await start(kind);
    try {
      if (kind === 'web') return { lat: await latencyAt(app.port, prepare(count), RATE) };
      await capacity(app.port, prepare(Math.min(1000, N)), app.drained); // warm-up: JIT, connections, look-ups
      const cap = await capacity(app.port, prepare(N), app.drained);
      const lat = await latencyAt(app.port, prepare(count), RATE);
      await app.drained();
      return { cap, lat };
    } finally {
      if (kind === 'web') await cleanupPrefix(redis, prefixes[prefixes.length - 1]);
      app.stop();
      await new Promise((r) => setTimeout(r, 1000));
    }
  };
  try {
    const bare = await measure('bare');
    const one = await measure('one');
    const split = await measure('split');
    const web = await measure('web');
    const cap = { bare: bare.cap!, one: one.cap!, split: split.cap! };
    const lat = { bare: bare.lat, one: one.lat };
    const latSplit = split.lat;
    const rate = RATE;
    const f = (x: number) => x.toFixed(2);
    const n = (x: number) => Math.round(x).toLocaleString('en');
    const lines = [
      `## Events: throughput and time to ack, bot vs bare Bolt`,
      '',
      `${machine()}; real Redis; every app in its own process; the bot with all ${ALL_RULES.length} shipped rules, HTTP mode, as one process (\`SLA_ROLE=all\`) and as a web replica plus a worker replica (\`SLA_ROLE=web\` + \`worker\`); the same driver for all: signed requests over keep-alive HTTP, ${CHANNELS} channels, client requests and assistant replies (one reply in ten breaks a rule).`,
      '',
      '| measure | bare Bolt, no-op listener | sla-bot, one process | ratio | sla-bot, web + worker | ratio |',
      '|---|---|---|---|---|---|',
      `| capacity: ${n(N)} events, ${CONCURRENCY} in flight, acknowledged | ${n(cap.bare.ackPerSec)} events/s | ${n(cap.one.ackPerSec)} events/s | **${f(cap.one.ackPerSec / cap.bare.ackPerSec)}×** | ${n(cap.split.ackPerSec)} events/s | ${f(cap.split.ackPerSec / cap.bare.ackPerSec)}× |`,
      `| the same, until every event is processed (rules evaluated, state stored) | ${n(cap.bare.perSec)} events/s | ${n(cap.one.perSec)} events/s | ${f(cap.one.perSec / cap.bare.perSec)}× | ${n(cap.split.perSec)} events/s | ${f(cap.split.perSec / cap.bare.perSec)}× |`,
      `| time to ack at ${rate} events/s (open loop, ${n(count)} events): p50 | ${f(lat.bare.p50)} ms | ${f(lat.one.p50)} ms | ${f(lat.one.p50 / lat.bare.p50)}× | ${f(latSplit.p50)} ms | ${f(latSplit.p50 / lat.bare.p50)}× |`,
      `| time to ack at ${rate} events/s: p99 | ${f(lat.bare.p99)} ms | ${f(lat.one.p99)} ms | **${f(lat.one.p99 / lat.bare.p99)}×** | ${f(latSplit.p99)} ms | ${f(latSplit.p99 / lat.bare.p99)}× |`,
      `| answers other than 200 | ${cap.bare.errors + lat.bare.errors} | ${cap.one.errors + lat.one.errors} | | ${cap.split.errors + latSplit.errors} | |`,
      '',
      `Acknowledging on its own (a web replica with no worker running, so nothing else competes for the CPU): p50 ${f(web.lat.p50)} ms (${f(web.lat.p50 / lat.bare.p50)}×), p99 ${f(web.lat.p99)} ms (${f(web.lat.p99 / lat.bare.p99)}× bare Bolt).`,
      '',
      'Aims (issue 6): at least 0.75× bare Bolt\'s events/s, p99 time to ack at most 1.5× bare Bolt\'s at the same load. Bare Bolt acknowledges and does nothing; sla-bot acknowledges after one atomic Redis step (de-duplicate + queue), then evaluates 15 rules, stores state and timers, and sends stamps and nudges, in the same process (one process) or in a second one (web + worker) on the same cores as the driver.',
    ];
    writeSection('events', lines.join('\n'));
    process.stdout.write(`${lines.join('\n')}\n`);
  } finally {
    for (const child of children) child.kill('SIGTERM');
    for (const prefix of prefixes) await cleanupPrefix(redis, prefix);
    redis.disconnect();
    await sim.stop();
  }
}

if (require.main === module) {
  main().catch((e) => {
    process.stderr.write(`bench failed: ${(e as Error).stack}\n`);
    process.exit(1);
  });
}
