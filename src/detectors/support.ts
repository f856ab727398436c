import type { DetectorContext, Outcome } from '../core/detector';
import type { MessageEvent, SlaEvent } from '../core/events';
import { fill } from '../core/i18n';

/**
 * Small helpers shared by the message rules, so each detector file holds only its own judgement.
 */
const COUNTED_SUBTYPES = new Set([undefined, 'file_share', 'thread_broadcast', 'me_message']);

/** A message a person wrote in a channel (not a DM): no bots, workflows, joins or other housekeeping. */
export function isHumanChannelMessage(ev: MessageEvent): boolean {
  if (ev.channelType === 'im' || ev.channelType === 'mpim') return false;
  return !ev.botId && ev.subtype !== 'bot_message' && Boolean(ev.user) && COUNTED_SUBTYPES.has(ev.subtype);
}

/** A human message by the team (an assistant or a director) in a client channel. */
export function isTeamMessageToClient(ev: SlaEvent, ctx: DetectorContext<unknown, unknown>): ev is MessageEvent {
  if (ev.type !== 'message' || !ctx.channel.tracked || !isHumanChannelMessage(ev)) return false;
  return ctx.roles.isTeamSide(ev.user, ev.userTeam);
}

/**
 * A finding about a message plus a private nudge to `to`, in that message's channel. With nobody to
 * nudge the finding is still recorded.
 */
export function nudgeAbout(
  ctx: DetectorContext<unknown, unknown>,
  about: { channel: string; ts: string; at: number },
  to: string[],
  messageId: string,
  data: Record<string, string | number | undefined>,
  evidence: Record<string, unknown>,
  severity = ctx.severity,
): Outcome[] {
  const template = ctx.texts[messageId];
  if (template === undefined) throw new Error(`rule ${ctx.ruleId} has no message "${messageId}"`);
  const finding: Outcome = {
    kind: 'finding',
    finding: { rule: ctx.ruleId, channel: about.channel, ts: about.ts, user: to[0] ?? '', severity, at: about.at, evidence: { messageId, ...evidence } },
  };
  if (to.length === 0) return [finding];
  return [finding, { kind: 'nudge', to, channel: about.channel, ts: about.ts, text: fill(template, data) }];
}

/** A finding about the author's message plus a private nudge to the author. */
export function nudgeAuthor(
  ev: MessageEvent,
  ctx: DetectorContext<unknown, unknown>,
  messageId: string,
  data: Record<string, string | number | undefined>,
  evidence: Record<string, unknown>,
): Outcome[] {
  return nudgeAbout(ctx, ev, [ev.user!], messageId, data, evidence);
}

/** Split the author's text into sentences (Japanese and English punctuation, line breaks). */
export function sentences(text: string): string[] {
  return text
    .split(/(?<=[。．！？!?])|\n+/u)
    .map((s) => s.trim())
    .filter(Boolean);
}

/** URLs the author shared (not inside code or quotes): Slack sends them as <url> or <url|label>. */
export function linksOf(slackText: string): string[] {
  if (!slackText.includes('http')) return [];
  const t = slackText
    .replace(/```[\s\S]*?```/g, ' ')
    .replace(/`[^`\n]*`/g, ' ')
    .split('\n')
    .filter((line) => !/^\s*(>|&gt;)/.test(line))
    .join('\n');
  const out: string[] = [];
  for (const m of t.matchAll(/<(https?:\/\/[^|>\s]+)(?:\|[^>]*)?>/g)) out.push(m[1]);
  for (const m of t.replace(/<[^>]*>/g, ' ').matchAll(/https?:\/\/[^\s<>]+/g)) out.push(m[0]);
  return out;
}
