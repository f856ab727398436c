/**
 * Kinds of the durable jobs the Slack side runs besides rules' timers (whose kind is the rule id)
 * and a pause's end (core/runner.ts PAUSE_END_JOB). Ids are "<kind>|<channel>|…" (jobIdFor), so
 * the store keeps a channel's jobs in the channel's shard.
 */
/** Carries out one outbox effect: a nudge, an escalation, a DM or a stamp. */
export const EFFECT_JOB = 'effect';
/** Drains one channel's inbox of acknowledged events. */
export const INBOX_JOB = 'inbox';
