/**
 * ChannelProcessor on the memory store and a fake clock: how a channel's inbox is drained and how
 * an event evaluated "now" (a timer, a pause) is ordered after the events already acknowledged.
 * Events are queued with store.enqueueEvent exactly as SlaService.handleEnvelope queues them; the
 * Directory is the real one over a stub of Slack's look-up methods (test/helpers/service-world.ts).
 * No effect runner here: the processor only commits effect jobs, which the tests read back.
 */
import type { SlaEvent } from '../../src/core/events';
import { stateField } from '../../src/core/engine';
import { MAIN_CONVERSATION } from '../../src/core/runner';
import { timerEvent } from '../../src/core/virtual-channel';
import { ChannelProcessor } from '../../src/slack/channel-processor';
import { recentDeadLetters } from '../../src/slack/dead-letters';
import { LookupUnavailableError } from '../../src/slack/directory';
import { normalizeEvent } from '../../src/slack/normalize';
import { BOT_USER, createServiceWorld, messageEnvelope, platformError, slackTs, T0, type MessageSpec, type ServiceWorld } from '../helpers/service-world';

const CH = 'C0ACME';
/** The response timer of a request (one per request: "rt:<conversation>:<request ts>"). */
const rtJob = (ts: string, channel = CH) => `response-time|${channel}|rt:main:${ts}`;
const RT_FIELD = stateField('response-time', MAIN_CONVERSATION);
const REMINDER_MS = 2_000;

let w: ServiceWorld;
let processor: ChannelProcessor;
let work: number;
beforeEach(async () => {
  w = await createServiceWorld();
  work = 0;
  processor = new ChannelProcessor({ store: w.store, rulebook: w.rulebook, directory: w.directory, logger: w.logger, botUserId: BOT_USER, now: w.clock.fn, onWork: () => void work++ });
});

let eventNo = 0;
/** Queue a message in its channel's inbox the way SlaService.handleEnvelope does. */
async function enqueue(m: MessageSpec): Promise<SlaEvent & { type: 'message' }> {
  const event = normalizeEvent(messageEnvelope(m).body.event) as SlaEvent & { type: 'message' };
  const queued = await w.store.enqueueEvent({
    dedupeKey: `evt:cp-${++eventNo}`,
    dedupeTtlMs: 3_600_000,
    channel: event.channel,
    at: event.at,
    sortKey: event.ts,
    event,
    jobId: `inbox|${event.channel}`,
    jobKind: 'inbox',
    now: w.clock.now,
  });
  expect(queued).toBe(true);
  return event;
}

/** Effect jobs due at the fake now (they are due when committed), claimed so they can be read. */
async function effectJobs() {
  return (await w.store.claimDueTimers(w.clock.now, 100, 60_000)).filter((j) => j.kind === 'effect');
}

/** The response timer of C0ACME as the scheduler would hand it back, firing at the fake now. */
async function firingTimer(jobId: string): Promise<SlaEvent> {
  const job = await w.store.getTimer(jobId);
  expect(job).not.toBeNull();
  return timerEvent(job!.payload.ch as string, job!.id, job!, Math.max(w.clock.now, job!.dueAt));
}

test('drain takes the inbox oldest first and empties it; the commit wakes the scheduler for the new timer', async () => {
  // Queued newest first: a reply, then the request it answers, then a later request in a thread.
  const reply = await enqueue({ user: 'U0SATO', text: '確認いたします', at: T0 + 1_000 });
  const ask = await enqueue({ text: '資料を共有いただけますか?', at: T0 });
  const later = await enqueue({ text: '追加でもう一点お願いします', at: T0 + 2_000, threadTs: reply.ts });
  w.clock.set(T0 + 3_000);

  await processor.drain(CH, 0);

  expect(await w.store.peekInbox(CH, 10)).toEqual([]);
  // The request was answered by the reply (so it does not wait); the thread's request still does.
  const waiting = await w.store.listWaiting(CH);
  expect(waiting.map((x) => x.ts)).toEqual([later.ts]);
  expect(await w.store.getTimer(rtJob(ask.ts))).toBeNull();
  expect(await w.store.getTimer(`response-time|${CH}|rt:${reply.ts}:${later.ts}`)).toMatchObject({ dueAt: later.at + REMINDER_MS });
  const effects = await effectJobs();
  expect(effects.map((j) => j.payload)).toEqual([expect.objectContaining({ kind: 'stamp', ts: ask.ts, assistant: 'U0SATO' })]);
  expect(work).toBe(1);
});

