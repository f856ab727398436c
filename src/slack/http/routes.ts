import type { CustomRoute } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import type { Logger } from 'pino';
import type { Env } from '../../config/env';
import type { Store } from '../../store/types';
import { optinRoutes } from '../optin';
import { healthRoutes } from './health';

/** The receiver's routes besides Slack's own endpoint: health, and the DM opt-in when it can work. */
export function customRoutes(d: { env: Env; store: Store; client: WebClient; logger: Logger }): CustomRoute[] {
  const { env } = d;
  const routes = healthRoutes(d.store);
  // The DM opt-in (rule dm-usage) needs the app's OAuth credentials; without them the routes are absent.
  if (env.SLACK_CLIENT_ID && env.SLACK_CLIENT_SECRET) {
    routes.push(
      ...optinRoutes({
        client: d.client,
        store: d.store,
        logger: d.logger.child({ component: 'optin' }),
        clientId: env.SLACK_CLIENT_ID,
        clientSecret: env.SLACK_CLIENT_SECRET,
        redirectUrl: env.SLACK_OAUTH_REDIRECT_URL,
      }),
    );
  }
  return routes;
}
