/**
 * Benchmark: `/sla report` over 30 days × 100 channels × 50 requests a day (150,000 response
 * records) in a real Redis. Three figures from the same run: the bare ZRANGEBYSCORE of the log (the
 * baseline: Redis alone, no parsing), read + parse + aggregate, and the real command end to end (a
 * signed slash command to the real Bolt app, the answer through response_url from the simulator).
 * Writes its section of bench/RESULTS.md. Not a test: nothing is asserted.
 *   npm run bench:report   (REDIS_URL or redis://127.0.0.1:6379)
 */
import { aggregate } from '../src/report/aggregate';
import { RedisStore } from '../src/store/redis/RedisStore';
import type { ResponseRecord } from '../src/core/detector';
import { startHarness } from '../test/helpers/app';
import { machine, writeSection } from './results';

const DAYS = Number(process.env.BENCH_REPORT_DAYS ?? 30);
const CHANNELS = 100;
const PER_DAY = 50;
const RUNS = 5;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

export async function main(): Promise<void> {
  const url = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  const prefix = `sla-bench:${process.pid}:${Date.now()}:`;
  const store = new RedisStore({ redis: url, prefix });
  const day = 86_400_000;
  const now = Date.now();
  try {
    let batch: Array<{ log: string; at: number; record: ResponseRecord }> = [];
    for (let d = 0; d < DAYS; d++)
      for (let c = 0; c < CHANNELS; c++)
        for (let i = 0; i < PER_DAY; i++) {
          const at = now - d * day - i * 60_000 - c;
          batch.push({
            log: 'responses',
            at,
            record: { channel: `C${String(c).padStart(8, '0')}`, ts: `${Math.floor(at / 1000)}.000100`, client: 'U0CLIENT00', assistant: `U0ASSIST${c % 10}`, openedAt: at - 600_000, answeredAt: at, elapsedMs: (i * 7919 + c * 104_729) % 7_200_000, clock: 'business' },
          });
          if (batch.length === 5000) {
            await store.commit({ records: batch });
            batch = [];
          }
        }
    const key = `${prefix}log:responses`;
    const baseline: number[] = [];
    const report: number[] = [];
    let rows = 0;
    for (let r = 0; r < RUNS; r++) {
      let t = process.hrtime.bigint();
      await store.redis.zrangebyscore(key, String(now - 31 * day), String(now + 1));
      baseline.push(Number(process.hrtime.bigint() - t) / 1e6);
      t = process.hrtime.bigint();
      const recs = await store.rangeRecords<ResponseRecord>('responses', now - 31 * day, now + 1);
      const out = aggregate({ responses: recs.map((x) => x.record), findings: [], open: [], thresholds: [{ label: '1h', ms: 3.6e6 }, { label: '3h', ms: 3 * 3.6e6 }, { label: '6h', ms: 6 * 3.6e6 }], now });
      report.push(Number(process.hrtime.bigint() - t) / 1e6);
      rows = out.byChannel.length + out.byAssistant.length;
    }
    const bytes = Number(await store.redis.call('MEMORY', 'USAGE', key, 'SAMPLES', '0'));
    const records = DAYS * CHANNELS * PER_DAY;

    // The real command: the app reads the same records (same prefix) and answers through response_url.
    process.env.REDIS_TEST_URL ??= url;
    const h = await startHarness({ prefix });
    const command: number[] = [];
    try {
      for (let r = 0; r < RUNS; r++) {
        h.sim.clearCalls();
        const t = process.hrtime.bigint();
        const res = await h.sim.slashCommand({ command: '/sla', text: 'report 30d', userId: 'U0BOSS', channelId: 'C0DIRECTORS' });
        if (res.status !== 200) throw new Error(`slash command answered ${res.status}`);
        await h.sim.waitForCall('response_url', undefined, 60_000);
        command.push(Number(process.hrtime.bigint() - t) / 1e6);
      }
    } finally {
      await h.close();
    }

    const lines = [
      `## /sla report: ${DAYS} days × ${CHANNELS} channels × ${PER_DAY} requests a day`,
      '',
      `${machine()}; real Redis; median of ${RUNS} runs.`,
      '',
      '| measure | value |',
      '|---|---|',
      `| response records | ${records.toLocaleString('en')} |`,
      `| baseline: bare ZRANGEBYSCORE of the log (no parsing) | ${median(baseline).toFixed(0)} ms |`,
      `| read + parse + aggregate (${rows} rows) | ${median(report).toFixed(0)} ms (${(median(report) / median(baseline)).toFixed(2)}× baseline) |`,
      `| **\`/sla report 30d\` end to end: slash command → answer via response_url** | **${median(command).toFixed(0)} ms** (${(median(command) / median(baseline)).toFixed(2)}× baseline; aim < 1 s) |`,
      `| Redis memory per response record | ${(bytes / records).toFixed(0)} B |`,
      '',
      'The command is acknowledged at once (Slack\'s 3-second window) and the report follows through response_url: the end-to-end figure is how long a director waits for it.',
    ];
    writeSection('report', lines.join('\n'));
    process.stdout.write(`${lines.join('\n')}\n`);
  } finally {
    let cursor = '0';
    do {
      const [next, keys] = await store.redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
      if (keys.length) await store.redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
    await store.close();
  }
}

if (require.main === module) {
  main().catch((e) => {
    process.stderr.write(`bench failed: ${(e as Error).message}\n`);
    process.exit(1);
  });
}
