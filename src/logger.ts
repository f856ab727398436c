import pino, { type Logger } from 'pino';

/**
 * One pino logger for the process. Tokens are redacted wherever they could appear; message bodies
 * are only ever logged at debug level (nothing in src/ logs `text` above debug).
 */
export function createLogger(level: string = process.env.LOG_LEVEL ?? 'info', destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      base: { app: 'sla-bot' },
      redact: {
        paths: ['token', '*.token', 'headers.authorization', '*.headers.authorization', 'SLACK_BOT_TOKEN', 'SLACK_APP_TOKEN', 'SLACK_SIGNING_SECRET'],
        censor: '[redacted]',
      },
    },
    // Asynchronous writes to stdout (flushed on exit): lines logged while a write is under way go
    // out together in the next one, instead of one system call per line under load.
    destination ?? pino.destination({ dest: 1, sync: false }),
  );
}
