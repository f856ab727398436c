import type { WebClient } from '@slack/web-api';
import { DateTime } from 'luxon';
import type { Logger } from 'pino';
import type { DirectOutcome, EscalationOutcome, NudgeOutcome, StampOutcome } from '../core/detector';
import type { Lang } from '../core/i18n';
import { fill } from '../core/i18n';
import { formatDuration } from '../clock/clock';
import type { Store } from '../store/types';
import { errorSummary, type Directory } from './directory';

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
}

export class EffectRunner {
  constructor(private readonly d: EffectsDeps) {}

  /** The conversation an effect posts into (for pacing): a channel, the directors' channel, or a DM. */
  destinationOf(effect: Effect): string {
    if (effect.kind === 'direct') return `dm:${effect.to}`;
    if (effect.kind === 'escalation') return effect.target ?? this.d.escalationChannel ?? effect.channel;
    return effect.channel;
  }

  async run(effect: Effect): Promise<void> {
    try {
      switch (effect.kind) {
        case 'nudge':
          return await this.nudge(effect);
        case 'escalation':
          return await this.escalate(effect);
        case 'direct':
          return await this.direct(effect);
        case 'stamp':
          return await this.stamp(effect);
      }
    } catch (error) {
      const slackError = (error as { data?: { error?: string } }).data?.error;
      if (slackError && PERMANENT_ERRORS.has(slackError)) {
        this.d.logger.warn({ effect: effect.kind, rule: effect.rule, channel: 'channel' in effect ? effect.channel : effect.to, slackError }, 'Slack refused an effect; dropping it');
        return;
      }
      throw error;
    }
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

  private async direct(m: Effect & { kind: 'direct' }): Promise<void> {
    if (await this.d.directory.isClientOrUnknown(m.to)) {
      this.d.logger.warn({ rule: m.rule, user: m.to }, 'private message addressed to a client or unknown user; not sent');
      return;
    }
    if (this.d.dryRun) {
      this.d.logger.info({ rule: m.rule, user: m.to, dryRun: true }, 'private message (dry run, not sent)');
      return;
    }
    // Posting to a user id lands in the app's DM with them: only they see it.
    await this.d.client.chat.postMessage({ channel: m.to, text: m.text, unfurl_links: false });
    this.d.logger.info({ rule: m.rule, user: m.to }, 'private message sent');
  }

  private async escalate(e: Effect & { kind: 'escalation' }): Promise<void> {
    const target = e.target ?? this.d.escalationChannel;
    if (!target) {
      this.d.logger.warn({ rule: e.rule, channel: e.channel }, 'escalation due but neither the rule nor team.yaml names an escalation channel');
      return;
    }
    // Directors' notices name clients and assistants: never into a channel another organisation can read.
    if ((await this.d.directory.channel(target)).isExtShared) {
      this.d.logger.error({ rule: e.rule, target }, 'the escalation channel is shared with another organisation; escalation not sent');
      return;
    }
    const text = await this.withLink(e.text, e.channel, e.ts);
    if (this.d.dryRun) {
      this.d.logger.info({ rule: e.rule, channel: e.channel, target, dryRun: true }, 'escalation (dry run, not sent)');
      return;
    }
    await this.d.client.chat.postMessage({ channel: target, text, unfurl_links: false });
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
      const res = await this.d.client.chat.postMessage({ channel: s.channel, thread_ts: s.threadTs, text, unfurl_links: false });
      await this.d.store.commit({ set: [{ key, value: { ts: res.ts } }] });
      this.d.logger.info({ channel: s.channel, thread: s.threadTs }, 'stamp posted');
    }, { ttlMs: 60_000, waitMs: 30_000 });
  }

  /** e.g. "✅ 担当: @sato が 10:32 に確認 (12分) · 期限: 11/25 15:00" */
  async stampText(s: StampOutcome): Promise<string> {
    const who = await this.d.directory.displayName(s.assistant);
    const ack = DateTime.fromMillis(s.ackAt, { zone: this.d.zone });
    const when = (ms: number) => {
      const t = DateTime.fromMillis(ms, { zone: this.d.zone });
      const sameDay = t.hasSame(ack, 'day');
      if (this.d.lang === 'ja') return sameDay ? t.toFormat('HH:mm') : t.toFormat('M/d HH:mm');
      return sameDay ? t.toFormat('HH:mm') : t.toFormat('LLL d HH:mm');
    };
    const took = formatDuration(s.elapsedMs, this.d.lang);
    const T = this.d.lang === 'ja' ? STAMP_JA : STAMP_EN;
    let text = fill(T.ack, { who, at: ack.toFormat('HH:mm'), took });
    if (s.deadlineAt) text += fill(T.deadline, { deadline: when(s.deadlineAt) });
    if (s.doneAt) text += fill(T.done, { at: when(s.doneAt) });
    return text;
  }
}

const STAMP_JA = { ack: '✅ 担当: {who} が {at} に確認 ({took})', deadline: ' · 期限: {deadline}', done: ' · {at} 回答済み' };
const STAMP_EN = { ack: '✅ Picked up by {who} at {at} ({took})', deadline: ' · due {deadline}', done: ' · answered {at}' };

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