test('process() runs the older acknowledged events first: a reply already in the inbox makes the due timer stale', async () => {
  const ask = await enqueue({ text: '資料を共有いただけますか?', at: T0 });
  await processor.drain(CH, 0);
  expect(await w.store.getTimer(rtJob(ask.ts))).not.toBeNull();

  // The reply is acknowledged but not drained yet when the timer comes due.
  await enqueue({ user: 'U0SATO', text: '共有しました', at: T0 + 1_500 });
  w.clock.set(T0 + REMINDER_MS);
  const res = await processor.process(await firingTimer(rtJob(ask.ts)));

  expect(res.outcomes.map((o) => o.kind)).toEqual([]);
  expect(await w.store.peekInbox(CH, 10)).toEqual([]);
  expect(await w.store.listWaiting(CH)).toEqual([]);
  const jobs = await effectJobs();
  expect(jobs.map((j) => j.payload.kind)).toEqual(['stamp']);
  expect(jobs[0].payload).toMatchObject({ ts: ask.ts });
  expect(await w.store.rangeRecords('findings', 0, Number.MAX_SAFE_INTEGER)).toEqual([]);
});

test('process() leaves events newer than itself in the inbox', async () => {
  const ask = await enqueue({ text: '資料を共有いただけますか?', at: T0 });
  await processor.drain(CH, 0);
  const reply = await enqueue({ user: 'U0SATO', text: '共有しました', at: T0 + 5_000 });
  w.clock.set(T0 + 5_000);
  // The timer fires as of its due time (2 s): the reply of 5 s is newer and must wait its turn.
  const due = await w.store.getTimer(rtJob(ask.ts));
  const res = await processor.process(timerEvent(CH, rtJob(ask.ts), due!, due!.dueAt));

  expect(res.outcomes.filter((o) => o.kind === 'nudge')).toEqual([expect.objectContaining({ to: ['U0SATO'], ts: ask.ts })]);
  expect((await w.store.peekInbox(CH, 10)).map((e) => (e.event as { ts: string }).ts)).toEqual([reply.ts]);
  expect(await w.store.listWaiting(CH)).toHaveLength(1);
});

test('a look-up Slack cannot answer holds the whole batch: nothing committed, every event still queued, even after 3 tries', async () => {
  const ask = await enqueue({ text: '資料を共有いただけますか?', at: T0 });
  // U0SUZUKI is an assistant only through @assistants: a guest could be in a group, so Slack is asked who they are.
  await enqueue({ user: 'U0SUZUKI', text: '共有しました', at: T0 + 1_000 });
  w.slack.failNext('users.info', 1);

  await expect(processor.drain(CH, 5)).rejects.toBeInstanceOf(LookupUnavailableError);
  expect(await w.store.peekInbox(CH, 10)).toHaveLength(2);
  expect(await w.store.getTimer(rtJob(ask.ts))).toBeNull();
  expect((await w.store.readChannel(CH, 'all')).fields.size).toBe(0);
  expect(await w.store.listWaiting(CH)).toEqual([]);
  expect(await recentDeadLetters(w.store, w.clock.now, 3_600_000)).toEqual([]);

  // Slack is back: both events run, in order, and the second answers the first.
  await processor.drain(CH, 6);
  expect(await w.store.peekInbox(CH, 10)).toEqual([]);
  expect(await w.store.listWaiting(CH)).toEqual([]);
  expect((await effectJobs()).map((j) => j.payload)).toEqual([expect.objectContaining({ kind: 'stamp', assistant: 'U0SUZUKI' })]);
});

