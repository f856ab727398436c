import type { WebClient } from '@slack/web-api';
import { DateTime } from 'luxon';
import type { Logger } from 'pino';
import type { DirectOutcome, EscalationOutcome, NudgeOutcome, StampOutcome } from '../core/detector';
import type { Lang } from '../core/i18n';
import { fill } from '../core/i18n';
import { formatDuration } from '../clock/clock';
import { STAMP_MESSAGES } from '../detectors/response-time/stamp';
import type { Store } from '../store/types';
import { escapeMrkdwn } from '../text/escape';
import { recordDeadLetter } from './dead-letters';
import { errorSummary, isDefiniteSlackError, type Directory } from './directory';

/**
 * Effects are the only place sla-bot writes to Slack. Each one arrives as a durable job (an
 * outbox entry committed with the state change that caused it), so a crash, a 429 or a 500 delays
 * it and never loses it: the job stays leased until the call succeeds.
 */
export type Effect =
  | (NudgeOutcome & { rule: string })
  | (EscalationOutcome & { rule: string })
  | (DirectOutcome & { rule: string })
  | (StampOutcome & { rule: string });

/** Slack errors that a retry cannot fix: log them and drop the effect. */
const PERMANENT_ERRORS = new Set([
  'channel_not_found',
  'not_in_channel',
  'user_not_in_channel',
  'user_not_found',
  'is_archived',
  'message_not_found',
  'cant_update_message',
  'already_reacted',
  'no_text',
  'invalid_arguments',
  'msg_too_long',
]);

export interface EffectsDeps {
  client: WebClient;
  directory: Directory;
  store: Store;
  logger: Logger;
  lang: Lang;
  zone: string;
  escalationChannel?: string;
  dryRun: boolean;
  /**
   * Used for chat.postMessage only, and without retries of its own: a time-out the WebClient
   * retried would post twice. postOnce does the retrying, after looking for the earlier post.
   */
  postClient?: WebClient;
  now?: () => number;
}

/** How a post made by postOnce is found again: its metadata carries the marker. */
export const POST_EVENT_TYPE = 'sla_bot_post';
/** Attempts of one post inside a job (a 429 or an unclear failure), before the job's own retry takes over. */
const POST_ATTEMPTS = 4;
const INTENT_TTL_MS = 24 * 3_600_000;

export class EffectRunner {
  private readonly now: () => number;
  constructor(private readonly d: EffectsDeps) {
    this.now = d.now ?? Date.now;
  }

  /** The conversation an effect posts into (for pacing): a channel, the directors' channel, or a DM. */
  destinationOf(effect: Effect): string {
    if (effect.kind === 'direct') return `dm:${effect.to}`;
    if (effect.kind === 'escalation') return effect.target ?? this.d.escalationChannel ?? effect.channel;
    return effect.channel;
  }

  /** `jobId` (the outbox job) marks its posts, so a retry finds a post an earlier attempt made. */
  async run(effect: Effect, jobId: string): Promise<void> {
    try {
      switch (effect.kind) {
        case 'nudge':
          return await this.nudge(effect);
        case 'escalation':
          return await this.escalate(effect, jobId);
        case 'direct':
          return await this.direct(effect, jobId);
        case 'stamp':
          return await this.stamp(effect);
      }
    } catch (error) {
      const slackError = (error as { data?: { error?: string } }).data?.error;
      if (slackError && PERMANENT_ERRORS.has(slackError)) {
        await this.deadLetter(effect, jobId, `Slack refused: ${slackError}`);
        return;
      }
      throw error;
    }
  }

  /** Work that will never go out is recorded for /sla status (and logged once), not retried. */
  private deadLetter(effect: Effect, jobId: string, reason: string): Promise<void> {
    return recordDeadLetter(this.d.store, this.d.logger, { job: { id: jobId, kind: effect.kind, payload: effect as unknown as Record<string, unknown> }, reason, at: this.now() });
  }

