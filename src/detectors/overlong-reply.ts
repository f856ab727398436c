import { z } from 'zod';
import { defineDetector, type Outcome } from '../core/detector';
import { phraseListSchema } from '../core/schema';
import { authorText } from '../text/normalize';
import { phrasesFor } from '../text/phrases';
import { isHumanChannelMessage, isTeamMessageToClient, nudgeAuthor } from './support';

/**
 * Rule `overlong-reply` (practice: don't over-serve): a 20-line answer to a 2-line question costs the
 * client time to read and the assistant time to write. Fires when a team reply is `ratio` times
 * longer than the client's short question it answers (and at least `minReplyLines` long), in lines
 * as a reader sees them (a long paragraph wraps), unless the client asked for the detail.
 */
export const overlongReplyOptions = z
  .object({
    /** A client message this short (lines) counts as a short question. */
    maxQuestionLines: z.number().int().min(1).default(2),
    minReplyLines: z.number().int().min(2).default(15),
    ratio: z.number().min(2).default(8),
    /** A client who asks for detail ("詳しく", "step by step") is not over-served by it. */
    detailPhrases: phraseListSchema,
  })
  .strict();

export interface OverlongReplyState {
  /** conversation (main or thread ts) → the client's last message size. */
  last: Record<string, { ts: string; lines: number; chars: number; detail?: boolean }>;
}

/** Display width of one line of a Slack message: a full-width (Japanese) character is two columns. */
const LINE_WIDTH = 60;
const widthOf = (line: string) => {
  let w = 0;
  for (const ch of line) w += ch.codePointAt(0)! > 0xff ? 2 : 1;
  return w;
};
/**
 * How long a text reads, in lines as a reader sees them: every written line, and a long paragraph
 * as the lines it wraps to (60 columns, as on a laptop's Slack pane: ~30 Japanese characters or ~10
 * English words a line), so a
 * single wall of text counts for what it is.
 */
export const lines = (text: string) => text.split('\n').reduce((n, l) => (l.trim() ? n + Math.max(1, Math.ceil(widthOf(l.trim()) / LINE_WIDTH)) : n), 0);

export const overlongReply = defineDetector<typeof overlongReplyOptions, OverlongReplyState>({
  meta: {
    id: 'overlong-reply',
    ref: 'over-serve',
    options: overlongReplyOptions,
    messages: {
      tooLong: {
        ja: '✂️ {questionLines}行のご質問に{replyLines}行で返信しています。要点を先に短く伝え、詳細は必要な時に補足しませんか。',
        en: '✂️ A {questionLines}-line question got a {replyLines}-line answer. Lead with the short answer and add detail only if they need it.',
      },
    },
    placeholders: ['questionLines', 'replyLines'],
  },
  handlers: {
    message(ev, ctx) {
      if (!ctx.channel.tracked || !isHumanChannelMessage(ev)) return [];
      const conv = ev.threadTs ?? 'main';
      const last = { ...(ctx.state?.last ?? {}) };
      if (ctx.roles.roleOf(ev.user, ev.userTeam) === 'client') {
        const own = authorText(ev.text);
        const detail = phrasesFor(ctx.options.detailPhrases).test(own);
        last[conv] = { ts: ev.ts, lines: Math.max(1, lines(own)), chars: own.length, ...(detail ? { detail } : {}) };
        // Only the latest few conversations matter: keep the state small.
        const keys = Object.keys(last);
        if (keys.length > 20) delete last[keys[0]];
        return [{ kind: 'state', value: { last } }];
      }
      if (!isTeamMessageToClient(ev, ctx)) return [];
      // A reply answers the question of its conversation, or the top-level question it threads under.
      const key = last[conv] ? conv : last.main && (!ev.threadTs || last.main.ts === ev.threadTs) ? 'main' : undefined;
      if (!key) return [];
      const q = last[key];
      delete last[key];
      const out: Outcome[] = [];
      const replyLines = lines(authorText(ev.text));
      const o = ctx.options;
      if (!q.detail && q.lines <= o.maxQuestionLines && replyLines >= o.minReplyLines && replyLines >= o.ratio * q.lines) {
        out.push(...nudgeAuthor(ctx, ev, { messageId: 'tooLong', data: { questionLines: q.lines, replyLines }, evidence: { questionTs: q.ts, questionLines: q.lines, replyLines } }));
      }
      out.push({ kind: 'state', value: Object.keys(last).length ? { last } : null });
      return out;
    },
  },
});
