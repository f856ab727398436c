import { z } from 'zod';
import { defineDetector } from '../core/detector';
import { durationSchema, phraseListSchema } from '../core/schema';
import { formatDuration } from '../clock/clock';
import { authorText } from '../text/normalize';
import { phrasesFor } from '../text/phrases';
import { isTeamMessageToClient, linksOf, nudge } from './support';

/**
 * Rule `call-recap` (rulebook 0.14, 電話後の確認と記録): after a call, confirm decisions and next
 * actions in writing. A call is a huddle in the channel, a call link, or a message saying a call took
 * place; without a written recap from the team within `after`, the assistant gets a template.
 */
export const callRecapOptions = z
  .object({
    after: durationSchema.default(30 * 60_000),
    callHosts: z.array(z.string().min(3)).default([]),
    callPhrases: phraseListSchema,
    recapPhrases: phraseListSchema,
  })
  .strict();

export interface CallRecapState {
  call: { ts: string; at: number; by?: string; how: 'huddle' | 'link' | 'words' };
}

export const callRecap = defineDetector<typeof callRecapOptions, CallRecapState>({
  meta: {
    id: 'call-recap',
    ref: '0.14',
    options: callRecapOptions,
    messages: {
      noRecap: {
        ja: '☎️ 通話から {waited} 経ちましたが、書面での確認がまだです。例:「先程はありがとうございました!次回アクションについて、下記で相違ないかご確認いただけますと幸いです。\n・決定事項:\n・次回アクション(担当/期限):」',
        en: '☎️ {waited} since the call and no written recap yet. e.g. "Thanks for the call! Could you confirm the next steps below?\n• Decisions:\n• Next actions (owner / due):"',
      },
    },
    placeholders: ['waited'],
  },
  handlers: {
    message(ev, ctx) {
      if (!ctx.channel.tracked || ev.channelType === 'im' || ev.channelType === 'mpim' || !ev.user || ev.botId) return [];
      const m = { call: phrasesFor(ctx.options.callPhrases), recap: phrasesFor(ctx.options.recapPhrases) };
      const team = ctx.roles.isTeamSide(ev.user, ev.userTeam);
      const own = authorText(ev.text);
      // A recap from the team settles the pending call (also when it is the call message itself).
      if (team && isTeamMessageToClient(ev, ctx) && m.recap.test(own)) {
        return ctx.state?.call ? [{ kind: 'cancel-timer', id: 'cr' }, { kind: 'state', value: null }] : [];
      }
      let how: CallRecapState['call']['how'] | undefined;
      if (ev.subtype === 'huddle_thread') how = 'huddle';
      else if (linksOf(ev.text).some((u) => ctx.options.callHosts.some((h) => hostOf(u) === h || hostOf(u).endsWith(`.${h}`)))) how = 'link';
      else if (m.call.test(own)) how = 'words';
      if (!how) return [];
      const call: CallRecapState['call'] = { ts: ev.ts, at: ev.at, by: team ? ev.user : undefined, how };
      return [
        { kind: 'timer', id: 'cr', dueAt: ev.at + ctx.options.after, payload: { ts: ev.ts } },
        { kind: 'state', value: { call } },
      ];
    },
    timer(ev, ctx) {
      const call = ctx.state?.call;
      if (!call || call.ts !== ev.payload.ts) return [];
      const to = call.by ? [call.by] : ctx.channel.assistants;
      return [
        ...nudge(ctx, {
          about: { channel: ev.channel, ts: call.ts, at: ev.at },
          to,
          messageId: 'noRecap',
          data: { waited: formatDuration(ev.at - call.at, ctx.lang) },
          evidence: { how: call.how, callAt: call.at },
        }),
        { kind: 'state', value: null },
      ];
    },
  },
});

function hostOf(url: string): string {
  try {
    return new URL(url).hostname.toLowerCase();
  } catch {
    return '';
  }
}