  /**
   * chat.postMessage once per marker, however often the job runs: the intent is recorded before
   * the call and the post carries the marker in its metadata, so after a failure whose outcome is
   * unclear (a time-out, a 5xx: Slack may have posted) the channel or thread is searched for it
   * before posting again. A 429 means Slack did not post: wait as told and try again.
   */
  private async postOnce(o: { marker: string; channel: string; threadTs?: string; text: string; blocks?: unknown }): Promise<{ channel: string; ts: string }> {
    const intentKey = `post:${o.marker}`;
    const intent = await this.d.store.getJSON<{ at: number }>(intentKey);
    const since = intent?.at ?? this.now();
    if (intent) {
      const earlier = await this.findPost(o, since);
      if (earlier) {
        this.d.logger.info({ channel: o.channel, thread: o.threadTs }, 'post already made by an earlier attempt; not posting again');
        return earlier;
      }
    } else {
      await this.d.store.commit({ set: [{ key: intentKey, value: { at: since }, ttlMs: INTENT_TTL_MS }] });
    }
    const client = this.d.postClient ?? this.d.client;
    for (let attempt = 1; ; attempt++) {
      try {
        const res = await client.chat.postMessage({
          channel: o.channel,
          text: o.text,
          ...(o.threadTs ? { thread_ts: o.threadTs } : {}),
          ...(o.blocks ? { blocks: o.blocks as never } : {}),
          unfurl_links: false,
          metadata: { event_type: POST_EVENT_TYPE, event_payload: { marker: o.marker } },
        });
        return { channel: (res.channel as string | undefined) ?? o.channel, ts: res.ts as string };
      } catch (error) {
        const e = error as { code?: string; retryAfter?: number };
        // Slack's own refusal (not a "try later" one) means nothing was posted, and no retry will change that.
        if (isDefiniteSlackError(error) || attempt >= POST_ATTEMPTS) throw error;
        if (e.code === 'slack_webapi_rate_limited_error') {
          await sleep(Math.min(60, e.retryAfter ?? 1) * 1000);
          continue;
        }
        // Unclear: Slack may have posted before failing.
        await sleep(200 * 2 ** attempt);
        const earlier = await this.findPost(o, since);
        if (earlier) return earlier;
      }
    }
  }

  /** Our post carrying `marker`, in the thread or the channel's recent history. */
  private async findPost(o: { marker: string; channel: string; threadTs?: string }, since: number): Promise<{ channel: string; ts: string } | undefined> {
    // Slack's clock and ours may differ a little: look a minute further back.
    const oldest = String(Math.max(0, (since - 60_000) / 1000));
    const res = o.threadTs
      ? await this.d.client.conversations.replies({ channel: o.channel, ts: o.threadTs, include_all_metadata: true, limit: 200 })
      : await this.d.client.conversations.history({ channel: o.channel, oldest, include_all_metadata: true, limit: 200 });
    const hit = (res.messages ?? []).find((m) => (m.metadata as { event_payload?: { marker?: string } } | undefined)?.event_payload?.marker === o.marker);
    return hit?.ts ? { channel: o.channel, ts: hit.ts } : undefined;
  }

  /** Fills {link} with the message's permalink; asks Slack only when the text has the placeholder. */
  private async withLink(text: string, channel: string, ts: string | undefined): Promise<string> {
    if (!text.includes('{link}')) return text;
    return fill(text, { link: await this.permalink(channel, ts) });
  }

  private async permalink(channel: string, ts: string | undefined): Promise<string> {
    if (!ts) return '';
    try {
      const res = await this.d.client.chat.getPermalink({ channel, message_ts: ts });
      return res.permalink ?? '';
    } catch (error) {
      this.d.logger.warn({ channel, err: errorSummary(error) }, 'no permalink; sending without it');
      return '';
    }
  }

