import { DateTime } from 'luxon';
import type { Outcome } from '../../core/detector';
import type { TimerEvent } from '../../core/events';
import { fill } from '../../core/i18n';
import { formatDuration } from '../../clock/clock';
import { readSlice, save, type Ctx, type ResponseTimer } from './state';

/** The time an interim reply promised has come and nothing followed: nudge its author once. */
export function onFollowUpDue(ev: TimerEvent, timer: Extract<ResponseTimer, { kind: 'follow-up' }>, ctx: Ctx): Outcome[] {
  const conv = timer.conversation;
  const state = ctx.conversations.get(conv);
  const slice = readSlice(state);
  const fu = slice.followUps.find((f) => f.ts === timer.interim && !f.nudged);
  if (!fu) return [];
  const data = {
    client: `<@${fu.client}>`,
    assistant: `<@${fu.assistant}>`,
    channel: `<#${ev.channel}>`,
    deadline: DateTime.fromMillis(fu.deadlineAt, { zone: ctx.calendar.luxonZone }).toFormat('HH:mm'),
    waited: formatDuration(ev.at - fu.ackAt, ctx.lang),
  };
  const out: Outcome[] = [
    { kind: 'nudge', to: [fu.assistant], channel: ev.channel, ts: fu.ts, text: fill(ctx.options.followUp.message[ctx.lang], data) },
    {
      kind: 'finding',
      finding: {
        rule: ctx.ruleId,
        channel: ev.channel,
        ts: fu.requestTs,
        user: fu.assistant,
        severity: ctx.severity,
        at: ev.at,
        evidence: { level: 'follow-up-due', deadlineAt: fu.deadlineAt, interimTs: fu.ts, client: fu.client },
      },
    },
  ];
  return save(out, conv, state, { ...slice, followUps: slice.followUps.map((f) => (f === fu ? { ...fu, nudged: true } : f)) });
}
