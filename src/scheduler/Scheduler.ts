import type { Logger } from 'pino';
import type { ClaimedTimer, Store } from '../store/types';

/**
 * The timer loop: claim due jobs from the store (each job goes to exactly one replica per lease),
 * run the handler, complete the job. A handler that throws, or a process that dies, leaves the job
 * leased; when the lease runs out it is due again. So a timer is retried, never lost.
 */
export interface SchedulerOptions {
  pollMs?: number;
  leaseMs?: number;
  batch?: number;
  concurrency?: number;
  logger?: Logger;
  now?: () => number;
}

const WAKE_MERGE_MS = 3;

export class Scheduler {
  private readonly pollMs: number;
  private readonly leaseMs: number;
  private readonly batch: number;
  private readonly concurrency: number;
  private readonly now: () => number;
  private running = false;
  private timer: NodeJS.Timeout | undefined;
  private wakeUp: (() => void) | undefined;
  private loop: Promise<void> | undefined;
  private readonly inflight = new Set<Promise<void>>();
  private failures = 0;
  private wakePending: NodeJS.Timeout | undefined;
  /** The last claim filled every free slot: more may be due, so a freed slot looks again at once. */
  private saturated = false;

  constructor(
    private readonly store: Store,
    /** 'completed': the handler finished the job itself, in the same write as its work. */
    private readonly handler: (job: ClaimedTimer) => Promise<void | 'completed'>,
    private readonly o: SchedulerOptions = {},
  ) {
    this.pollMs = o.pollMs ?? 200;
    this.leaseMs = o.leaseMs ?? 30_000;
    this.batch = o.batch ?? 100;
    this.concurrency = o.concurrency ?? 10;
    this.now = o.now ?? Date.now;
  }

  /** Jobs running now (a claimed job's lease hides it from the store's due times). */
  get jobsRunning(): number {
    return this.inflight.size;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  /**
   * Look for due work soon instead of at the next poll (after a commit that created some). Wakes
   * within a few milliseconds are merged into one claim: under a burst of events, one claim per
   * event would cost more than the work itself.
   */
  wake(): void {
    if (!this.running) {
      this.wakeUp?.();
      return;
    }
    if (this.wakePending) return;
    this.wakePending = setTimeout(() => {
      this.wakePending = undefined;
      this.wakeUp?.();
    }, WAKE_MERGE_MS);
  }

  async stop(): Promise<void> {
    this.running = false;
    clearTimeout(this.wakePending);
    this.wakePending = undefined;
    this.wake();
    await this.loop;
    await Promise.allSettled([...this.inflight]);
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      this.timer = setTimeout(resolve, ms);
      this.wakeUp = () => {
        clearTimeout(this.timer);
        resolve();
      };
    });
  }

  private async run(): Promise<void> {
    while (this.running) {
      let wait = this.pollMs;
      try {
        await this.tick();
        this.failures = 0;
        const next = await this.store.nextDueAt();
        // Sleep until the next due job if sooner, but never past a poll: another replica may add work.
        if (next !== null) wait = Math.max(5, Math.min(this.pollMs, next - this.now()));
      } catch (error) {
        this.failures++;
        wait = Math.min(5000, this.pollMs * 2 ** Math.min(this.failures, 5));
        this.o.logger?.warn({ err: (error as Error).message, retryInMs: wait }, 'scheduler could not reach the store');
      }
      if (this.running) await this.sleep(wait);
    }
  }

  private async tick(): Promise<void> {
    // Only claim what can start now, so leases are not spent waiting in a local queue.
    const room = this.concurrency - this.inflight.size;
    if (room <= 0) return;
    const want = Math.min(room, this.batch);
    const jobs = await this.store.claimDueTimers(this.now(), want, this.leaseMs);
    this.saturated = jobs.length === want;
    for (const job of jobs) {
      const p = this.runJob(job).finally(() => {
        this.inflight.delete(p);
        // A slot freed up while work was waiting: look for more without waiting for the poll.
        // (New work committed meanwhile wakes the loop itself, through wake().)
        if (this.running && this.saturated) this.wake();
      });
      this.inflight.add(p);
    }
  }

  private async runJob(job: ClaimedTimer): Promise<void> {
    // While the handler works (a slow Slack call), keep the lease: a job handed out twice could post twice.
    const renew = setInterval(() => void this.store.extendLease(job.id, this.now() + this.leaseMs).catch(() => undefined), Math.max(100, this.leaseMs / 3));
    try {
      if ((await this.handler(job)) !== 'completed') await this.store.completeTimer(job.id, job.dueAt);
    } catch (error) {
      // A warning: the job runs again when its lease runs out; one that never succeeds ends as a
      // dead letter (logged at error by its handler), so an error line means work was given up.
      this.o.logger?.warn({ job: job.id.slice(0, 200), kind: job.kind, attempts: job.attempts + 1, err: String((error as Error).message).slice(0, 200) }, 'job failed; it will be retried when its lease runs out');
    } finally {
      clearInterval(renew);
    }
  }
}