  private async nudge(n: Effect & { kind: 'nudge' }): Promise<void> {
    const text = await this.withLink(n.text, n.channel, n.ts);
    for (const user of n.to) {
      // Defence in depth: a nudge about an assistant's work never reaches a client.
      if (await this.d.directory.isClientOrUnknown(user)) {
        this.d.logger.warn({ rule: n.rule, channel: n.channel, user }, 'nudge addressed to a client or unknown user; not sent');
        continue;
      }
      if (this.d.dryRun) {
        this.d.logger.info({ rule: n.rule, channel: n.channel, user, dryRun: true }, 'nudge (dry run, not sent)');
        continue;
      }
      // Ephemeral: only `user` sees it, in the channel where the rule broke. Clients never do.
      const blocks = nudgeBlocks(n, text);
      await this.d.client.chat.postEphemeral({ channel: n.channel, user, text, ...(blocks ? { blocks: blocks as never } : {}) });
      this.d.logger.info({ rule: n.rule, channel: n.channel, user }, 'nudge sent');
    }
  }

  private async direct(m: Effect & { kind: 'direct' }, jobId: string): Promise<void> {
    if (await this.d.directory.isClientOrUnknown(m.to)) {
      this.d.logger.warn({ rule: m.rule, user: m.to }, 'private message addressed to a client or unknown user; not sent');
      return;
    }
    if (this.d.dryRun) {
      this.d.logger.info({ rule: m.rule, user: m.to, dryRun: true }, 'private message (dry run, not sent)');
      return;
    }
    // The app's DM with them: only they see it. Its id is needed to look for an earlier post.
    const dm = await this.d.client.conversations.open({ users: m.to });
    const channel = dm.channel?.id;
    if (!channel) throw new Error('conversations.open named no DM channel');
    await this.postOnce({ marker: jobId, channel, text: m.text });
    this.d.logger.info({ rule: m.rule, user: m.to }, 'private message sent');
  }

  private async escalate(e: Effect & { kind: 'escalation' }, jobId: string): Promise<void> {
    const target = e.target ?? this.d.escalationChannel;
    if (!target) {
      this.d.logger.warn({ rule: e.rule, channel: e.channel }, 'escalation due but neither the rule nor team.yaml names an escalation channel');
      return;
    }
    // Directors' notices name clients and assistants: never into a channel another organisation can
    // read, nor one Slack will not describe. (A look-up Slack cannot answer now throws: retried later.)
    const info = await this.d.directory.channelNow(target);
    if (!info.known || info.isExtShared) {
      const why = info.known ? 'is shared with another organisation' : 'could not be checked (is the bot in it, with channels:read?)';
      await this.deadLetter(e, jobId, `escalation channel ${why}; not sent`);
      return;
    }
    const text = await this.withLink(e.text, e.channel, e.ts);
    if (this.d.dryRun) {
      this.d.logger.info({ rule: e.rule, channel: e.channel, target, dryRun: true }, 'escalation (dry run, not sent)');
      return;
    }
    await this.postOnce({ marker: jobId, channel: target, text });
    this.d.logger.info({ rule: e.rule, channel: e.channel, target }, 'escalation sent');
  }

  private async stamp(s: Effect & { kind: 'stamp' }): Promise<void> {
    if (this.d.dryRun) {
      this.d.logger.info({ channel: s.channel, ts: s.ts, dryRun: true }, 'stamp (dry run, not sent)');
      return;
    }
    if (s.mode === 'reaction') {
      try {
        await this.d.client.reactions.add({ channel: s.channel, timestamp: s.ts, name: s.reaction });
      } catch (error) {
        if ((error as { data?: { error?: string } }).data?.error !== 'already_reacted') throw error;
      }
      return;
    }
    const key = `stamp:${s.channel}:${s.threadTs}`;
    const text = await this.stampText(s);
    // One stamp message per thread, edited in place: the lock keeps replicas from posting two.
    await this.d.store.withLock(`lock:${key}`, async () => {
      const existing = await this.d.store.getJSON<{ ts: string }>(key);
      if (existing) {
        try {
          await this.d.client.chat.update({ channel: s.channel, ts: existing.ts, text });
          this.d.logger.info({ channel: s.channel, thread: s.threadTs }, 'stamp updated');
          return;
        } catch (error) {
          const code = (error as { data?: { error?: string } }).data?.error;
          if (code !== 'message_not_found' && code !== 'cant_update_message') throw error;
          // Someone deleted the stamp: post a fresh one below.
        }
      }
      // The thread's one stamp: its marker is the thread, so any job finds a post an earlier one made.
      const res = await this.postOnce({ marker: key, channel: s.channel, threadTs: s.threadTs, text });
      await this.d.store.commit({ set: [{ key, value: { ts: res.ts } }] });
      this.d.logger.info({ channel: s.channel, thread: s.threadTs }, 'stamp posted');
    }, { ttlMs: 60_000, waitMs: 30_000 });
  }

