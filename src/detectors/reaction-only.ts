import { z } from 'zod';
import { defineDetector, type Outcome } from '../core/detector';
import { durationSchema } from '../core/schema';
import { formatDuration } from '../clock/clock';
import { isHumanChannelMessage, isTeamMessageToClient, nudge } from './support';

/**
 * Rule `reaction-only` (rulebook 0.2, コミュニケーションの締めくくり方): end each exchange with your
 * own message; a reaction alone is not a reply (many tools do not even notify on reactions).
 * Fires when a team member reacts to a client's message and sends no message within `after`.
 */
export const reactionOnlyOptions = z.object({ after: durationSchema.default(10 * 60_000) }).strict();

/** Client messages remembered, to tell a reaction on a client's message from any other. */
const MAX_CLIENT_TS = 50;

export interface ReactionOnlyState {
  clientTs: string[];
  /** itemTs → who reacted and when. */
  reacted: Record<string, { user: string; at: number; reaction: string }>;
}

export const reactionOnly = defineDetector<typeof reactionOnlyOptions, ReactionOnlyState>({
  meta: {
    id: 'reaction-only',
    ref: '0.2',
    options: reactionOnlyOptions,
    messages: {
      reactionOnly: {
        ja: '💬 お客様のメッセージに :{reaction}: のリアクションだけで {waited} 経ちました。リアクションでは通知されないことがあります。一言メッセージで返信しましょう。',
        en: '💬 You reacted with :{reaction}: to the client\'s message {waited} ago but sent no message. Reactions may not notify them: reply with a message.',
      },
    },
    placeholders: ['reaction', 'waited'],
  },
  handlers: {
    message(ev, ctx) {
      if (!ctx.channel.tracked || !isHumanChannelMessage(ev)) return [];
      const state = copy(ctx.state);
      const out: Outcome[] = [];
      if (ctx.roles.roleOf(ev.user, ev.userTeam) === 'client') {
        state.clientTs = [...state.clientTs, ev.ts].slice(-MAX_CLIENT_TS);
      } else if (isTeamMessageToClient(ev, ctx)) {
        // A message from the team after the reaction closes the exchange properly.
        for (const ts of Object.keys(state.reacted)) {
          if (!ev.threadTs || ev.threadTs === ts || !state.clientTs.includes(ev.threadTs)) {
            delete state.reacted[ts];
            out.push({ kind: 'cancel-timer', id: `ro:${ts}` });
          }
        }
      } else {
        return [];
      }
      return save(out, state);
    },
    reaction(ev, ctx) {
      const state = copy(ctx.state);
      if (!ctx.channel.tracked || !state.clientTs.includes(ev.itemTs) || !ctx.roles.isTeamSide(ev.user)) return [];
      if (state.reacted[ev.itemTs]) return [];
      state.reacted[ev.itemTs] = { user: ev.user, at: ev.at, reaction: ev.reaction };
      return save([{ kind: 'timer', id: `ro:${ev.itemTs}`, dueAt: ev.at + ctx.options.after, payload: { ts: ev.itemTs } }], state);
    },
    timer(ev, ctx) {
      const ts = String(ev.payload.ts);
      const state = copy(ctx.state);
      const r = state.reacted[ts];
      if (!r) return [];
      delete state.reacted[ts];
      // The finding is about the client's message; the nudge goes to the one who only reacted.
      const out = nudge(ctx, {
        about: { channel: ev.channel, ts, at: ev.at },
        to: [r.user],
        messageId: 'reactionOnly',
        data: { reaction: r.reaction, waited: formatDuration(ev.at - r.at, ctx.lang) },
        evidence: { reaction: r.reaction, reactedAt: r.at },
      });
      return save(out, state);
    },
  },
});

/** A copy of the state to change (the context's is read-only). */
function copy(s: Readonly<ReactionOnlyState> | null): ReactionOnlyState {
  return { clientTs: [...(s?.clientTs ?? [])], reacted: { ...(s?.reacted ?? {}) } };
}

function save(out: Outcome[], state: ReactionOnlyState): Outcome[] {
  const empty = state.clientTs.length === 0 && Object.keys(state.reacted).length === 0;
  out.push({ kind: 'state', value: empty ? null : state });
  return out;
}