test('a refused member list (missing_scope): a message is still evaluated without assistants, but a timer is held, never "nobody"', async () => {
  // C0BETA names no assistants in team.yaml: they come from conversations.members.
  w.slack.failNext('conversations.members', 100, () => platformError('missing_scope'));
  const ask = await enqueue({ channel: 'C0BETA', user: 'U0CLIENT2', text: '資料を共有いただけますか?', at: T0 });
  await processor.drain('C0BETA', 0);
  const betaJob = rtJob(ask.ts, 'C0BETA');
  expect(await w.store.getTimer(betaJob)).toMatchObject({ dueAt: T0 + REMINDER_MS });
  expect(await w.store.listWaiting('C0BETA')).toEqual([expect.objectContaining({ ts: ask.ts })]);

  w.clock.set(T0 + REMINDER_MS);
  await expect(processor.process(await firingTimer(betaJob))).rejects.toThrow(/missing_scope/);
  // Nothing decided: no level fired, no escalation "担当未設定", the timer still there to retry.
  expect((await w.store.readChannel('C0BETA', [RT_FIELD])).fields.get(RT_FIELD)).toMatchObject({ requests: [{ fired: [] }] });
  expect(await w.store.getTimer(betaJob)).not.toBeNull();
  expect(await effectJobs()).toEqual([]);
});

test('a batch that schedules nothing does not wake the scheduler', async () => {
  await enqueue({ text: 'ありがとうございます', at: T0 });
  await processor.drain(CH, 0);
  expect(await w.store.peekInbox(CH, 10)).toEqual([]);
  expect(work).toBe(0);
});

/**
 * Found by this suite (failed before the fix): process(extra) read one batch of the inbox (50) and
 * ran older events past the 50th after it, so a timer due while a backlog waited (after a Slack
 * outage) fired ahead of the reply that answered it. Now the batch takes every older event.
 */
test('process() runs every older acknowledged event first, even past one inbox batch (50)', async () => {
  const ask = await enqueue({ text: '資料を共有いただけますか?', at: T0 });
  await processor.drain(CH, 0);
  // 50 client messages in other threads, then the team's reply to the request: all before the timer.
  for (let i = 0; i < 50; i++) await enqueue({ text: `別件 ${i} について教えてください`, at: T0 + 100 + i, threadTs: `${Math.floor(T0 / 1000) - 60}.${String(i + 1).padStart(6, '0')}` });
  await enqueue({ user: 'U0SATO', text: '共有しました', at: T0 + 1_500 });
  w.clock.set(T0 + REMINDER_MS);

  const res = await processor.process(await firingTimer(rtJob(ask.ts)));

  expect(res.outcomes.filter((o) => o.kind === 'nudge')).toEqual([]);
});

test('timers of one channel handed over in the same turn (one claim) share one lock, one read and one commit', async () => {
  // Three questions in three threads, each with its own response timer.
  for (let i = 0; i < 3; i++) await enqueue({ text: `資料${i}を共有いただけますか?`, at: T0 + i * 1_000, threadTs: slackTs(T0 - 60_000 + i * 1_000) });
  await processor.drain(CH, 0);
  const jobs = (await w.store.claimDueTimers(T0 + 10 * REMINDER_MS, 100, 60_000)).filter((j) => j.kind === 'response-time');
  expect(jobs).toHaveLength(3);
  w.clock.set(T0 + 10 * REMINDER_MS);

  const commits: unknown[] = [];
  const commit = w.store.commit.bind(w.store);
  w.store.commit = async (tx) => {
    commits.push(tx);
    return commit(tx);
  };
  // As the scheduler does: every job of a claim started in the same turn of the event loop.
  const results = await Promise.all(jobs.map((j) => processor.process(timerEvent(CH, j.id, j, w.clock.now))));
  expect(results.map((r) => r.outcomes.some((o) => o.kind === 'finding'))).toEqual([true, true, true]);
  expect(commits).toHaveLength(1);
});
