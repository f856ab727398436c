/**
 * One worker replica of the Monday-morning burst benchmark (bench/burst.ts): the real bot
 * (createSlaApp, SLA_ROLE=worker) on the shared Redis, Slack being the parent's simulator. It
 * records how late each reminder timer was handled (claimed → evaluated, against its due time) and
 * reports to the parent over IPC.
 */
import pino from 'pino';
import { loadEnv } from '../src/config/env';
import { loadRulebook } from '../src/config/rulebook';
import { createSlaApp } from '../src/slack/app';
import { createStore } from '../src/store';
import type { ClaimedTimer } from '../src/store/types';

async function main(): Promise<void> {
  const env = loadEnv(process.env);
  const rulebook = loadRulebook(env.RULES_DIR);
  const logger = pino({ level: 'silent' });
  const store = createStore({ redisUrl: env.REDIS_URL, prefix: env.REDIS_PREFIX });
  const sla = await createSlaApp({ env, rulebook, store, logger });
  const late: number[] = [];
  // CPU this process spent from the first reminder it began to the last: robust to other processes on the machine.
  let firstCpu: NodeJS.CpuUsage | undefined;
  let lastCpu: NodeJS.CpuUsage | undefined;
  const original = sla.service.handleJob.bind(sla.service);
  sla.service.handleJob = async (job: ClaimedTimer) => {
    if (job.kind === 'response-time') {
      late.push(Date.now() - job.dueAt);
      // Sampled: process.cpuUsage() on every timer would itself show in the figure.
      if (late.length % 50 === 1) lastCpu = process.cpuUsage();
      firstCpu ??= lastCpu;
    }
    return original(job);
  };
  await sla.start();
  const progress = setInterval(() => process.send?.({ type: 'progress', handled: late.length }), 500);
  process.on('message', async (m: { type: string }) => {
    if (m.type !== 'stop') return;
    clearInterval(progress);
    const cpuMs = firstCpu && lastCpu ? (lastCpu.user + lastCpu.system - firstCpu.user - firstCpu.system) / 1000 : 0;
    process.send?.({ type: 'done', late, cpuMs });
    await sla.stop().catch(() => undefined);
    await store.close();
    process.exit(0);
  });
  process.send?.({ type: 'ready' });
}

main().catch((e) => {
  process.stderr.write(`burst worker failed: ${(e as Error).stack}\n`);
  process.exit(1);
});
