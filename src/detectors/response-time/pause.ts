import type { Outcome } from '../../core/detector';
import { armResponseTimer, followUpTimer, followUpTimerId, legacyTimerIds, readSlice, responseTimerId, save, type Ctx, type FollowUp, type PendingRequest } from './state';

/** A director paused the client: every clock of the channel stops (its timers are cancelled). */
export function onPause(at: number, ctx: Ctx): Outcome[] {
  const out: Outcome[] = [];
  for (const [conv, state] of ctx.conversations.entries()) {
    const slice = readSlice(state);
    let changed = false;
    const requests = slice.requests.map((r): PendingRequest => {
      if (r.pausedAt !== undefined) return r;
      changed = true;
      out.push({ kind: 'cancel-timer', id: responseTimerId(conv, r.ts) });
      return { ...r, pausedAt: at };
    });
    const followUps = slice.followUps.map((f): FollowUp => {
      if (f.pausedAt !== undefined || f.nudged) return f;
      changed = true;
      out.push({ kind: 'cancel-timer', id: followUpTimerId(conv, f.requestTs) });
      return { ...f, pausedAt: at };
    });
    if (state?.pending || state?.followUp) for (const id of legacyTimerIds(conv)) out.push({ kind: 'cancel-timer', id });
    if (changed) save(out, conv, state, { requests, followUps });
  }
  return out;
}

/** The pause ended: requests keep the time they had left (the paused time is excluded); promised times move by the pause's length. */
export function onResume(at: number, ctx: Ctx): Outcome[] {
  const out: Outcome[] = [];
  for (const [conv, state] of ctx.conversations.entries()) {
    const slice = readSlice(state);
    let changed = false;
    const requests = slice.requests.map((req): PendingRequest => {
      if (req.pausedAt === undefined) return req;
      changed = true;
      const { pausedAt, ...rest } = req;
      const next = { ...rest, excludedMs: (req.excludedMs ?? 0) + ctx.clock.elapsedBetween(Math.max(pausedAt, req.openedAt), at) };
      const timer = armResponseTimer(ctx, conv, next);
      if (timer) out.push(timer);
      return next;
    });
    const followUps = slice.followUps.map((fu): FollowUp => {
      if (fu.pausedAt === undefined) return fu;
      changed = true;
      const { pausedAt, ...rest } = fu;
      const next = { ...rest, deadlineAt: fu.deadlineAt + Math.max(0, at - pausedAt) };
      out.push(followUpTimer(conv, next));
      return next;
    });
    if (changed) save(out, conv, state, { requests, followUps });
  }
  return out;
}
