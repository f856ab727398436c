import type { WebClient, WebClientOptions } from '@slack/web-api';
import type { Logger } from 'pino';
import type { Env } from '../config/env';
import type { Rulebook } from '../config/rulebook';
import { Scheduler } from '../scheduler/Scheduler';
import type { Store } from '../store/types';
import type { Directory } from './directory';
import { EffectRunner } from './effects';
import { SlaService } from './service';
import { createPostClient } from './slack-clients';

export interface ProcessingDeps {
  env: Env;
  rulebook: Rulebook;
  store: Store;
  logger: Logger;
  directory: Directory;
  client: WebClient;
  clientOptions: WebClientOptions;
  botUserId: string | undefined;
  now?: () => number;
}

/**
 * The processing side, with no Bolt in it: the service that turns events and jobs into effects,
 * the runner that performs them, and the scheduler that fires the service's jobs.
 */
export function createProcessing(d: ProcessingDeps): { service: SlaService; scheduler: Scheduler } {
  const { env, rulebook, store, logger } = d;
  const effects = new EffectRunner({
    client: d.client,
    directory: d.directory,
    store,
    logger: logger.child({ component: 'effects' }),
    lang: rulebook.team.language,
    zone: rulebook.calendar.zone,
    escalationChannel: rulebook.team.escalationChannel,
    dryRun: env.DRY_RUN,
    postClient: createPostClient(env.SLACK_BOT_TOKEN, d.clientOptions),
    now: d.now,
  });

  // The service and the scheduler refer to each other: new work wakes the scheduler early.
  let scheduler: Scheduler | undefined;
  const service = new SlaService({
    store,
    rulebook,
    directory: d.directory,
    effects,
    logger: logger.child({ component: 'service' }),
    botUserId: d.botUserId,
    channelIntervalMs: env.SLACK_CHANNEL_INTERVAL_MS,
    maxJobAttempts: env.JOB_MAX_ATTEMPTS,
    now: d.now,
    onWork: () => scheduler?.wake(),
  });
  scheduler = new Scheduler(store, (job) => service.handleJob(job), {
    pollMs: env.SCHEDULER_POLL_MS,
    concurrency: env.SCHEDULER_CONCURRENCY,
    leaseMs: env.JOB_LEASE_MS,
    logger: logger.child({ component: 'scheduler' }),
    now: d.now,
  });
  return { service, scheduler };
}
