import { z } from 'zod';
import { defineDetector } from '../core/detector';
import { phraseListSchema } from '../core/schema';
import { authorText, mentionedUsers } from '../text/normalize';
import { phrasesFor } from '../text/phrases';
import { isTeamMessageToClient, linksOf, nudgeAuthor } from './support';

/**
 * Rule `link-permission` (rulebook 0.16, 閲覧権限の確認): a document link shared where people of
 * another organisation can see it needs its viewing/editing permissions checked.
 */
export const linkPermissionOptions = z
  .object({
    /** Host names (suffix match) of document services. */
    documentHosts: z.array(z.string().min(3)).min(1),
    /** A message that already speaks of permissions needs no reminder. */
    permissionPhrases: phraseListSchema,
  })
  .strict();

export const linkPermission = defineDetector<typeof linkPermissionOptions, never>({
  meta: {
    id: 'link-permission',
    ref: '0.16',
    options: linkPermissionOptions,
    messages: {
      checkPermission: {
        ja: '🔐 {host} のリンクを社外メンバーのいるチャンネルで共有しました。閲覧・編集権限が相手に合っているか(リンクを知っている全員になっていないか)を確認しましょう。',
        en: '🔐 You shared a {host} link in a channel with external members. Check its view/edit permissions fit them (and that it is not open to anyone with the link).',
      },
    },
    placeholders: ['host'],
  },
  handlers: {
    message(ev, ctx) {
      if (!isTeamMessageToClient(ev, ctx) || !ctx.channel.isExtShared) return [];
      // A share addressed only to colleagues (every @-mention is of the team) is internal.
      const mentioned = mentionedUsers(ev.text);
      if (mentioned.length && mentioned.every((u) => ctx.roles.isTeamSide(u))) return [];
      for (const url of linksOf(ev.text)) {
        let host: string;
        try {
          host = new URL(url).hostname.toLowerCase();
        } catch {
          continue;
        }
        const doc = ctx.options.documentHosts.find((h) => host === h || host.endsWith(`.${h}`));
        if (!doc) continue;
        if (phrasesFor(ctx.options.permissionPhrases).test(authorText(ev.text))) return [];
        return nudgeAuthor(ctx, ev, { messageId: 'checkPermission', data: { host: doc }, evidence: { host, url } });
      }
      return [];
    },
  },
});
