import { defaultBodyLimit, HTTPModuleFunctions, type HTTPReceiver, isRawBodyError, isValidSlackRequest, type Logger as BoltLogger } from '@slack/bolt';
import type { IncomingMessage } from 'node:http';
import { parse as parseForm } from 'node:querystring';
import type { Logger } from 'pino';
import { errorSummary } from '../directory';

/** Where Slack posts events, commands and interactions (the HTTPReceiver's one endpoint). */
export const EVENTS_PATH = '/slack/events';

/**
 * Bolt's HTTPReceiver reads `body.ssl_check` of whatever JSON a signed request holds: a body of
 * `null` (or a form `payload=null`) threw outside any handler, and the unhandled rejection stopped
 * the process. So this runs first: it buffers the body (Bolt then reuses `req.rawBody`) and answers
 * 400 to a correctly signed body that is not an object. Unsigned requests go on to Bolt, which
 * refuses them (401) and logs that, rate-limited: a 400 and a line here are for signed ones only.
 */
export function guardRequestBodies(receiver: HTTPReceiver, o: { signingSecret: string; logger: Logger; boltLog: BoltLogger }): void {
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
