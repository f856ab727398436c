import { loadJapanese } from '../text/japanese';
import { App } from '@slack/bolt';
import type { RetryOptions, WebClient } from '@slack/web-api';
import type { Logger } from 'pino';
import type { Env } from '../config/env';
import type { Rulebook } from '../config/rulebook';
import type { Scheduler } from '../scheduler/Scheduler';
import type { Store } from '../store/types';
import { boltLogger } from './bolt-logger';
import { Directory } from './directory';
import { rethrowAppErrors } from './http/errors';
import { createReceiver } from './http/receiver';
import { customRoutes } from './http/routes';
import { registerListeners } from './listeners';
import { startRetention } from './maintenance/retention';
import { startUserGroupRefresh } from './maintenance/user-groups';
import { createProcessing } from './processing';
import type { SlaService } from './service';
import { createSlackClients } from './slack-clients';

// Kept importable from here, where it lived before the split.
export { bodyShapeProblem } from './http/body-guard';

/**
 * Wiring of the Bolt app: receiver (HTTP or Socket Mode), the event middleware, health routes,
 * the scheduler that fires timers and outbox effects. No rule logic here; each part is in its own file.
 */
export interface SlaAppOptions {
  env: Env;
  rulebook: Rulebook;
  store: Store;
  logger: Logger;
  /** WebClient retry policy: Bolt's default retries for 30 minutes, far longer than a job lease. */
  retryConfig?: RetryOptions;
  now?: () => number;
}

export interface SlaApp {
  app: App;
  service: SlaService;
  scheduler: Scheduler;
  directory: Directory;
  client: WebClient;
  /** Start receiving events and firing timers. Returns the HTTP port in HTTP mode. */
  start(): Promise<number | undefined>;
  /** Stop receiving, finish in-flight work, close nothing the caller owns (the store). */
  stop(): Promise<void>;
}

export const DEFAULT_RETRY: RetryOptions = { retries: 4, factor: 2, minTimeout: 500, maxTimeout: 10_000, maxRetryTime: 30_000 };

export async function createSlaApp(o: SlaAppOptions): Promise<SlaApp> {
  const { env, rulebook, store, logger } = o;
  const { options: clientOptions, client, lookupClient } = createSlackClients(env, o.retryConfig ?? DEFAULT_RETRY, logger);

  const auth = await client.auth.test();
  const ourTeamId = rulebook.team.teamId ?? (auth.team_id as string | undefined);
  logger.info({ team: ourTeamId, botUser: auth.user_id }, 'authenticated with Slack');
  const botUserId = auth.user_id as string | undefined;

  const directory = new Directory({ client: lookupClient, team: rulebook.team, logger: logger.child({ component: 'directory' }), ourTeamId, shared: store });
  const stopGroupRefresh = await startUserGroupRefresh(directory);
  const { service, scheduler } = createProcessing({ env, rulebook, store, logger, directory, client, clientOptions, botUserId, now: o.now });

  const routes = customRoutes({ env, store, client, logger });
  const boltLog = boltLogger(logger);
  const app = new App({
    token: env.SLACK_BOT_TOKEN,
    botId: auth.bot_id as string | undefined,
    botUserId,
    receiver: createReceiver({ env, routes, logger, boltLog }),
    logger: boltLog,
    tokenVerificationEnabled: false,
    // Bolt's conversation store (a context look-up on every event) is not used here; it showed in profiles.
    convoStore: false,
    clientOptions,
  });
  rethrowAppErrors(app);
  const background = registerListeners(app, { service, client, store, rulebook, directory, logger, now: o.now });
  const retention = startRetention({ store, days: env.RETENTION_DAYS, logger, now: o.now });

  let started = false;
  return {
    app,
    service,
    scheduler,
    directory,
    client,
    async start() {
      // The Japanese dictionary before the server listens (idempotent: main.ts may have loaded it and
      // logged the time): the first message must not wait for it behind Slack's 3-second ack.
      loadJapanese();
      const server = (await (env.SLACK_APP_TOKEN ? app.start() : app.start(env.PORT))) as { address?: () => unknown } | undefined;
      // A web replica only acknowledges (into the shared inbox); workers process.
      if (env.SLA_ROLE !== 'web') scheduler.start();
      started = true;
      await retention.trimNow();
      const addr = server && typeof server.address === 'function' ? (server.address() as { port?: number } | null) : null;
      return addr?.port;
    },
    async stop() {
      stopGroupRefresh();
      retention.stop();
      if (started) await app.stop();
      await scheduler.stop();
      await background.settled();
    },
  };
}
