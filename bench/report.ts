/**
 * Benchmark: `/sla report` over 30 days × 100 channels × 50 requests a day (150,000 response
 * records) in a real Redis, against a baseline measured in the same run: the bare ZRANGEBYSCORE
 * of the same log without parsing. Writes bench/RESULTS.md. Not a test: nothing is asserted.
 *   npm run bench   (REDIS_URL or redis://127.0.0.1:6379)
 */
import fs from 'node:fs';
import path from 'node:path';
import { aggregate } from '../src/report/aggregate';
import { RedisStore } from '../src/store/redis/RedisStore';
import type { ResponseRecord } from '../src/core/detector';

const DAYS = 30;
const CHANNELS = 100;
const PER_DAY = 50;
const RUNS = 5;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

async function main(): Promise<void> {
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
    const lines = [
      '# Benchmark results',
      '',
      `Run ${new Date().toISOString()} on this machine (${process.version}), real Redis at ${url.replace(/\/\/.*@/, '//')}; median of ${RUNS} runs.`,
      '',
      '## /sla report: 30 days × 100 channels × 50 requests a day',
      '',
      '| measure | value |',
      '|---|---|',
      `| records | ${records.toLocaleString('en')} |`,
      `| baseline: bare ZRANGEBYSCORE of the log (no parsing) | ${median(baseline).toFixed(0)} ms |`,
      `| report: read + parse + aggregate (${rows} rows) | ${median(report).toFixed(0)} ms |`,
      `| ratio report / baseline | ${(median(report) / median(baseline)).toFixed(2)}× |`,
      `| Redis memory per response record | ${(bytes / records).toFixed(0)} B |`,
      '',
      'The command is acknowledged at once and the report follows through response_url, so the figure is the wait for the answer, not part of Slack\'s 3-second window.',
      '',
    ];
    fs.writeFileSync(path.join(__dirname, 'RESULTS.md'), lines.join('\n'));
    process.stdout.write(lines.join('\n'));
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

main().catch((e) => {
  process.stderr.write(`bench failed: ${(e as Error).message}\n`);
  process.exit(1);
});
