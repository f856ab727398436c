import { App, defaultBodyLimit, HTTPModuleFunctions, HTTPReceiver, isRawBodyError, isValidSlackRequest, SocketModeReceiver, type CustomRoute, type Logger as BoltLogger, type Receiver } from '@slack/bolt';
import { WebClient, type RetryOptions } from '@slack/web-api';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { parse as parseForm } from 'node:querystring';
import type { Logger } from 'pino';
import type { Env } from '../config/env';
import type { Rulebook } from '../config/rulebook';
import { Scheduler } from '../scheduler/Scheduler';
import type { Store } from '../store/types';
import { boltLogger } from './bolt-logger';
import { registerActions } from './actions';
import { registerCommands, registerHome } from './commands';
import { Directory, errorSummary } from './directory';
import { DEAD_LETTER_LOG } from './dead-letters';
import { EffectRunner } from './effects';
import { MalformedPayloadError } from './normalize';
import { optinRoutes } from './optin';
import { SlaService } from './service';

/**
 * Wiring of the Bolt app: receiver (HTTP or Socket Mode), the event middleware, health routes,
 * the scheduler that fires timers and outbox effects. No rule logic here.
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
  const retryConfig = o.retryConfig ?? DEFAULT_RETRY;
  const clientOptions = {
    slackApiUrl: env.SLACK_API_URL,
    retryConfig,
    timeout: env.SLACK_API_TIMEOUT_MS,
    logger: boltLogger(logger),
  };
  const client = new WebClient(env.SLACK_BOT_TOKEN, clientOptions);
  // Look-ups on the event path must never hold the 3-second ack: short timeout, no retries.
  const lookupClient = new WebClient(env.SLACK_BOT_TOKEN, { ...clientOptions, retryConfig: { retries: 0 }, timeout: 1_500 });

  const auth = await client.auth.test();
  const ourTeamId = rulebook.team.teamId ?? (auth.team_id as string | undefined);
  logger.info({ team: ourTeamId, botUser: auth.user_id }, 'authenticated with Slack');

  const directory = new Directory(lookupClient, rulebook.team, logger.child({ component: 'directory' }), ourTeamId);
  await directory.refreshUserGroups();
  const groupsTimer = setInterval(() => void directory.refreshUserGroups(), 10 * 60_000);
  groupsTimer.unref();

  const effects = new EffectRunner({
    client,
    directory,
    store,
    logger: logger.child({ component: 'effects' }),
    lang: rulebook.team.language,
    zone: rulebook.calendar.zone,
    escalationChannel: rulebook.team.escalationChannel,
    dryRun: env.DRY_RUN,
    // Posts retry inside postOnce (which looks for an earlier post first), never inside the WebClient.
    postClient: new WebClient(env.SLACK_BOT_TOKEN, { ...clientOptions, retryConfig: { retries: 0 }, rejectRateLimitedCalls: true }),
    now: o.now,
  });

  let scheduler: Scheduler | undefined;
  const service = new SlaService({
    store,
    rulebook,
    directory,
    effects,
    logger: logger.child({ component: 'service' }),
    botUserId: auth.user_id as string | undefined,
    channelIntervalMs: env.SLACK_CHANNEL_INTERVAL_MS,
    maxJobAttempts: env.JOB_MAX_ATTEMPTS,
    now: o.now,
    onWork: () => scheduler?.wake(),
  });
  scheduler = new Scheduler(store, (job) => service.handleJob(job), {
    pollMs: env.SCHEDULER_POLL_MS,
    leaseMs: env.JOB_LEASE_MS,
    logger: logger.child({ component: 'scheduler' }),
    now: o.now,
  });

  const routes: CustomRoute[] = [
    { path: '/healthz', method: ['GET'], handler: (_req: IncomingMessage, res: ServerResponse) => json(res, 200, { ok: true }) },
    {
      path: '/readyz',
      method: ['GET'],
      handler: async (_req: IncomingMessage, res: ServerResponse) => {
        const ok = await store.ping();
        json(res, ok ? 200 : 503, { ok, store: store.kind });
      },
    },
  ];

  // The DM opt-in (rule dm-usage) needs the app's OAuth credentials; without them the routes are absent.
  if (env.SLACK_CLIENT_ID && env.SLACK_CLIENT_SECRET) {
    routes.push(
      ...optinRoutes({
        client,
        store,
        logger: logger.child({ component: 'optin' }),
        clientId: env.SLACK_CLIENT_ID,
        clientSecret: env.SLACK_CLIENT_SECRET,
        redirectUrl: env.SLACK_OAUTH_REDIRECT_URL,
      }),
    );
  }

  const bLogger = boltLogger(logger);
  let receiver: Receiver;
  if (env.SLACK_APP_TOKEN) {
    receiver = new SocketModeReceiver({ appToken: env.SLACK_APP_TOKEN, logger: bLogger, customRoutes: routes, installerOptions: { port: env.PORT } });
  } else {
    const http = new HTTPReceiver({
      signingSecret: env.SLACK_SIGNING_SECRET!,
      endpoints: '/slack/events',
      customRoutes: routes,
      logger: bLogger,
      // Answer Slack only after the event is safely queued (one Redis step): an error answers 500 and Slack retries.
      processBeforeResponse: true,
      processEventErrorHandler: async ({ error, response, logger: l }) => {
        const cause = (error as { original?: unknown }).original ?? error;
        if (response.headersSent) return false;
        if (cause instanceof MalformedPayloadError) {
          logger.warn({ reason: cause.reason }, 'malformed Slack payload rejected');
          response.writeHead(400);
          response.end();
          return true;
        }
        l.error('event processing failed; answering 500 so Slack retries');
        logger.error({ err: errorSummary(cause) }, 'event processing failed');
        response.writeHead(500);
        response.end();
        return true;
      },
    });
    guardRequestBodies(http, { signingSecret: env.SLACK_SIGNING_SECRET!, logger, boltLog: bLogger });
    receiver = http;
  }

  const app = new App({
    token: env.SLACK_BOT_TOKEN,
    botId: auth.bot_id as string | undefined,
    botUserId: auth.user_id as string | undefined,
    receiver,
    logger: bLogger,
    tokenVerificationEnabled: false,
    // Bolt's conversation store (a context look-up on every event) is not used here; it showed in profiles.
    convoStore: false,
    clientOptions,
  });
  // Rethrow so the receiver's error handler picks the HTTP status.
  app.error(async (error) => {
    throw error;
  });

  // Every Events API callback goes through the service; other kinds (commands, actions) pass on.
  app.use(async ({ body, next }) => {
    if ((body as { type?: string }).type === 'event_callback') {
      await service.handleEnvelope(body);
    }
    await next();
  });

  registerActions(app, {
    store,
    service,
    client,
    directory,
    logger: logger.child({ component: 'actions' }),
    lang: rulebook.team.language,
    zone: rulebook.calendar.zone,
    now: o.now ?? Date.now,
  });

  const background = new Set<Promise<unknown>>();
  const commandDeps = {
    service,
    client,
    store,
    rulebook,
    directory,
    logger: logger.child({ component: 'commands' }),
    now: o.now ?? Date.now,
    track: (p: Promise<unknown>) => {
      background.add(p);
      void p.finally(() => background.delete(p));
    },
  };
  registerCommands(app, commandDeps);
  registerHome(app, commandDeps);

  // Retention: drop records older than RETENTION_DAYS, at start and every 6 hours (any replica may).
  const trim = async () => {
    const before = (o.now ?? Date.now)() - env.RETENTION_DAYS * 86_400_000;
    for (const log of ['findings', 'responses', 'incidents', DEAD_LETTER_LOG]) await store.trimRecords(log, before);
  };
  const retentionTimer = setInterval(() => void trim().catch((e) => logger.warn({ err: (e as Error).message }, 'retention trim failed')), 6 * 3_600_000);
  retentionTimer.unref();

  let started = false;
  return {
    app,
    service,
    scheduler,
    directory,
    client,
    async start() {
      const server = (await (env.SLACK_APP_TOKEN ? app.start() : app.start(env.PORT))) as { address?: () => unknown } | undefined;
      // A web replica only acknowledges (into the shared inbox); workers process.
      if (env.SLA_ROLE !== 'web') scheduler!.start();
      started = true;
      await trim().catch((e) => logger.warn({ err: (e as Error).message }, 'retention trim failed'));
      const addr = server && typeof server.address === 'function' ? (server.address() as { port?: number } | null) : null;
      return addr?.port;
    },
    async stop() {
      clearInterval(groupsTimer);
      clearInterval(retentionTimer);
      if (started) await app.stop();
      await scheduler!.stop();
      await Promise.allSettled([...background]);
    },
  };
}

const EVENTS_PATH = '/slack/events';

/**
 * Bolt's HTTPReceiver reads `body.ssl_check` of whatever JSON a signed request holds: a body of
 * `null` (or a form `payload=null`) threw outside any handler, and the unhandled rejection stopped
 * the process. So this runs first: it buffers the body (Bolt then reuses `req.rawBody`) and answers
 * 400 to a correctly signed body that is not an object. Unsigned requests go on to Bolt, which
 * refuses them (401) and logs that, rate-limited: a 400 and a line here are for signed ones only.
 */
