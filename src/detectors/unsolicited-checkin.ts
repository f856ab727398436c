import { z } from 'zod';
import { defineDetector, type Outcome } from '../core/detector';
import { phraseListSchema } from '../core/schema';
import { authorText } from '../text/normalize';
import { phrasesFor } from '../text/phrases';
import { isHumanChannelMessage, isTeamMessageToClient, nudgeAuthor } from './support';

/**
 * Rule `unsolicited-checkin` (practice: don't over-serve; clients who drop out): an open check-in
 * ("その後いかがですか〜?") sent again to a client who has not answered the previous one is chasing.
 * Fires on the second unanswered check-in.
 */
export const unsolicitedCheckinOptions = z.object({ checkinPhrases: phraseListSchema }).strict();

export interface CheckinState {
  /** The last check-in the client has not answered yet. */
  pending?: { ts: string; at: number; user: string };
}

export const unsolicitedCheckin = defineDetector<typeof unsolicitedCheckinOptions, CheckinState>({
  meta: {
    id: 'unsolicited-checkin',
    ref: 'over-serve',
    options: unsolicitedCheckinOptions,
    messages: {
      chasing: {
        ja: '🕊 前回の声かけにまだお返事がないまま、もう一度様子を伺っています。追いかけず、必要なら「継続/一時停止/終了」を選べる一度きりの確認にしましょう。',
        en: '🕊 The client has not answered your last check-in and you are checking in again. Don\'t chase: if needed, ask once whether to continue, pause or stop.',
      },
    },
    placeholders: [],
  },
  handlers: {
    message(ev, ctx) {
      if (!ctx.channel.tracked || !isHumanChannelMessage(ev)) return [];
      if (ctx.roles.roleOf(ev.user, ev.userTeam) === 'client') {
        // The client spoke: whatever was pending is answered.
        return ctx.state?.pending ? [{ kind: 'state', value: null }] : [];
      }
      if (!isTeamMessageToClient(ev, ctx)) return [];
      const phrase = phrasesFor(ctx.options.checkinPhrases).find(authorText(ev.text));
      if (!phrase) return [];
      const out: Outcome[] = [];
      const prev = ctx.state?.pending;
      if (prev) out.push(...nudgeAuthor(ctx, ev, { messageId: 'chasing', evidence: { phrase, previousTs: prev.ts, previousAt: prev.at } }));
      out.push({ kind: 'state', value: { pending: { ts: ev.ts, at: ev.at, user: ev.user } } });
      return out;
    },
  },
});
