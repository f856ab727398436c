import path from 'node:path';
import pino from 'pino';
import Redis from 'ioredis';
import { loadEnv } from '../../src/config/env';
import { loadRulebook } from '../../src/config/rulebook';
import { createSlaApp, type SlaApp } from '../../src/slack/app';
import { SlackSimulator } from '../../src/simulator/SlackSimulator';
import { MemoryStore } from '../../src/store/memory/MemoryStore';
import { RedisStore } from '../../src/store/redis/RedisStore';
import type { Store } from '../../src/store/types';
import { cleanupPrefix, randomPrefix, testRedisUrl } from './redis';

export const SIGNING_SECRET = 'test-signing-secret';
export const FIXTURE_RULES = path.join(__dirname, '..', 'fixtures', 'rules');

/** The simulated workspace the fixtures' team.yaml describes. */
export function buildWorld(sim: SlackSimulator): void {
  sim.addUser({ id: 'U0SATO', name: 'sato', realName: 'Sato Hanako', teamId: 'T0OURTEAM' });
  sim.addUser({ id: 'U0SUZUKI', name: 'suzuki', realName: 'Suzuki Ken', teamId: 'T0OURTEAM' });
  sim.addUser({ id: 'U0BOSS', name: 'boss', realName: 'Director Tanaka', teamId: 'T0OURTEAM' });
  // A Slack Connect client whose profile the app cannot read.
  sim.addUser({ id: 'U0CLIENT', name: 'yamada', realName: 'Yamada (ACME)', teamId: 'T0ACME', hidden: true });
  sim.addUser({ id: 'U0CLIENT2', name: 'kato', realName: 'Kato (Beta)', teamId: 'T0BETA' });
  sim.addUser({ id: 'U0WORKFLOW', name: 'workflow', teamId: 'T0OURTEAM', isBot: true });
  sim.addChannel({ id: 'C0ACME', name: 'client-acme', members: ['U0SATO', 'U0BOSS', 'U0CLIENT', 'U0SLABOT'], isExtShared: true });
  sim.addChannel({ id: 'C0BETA', name: 'client-beta', members: ['U0SATO', 'U0SUZUKI', 'U0CLIENT2', 'U0SLABOT'], isExtShared: true });
  sim.addChannel({ id: 'C0DIRECTORS', name: 'directors', members: ['U0BOSS', 'U0SLABOT'] });
  sim.addUsergroup({ id: 'S0ASSIST', handle: 'assistants', users: ['U0SUZUKI'] });
}

export interface Harness {
  sim: SlackSimulator;
  store: Store;
  bot: SlaApp;
  port: number;
  prefix: string;
  stopBot(): Promise<void>;
  startBot(): Promise<SlaApp>;
  close(): Promise<void>;
}

export interface HarnessOptions {
  rulesDir?: string;
  store?: 'redis' | 'memory';
  prefix?: string;
  sim?: SlackSimulator;
  pollMs?: number;
  /** Use this store instead (e.g. one pointed at a Redis that is down). */
  storeOverride?: Store;
  /** Extra environment for the bot. */
  env?: Record<string, string>;
  /** A Redis of the test's own; the store connects to it as production does (RedisStore over a URL). */
  redisUrl?: string;
  /** Collect the bot's log lines (JSON, info level and above) here. */
  logLines?: string[];
}

/** A real Bolt app in HTTP mode against the simulator and a real Redis (random key prefix). */
export async function startHarness(o: HarnessOptions = {}): Promise<Harness> {
  const ownsSim = !o.sim;
  const sim = o.sim ?? new SlackSimulator({ signingSecret: SIGNING_SECRET });
  let apiUrl: string;
  if (ownsSim) {
    ({ apiUrl } = await sim.start());
    buildWorld(sim);
  } else {
    apiUrl = sim.apiUrl!;
  }
  const prefix = o.prefix ?? randomPrefix('e2e');
  const logger = o.logLines
    ? pino({ level: 'info' }, { write: (line: string) => void o.logLines!.push(line) })
    : pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });
  const owned = o.redisUrl ? new RedisStore({ redis: o.redisUrl, prefix }) : undefined;
  owned?.redis.on('error', () => undefined);
  const redis = owned?.redis ?? (o.store === 'memory' || o.storeOverride ? undefined : new Redis(testRedisUrl(), { maxRetriesPerRequest: 3 }));
  const store: Store = o.storeOverride ?? owned ?? (redis ? new RedisStore({ redis, prefix }) : new MemoryStore());
  const rulebook = loadRulebook(o.rulesDir ?? FIXTURE_RULES);
  const env = loadEnv({
    SLACK_BOT_TOKEN: 'xoxb-sim-token',
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: apiUrl,
    PORT: '0',
    SCHEDULER_POLL_MS: String(o.pollMs ?? 100),
    LOG_LEVEL: 'silent',
    ...o.env,
  });
  const retryConfig = { retries: 3, minTimeout: 50, maxTimeout: 2000, factor: 2 };
  const h: Harness = {
    sim,
    store,
    prefix,
    bot: undefined as unknown as SlaApp,
    port: 0,
    async startBot() {
      h.bot = await createSlaApp({ env, rulebook, store, logger, retryConfig });
      h.port = (await h.bot.start())!;
      sim.setBotEndpoint(`http://127.0.0.1:${h.port}/slack/events`);
      return h.bot;
    },
    async stopBot() {
      await h.bot.stop();
    },
    async close() {
      await h.bot?.stop().catch(() => undefined);
      if (redis) {
        await cleanupPrefix(redis, prefix).catch(() => undefined);
        await store.close().catch(() => undefined);
        redis.disconnect();
      }
      if (ownsSim) await sim.stop();
    },
  };
  await h.startBot();
  return h;
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The fixture team and response-time rule plus shipped rule files, in a fresh folder. */
export function rulesDirWithShipped(ids: string[], patch: (id: string, text: string) => string = (_id, t) => t): string {
  const fs = require('node:fs') as typeof import('node:fs');
  const os = require('node:os') as typeof import('node:os');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sla-rules-'));
  for (const f of fs.readdirSync(FIXTURE_RULES)) fs.copyFileSync(path.join(FIXTURE_RULES, f), path.join(dir, f));
  for (const id of ids) {
    const text = fs.readFileSync(path.join(__dirname, '..', '..', 'rules', `${id}.yaml`), 'utf8');
    fs.writeFileSync(path.join(dir, `${id}.yaml`), patch(id, text));
  }
  return dir;
}
