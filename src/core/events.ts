/**
 * Normalised events: what detectors see. Built from Slack payloads in src/slack/normalize.ts
 * (live) and from export files (offline audit); a timer firing comes back as a `timer` event, so
 * all SLA logic stays pure and runs the same on a virtual clock.
 */
export type ChannelType = 'channel' | 'group' | 'im' | 'mpim';

export interface MessageEvent {
  type: 'message';
  channel: string;
  channelType: ChannelType;
  ts: string;
  /** Set when the message is a reply in a thread (not on the thread's root). */
  threadTs?: string;
  user?: string;
  /** Team of the author (Slack Connect users carry their own organisation's id). */
  userTeam?: string;
  botId?: string;
  subtype?: string;
  text: string;
  /** Epoch ms of the message (from ts). */
  at: number;
  /** How many files the message shares (absent: none). */
  files?: number;
  /** A huddle's message: when it started and, once it has ended, when it ended (epoch ms). */
  call?: { start: number; end?: number };
}

export interface MessageDeletedEvent {
  type: 'message_deleted';
  channel: string;
  deletedTs: string;
  at: number;
}

export interface ReactionEvent {
  type: 'reaction';
  channel: string;
  itemTs: string;
  /** Author of the message reacted to (Slack's item_user). */
  itemUser?: string;
  user: string;
  reaction: string;
  at: number;
}

export interface TimerEvent {
  type: 'timer';
  /** Rule id that owns the timer. */
  rule: string;
  channel: string;
  jobId: string;
  payload: Record<string, unknown>;
  /** When the timer was due (epoch ms). */
  dueAt: number;
  /** When it actually fires (epoch ms). */
  at: number;
}

/** A director paused a client's SLA (illness, bereavement, a planned break) until `until`. */
export interface PauseEvent {
  type: 'pause';
  channel: string;
  until: number;
  /** For directors only; never shown in the channel. */
  reason?: string;
  by: string;
  at: number;
}

export interface ResumeEvent {
  type: 'resume';
  channel: string;
  at: number;
}

/** The responsible reporter filed the incident report of a complaint. */
export interface IncidentEvent {
  type: 'incident';
  channel: string;
  complaintTs: string;
  by: string;
  at: number;
}

export type SlaEvent = MessageEvent | MessageDeletedEvent | ReactionEvent | TimerEvent | PauseEvent | ResumeEvent | IncidentEvent;

/** Slack ts "1732268400.123456" → epoch ms. */
export function tsToMs(ts: string): number {
  return Math.round(Number(ts) * 1000);
}