function guardRequestBodies(receiver: HTTPReceiver, o: { signingSecret: string; logger: Logger; boltLog: BoltLogger }): void {
  const inner = receiver.requestListener;
  receiver.requestListener = (req, res) => {
    if (req.method !== 'POST' || pathOf(req.url) !== EVENTS_PATH) return inner(req, res);
    const answer = (status: number) => {
      if (res.headersSent) return;
      res.writeHead(status);
      res.end();
    };
    HTTPModuleFunctions.bufferIncomingMessage(req, defaultBodyLimit).then(
      (buffered) => {
        const raw = buffered.rawBody.toString();
        // Shape first (nearly free for an event: a JSON object), the signature only for a bad shape:
        // Bolt verifies every signature itself, and doing it twice showed on the event path.
        const shape = bodyShapeProblem(raw, req.headers['content-type']);
        const problem = shape && isSigned(o.signingSecret, req, raw) ? shape : undefined;
        if (problem) {
          o.logger.warn({ reason: problem }, 'malformed request body rejected');
          return answer(400);
        }
        try {
          inner(buffered, res);
        } catch (error) {
          o.logger.error({ err: errorSummary(error) }, 'request could not be dispatched');
          answer(500);
        }
      },
      (error: unknown) => {
        // Bolt's own words, so the line shares its rate limit (anyone can send a large body).
        if (isRawBodyError(error) && (error as { statusCode?: number }).statusCode === 413) {
          o.boltLog.warn(`Request body exceeded the maximum allowed size (limit: ${defaultBodyLimit} bytes)`);
          return answer(413);
        }
        o.boltLog.warn('Failed to parse the request body: it could not be read');
        answer(400);
      },
    );
  };
}

