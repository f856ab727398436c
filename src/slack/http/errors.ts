import type { App, HTTPReceiverOptions } from '@slack/bolt';
import type { Logger } from 'pino';
import { errorSummary } from '../directory';
import { MalformedPayloadError } from '../normalize';

/**
 * The HTTP status for an event that failed: 400 for a payload we cannot read (a retry would fail
 * alike), else 500 so Slack retries (the event was not queued).
 */
export function answerEventError(logger: Logger): NonNullable<HTTPReceiverOptions['processEventErrorHandler']> {
  return async ({ error, response, logger: l }) => {
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
  };
}

/** Rethrow so the receiver's error handler picks the HTTP status. */
export function rethrowAppErrors(app: App): void {
  app.error(async (error) => {
    throw error;
  });
}
