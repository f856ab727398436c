import { z } from 'zod';
import { tsToMs, type ChannelType, type SlaEvent } from '../core/events';

/**
 * Slack Events API payloads → normalised events. Shapes are validated with zod: a payload that
 * does not fit is reported as malformed (the HTTP layer answers 400), never half-processed.
 */
/** A Slack message ts ("1732268400.123456"). */
export const SLACK_TS = /^\d{9,11}\.\d{1,6}$/;
/** A Slack id (C…, U…, T…, B…): short upper-case alphanumerics. */
export const SLACK_ID = /^[A-Z][A-Z0-9]{1,31}$/;
const tsSchema = z.string().regex(SLACK_TS, 'must be a Slack ts like "1732268400.123456"');
/**
 * Slack ids (C…, U…, T…, B…) are short upper-case alphanumerics. Anything else is not from Slack
 * and is refused here, so an attacker's 200 KB "channel" never reaches a key, a look-up or a log.
 */
const slackId = z.string().max(32, 'is too long for a Slack id').regex(SLACK_ID, 'is not a Slack id');
/** Short free-form names Slack sends (event types, subtypes, emoji names): bounded, never logged whole. */
const shortName = z.string().min(1).max(100);

export const envelopeSchema = z.object({
  type: z.literal('event_callback'),
  team_id: slackId.optional(),
  event_id: z.string().min(1).max(64).regex(/^[A-Za-z0-9_.-]+$/, 'is not a Slack event id'),
  event_time: z.number().optional(),
  is_ext_shared_channel: z.boolean().optional(),
  event: z.object({ type: shortName }).passthrough(),
});

const roomSchema = z.object({ date_start: z.number().optional(), date_end: z.number().optional(), has_ended: z.boolean().optional() }).passthrough();

/** A huddle's times in epoch ms, from its room; the end only once it has ended. */
function callOf(room: z.infer<typeof roomSchema> | undefined, fallbackStart: number): { start: number; end?: number } {
  const start = room?.date_start ? room.date_start * 1000 : fallbackStart;
  const end = room?.has_ended && room.date_end ? room.date_end * 1000 : undefined;
  return end !== undefined && end >= start ? { start, end } : { start };
}

const messageSchema = z
  .object({
    type: z.literal('message'),
    channel: slackId,
    channel_type: z.enum(['channel', 'group', 'im', 'mpim', 'app_home']).optional(),
    ts: tsSchema,
    thread_ts: tsSchema.optional(),
    user: slackId.optional(),
    user_team: slackId.optional(),
    source_team: slackId.optional(),
    team: slackId.optional(),
    bot_id: slackId.optional(),
    subtype: shortName.optional(),
    text: z.string().optional().default(''),
    deleted_ts: tsSchema.optional(),
    hidden: z.boolean().optional(),
    /** Files shared with the message: only how many counts (a delivery may be a file and no words). */
    files: z.array(z.unknown()).max(1000).optional(),
    /** A huddle's room (subtype huddle_thread): start, end once it has ended (epoch seconds). */
    room: roomSchema.optional(),
    /** An edit (message_changed): the message as it now is. Only a huddle's end is read from it. */
    message: z.object({ ts: tsSchema, subtype: shortName.optional(), user: slackId.optional(), user_team: slackId.optional(), team: slackId.optional(), room: roomSchema.optional() }).passthrough().optional(),
  });

const reactionSchema = z
  .object({
    type: z.literal('reaction_added'),
    user: slackId,
    reaction: shortName,
    item_user: slackId.optional(),
    item: z.object({ type: z.string().max(100), channel: slackId.optional(), ts: tsSchema.optional() }).passthrough(),
    event_ts: tsSchema,
  })
  .passthrough();

/** A reason is logged: it never carries more than this much of whatever the request held. */
const MAX_REASON = 200;

export class MalformedPayloadError extends Error {
  readonly reason: string;
  constructor(reason: string) {
    const short = reason.length > MAX_REASON ? `${reason.slice(0, MAX_REASON)}…` : reason;
    super(`malformed Slack payload: ${short}`);
    this.reason = short;
    this.name = 'MalformedPayloadError';
  }
}

function reasonOf(e: z.ZodError): string {
  const i = e.issues[0];
  return `${i.path.join('.') || '(payload)'}: ${i.message}`;
}

