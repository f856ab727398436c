import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { WebClient } from '@slack/web-api';
import type { Logger } from 'pino';
import type { Store } from '../store/types';
import { errorSummary } from './directory';

/**
 * The DM opt-in for rule dm-usage. Slack delivers the DM events of everyone who authorised the user
 * scopes im:history and mpim:history: assistants who opt in here, and also the admin who installed
 * the app (installing grants the manifest's user scopes). So consent is recorded here as
 * `optin:<user>` and the service processes a DM only when its author has that key (SlaService.handleEnvelope);
 * Slack's tokens_revoked / app_uninstalled delete it.
 * GET /slack/optin sends the assistant to Slack's consent page with a one-time state (kept in the
 * store and in a cookie: CSRF); GET /slack/oauth_redirect checks it and completes the exchange.
 * The user token is not kept (events need only the consent); we record who opted in and when.
 */
export const USER_SCOPES = ['im:history', 'mpim:history'];
export const OPTIN_PREFIX = 'optin:';
const STATE_PREFIX = 'optin-state:';
const STATE_TTL_MS = 10 * 60_000;
const COOKIE = 'sla_optin_state';

export interface OptinDeps {
  client: WebClient;
  store: Store;
  logger: Logger;
  clientId: string;
  clientSecret: string;
  redirectUrl?: string;
}

export function optinRoutes(d: OptinDeps) {
  // Browsers drop a Secure cookie over plain http: only a redirect URL that is explicitly http goes without.
  const secure = d.redirectUrl?.startsWith('http://') ? '' : '; Secure';
  const cookie = (value: string, maxAgeSec: number) => `${COOKIE}=${value}; Path=/slack/oauth_redirect; HttpOnly; SameSite=Lax; Max-Age=${maxAgeSec}${secure}`;
  return [
    {
      path: '/slack/optin',
      method: ['GET'],
      handler: async (_req: IncomingMessage, res: ServerResponse) => {
        const state = randomBytes(32).toString('base64url');
        try {
          await d.store.commit({ set: [{ key: STATE_PREFIX + state, value: { at: Date.now() }, ttlMs: STATE_TTL_MS }] });
        } catch (error) {
          d.logger.warn({ err: errorSummary(error) }, 'DM opt-in could not start');
          return page(res, 500, 'Something went wrong on our side. Try again in a minute.');
        }
        const url = new URL('https://slack.com/oauth/v2/authorize');
        url.searchParams.set('client_id', d.clientId);
        url.searchParams.set('user_scope', USER_SCOPES.join(','));
        url.searchParams.set('state', state);
        if (d.redirectUrl) url.searchParams.set('redirect_uri', d.redirectUrl);
        res.writeHead(302, { location: url.toString(), 'set-cookie': cookie(state, STATE_TTL_MS / 1000), 'cache-control': 'no-store' });
        res.end();
      },
    },
    {
      path: '/slack/oauth_redirect',
      method: ['GET'],
      handler: async (req: IncomingMessage, res: ServerResponse) => {
        const q = new URL(req.url ?? '/', 'http://local').searchParams;
        const state = q.get('state') ?? '';
        const fromCookie = readCookie(req.headers.cookie, COOKIE) ?? '';
        // The state must come back to the browser that started (cookie) and be one we issued, unused (store).
        if (!state || !fromCookie || !sameString(state, fromCookie)) {
          return page(res, 400, 'This sign-in link is not valid (missing or mismatched state). Nothing was recorded. Start again from /slack/optin.');
        }
        try {
          const issued = await d.store.getJSON(STATE_PREFIX + state);
          // claimOnce is atomic across replicas: of two uses of one state, only one gets past here.
          if (!issued || !(await d.store.claimOnce(`${STATE_PREFIX}used:${state}`, STATE_TTL_MS))) {
            return page(res, 400, 'This sign-in link has expired or was already used. Nothing was recorded. Start again from /slack/optin.');
          }
          await d.store.delete(STATE_PREFIX + state);
        } catch (error) {
          d.logger.warn({ err: errorSummary(error) }, 'DM opt-in state check failed');
          return page(res, 500, 'Something went wrong on our side. Nothing was recorded. Start again from /slack/optin in a minute.');
        }
        const clear = { 'set-cookie': cookie('', 0) };
        const slackError = q.get('error');
        if (slackError) return page(res, 400, `Slack did not authorise (${slackError}). Nothing was recorded. Start again from /slack/optin.`, clear);
        const code = q.get('code');
        if (!code) return page(res, 400, 'Missing code. Nothing was recorded. Start again from /slack/optin.', clear);
        try {
          const r = await d.client.oauth.v2.access({ client_id: d.clientId, client_secret: d.clientSecret, code, redirect_uri: d.redirectUrl });
          const user = r.authed_user?.id;
          if (!user) return page(res, 400, 'Slack did not name a user. Start again from /slack/optin.', clear);
          await d.store.commit({ set: [{ key: OPTIN_PREFIX + user, value: { at: Date.now(), scopes: r.authed_user?.scope } }] });
          d.logger.info({ user }, 'assistant opted in to DM checks');
          return page(res, 200, 'Done: sla-bot will now remind you, privately, when business talk happens in your DMs. You can revoke this any time in Slack (Apps → sla-bot → Remove).', clear);
        } catch (error) {
          d.logger.warn({ err: errorSummary(error) }, 'DM opt-in failed');
          return page(res, 400, 'Slack refused the authorisation. Start again from /slack/optin.', clear);
        }
      },
    },
  ];
}

function readCookie(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const i = part.indexOf('=');
    if (i > 0 && part.slice(0, i).trim() === name) return part.slice(i + 1).trim();
  }
  return undefined;
}

function sameString(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

function page(res: ServerResponse, status: number, text: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store', ...headers });
  res.end(`<!doctype html><meta charset="utf-8"><title>sla-bot</title><p>${escapeHtml(text)}</p>`);
}
