import { z } from 'zod';
import { defineDetector, type DetectorContext, type Outcome } from '../core/detector';
import type { MessageEvent } from '../core/events';
import { durationSchema, phraseListSchema } from '../core/schema';
import { analyze } from '../text/analysis';
import { checkinOf, mayCheckIn, type CheckinKind } from '../text/acts/checkin';
import { authorText, mentionedUsers } from '../text/normalize';
import { phrasesFor } from '../text/phrases';
import { isHumanChannelMessage, isTeamMessageToClient, nudgeAuthor } from './support';

/**
 * Rule `unsolicited-checkin` (practices "don't over-serve" and "clients who drop out"): an open
 * check-in (「その後いかがですか〜?」 "any update?") sent again to a client who has not answered the
 * previous one is chasing. Fires on every repeated check-in while the client stays silent: no message
 * from anyone of the client's side since the previous check-in (a reaction is no answer, rule 0.2; the
 * team's own reports in between change nothing), at most `within` after it (check-ins months apart
 * are separate touchpoints). What a check-in is, is read by src/text/acts/checkin.ts.
 *
 * The closed intent question (continue / pause / stop) is what the practice recommends: asked once
 * after unanswered check-ins it is not chasing, asked again to a silent client it is.
 */
export const unsolicitedCheckinOptions = z
  .object({
    /** Check-ins further apart than this are separate touchpoints, not chasing. */
    within: durationSchema.default(30 * 24 * 3_600_000),
    /** Extra phrases that make a team message a check-in (the acts already read the usual wordings). */
    checkinPhrases: phraseListSchema,
  })
  .strict();

export interface CheckinState {
  /** The last check-in the client has not answered yet. */
  pending?: { ts: string; at: number; user: string; kind?: CheckinKind };
}

type Ctx = DetectorContext<z.infer<typeof unsolicitedCheckinOptions>, CheckinState>;

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
      if (!isTeamMessageToClient(ev, ctx) || internal(ev, ctx)) return [];
      const act = checkin(ev, ctx);
      if (!act) return [];
      const out: Outcome[] = [];
      const prev = ctx.state?.pending;
      // Asking the intent question after open check-ins is the recommended step; asking anything again after it is not.
      const chasing = prev && ev.at - prev.at <= ctx.options.within && (act.kind !== 'intent' || prev.kind === 'intent');
      if (chasing) out.push(...nudgeAuthor(ctx, ev, { messageId: 'chasing', evidence: { kind: act.kind, cue: act.cue, previousTs: prev.ts, previousAt: prev.at } }));
      out.push({ kind: 'state', value: { pending: { ts: ev.ts, at: ev.at, user: ev.user!, kind: act.kind } } });
      return out;
    },
  },
});

/** The message is a check-in: by the acts, or by one of the rule file's extra phrases. */
function checkin(ev: MessageEvent, ctx: Ctx): { kind: CheckinKind; cue: string } | null {
  if (mayCheckIn(ev.text)) {
    const act = checkinOf(analyze(ev.text), { files: (ev.files ?? 0) > 0 });
    if (act) return act;
  }
  const extra = ctx.options.checkinPhrases.length ? phrasesFor(ctx.options.checkinPhrases).find(authorText(ev.text)) : null;
  return extra && !(ev.files ?? 0) ? { kind: 'open', cue: extra } : null;
}

/** Addressed only to colleagues (@mentions of the team's own people alone): not a message to the client. */
function internal(ev: MessageEvent, ctx: Ctx): boolean {
  const mentioned = mentionedUsers(ev.text).filter((u) => u !== ev.user);
  // Team-side by name (the channel's assistants, the team file's people), never by a guess from the organisation.
  return mentioned.length > 0 && mentioned.every((u) => ctx.channel.assistants.includes(u) || ctx.roles.isDirector(u) || (ctx.roles.isNamed(u) && ctx.roles.isTeamSide(u)));
}