/** Check the outer envelope of an Events API request. */
export function parseEnvelope(body: unknown): z.infer<typeof envelopeSchema> {
  const r = envelopeSchema.safeParse(body);
  if (!r.success) throw new MalformedPayloadError(reasonOf(r.error));
  return r.data;
}

/** Returns null for events sla-bot does not act on (edits, joins, app_home, …). */
export function normalizeEvent(raw: unknown): SlaEvent | null {
  const type = (raw as { type?: unknown })?.type;
  if (type === 'message') {
    const r = messageSchema.safeParse(raw);
    if (!r.success) throw new MalformedPayloadError(`event.${reasonOf(r.error)}`);
    const m = r.data;
    if (m.subtype === 'message_deleted') {
      if (!m.deleted_ts) return null;
      return { type: 'message_deleted', channel: m.channel, deletedTs: m.deleted_ts, at: tsToMs(m.ts) };
    }
    // A huddle that has ended: Slack edits its message with the end time. The call is over now.
    if (m.subtype === 'message_changed' && m.message?.subtype === 'huddle_thread') {
      const call = callOf(m.message.room, tsToMs(m.message.ts));
      if (call.end === undefined) return null;
      const channelType: ChannelType = (m.channel_type as ChannelType | undefined) ?? inferChannelType(m.channel);
      return { type: 'message', channel: m.channel, channelType, ts: m.message.ts, user: m.message.user, userTeam: m.message.user_team ?? m.message.team, subtype: 'huddle_thread', text: '', at: call.end, call };
    }
    // Edits and other hidden housekeeping messages are not new messages.
    if (m.subtype === 'message_changed' || m.subtype === 'message_replied' || m.hidden) return null;
    if (m.channel_type === 'app_home') return null;
    const channelType: ChannelType = (m.channel_type as ChannelType | undefined) ?? inferChannelType(m.channel);
    return {
      type: 'message',
      channel: m.channel,
      channelType,
      ts: m.ts,
      threadTs: m.thread_ts && m.thread_ts !== m.ts ? m.thread_ts : undefined,
      user: m.user,
      userTeam: m.user_team ?? m.source_team ?? m.team,
      botId: m.bot_id,
      subtype: m.subtype,
      text: m.text ?? '',
      at: tsToMs(m.ts),
      ...(m.files?.length ? { files: m.files.length } : {}),
      // Without its room (older payloads and exports) a huddle is a call at its message's time.
      ...(m.subtype === 'huddle_thread' && m.room ? { call: callOf(m.room, tsToMs(m.ts)) } : {}),
    };
  }
  if (type === 'reaction_added') {
    const r = reactionSchema.safeParse(raw);
    if (!r.success) throw new MalformedPayloadError(`event.${reasonOf(r.error)}`);
    const e = r.data;
    if (e.item.type !== 'message' || !e.item.channel || !e.item.ts) return null;
    const itemUser = typeof e.item_user === 'string' ? e.item_user : undefined;
    return { type: 'reaction', channel: e.item.channel, itemTs: e.item.ts, itemUser, user: e.user, reaction: e.reaction, at: tsToMs(e.event_ts) };
  }
  return null;
}

/**
 * What a Slack event says has changed about a channel or a person (a member joined or left, the
 * channel was shared, unshared or renamed, a profile changed), for the directory to forget; null
 * for any other event. Join and leave also arrive as channel_join / channel_leave messages.
 */
export function directoryChangeOf(raw: unknown): { channel?: string; members?: string; user?: string } | null {
  const e = raw as { type?: unknown; subtype?: unknown; channel?: unknown; user?: unknown };
  const id = (v: unknown) => (typeof v === 'string' && v.length > 0 && v.length <= 64 ? v : undefined);
  switch (e?.type) {
    case 'member_joined_channel':
    case 'member_left_channel':
      return { members: id(e.channel) };
    case 'message':
      return e.subtype === 'channel_join' || e.subtype === 'channel_leave' ? { members: id(e.channel) } : null;
    case 'channel_shared':
    case 'channel_unshared':
      return { channel: id(e.channel), members: id(e.channel) };
    case 'channel_rename':
    case 'group_rename':
      return { channel: id((e.channel as { id?: unknown } | undefined)?.id) };
    case 'user_change':
      return { user: id((e.user as { id?: unknown } | undefined)?.id) };
    default:
      return null;
  }
}

function inferChannelType(channel: string): ChannelType {
  if (channel.startsWith('D')) return 'im';
  if (channel.startsWith('G')) return 'group';
  return 'channel';
}
