import type { Outcome } from '../../core/detector';
import type { TimerEvent } from '../../core/events';
import { fill } from '../../core/i18n';
import { formatDuration } from '../../clock/clock';
import { armResponseTimer, readSlice, save, waitedMs, type Ctx, type ResponseTimer } from './state';

/**
 * A request's timer: every threshold reached and not yet fired is recorded, and the most severe
 * one is sent (after downtime, only that one): a nudge to the channel's assistants, an escalation
 * to the directors, a finding for the reports. Then the timer is re-armed for the next threshold.
 */
export function onResponseDue(ev: TimerEvent, timer: Extract<ResponseTimer, { kind: 'response' }>, ctx: Ctx): Outcome[] {
  const conv = timer.conversation;
  const state = ctx.conversations.get(conv);
  const slice = readSlice(state);
  const req = slice.requests.find((r) => r.ts === timer.request);
  if (!req) return []; // answered or withdrawn meanwhile: a stale timer
  const waited = waitedMs(ctx, req, ev.at);
  const reached = ctx.options.thresholds.filter((t) => t.after <= waited + 999 && !req.fired.includes(t.level));
  const out: Outcome[] = [];
  let next = req;
  if (reached.length > 0) {
    const t = reached[reached.length - 1];
    next = { ...req, fired: [...req.fired, ...reached.map((r) => r.level)] };
    const assistants = ctx.channel.assistants;
    const data = {
      client: `<@${req.client}>`,
      assistant: assistants.length ? assistants.map((a) => `<@${a}>`).join(' ') : ctx.lang === 'ja' ? '(担当未設定)' : '(no assistant set)',
      channel: `<#${ev.channel}>`,
      waited: formatDuration(waited, ctx.lang),
      threshold: formatDuration(t.after, ctx.lang),
    };
    if (t.notify.includes('assistant') && assistants.length > 0) {
      out.push({ kind: 'nudge', to: assistants, channel: ev.channel, ts: req.ts, text: fill(t.message[ctx.lang], data) });
    }
    if (t.notify.includes('directors') && t.escalation) {
      out.push({ kind: 'escalation', channel: ev.channel, ts: req.ts, target: ctx.options.escalationChannel ?? ctx.team.escalationChannel, text: fill(t.escalation[ctx.lang], data) });
    }
    out.push({
      kind: 'finding',
      finding: {
        rule: ctx.ruleId,
        channel: ev.channel,
        ts: req.ts,
        user: assistants[0] ?? req.client,
        severity: t.notify.includes('directors') ? 'error' : ctx.severity,
        at: ev.at,
        evidence: { level: t.level, waitedMs: waited, thresholdMs: t.after, client: req.client, assistants, lateMs: ev.at - ev.dueAt },
      },
    });
  }
  const rearm = armResponseTimer(ctx, conv, next);
  if (rearm) out.push(rearm);
  return save(out, conv, state, { ...slice, requests: slice.requests.map((r) => (r === req ? next : r)) });
}
