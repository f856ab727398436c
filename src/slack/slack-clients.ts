import { WebClient, type RetryOptions, type WebClientOptions } from '@slack/web-api';
import type { Logger } from 'pino';
import type { Env } from '../config/env';
import { boltLogger } from './bolt-logger';

export interface SlackClients {
  /** Shared by every client here and by Bolt's own. */
  options: WebClientOptions;
  client: WebClient;
  lookupClient: WebClient;
}

/** The Web API clients, each with the retry policy its callers can afford. */
export function createSlackClients(env: Env, retryConfig: RetryOptions, logger: Logger): SlackClients {
  const options = {
    slackApiUrl: env.SLACK_API_URL,
    retryConfig,
    timeout: env.SLACK_API_TIMEOUT_MS,
    logger: boltLogger(logger),
  };
  return {
    options,
    client: new WebClient(env.SLACK_BOT_TOKEN, options),
    // Look-ups on the event path must never hold the 3-second ack: short timeout, no retries.
    lookupClient: new WebClient(env.SLACK_BOT_TOKEN, { ...options, retryConfig: { retries: 0 }, timeout: 1_500 }),
  };
}

/** Posts retry inside postOnce (which looks for an earlier post first), never inside the WebClient. */
export function createPostClient(token: string, options: WebClientOptions): WebClient {
  return new WebClient(token, { ...options, retryConfig: { retries: 0 }, rejectRateLimitedCalls: true });
}
