import { z } from 'zod';
import { defineDetector } from '../core/detector';
import { durationSchema } from '../core/schema';
import { formatDuration } from '../clock/clock';
import { isHumanChannelMessage, nudge } from './support';

/**
 * Rule `client-silence` (practice: clients who drop out): don't chase or persuade; after a silence,
 * confirm the client's intention once (continue / pause / stop). Fires when a client has said
 * nothing for `after` while work goes on (the team posted after the client's last message); one
 * nudge per silence, to the channel's assistants, with a suggested closed question. Paused clients
 * are exempt (the service drops nudges while a channel is paused).
 */
export const clientSilenceOptions = z.object({ after: durationSchema.default(14 * 24 * 3_600_000) }).strict();

export interface ClientSilenceState {
  lastClientTs: string;
  lastClientAt: number;
  /** The team posted after the client's last message: work is going on. */
  teamSince: boolean;
}

export const clientSilence = defineDetector<typeof clientSilenceOptions, ClientSilenceState>({
  meta: {
    id: 'client-silence',
    ref: 'drop-out',
    options: clientSilenceOptions,
    messages: {
      silent: {
        ja: '🕊 {client} さんから {silence} 連絡がありません。追いかけず、一度だけ意向を確認しましょう。例:「今後の進め方について確認させてください。① このまま継続 ② 一時お休み ③ 終了 のいずれかをお知らせいただけますでしょうか?」',
        en: '🕊 {client} has been silent for {silence}. Don\'t chase: ask once, closed. e.g. "Could you let us know how you\'d like to continue: (1) carry on, (2) pause for now, or (3) stop?"',
      },
    },
    placeholders: ['client', 'silence'],
  },
  handlers: {
    message(ev, ctx) {
      if (!ctx.channel.tracked || !isHumanChannelMessage(ev)) return [];
      const role = ctx.roles.roleOf(ev.user, ev.userTeam);
      if (role === 'client') {
        return [
          { kind: 'timer', id: 'cs', dueAt: ev.at + ctx.options.after, payload: { ts: ev.ts, client: ev.user! } },
          { kind: 'state', value: { lastClientTs: ev.ts, lastClientAt: ev.at, teamSince: false } satisfies ClientSilenceState },
        ];
      }
      if ((role === 'assistant' || role === 'director') && ctx.state && !ctx.state.teamSince) {
        return [{ kind: 'state', value: { ...ctx.state, teamSince: true } }];
      }
      return [];
    },
    timer(ev, ctx) {
      const s = ctx.state;
      if (!s || s.lastClientTs !== ev.payload.ts || !s.teamSince) return s && s.lastClientTs === ev.payload.ts ? [{ kind: 'state', value: null }] : [];
      const client = String(ev.payload.client ?? '');
      // One nudge per silence: the state is cleared until the client speaks again.
      return [
        ...nudge(ctx, {
          about: { channel: ev.channel, ts: s.lastClientTs, at: ev.at },
          to: ctx.channel.assistants,
          messageId: 'silent',
          data: { client: `<@${client}>`, silence: formatDuration(ev.at - s.lastClientAt, ctx.lang) },
          evidence: { client, silentSince: s.lastClientAt },
        }),
        { kind: 'state', value: null },
      ];
    },
  },
});
