import { z } from 'zod';
import { defineDetector } from '../core/detector';
import { fill } from '../core/i18n';
import { phraseListSchema } from '../core/schema';
import { authorText } from '../text/normalize';
import { phrasesFor } from '../text/phrases';

/**
 * Rule `dm-usage` (rulebook 0.15, 個別チャットの使用に関する制限): business goes in a channel others
 * can see, with a mention, not in a DM. The bot only sees DMs of assistants who opted in (user
 * token with im:history / mpim:history, see README). Fires on business talk by a team member in a
 * DM or group DM; the nudge is a private message from the bot naming the channel to use. Findings
 * record no text, only that it happened.
 */
export const dmUsageOptions = z.object({ businessPhrases: phraseListSchema }).strict();

export const dmUsage = defineDetector<typeof dmUsageOptions, never>({
  meta: {
    id: 'dm-usage',
    ref: '0.15',
    options: dmUsageOptions,
    messages: {
      useChannel: {
        ja: '📣 DMで業務のやり取り({phrase})をしています。履歴が他のメンバーから見えるよう、{channel} で相手にメンションして連絡しましょう。',
        en: '📣 You discussed business ({phrase}) in a DM. Use {channel} with a mention instead, so the team can see the history.',
      },
      sharedChannel: { ja: '共有チャンネル', en: 'the shared channel' },
    },
    placeholders: ['phrase', 'channel'],
  },
  handlers: {
    message(ev, ctx) {
      if (ev.channelType !== 'im' && ev.channelType !== 'mpim') return [];
      if (!ev.user || ev.botId || ev.subtype) return [];
      if (!ctx.roles.isTeamSide(ev.user, ev.userTeam)) return [];
      const phrase = phrasesFor(ctx.options.businessPhrases).find(authorText(ev.text));
      if (!phrase) return [];
      const channels = ctx.channel.channelsOfAuthor ?? [];
      const channel = channels.length ? channels.map((c) => `<#${c}>`).join(' / ') : ctx.texts.sharedChannel;
      return [
        {
          kind: 'finding',
          finding: { rule: ctx.ruleId, channel: ev.channel, ts: ev.ts, user: ev.user, severity: ctx.severity, at: ev.at, evidence: { messageId: 'useChannel', phrase, channelType: ev.channelType } },
        },
        { kind: 'direct', to: ev.user, text: fill(ctx.texts.useChannel, { phrase, channel }) },
      ];
    },
  },
});
