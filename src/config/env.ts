import { z } from 'zod';

/**
 * Environment, validated once at start-up. Unknown variables are ignored; a bad value stops the
 * bot with the variable's name and the reason (never its value: it may be a token).
 */
const optionalUrl = z.preprocess((v) => (v === '' ? undefined : v), z.string().url().optional());

export const envSchema = z
  .object({
    SLACK_BOT_TOKEN: z.string().regex(/^xox[bp]-/, 'must be a bot token starting with xoxb-'),
    SLACK_SIGNING_SECRET: z.string().optional(),
    SLACK_APP_TOKEN: z.preprocess((v) => (v === '' ? undefined : v), z.string().regex(/^xapp-/, 'must be an app-level token starting with xapp-').optional()),
    SLACK_API_URL: optionalUrl,
    /** redis:// or rediss:// (one Redis), redis-sentinel://host:port,…/<master>, redis-cluster://host:port,… (see store/redis/connect.ts). */
    REDIS_URL: z.preprocess(
      (v) => (v === '' ? undefined : v),
      z.string().regex(/^(rediss?:\/\/\S+|redis-sentinel:\/\/\S+\/[^/\s]+|redis-cluster:\/\/\S+)$/, 'must be redis://host:port, rediss://…, redis-sentinel://host:port,…/<master> or redis-cluster://host:port,…').optional(),
    ),
    /** OAuth app credentials: only for the assistants' DM opt-in (rule dm-usage). */
    SLACK_CLIENT_ID: z.preprocess((v) => (v === '' ? undefined : v), z.string().optional()),
    SLACK_CLIENT_SECRET: z.preprocess((v) => (v === '' ? undefined : v), z.string().optional()),
    SLACK_OAUTH_REDIRECT_URL: optionalUrl,
    REDIS_PREFIX: z.string().regex(/^[^{}\s]*$/, 'must not contain braces or spaces (a brace would make it the Cluster hash tag)').default('sla:'),
    RULES_DIR: z.string().default('./rules'),
    PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    DRY_RUN: z
      .enum(['true', 'false', '1', '0', ''])
      .default('false')
      .transform((v) => v === 'true' || v === '1'),
    /** Findings and response records older than this are deleted (reports look back at most this far). */
    RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(180),
    SCHEDULER_POLL_MS: z.coerce.number().int().min(10).max(60000).default(250),
    /**
     * Jobs (timers, effects, inbox drains) one process runs at once. Each mostly waits on Redis or
     * Slack, so many in flight keep a burst moving (Monday 10:00: bench/burst.ts); a channel's own
     * jobs still run one at a time under its lock, and Slack calls keep their per-channel pace.
     */
    SCHEDULER_CONCURRENCY: z.coerce.number().int().min(1).max(1000).default(200),
    /** Slack allows about one message a second into a channel: a burst of nudges waits its turn. 0 turns pacing off. */
    SLACK_CHANNEL_INTERVAL_MS: z.coerce.number().int().min(0).max(60000).default(1000),
    /**
     * all: receive events and process them (one process does everything). web: receive and
     * acknowledge only; worker: process the queued events, timers and Slack calls only. web and
     * worker replicas share one Redis, so acknowledging never waits behind processing.
     */
    SLA_ROLE: z.enum(['all', 'web', 'worker']).default('all'),
    /** A claimed job not completed within this is due again: the retry interval of failed work. */
    JOB_LEASE_MS: z.coerce.number().int().min(500).max(600000).default(60000),
    /** Tries of one job (a timer or a Slack call) before it is set aside as a dead letter (/sla status). */
    JOB_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(1000).default(30),
    /** How long one Web API call may take before it is abandoned and retried. */
    SLACK_API_TIMEOUT_MS: z.coerce.number().int().min(100).max(120000).default(15000),
  });

export type Env = z.infer<typeof envSchema>;

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

export function loadEnv(source: NodeJS.ProcessEnv = process.env): Env {
  const parsed = envSchema.safeParse(source);
  const lines = parsed.success ? [] : parsed.error.issues.map((i) => `  ${i.path.join('.') || '(env)'}: ${i.message}`);
  // Checked apart from the schema so it is reported together with any other problem.
  if (!source.SLACK_APP_TOKEN && !source.SLACK_SIGNING_SECRET) {
    lines.push('  SLACK_SIGNING_SECRET: required in HTTP mode (set SLACK_APP_TOKEN instead for Socket Mode)');
  }
  if (source.SLA_ROLE && source.SLA_ROLE !== 'all' && !source.REDIS_URL) {
    lines.push(`  SLA_ROLE: "${source.SLA_ROLE}" needs REDIS_URL (web and worker replicas share their queue through Redis)`);
  }
  if (lines.length > 0 || !parsed.success) throw new ConfigError(`invalid environment:\n${lines.join('\n')}`);
  return parsed.data;
}
