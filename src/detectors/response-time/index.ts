import { defineDetector } from '../../core/detector';
import { isHumanChannelMessage } from '../support';
import { onClientMessage, onDeleted } from './client';
import { onFollowUpDue } from './follow-ups';
import { PLACEHOLDERS, responseTimeOptions } from './options';
import { onPause, onResume } from './pause';
import type { ConversationState, ResponseTimer } from './state';
import { STAMP_MESSAGES, STAMP_PLACEHOLDERS } from './stamp';
import { onTeamMessage } from './team';
import { onResponseDue } from './thresholds';

/**
 * Rule `response-time` (rulebook 0.1, 即時レスポンス): a client's request must get a reply from the
 * team within the thresholds of the rule file (1h reminder, 3h slow, 6h breach by default).
 *
 *   options.ts     the rule file's schema        state.ts       slices per conversation, timers
 *   client.ts      requests open and close       team.ts        replies, interim replies, stamps
 *   thresholds.ts  reminders and escalations     follow-ups.ts  promised follow-ups that did not come
 *   pause.ts       a director's pause and resume stamp.ts       the acknowledged-by stamp and its texts
 */
export const responseTime = defineDetector<typeof responseTimeOptions, ConversationState>({
  meta: {
    id: 'response-time',
    ref: '0.1',
    state: 'conversation',
    options: responseTimeOptions,
    // Threshold and follow-up texts are options (a list a team extends); the stamp's are messages.
    messages: STAMP_MESSAGES,
    placeholders: PLACEHOLDERS,
    messagePlaceholders: STAMP_PLACEHOLDERS,
  },
  handlers: {
    message(ev, ctx) {
      // Bots, workflows and integrations never open or answer a request; DMs are not client channels.
      if (!isHumanChannelMessage(ev)) return [];
      const role = ctx.roles.roleOf(ev.user, ev.userTeam);
      if (role === 'client') return onClientMessage(ev, ctx);
      if (role === 'assistant' || role === 'director') return onTeamMessage(ev, ctx);
      return [];
    },
    message_deleted(ev, ctx) {
      return onDeleted(ev.deletedTs, ctx);
    },
    timer(ev, ctx) {
      // A timer that fires during a pause is dropped: resuming re-arms it with the time left.
      if (ctx.channel.paused) return [];
      const timer = ev.payload as unknown as ResponseTimer;
      return timer.kind === 'follow-up' ? onFollowUpDue(ev, timer, ctx) : onResponseDue(ev, timer, ctx);
    },
    pause(ev, ctx) {
      return onPause(ev.at, ctx);
    },
    resume(ev, ctx) {
      return onResume(ev.at, ctx);
    },
  },
});

export { responseTimeOptions, type ResponseTimeOptions } from './options';
export type { ConversationState, FollowUp, PendingRequest } from './state';
