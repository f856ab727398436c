import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { Rulebook } from '../config/rulebook';
import type { ChannelFacts } from '../core/detector';
import type { EngineResult } from '../core/engine';
import type { SlaEvent } from '../core/events';
import { ChannelChanges, ChannelRunner, ChannelView, type PauseRecord } from '../core/runner';
import type { Store, StoreTx, TimerJob } from '../store/types';
import { recordDeadLetter } from './dead-letters';
import { LookupUnavailableError, type Directory } from './directory';
import type { Effect } from './effects';
import { EFFECT_JOB } from './jobs';

/**
 * The live side of the channel runner: drains a channel's inbox under a lock shared by every
 * replica, oldest event first, in batches. A batch reads the state the events need once (only the
 * fields they can touch, not the channel's history), runs each event through the runner, and
 * commits state, timers, outbox effects, records, the waiting index and the inbox removal in one
 * atomic write. Slack is asked who is who and what a channel is before a rule judges an event.
 */
/** Events taken from an inbox per lock, state read and commit. */
const INBOX_BATCH = 50;

export interface ChannelProcessorDeps {
  store: Store;
  rulebook: Rulebook;
  directory: Directory;
  logger: Logger;
  botUserId?: string;
  now: () => number;
  onWork?: () => void;
}

export class ChannelProcessor {
  private readonly runner: ChannelRunner;

  constructor(private readonly d: ChannelProcessorDeps) {
    const team = d.rulebook.team;
    this.runner = new ChannelRunner({
      rulesFor: (facts) => d.rulebook.rulesFor(facts),
      allRules: d.rulebook.rules,
      roles: () => d.directory.currentRoles(),
      team: { language: team.language, escalationChannel: team.escalationChannel },
      calendar: d.rulebook.calendar,
    });
  }

  /** Drain a channel's inbox until it is empty (one batch per lock). */
  async drain(channel: string, attempts: number): Promise<void> {
    while ((await this.processChannel(channel, [], attempts)).more);
  }

  /**
   * Evaluate one event now (a timer, a director's pause, an incident report), after any events of
   * its channel already acknowledged and older than it: a reminder must not fire ahead of the
   * reply that answered it. Events of one channel that arrive while its batch runs wait and go
   * together in the next one: a burst of timers (Monday 10:00) takes one lock, one read and one
   * commit per channel, not one per timer.
   */
  process(event: SlaEvent): Promise<EngineResult> {
    return new Promise((resolve, reject) => {
      const queue = this.waiting.get(event.channel);
      if (queue) queue.push({ event, resolve, reject });
      else {
        this.waiting.set(event.channel, [{ event, resolve, reject }]);
        // Start on the next turn of the event loop: the other timers of the same claim (a channel's
        // timers are claimed together) join this batch instead of waiting for the next one.
        setImmediate(() => void this.runQueued(event.channel));
      }
    });
  }

  /** Events waiting for their channel's next batch in this process. */
  private readonly waiting = new Map<string, Array<{ event: SlaEvent; resolve: (r: EngineResult) => void; reject: (e: unknown) => void }>>();
  private readonly running = new Set<string>();

  private async runQueued(channel: string): Promise<void> {
    if (this.running.has(channel)) return;
    this.running.add(channel);
    try {
      for (let batch = this.waiting.get(channel); batch?.length; batch = this.waiting.get(channel)) {
        this.waiting.delete(channel);
        try {
          const { results } = await this.processChannel(channel, batch.map((b) => b.event), 0);
          batch.forEach((b, i) => b.resolve(results[i]));
        } catch (error) {
          // The whole batch was not committed: each caller's job fails and is retried.
          for (const b of batch) b.reject(error);
        }
      }
    } finally {
      this.running.delete(channel);
      // Something queued after the loop saw an empty queue: run it.
      if (this.waiting.get(channel)?.length) void this.runQueued(channel);
    }
  }

