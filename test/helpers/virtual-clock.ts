import pino from 'pino';
import Redis from 'ioredis';
import { loadEnv } from '../../src/config/env';
import { loadRulebook } from '../../src/config/rulebook';
import { createSlaApp, type SlaApp } from '../../src/slack/app';
import { SlackSimulator } from '../../src/simulator/SlackSimulator';
import { RedisStore } from '../../src/store/redis/RedisStore';
import { buildWorld, SIGNING_SECRET, sleep } from './app';
import { cleanupPrefix, randomPrefix, testRedisUrl } from './redis';

/**
 * The real app (Bolt over HTTP, the simulator, a real Redis) on a virtual clock: the bot, its
 * scheduler and the simulator's message ts all read `clock.now()`, which only moves when the test
 * moves it. `advanceTo` walks the clock to each due job in turn and lets the bot finish its work at
 * that instant before moving on, so every timer fires at exactly its due time (as the offline audit
 * fires them) whatever the machine's speed, and days of rule time pass in seconds.
 */
export interface VirtualHarness {
  sim: SlackSimulator;
  store: RedisStore;
  bot: SlaApp;
  port: number;
  prefix: string;
  now(): number;
  /** Let the bot finish everything due now (events acknowledged, jobs, effects, echoes of its posts). */
  settle(): Promise<void>;
  /** Move the clock to `to`, stopping at every job due on the way (each fires at its own due time). */
  advanceTo(to: number): Promise<void>;
  close(): Promise<void>;
}

export async function startVirtualHarness(o: { rulesDir: string; start: number; env?: Record<string, string> }): Promise<VirtualHarness> {
  let virtual = o.start;
  const now = () => virtual;
  const sim = new SlackSimulator({ signingSecret: SIGNING_SECRET, now });
  const { apiUrl } = await sim.start();
  buildWorld(sim);
  const prefix = randomPrefix('e2e-virtual');
  const redis = new Redis(testRedisUrl(), { maxRetriesPerRequest: 3 });
  const store = new RedisStore({ redis, prefix });
  const env = loadEnv({
    SLACK_BOT_TOKEN: 'xoxb-sim-token',
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: apiUrl,
    PORT: '0',
    SCHEDULER_POLL_MS: '20',
    // Posts into one channel are paced on the (standing) virtual clock otherwise: they would wait for the next move.
    SLACK_CHANNEL_INTERVAL_MS: '0',
    LOG_LEVEL: 'silent',
    ...o.env,
  });
  const bot = await createSlaApp({
    env,
    rulebook: loadRulebook(o.rulesDir),
    store,
    logger: pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' }),
    retryConfig: { retries: 3, minTimeout: 50, maxTimeout: 2000, factor: 2 },
    now,
  });
  const port = (await bot.start())!;
  sim.setBotEndpoint(`http://127.0.0.1:${port}/slack/events`);

  const settle = async () => {
    const deadline = Date.now() + 15_000;
    let calls = sim.calls.length;
    let quiet = 0;
    // Quiet three looks in a row: nothing due, nothing running, no Slack call (an echo of a post may follow one).
    while (quiet < 3) {
      if (Date.now() > deadline) throw new Error(`the bot did not settle at ${new Date(virtual).toISOString()}`);
      await sleep(15);
      const next = await store.nextDueAt();
      const busy = bot.scheduler.jobsRunning > 0 || (next !== null && next <= virtual) || sim.calls.length !== calls;
      calls = sim.calls.length;
      quiet = busy ? 0 : quiet + 1;
    }
  };

  return {
    sim,
    store,
    bot,
    port,
    prefix,
    now,
    settle,
    async advanceTo(to: number) {
      await settle();
      for (let next = await store.nextDueAt(); next !== null && next <= to; next = await store.nextDueAt()) {
        virtual = Math.max(virtual, next);
        await settle();
      }
      virtual = Math.max(virtual, to);
      await settle();
    },
    async close() {
      await bot.stop().catch(() => undefined);
      await cleanupPrefix(redis, prefix).catch(() => undefined);
      await store.close().catch(() => undefined);
      redis.disconnect();
      await sim.stop();
    },
  };
}