function pathOf(url: string | undefined): string | undefined {
  try {
    return new URL(url ?? '/', 'http://localhost').pathname;
  } catch {
    return undefined;
  }
}

function isSigned(signingSecret: string, req: IncomingMessage, body: string): boolean {
  const signature = req.headers['x-slack-signature'];
  const timestamp = req.headers['x-slack-request-timestamp'];
  if (typeof signature !== 'string' || typeof timestamp !== 'string') return false;
  return isValidSlackRequest({ signingSecret, body, headers: { 'x-slack-signature': signature, 'x-slack-request-timestamp': Number(timestamp) } });
}

const isPlainObject = (v: unknown) => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * What Bolt will make of the body, read the way Bolt reads it (exact form content type, else
 * JSON): an object, a form whose `payload` is a JSON object, or a form without one (a slash
 * command). Anything else is named by a fixed reason, never by the body. Text that is not JSON
 * at all is left to Bolt, which answers it 400 itself without failing.
 */
export function bodyShapeProblem(raw: string, contentType: string | undefined): string | undefined {
  if (contentType === 'application/x-www-form-urlencoded') {
    const { payload } = parseForm(raw);
    if (payload === undefined) return undefined;
    if (typeof payload !== 'string') return 'form has more than one payload';
    return notAnObject(payload) ? 'form payload is not a JSON object' : undefined;
  }
  return notAnObject(raw) ? 'body is not a JSON object' : undefined;
}

/** Valid JSON whose value is not an object (null, a number, a string, an array). */
function notAnObject(text: string): boolean {
  // An object starts with "{" (if it is not JSON at all, Bolt answers 400 itself): no parse needed.
  if (text.trimStart().startsWith('{')) return false;
  try {
    return !isPlainObject(JSON.parse(text));
  } catch {
    return false;
  }
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}
