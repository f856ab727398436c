import { defineDetector } from '../../core/detector';
import { isHumanChannelMessage } from '../support';
import { onClientMessage, onDeleted } from './client';
import { onFollowUpDue } from './follow-ups';
import { PLACEHOLDERS, responseTimeOptions } from './options';
import { onPause, onResume } from './pause';
import type { ConversationState, ResponseTimer } from './state';
import { onTeamMessage } from './team';
import { onResponseDue } from './thresholds';

/**
 * Rule `response-time` (rulebook 0.1, 即時レスポンス): a client's request must get a reply from the
 * team within the thresholds of the rule file (1h reminder, 3h slow, 6h breach by default).
 *
 *   options.ts     the rule file's schema        state.ts       slices per conversation, timers
 *   client.ts      requests open and close       team.ts        replies, interim replies, stamps
 *   thresholds.ts  reminders and escalations     follow-ups.ts  promised follow-ups that did not come
 *   pause.ts       a director's pause and resume
 */
export const responseTime = defineDetector<typeof responseTimeOptions, ConversationState>({
  meta: {
    id: 'response-time',
    ref: '0.1',
    events: ['message', 'message_deleted', 'timer', 'pause', 'resume'],
    state: 'conversation',
    options: responseTimeOptions,
    messages: {},
    placeholders: PLACEHOLDERS,
  },
  run(event, ctx) {
    switch (event.type) {
      case 'message': {
        // Bots, workflows and integrations never open or answer a request; DMs are not client channels.
        if (!isHumanChannelMessage(event)) return [];
        const role = ctx.roles.roleOf(event.user, event.userTeam);
        if (role === 'client') return onClientMessage(event, ctx);
        if (role === 'assistant' || role === 'director') return onTeamMessage(event, ctx);
        return [];
      }
      case 'message_deleted':
        return onDeleted(event.deletedTs, ctx);
      case 'timer': {
        // A timer that fires during a pause is dropped: resuming re-arms it with the time left.
        if (ctx.channel.paused) return [];
        const timer = event.payload as unknown as ResponseTimer;
        return timer.kind === 'follow-up' ? onFollowUpDue(event, timer, ctx) : onResponseDue(event, timer, ctx);
      }
      case 'pause':
        return onPause(event.at, ctx);
      case 'resume':
        return onResume(event.at, ctx);
      default:
        return [];
    }
  },
});

export { responseTimeOptions, type ResponseTimeOptions } from './options';
export type { ConversationState, FollowUp, PendingRequest } from './state';