  private async processChannel(channel: string, extras: SlaEvent[], attempts: number): Promise<{ results: EngineResult[]; more: boolean }> {
    const out = await this.d.store.withLock(`lock:ch:${channel}`, async () => {
      // With events of its own, the batch takes every acknowledged event no newer than the newest of
      // them (a backlog after an outage may be longer than one batch); a drain takes one batch.
      const until = extras.length ? Math.max(...extras.map((e) => e.at)) : Infinity;
      let limit = INBOX_BATCH;
      let inbox = await this.d.store.peekInbox(channel, limit);
      while (extras.length && inbox.length === limit && inbox[inbox.length - 1].at <= until) {
        limit *= 4;
        inbox = await this.d.store.peekInbox(channel, limit);
      }
      const take = inbox.filter((e) => e.at <= until);
      const own = [...extras].sort((a, b) => a.at - b.at);
      const view = await this.load(channel, [...take.map((e) => e.event as SlaEvent), ...own]);
      const changes = new ChannelChanges();
      const deadLetters: Array<{ at: number; reason: string }> = [];
      const results = new Map<SlaEvent, EngineResult>();
      // In time order; an acknowledged event goes before one of ours at the same time.
      let i = 0;
      for (const entry of take) {
        while (i < own.length && own[i].at < entry.at) results.set(own[i], await this.step(own[i++], view, changes));
        // Let acknowledgements of new events in between: a batch is CPU work, and Slack waits for its 200.
        await new Promise((resolve) => setImmediate(resolve));
        try {
          await this.step(entry.event as SlaEvent, view, changes);
        } catch (error) {
          // Slack unreachable: hold the whole batch and retry it; deciding without the answer is not safe.
          if (error instanceof LookupUnavailableError || attempts < 3) throw error;
          // Anything else that fails again and again (a bug) must not block the channel: set aside, visibly.
          deadLetters.push({ at: entry.at, reason: (error as Error).message });
        }
      }
      while (i < own.length) results.set(own[i], await this.step(own[i++], view, changes));
      for (const dl of deadLetters) {
        await recordDeadLetter(this.d.store, this.d.logger, { job: { id: `event|${channel}|${dl.at}`, kind: 'event', payload: { ch: channel } }, reason: dl.reason, at: this.d.now() });
      }
      const tx = toTx(channel, changes, this.d.now());
      if (take.length) tx.inboxDone = [{ channel, ids: take.map((e) => e.id) }];
      // The timer jobs handled here are finished in the same write as their work (no second call per timer).
      for (const e of own) if (e.type === 'timer') (tx.complete ??= []).push({ id: e.jobId, dueAt: e.dueAt });
      if (!changes.isEmpty || take.length || tx.complete?.length) await this.d.store.commit(tx);
      return { results: extras.map((e) => results.get(e)!), more: !extras.length && inbox.length === INBOX_BATCH, work: Boolean(tx.schedule?.length) };
    });
    if (out.work) this.d.onWork?.();
    return out;
  }

  /** The state fields the batch's events can touch (everything, if one of them is about the whole channel). */
  private async load(channel: string, events: SlaEvent[]): Promise<ChannelView> {
    const wanted = new Set<string>();
    let all = false;
    for (const e of events) {
      const f = this.runner.fieldsFor(e);
      if (f === 'all') all = true;
      else for (const x of f) wanted.add(x);
    }
    const read = await this.d.store.readChannel(channel, all ? 'all' : [...wanted]);
    return new ChannelView(read.fields, (read.pause as PauseRecord | null) ?? null, all ? 'all' : wanted);
  }

  private async step(event: SlaEvent, view: ChannelView, changes: ChannelChanges): Promise<EngineResult> {
    await this.resolvePeople(event);
    const facts = await this.facts(event);
    const before = changes.effects.length + changes.records.length;
    const res = this.runner.step(event, facts, view, changes);
    for (const e of res.errors) this.d.logger.error({ rule: e.rule, err: { message: e.error.message, stack: e.error.stack } }, 'detector failed');
    const counts: Record<string, number> = {};
    for (const o of res.outcomes) counts[o.kind] = (counts[o.kind] ?? 0) + 1;
    // Something a person will see or a director will count is worth an info line; timer bookkeeping is not.
    const notable = changes.effects.length + changes.records.length > before;
    if (res.outcomes.length) this.d.logger[notable ? 'info' : 'debug']({ event: event.type, channel: event.channel, ...counts }, 'event evaluated');
    return res;
  }

