/**
 * Benchmark: the Monday-morning burst. N requests (default 100,000: 10,000 channels × 10 waiting
 * threads) all reach their first reminder at the same instant, as every request of a weekend does
 * at the first business hour. They are seeded straight into Redis in the store's own layout (state
 * slice, waiting index, timer, and the channel facts the bot kept from Slack when the requests came
 * in), then 1, 2 and 4 worker processes (the real bot, SLA_ROLE=worker,
 * bench/burst-worker.ts) handle them, Slack being the simulator. Measured: how late each reminder
 * timer was handled (p50 / p99 / max against its due time) and the throughput.
 *   npm run bench:burst [-- N [WORKERS,…]]
 * Writes its section of bench/RESULTS.md. Not a test: nothing is asserted.
 */
import { fork, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Redis from 'ioredis';
import { SlackSimulator } from '../src/simulator/SlackSimulator';
import { sharedAnswer } from '../src/slack/directory';
import { RedisStore } from '../src/store/redis/RedisStore';
import type { StoreTx } from '../src/store/types';
import { FIXTURE_RULES, SIGNING_SECRET, buildWorld } from '../test/helpers/app';
import { cleanupPrefix, randomPrefix, testRedisUrl } from '../test/helpers/redis';
import { machine, writeSection } from './results';

const N = Number(process.argv[2] ?? 100_000);
const WORKERS = (process.argv[3] ?? '1,2,4').split(',').map(Number);
const PER_CHANNEL = 10;
const CHANNELS = Math.ceil(N / PER_CHANNEL);
const THRESHOLD_MS = 30 * 60_000;
const MEMBERS = ['U0SATO', 'U0CLIENT2', 'U0SLABOT'];

function rulesDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sla-burst-rules-'));
  fs.copyFileSync(path.join(FIXTURE_RULES, 'team.yaml'), path.join(dir, 'team.yaml'));
  const rule = fs.readFileSync(path.join(FIXTURE_RULES, 'response-time.yaml'), 'utf8').replace('after: 2s', 'after: 30m').replace('after: 4s', 'after: 60m').replace('after: 6s', 'after: 90m');
  fs.writeFileSync(path.join(dir, 'response-time.yaml'), rule);
  return dir;
}

const pct = (xs: number[], p: number) => (xs.length ? xs[Math.min(xs.length - 1, Math.ceil((p / 100) * xs.length) - 1)] : NaN);

/** Every request's state, waiting entry and reminder timer, written as the service would have. */
async function seed(store: RedisStore, dueAt: number): Promise<void> {
  const at = dueAt - THRESHOLD_MS;
  let seq = 0;
  const commits: Array<Promise<void>> = [];
  for (let c = 0; c < CHANNELS; c++) {
    const channel = `C0T${c}`;
    // What Slack said of the channel when its requests came in, as the bot keeps it (a week).
    const set = [
      sharedAnswer('channel', channel, { id: channel, name: `client-t-${c}`, isExtShared: true, known: true }),
      sharedAnswer('members', channel, MEMBERS),
    ];
    const tx: StoreTx = { channel: { channel, set: [], waiting: { set: [] } }, schedule: [], set };
    for (let i = 0; i < PER_CHANNEL && c * PER_CHANNEL + i < N; i++) {
      const ts = `${Math.floor(at / 1000)}.${String(++seq % 1_000_000).padStart(6, '0')}`;
      const root = `${Math.floor(at / 1000) - 1}.${String(seq % 1_000_000).padStart(6, '0')}`;
      tx.channel!.set!.push({ field: `response-time|${root}`, value: { pending: { ts, root, client: 'U0CLIENT2', openedAt: at, tss: [ts], fired: [] } } });
      tx.channel!.waiting!.set!.push({ channel, rule: 'response-time', key: root, ts, user: 'U0CLIENT2', since: at });
      tx.schedule!.push({ id: `response-time|${channel}|rt:${root}`, dueAt, kind: 'response-time', payload: { kind: 'response', conversation: root, request: ts, ch: channel } });
    }
    commits.push(store.commit(tx));
    if (commits.length >= 500) await Promise.all(commits.splice(0));
  }
  await Promise.all(commits);
}

