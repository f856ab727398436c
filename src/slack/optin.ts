import type { IncomingMessage, ServerResponse } from 'node:http';
import type { WebClient } from '@slack/web-api';
import type { Logger } from 'pino';
import type { Store } from '../store/types';
import { errorSummary } from './directory';

/**
 * The DM opt-in for rule dm-usage. Slack delivers an assistant's DM events to the app only after
 * that assistant authorises the user scopes im:history and mpim:history. GET /slack/optin sends
 * them to Slack's consent page; GET /slack/oauth_redirect completes the exchange. The user token is
 * not kept (events need only the consent); we record who opted in and when.
 */
export const USER_SCOPES = ['im:history', 'mpim:history'];

export interface OptinDeps {
  client: WebClient;
  store: Store;
  logger: Logger;
  clientId: string;
  clientSecret: string;
  redirectUrl?: string;
}

export function optinRoutes(d: OptinDeps) {
  return [
    {
      path: '/slack/optin',
      method: ['GET'],
      handler: (_req: IncomingMessage, res: ServerResponse) => {
        const url = new URL('https://slack.com/oauth/v2/authorize');
        url.searchParams.set('client_id', d.clientId);
        url.searchParams.set('user_scope', USER_SCOPES.join(','));
        if (d.redirectUrl) url.searchParams.set('redirect_uri', d.redirectUrl);
        res.writeHead(302, { location: url.toString() });
        res.end();
      },
    },
    {
      path: '/slack/oauth_redirect',
      method: ['GET'],
      handler: async (req: IncomingMessage, res: ServerResponse) => {
        const code = new URL(req.url ?? '/', 'http://local').searchParams.get('code');
        if (!code) return page(res, 400, 'Missing code. Start again from /slack/optin.');
        try {
          const r = await d.client.oauth.v2.access({ client_id: d.clientId, client_secret: d.clientSecret, code, redirect_uri: d.redirectUrl });
          const user = r.authed_user?.id;
          if (!user) return page(res, 400, 'Slack did not name a user. Start again from /slack/optin.');
          await d.store.commit({ set: [{ key: `optin:${user}`, value: { at: Date.now(), scopes: r.authed_user?.scope } }] });
          d.logger.info({ user }, 'assistant opted in to DM checks');
          return page(res, 200, 'Done: sla-bot will now remind you, privately, when business talk happens in your DMs. You can revoke this any time in Slack (Apps → sla-bot → Remove).');
        } catch (error) {
          d.logger.warn({ err: errorSummary(error) }, 'DM opt-in failed');
          return page(res, 400, 'Slack refused the authorisation. Start again from /slack/optin.');
        }
      },
    },
  ];
}

function page(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { 'content-type': 'text/html; charset=utf-8' });
  res.end(`<!doctype html><meta charset="utf-8"><title>sla-bot</title><p>${text.replace(/</g, '&lt;')}</p>`);
}