  /**
   * Look up the people of an event before any rule judges it: a guest of our own workspace carries
   * our team id and only users.info tells them from the team (the directory then counts them as
   * clients). Throws LookupUnavailableError when Slack cannot answer: the event waits, it is not guessed.
   */
  private async resolvePeople(event: SlaEvent): Promise<void> {
    const roles = this.d.directory.currentRoles();
    const ids: string[] = [];
    if (event.type === 'message' && event.user && !event.botId && (!event.userTeam || event.userTeam === roles.ourTeamId)) ids.push(event.user);
    if (event.type === 'reaction') ids.push(event.user, ...(event.itemUser ? [event.itemUser] : []));
    // People the team file names by id are settled without Slack (and they write most messages).
    for (const id of ids) if (!roles.isNamed(id)) await this.d.directory.user(id);
  }

  /** The channel's facts, the same for every event kind (rules read them alike live and offline). */
  private async facts(event: SlaEvent): Promise<ChannelFacts> {
    const channel = event.channel;
    const team = this.d.rulebook.team;
    if (event.type === 'message' && (event.channelType === 'im' || event.channelType === 'mpim')) {
      // A DM (seen through an assistant's opt-in): the bot cannot look it up; point to their client channels.
      return {
        id: channel,
        isExtShared: false,
        tracked: false,
        assistants: [],
        channelsOfAuthor: team.channels.filter((c) => event.user && this.d.directory.expandRefs(c.assistants).includes(event.user)).map((c) => c.id),
      };
    }
    const info = await this.d.directory.channel(channel);
    const tracked = info.isExtShared || team.channels.some((c) => c.id === channel);
    return {
      id: channel,
      name: info.name,
      isExtShared: info.isExtShared,
      tracked,
      assistants: tracked ? await this.assistantsFor(event) : [],
    };
  }

  /**
   * The channel's assistants, for every event (cached by the directory: one members look-up per
   * channel per few minutes). Slack unreachable: the event waits. A definite refusal (a missing
   * scope) holds a timer, which may nudge or escalate and must never decide "nobody"; a message is
   * still evaluated (its request opens, its stamp goes out) with no assistants named: no rule
   * nudges assistants from a message, and holding every message of the channel would lose them.
   */
  private async assistantsFor(event: SlaEvent): Promise<string[]> {
    try {
      return await this.d.directory.assistantsOf(event.channel, this.d.botUserId);
    } catch (error) {
      if (event.type === 'timer' || error instanceof LookupUnavailableError) throw error;
      this.d.logger.warn({ channel: event.channel, err: (error as Error).message }, 'assistants of the channel unknown (Slack refused the look-up); evaluating the event without them');
      return [];
    }
  }
}

/** The runner's changes as one store transaction (every key in the channel's shard). */
function toTx(channel: string, c: ChannelChanges, now: number): StoreTx {
  const tx: StoreTx = { channel: { channel }, schedule: [], cancel: [], records: c.records };
  const cw = tx.channel!;
  for (const [field, value] of c.fields) {
    if (value === null) (cw.del ??= []).push(field);
    else (cw.set ??= []).push({ field, value });
  }
  if (c.pause !== undefined) cw.pause = c.pause;
  for (const [k, w] of c.waiting) {
    const wait = (cw.waiting ??= {});
    if (w) (wait.set ??= []).push({ channel, ...w });
    else (wait.del ??= []).push({ rule: k.slice(0, k.indexOf('|')), key: k.slice(k.indexOf('|') + 1) });
  }
  for (const [id, job] of c.timers) {
    if (job) tx.schedule!.push(job);
    else tx.cancel!.push(id);
  }
  for (const o of c.effects) {
    // One job per recipient, so a retry never repeats a nudge someone already got.
    if (o.kind === 'nudge') for (const user of o.to) tx.schedule!.push(effectJob(channel, { ...o, to: [user] } as Effect, now));
    else tx.schedule!.push(effectJob(channel, o as Effect, now));
  }
  return tx;
}

/** Effect jobs carry their channel in the id ("effect|<channel>|<uuid>"): the store keeps them in its shard. */
function effectJob(channel: string, effect: Effect, now: number): TimerJob {
  return { id: `${EFFECT_JOB}|${channel}|${randomUUID()}`, dueAt: now, kind: EFFECT_JOB, payload: effect as unknown as Record<string, unknown> };
}
