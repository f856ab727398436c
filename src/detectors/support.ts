import type { DetectorContext, Outcome } from '../core/detector';
import type { MessageEvent } from '../core/events';
import type { Severity } from '../core/finding';
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
export function isTeamMessageToClient(ev: MessageEvent, ctx: DetectorContext<unknown, unknown>): boolean {
  if (!ctx.channel.tracked || !isHumanChannelMessage(ev)) return false;
  return ctx.roles.isTeamSide(ev.user, ev.userTeam);
}

/** What a nudge is about, who gets it and what it says. */
export interface NudgeSpec {
  /** The message the finding is about and the nudge links to. */
  about: { channel: string; ts: string; at: number };
  /** Who gets the nudge; nobody: the finding is still recorded. */
  to: string[];
  /** A message id of the rule's `meta.messages`. */
  messageId: string;
  /** Values of the message's placeholders. */
  data?: Record<string, string | number | undefined>;
  /** What the finding records for reports (`messageId` is added). */
  evidence?: Record<string, unknown>;
  /** The rule's severity unless given. */
  severity?: Severity;
}

const NO_DATA: Readonly<Record<string, never>> = Object.freeze({});

/** A finding about a message plus a private nudge to `to`, in that message's channel. */
export function nudge(ctx: DetectorContext<unknown, unknown>, spec: NudgeSpec): Outcome[] {
  const { about, to, messageId } = spec;
  const template = ctx.texts[messageId];
  if (template === undefined) throw new Error(`rule ${ctx.ruleId} has no message "${messageId}"`);
  const finding: Outcome = {
    kind: 'finding',
    finding: { rule: ctx.ruleId, channel: about.channel, ts: about.ts, user: to[0] ?? '', severity: spec.severity ?? ctx.severity, at: about.at, evidence: { messageId, ...spec.evidence } },
  };
  if (to.length === 0) return [finding];
  return [finding, { kind: 'nudge', to, channel: about.channel, ts: about.ts, text: fill(template, spec.data ?? NO_DATA) }];
}

/** A finding about the author's message plus a private nudge to the author. */
export function nudgeAuthor(ctx: DetectorContext<unknown, unknown>, ev: MessageEvent, spec: Omit<NudgeSpec, 'about' | 'to'>): Outcome[] {
  // Field by field, not `{ ...spec }`: a spread of objects of many shapes is slow, and most findings come through here.
  return nudge(ctx, { about: ev, to: [ev.user!], messageId: spec.messageId, data: spec.data, evidence: spec.evidence, severity: spec.severity });
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