  /**
   * e.g. "✅ 担当: @sato が 10:32 に確認 (12分) · 期限: 11/25 15:00", in the words of the rule's messages.
   * A client reads it, so every figure is in their own terms: the wait is wall time from their
   * message (not business hours), and a time on another day than their message carries its date.
   */
  async stampText(s: StampOutcome): Promise<string> {
    // Names are people's own text: escaped, so `<!channel>` or a `<url|label>` in one is shown, not acted on.
    const who = escapeMrkdwn(await this.d.directory.displayName(s.assistant));
    // Stamps queued by a version that did not carry the request's time have only the rule-clock wait.
    const asked = DateTime.fromMillis(s.requestAt ?? s.ackAt, { zone: this.d.zone });
    const when = (ms: number) => {
      const t = DateTime.fromMillis(ms, { zone: this.d.zone });
      if (t.hasSame(asked, 'day')) return t.toFormat('HH:mm');
      return this.d.lang === 'ja' ? t.toFormat('M/d HH:mm') : t.toFormat('LLL d HH:mm');
    };
    const took = formatDuration(s.requestAt !== undefined ? Math.max(0, s.ackAt - s.requestAt) : s.elapsedMs, this.d.lang);
    // Stamps are durable jobs: one queued by a version whose stamps carried no texts gets the rule's defaults.
    const T = (s as Partial<StampOutcome>).texts ?? defaultStampTexts(this.d.lang);
    let text = fill(T.ack, { who, at: when(s.ackAt), took });
    if (s.deadlineAt) text += fill(T.deadline, { deadline: when(s.deadlineAt) });
    if (s.doneAt) text += fill(T.done, { at: when(s.doneAt) });
    return text;
  }
}

function defaultStampTexts(lang: Lang): StampOutcome['texts'] {
  return { ack: STAMP_MESSAGES.stamp[lang], deadline: STAMP_MESSAGES.stampDeadline[lang], done: STAMP_MESSAGES.stampDone[lang] };
}

export const SCHEDULE_ACTION_ID = 'sla_schedule_next_opening';
export const INCIDENT_ACTION_ID = 'sla_incident_report';

/** What the schedule button carries: the message to copy and when to post it. */
export interface ScheduleButtonValue {
  c: string;
  t: string;
  th?: string;
  p: number;
}

/** Block Kit for a nudge: its text, plus a button when the detector offered an action. */
function nudgeBlocks(n: NudgeOutcome, text: string): Array<Record<string, unknown>> | undefined {
  if (!n.action || !n.ts) return undefined;
  const a = n.action;
  const button =
    a.id === 'schedule-next-opening'
      ? { action_id: SCHEDULE_ACTION_ID, value: JSON.stringify({ c: n.channel, t: n.ts, th: a.threadTs, p: a.postAt } satisfies ScheduleButtonValue) }
      : { action_id: INCIDENT_ACTION_ID, value: JSON.stringify({ c: n.channel, t: n.ts }) };
  return [
    { type: 'section', text: { type: 'mrkdwn', text } },
    { type: 'actions', elements: [{ type: 'button', text: { type: 'plain_text', text: a.label }, ...button }] },
  ];
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