async function runWith(workers: number, sim: SlackSimulator, rules: string): Promise<{ late: number[]; seconds: number; seedS: number; cpuMs: number }> {
  const prefix = randomPrefix('burst');
  const store = new RedisStore({ redis: testRedisUrl(), prefix });
  const s0 = Date.now();
  // Due once seeding is surely done and the workers are up.
  const dueAt = s0 + 25_000 + Math.ceil(N / 10_000) * 1000;
  await seed(store, dueAt);
  const seedS = (Date.now() - s0) / 1000;
  const env = { ...process.env, SLACK_BOT_TOKEN: 'xoxb-sim-token', SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: sim.apiUrl!, REDIS_URL: testRedisUrl(), REDIS_PREFIX: prefix, RULES_DIR: rules, PORT: '0', SLA_ROLE: 'worker', LOG_LEVEL: 'silent', SCHEDULER_POLL_MS: '100' };
  const children: ChildProcess[] = [];
  const handled = new Map<ChildProcess, number>();
  for (let i = 0; i < workers; i++) {
    const child = fork(path.join(__dirname, 'burst-worker.ts'), [], { env, execArgv: ['--import', 'tsx', ...(process.env.BURST_PROF ? ['--cpu-prof', '--cpu-prof-dir=' + process.env.BURST_PROF] : [])] });
    await new Promise<void>((resolve, reject) => {
      child.on('message', (m: { type: string; handled?: number }) => {
        if (m.type === 'ready') resolve();
        if (m.type === 'progress') handled.set(child, m.handled!);
      });
      child.once('exit', (code) => reject(new Error(`worker exited ${code}`)));
    });
    children.push(child);
  }
  if (Date.now() > dueAt) throw new Error('seeding took longer than the lead time');
  for (;;) {
    await new Promise((r) => setTimeout(r, 500));
    const total = [...handled.values()].reduce((a, b) => a + b, 0);
    if (total >= N) break;
    if (Date.now() - dueAt > 600_000) break;
  }
  const late: number[] = [];
  let cpuMs = 0;
  for (const child of children) {
    const done = await new Promise<{ late: number[]; cpuMs: number }>((resolve) => {
      child.on('message', (m: { type: string; late?: number[]; cpuMs?: number }) => m.type === 'done' && resolve({ late: m.late!, cpuMs: m.cpuMs! }));
      child.removeAllListeners('exit');
      child.send({ type: 'stop' });
    });
    late.push(...done.late);
    cpuMs += done.cpuMs;
  }
  late.sort((a, b) => a - b);
  const redis = new Redis(testRedisUrl());
  await cleanupPrefix(redis, prefix);
  redis.disconnect();
  await store.close();
  return { late, seconds: (late[late.length - 1] ?? 0) / 1000, seedS, cpuMs };
}

export async function main(): Promise<void> {
  const sim = new SlackSimulator({ signingSecret: SIGNING_SECRET });
  await sim.start();
  buildWorld(sim);
  for (let c = 0; c < CHANNELS; c++) sim.addChannel({ id: `C0T${c}`, name: `client-t-${c}`, members: MEMBERS, isExtShared: true });
  const rules = rulesDir();
  const rows: string[] = [];
  let base: number | undefined;
  try {
    for (const w of WORKERS) {
      const r = await runWith(w, sim, rules);
      const rate = r.late.length / Math.max(0.001, r.seconds);
      base ??= rate;
      const f = (x: number) => `${(x / 1000).toFixed(1)} s`;
      rows.push(`| ${w} | ${r.late.length.toLocaleString('en')} | ${f(pct(r.late, 50))} / **${f(pct(r.late, 99))}** / ${f(r.late[r.late.length - 1] ?? NaN)} | ${Math.round(rate).toLocaleString('en')}/s (${(rate / base).toFixed(2)}×) | ${(r.cpuMs / Math.max(1, r.late.length)).toFixed(2)} ms |`);
      process.stdout.write(`${rows[rows.length - 1]}\n`);
    }
  } finally {
    await sim.stop();
  }
  const lines = [
    `## Monday-morning burst: ${N.toLocaleString('en')} reminders due at the same instant`,
    '',
    `${machine()}; real Redis (single); worker processes of the real bot (SLA_ROLE=worker), the simulator as Slack in the parent process. ${CHANNELS.toLocaleString('en')} channels × ${PER_CHANNEL} waiting threads, seeded in the store's layout; lateness = when a worker began handling the reminder timer, against its due time (the nudges it creates follow as outbox jobs, paced per channel). Aim: p99 < 10 s.`,
    '',
    '| workers | reminders handled | lateness p50 / p99 / max | throughput (vs 1 worker) | worker CPU per reminder |',
    '|---|---|---|---|---|',
    ...rows,
  ];
  writeSection('burst', lines.join('\n'));
  process.stdout.write(`${lines.join('\n')}\n`);
}

if (require.main === module) {
  main().catch((e) => {
    process.stderr.write(`bench failed: ${(e as Error).stack}\n`);
    process.exit(1);
  });
}
