import { loadEnv, ConfigError } from './config/env';
import { loadRulebook, RulebookError } from './config/rulebook';
import { createLogger } from './logger';
import { createSlaApp } from './slack/app';
import { createStore } from './store';

/** Wiring only: env → rulebook → store → Bolt app + scheduler → start; SIGTERM stops gracefully. */
async function main(): Promise<void> {
  const logger = createLogger(process.env.LOG_LEVEL ?? 'info');
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

  const store = createStore({ redisUrl: env.REDIS_URL, prefix: env.REDIS_PREFIX, logger });
  if (store.kind === 'memory') {
    logger.warn('REDIS_URL is not set: using the embedded in-memory store (one process only; state is lost on restart)');
  } else {
    logger.info('using Redis for state and timers');
  }

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

main().catch((error) => {
  process.stderr.write(`sla-bot failed to start: ${(error as Error).message}\n`);
  process.exit(1);
});
