import type { Outcome } from '../../core/detector';
import { armResponseTimer, followUpTimer, followUpTimerId, responseTimerId, save, type ConversationState, type Ctx } from './state';

/** A director paused the client: every clock of the channel stops (its timers are cancelled). */
export function onPause(at: number, ctx: Ctx): Outcome[] {
  const out: Outcome[] = [];
  for (const [conv, slice] of ctx.conversations.entries()) {
    const next: ConversationState = { ...slice };
    if (slice.pending && slice.pending.pausedAt === undefined) {
      next.pending = { ...slice.pending, pausedAt: at };
      out.push({ kind: 'cancel-timer', id: responseTimerId(conv) });
    }
    if (slice.followUp && slice.followUp.pausedAt === undefined && !slice.followUp.nudged) {
      next.followUp = { ...slice.followUp, pausedAt: at };
      out.push({ kind: 'cancel-timer', id: followUpTimerId(conv) });
    }
    if (next.pending !== slice.pending || next.followUp !== slice.followUp) save(out, conv, slice, next);
  }
  return out;
}

/** The pause ended: requests keep the time they had left (the paused time is excluded); promised times move by the pause's length. */
export function onResume(at: number, ctx: Ctx): Outcome[] {
  const out: Outcome[] = [];
  for (const [conv, slice] of ctx.conversations.entries()) {
    const next: ConversationState = { ...slice };
    const req = slice.pending;
    if (req && req.pausedAt !== undefined) {
      const { pausedAt, ...rest } = req;
      next.pending = { ...rest, excludedMs: (req.excludedMs ?? 0) + ctx.clock.elapsedBetween(Math.max(pausedAt, req.openedAt), at) };
      const timer = armResponseTimer(ctx, conv, next.pending);
      if (timer) out.push(timer);
    }
    const fu = slice.followUp;
    if (fu && fu.pausedAt !== undefined) {
      const { pausedAt, ...rest } = fu;
      next.followUp = { ...rest, deadlineAt: fu.deadlineAt + Math.max(0, at - pausedAt) };
      out.push(followUpTimer(conv, fu.ts, next.followUp.deadlineAt));
    }
    if (next.pending !== slice.pending || next.followUp !== slice.followUp) save(out, conv, slice, next);
  }
  return out;
}
