import { HTTPReceiver, SocketModeReceiver, type CustomRoute, type Logger as BoltLogger, type Receiver } from '@slack/bolt';
import type { Logger } from 'pino';
import type { Env } from '../../config/env';
import { EVENTS_PATH, guardRequestBodies } from './body-guard';
import { answerEventError } from './errors';

/** Socket Mode when an app token is set (no public URL needed), else HTTP behind the body guard. */
export function createReceiver(d: { env: Env; routes: CustomRoute[]; logger: Logger; boltLog: BoltLogger }): Receiver {
  const { env, routes, logger, boltLog } = d;
  if (env.SLACK_APP_TOKEN) {
    return new SocketModeReceiver({ appToken: env.SLACK_APP_TOKEN, logger: boltLog, customRoutes: routes, installerOptions: { port: env.PORT } });
  }
  const http = new HTTPReceiver({
    signingSecret: env.SLACK_SIGNING_SECRET!,
    endpoints: EVENTS_PATH,
    customRoutes: routes,
    logger: boltLog,
    // Answer Slack only after the event is safely queued (one Redis step): an error answers 500 and Slack retries.
    processBeforeResponse: true,
    processEventErrorHandler: answerEventError(logger),
  });
  guardRequestBodies(http, { signingSecret: env.SLACK_SIGNING_SECRET!, logger, boltLog });
  return http;
}
