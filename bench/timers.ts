/**
 * Benchmark: timer precision at scale. N pending client requests (default 100,000: 10,000 channels
 * × 10 threads) are queued through the real inbox and processed by the real service into a real
 * Redis; their reminders come due spread over SPREAD minutes. For one minute of firing we record how
 * late each reminder's timer was handled (scheduler claim → service) and how late its nudge reached
 * Slack (the simulator), against its due time. Also Redis memory per pending request.
 *   npm run bench:timers [-- N [SPREAD_MINUTES]]
 * Writes its section of bench/RESULTS.md. Not a test: nothing is asserted.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ClaimedTimer } from '../src/store/types';
import { FIXTURE_RULES, startHarness } from '../test/helpers/app';
import { machine, writeSection } from './results';

const N = Number(process.argv[2] ?? 100_000);
const SPREAD_MIN = Number(process.argv[3] ?? 20);
const PER_CHANNEL = 10;
const CHANNELS = Math.ceil(N / PER_CHANNEL);
const THRESHOLD_MS = 30 * 60_000;
// The first reminders come due this long after loading starts; then one window of firing is measured.
// (Shorter through the environment for the smoke test.)
const LEAD_MS = Number(process.env.BENCH_TIMERS_LEAD_MS ?? 120_000);
const WINDOW_MS = Number(process.env.BENCH_TIMERS_WINDOW_MS ?? 60_000);

function rulesDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sla-bench-rules-'));
  fs.copyFileSync(path.join(FIXTURE_RULES, 'team.yaml'), path.join(dir, 'team.yaml'));
  const rule = fs
    .readFileSync(path.join(FIXTURE_RULES, 'response-time.yaml'), 'utf8')
    .replace('after: 2s', 'after: 30m')
    .replace('after: 4s', 'after: 60m')
    .replace('after: 6s', 'after: 90m');
  fs.writeFileSync(path.join(dir, 'response-time.yaml'), rule);
  return dir;
}

const pct = (xs: number[], p: number) => (xs.length ? xs[Math.min(xs.length - 1, Math.ceil((p / 100) * xs.length) - 1)] : NaN);

export async function main(): Promise<void> {
  const h = await startHarness({ rulesDir: rulesDir(), pollMs: 100 });
  const handled = new Map<string, number>(); // request ts → lateness of its reminder timer (ms)
  let duplicates = 0;
  const original = h.bot.service.handleJob.bind(h.bot.service);
  h.bot.service.handleJob = async (job: ClaimedTimer) => {
    if (job.kind === 'response-time') {
      const request = String(job.payload.request); // the client message's ts
      if (handled.has(request)) duplicates++;
      handled.set(request, Date.now() - job.dueAt);
    }
    return original(job);
  };
  try {
    for (let c = 0; c < CHANNELS; c++) h.sim.addChannel({ id: `C0T${c}`, name: `client-t-${c}`, members: ['U0SATO', 'U0CLIENT2', 'U0SLABOT'], isExtShared: true });
    const t0 = Date.now();
    const dueOf = new Map<string, number>(); // request ts → reminder due time
    // Queue every client message through the inbox (the acknowledgement path), 2,000 at a time.
    let seq = 0;
    for (let start = 0; start < N; start += 2000) {
      const batch: Array<Promise<boolean>> = [];
      for (let i = start; i < Math.min(N, start + 2000); i++) {
        const c = i % CHANNELS;
        const due = t0 + LEAD_MS + Math.floor((i / N) * SPREAD_MIN * 60_000);
        const at = due - THRESHOLD_MS;
        const ts = `${Math.floor(at / 1000)}.${String(++seq % 1_000_000).padStart(6, '0')}`;
        dueOf.set(ts, due);
        // Each request in its own thread of the channel: its own conversation, its own timer.
        const root = `${Math.floor(at / 1000) - 1}.${String(seq % 1_000_000).padStart(6, '0')}`;
        // Slack holds the message too (its permalink names the request in the nudge).
        h.sim.message({ channel: `C0T${c}`, user: 'U0CLIENT2', teamId: 'T0BETA', ts, threadTs: root, text: '見積もりの件、ご確認いただけますか?' });
        const event = { type: 'message', channel: `C0T${c}`, channelType: 'channel', ts, threadTs: root, user: 'U0CLIENT2', userTeam: 'T0BETA', text: '見積もりの件、ご確認いただけますか?', at };
        batch.push(h.store.enqueueEvent({ dedupeKey: `evt:bench${i}`, dedupeTtlMs: 3_600_000, channel: event.channel, at, sortKey: ts, event, jobId: `inbox|${event.channel}`, jobKind: 'inbox', now: Date.now() }));
      }
      await Promise.all(batch);
    }
    h.bot.scheduler.wake();
    // Loaded when every inbox is drained and every request's timer is armed.
    for (;;) {
      const timers = await h.store.countTimers();
      if (timers >= N && (await h.store.getTimer(`inbox|C0T${CHANNELS - 1}`)) === null) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    const loadedAt = Date.now();
    const loadS = (loadedAt - t0) / 1000;

    // Memory: everything under the prefix, and without the one-hour de-duplication marks.
    const redis = (h.store as unknown as { redis: import('ioredis').default }).redis;
    let total = 0;
    let dedupe = 0;
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${h.prefix}*`, 'COUNT', 2000);
      const sizes = await Promise.all(keys.map((k) => redis.call('MEMORY', 'USAGE', k, 'SAMPLES', '0') as Promise<number>));
      keys.forEach((k, i) => {
        total += Number(sizes[i] ?? 0);
        if (/\}evt:/.test(k)) dedupe += Number(sizes[i] ?? 0);
      });
      cursor = next;
    } while (cursor !== '0');

    // One window of firing, counted from the first due time after loading.
    const windowStart = Math.max(loadedAt + 5000, t0 + LEAD_MS);
    const windowEnd = windowStart + WINDOW_MS;
    await new Promise((r) => setTimeout(r, Math.max(0, windowEnd - Date.now() + 3000)));
    const inWindow = (due: number) => due >= windowStart && due < windowEnd;
    const expected = [...dueOf.values()].filter(inWindow).length;
    const timerLate: number[] = [];
    for (const [ts, late] of handled) {
      const due = dueOf.get(ts);
      if (due !== undefined && inWindow(due)) timerLate.push(late);
    }
    const nudgeLate: number[] = [];
    const seen = new Set<string>();
    let nudgeDuplicates = 0;
    for (const call of h.sim.callsTo('chat.postEphemeral')) {
      if (!call.ok) continue;
      const m = /\/p(\d{10})(\d{6})/.exec(String(call.args.text));
      if (!m) continue;
      const ts = `${m[1]}.${m[2]}`;
      const due = dueOf.get(ts);
      if (due === undefined || !inWindow(due)) continue;
      if (seen.has(ts)) nudgeDuplicates++;
      seen.add(ts);
      nudgeLate.push(call.at - due);
    }
    timerLate.sort((a, b) => a - b);
    nudgeLate.sort((a, b) => a - b);
    const f = (x: number) => `${Math.round(x).toLocaleString('en')} ms`;
    const lines = [
      `## Timers: ${N.toLocaleString('en')} pending requests in Redis`,
      '',
      `${machine()}; real Redis; the real service, scheduler and outbox in one process, the simulator as Slack. ${CHANNELS.toLocaleString('en')} channels × ${PER_CHANNEL} waiting threads, reminders due over ${SPREAD_MIN} minutes (${Math.round(N / SPREAD_MIN / 60)}/s); ${WINDOW_MS / 1000} s of firing measured.`,
      '',
      '| measure | value |',
      '|---|---|',
      `| load: ${N.toLocaleString('en')} client messages queued and processed | ${loadS.toFixed(1)} s (${Math.round(N / loadS).toLocaleString('en')}/s) |`,
      `| reminders due in the measured window | ${expected.toLocaleString('en')} |`,
      `| timers handled (claimed and evaluated) | ${timerLate.length.toLocaleString('en')}, ${duplicates} twice |`,
      `| timer lateness p50 / p99 / max | ${f(pct(timerLate, 50))} / **${f(pct(timerLate, 99))}** / ${f(timerLate[timerLate.length - 1] ?? NaN)} (aim p99 < 1 s) |`,
      `| nudges delivered to Slack | ${nudgeLate.length.toLocaleString('en')}, ${nudgeDuplicates} twice |`,
      `| nudge lateness (due → Slack call) p50 / p99 / max | ${f(pct(nudgeLate, 50))} / ${f(pct(nudgeLate, 99))} / ${f(nudgeLate[nudgeLate.length - 1] ?? NaN)} |`,
      `| Redis memory per pending request (timer + state share) | **${((total - dedupe) / N).toFixed(0)} B** (aim < 1 KiB) |`,
      `| the same with the one-hour de-duplication mark of its event | ${(total / N).toFixed(0)} B |`,
    ];
    writeSection('timers', lines.join('\n'));
    process.stdout.write(`${lines.join('\n')}\n`);
  } finally {
    await h.close();
  }
}

if (require.main === module) {
  main().catch((e) => {
    process.stderr.write(`bench failed: ${(e as Error).stack}\n`);
    process.exit(1);
  });
}
