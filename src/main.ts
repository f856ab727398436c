import { loadEnv, ConfigError } from './config/env';
import { loadRulebook, RulebookError } from './config/rulebook';
import type { Logger } from 'pino';
import { createLogger } from './logger';
import { createSlaApp } from './slack/app';
import { createStore } from './store';
import { loadJapanese } from './text/japanese';
import { RedisStore } from './store/redis/RedisStore';

/** Wiring only: env → rulebook → store → Bolt app + scheduler → start; SIGTERM stops gracefully. */
async function main(): Promise<void> {
  const logger = createLogger(process.env.LOG_LEVEL ?? 'info');
  guardProcess(logger);
  let env;
  let rulebook;
  try {
    env = loadEnv();
    logger.level = env.LOG_LEVEL;
    rulebook = loadRulebook(env.RULES_DIR);
  } catch (error) {
    if (error instanceof ConfigError || error instanceof RulebookError) {
      logger.fatal(error.message);
      process.stderr.write(`${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }
  logger.info({ rules: rulebook.rules.map((r) => r.id), dir: env.RULES_DIR }, 'rulebook loaded');
  // The Japanese dictionary before the HTTP server listens (createSlaApp's start loads it too, for
  // tests and the demo): /readyz answers only once the first message would not wait for it.
  const dictionaryStart = Date.now();
  loadJapanese();
  logger.info({ ms: Date.now() - dictionaryStart }, 'Japanese dictionary loaded');

  const store = createStore({ redisUrl: env.REDIS_URL, prefix: env.REDIS_PREFIX, logger });
  if (store.kind === 'memory') {
    logger.warn('REDIS_URL is not set: using the embedded in-memory store (one process only; state is lost on restart)');
  } else {
    logger.info('using Redis for state and timers');
  }
  // Before the app starts: no worker may claim a job while the old layout is being moved. Redis not
  // answering yet (it is starting too) is waited for, as the running bot waits for it.
  if (store instanceof RedisStore) await untilDone('checking the old Redis layout', () => store.migrateOldLayout(logger.child({ component: 'migrate' })), logger);

  const sla = await createSlaApp({ env, rulebook, store, logger });
  const port = await sla.start();
  logger.info({ mode: env.SLACK_APP_TOKEN ? 'socket' : 'http', role: env.SLA_ROLE, port, dryRun: env.DRY_RUN }, 'sla-bot is running');

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down: finishing in-flight work');
    try {
      await sla.stop();
      await store.close();
      logger.info('stopped');
      process.exit(0);
    } catch (error) {
      logger.error({ err: (error as Error).message }, 'error during shutdown');
      process.exit(1);
    }
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

/**
 * Last resort for failures no handler caught. A stray rejected promise is one failed operation
 * (its request or job fails and is retried): log it and keep serving. An uncaught exception may
 * have left any state half-updated, so the process logs it and exits 1 without a graceful stop;
 * the supervisor (docker `restart:`, Kubernetes) starts a clean one, and with Redis nothing is lost:
 * acknowledged events wait in the inbox and leased jobs run again when their lease runs out.
 */
function guardProcess(logger: Logger): void {
  const summary = (e: unknown) => (e instanceof Error ? { message: e.message.slice(0, 500), stack: e.stack?.slice(0, 2000) } : { message: String(e).slice(0, 500) });
  process.on('unhandledRejection', (reason) => {
    logger.error({ err: summary(reason) }, 'unhandled promise rejection; still serving');
  });
  process.on('uncaughtException', (error) => {
    logger.fatal({ err: summary(error) }, 'uncaught exception; exiting so a clean process is started');
    process.exit(1);
  });
}

main().catch((error) => {
  process.stderr.write(`sla-bot failed to start: ${(error as Error).message}\n`);
  process.exit(1);
});

/** Run a start-up step until it succeeds, retrying every few seconds and saying why in the log. */
async function untilDone(step: string, run: () => Promise<unknown>, logger: Logger): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await run();
      return;
    } catch (error) {
      const retryInMs = Math.min(30_000, 1_000 * 2 ** Math.min(attempt, 5));
      logger.warn({ step, err: (error as Error).message, attempt, retryInMs }, 'start-up step failed; retrying');
      await new Promise((r) => setTimeout(r, retryInMs));
    }
  }
}
