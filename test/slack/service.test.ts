/**
 * SlaService on the memory store and a fake clock: acknowledging events, draining inboxes, timers,
 * pauses, dead letters and Slack outages, with no HTTP server, no Redis and no real-time waits.
 *
 * The effect runner is a recording stub (RecordingEffects: `run(effect, jobId)` and
 * `destinationOf`), not the real EffectRunner over a stub client: what the service owes the runner
 * is one durable job per effect (one per recipient for a nudge), run once, with its job id. How an
 * effect becomes chat.postEphemeral / chat.postMessage is EffectRunner's concern (its postOnce waits
 * on real time between retries); it is covered with the simulator. The Directory is the real one; only Slack's answers to its look-ups are stubbed.
 */
import { stateField } from '../../src/core/engine';
import { MAIN_CONVERSATION } from '../../src/core/runner';
import { recentDeadLetters, MAX_JOB_ATTEMPTS } from '../../src/slack/dead-letters';
import { Directory, LookupUnavailableError } from '../../src/slack/directory';
import { MalformedPayloadError } from '../../src/slack/normalize';
import { PAUSE_END_JOB } from '../../src/slack/service';
import {
  createServiceWorld,
  httpError,
  kindsOf,
  messageEnvelope,
  runDueJobs,
  slackTs,
  T0,
  type ServiceWorld,
} from '../helpers/service-world';

const CH = 'C0ACME';
/** The response timer of a request (one per request: "rt:<conversation>:<request ts>"). */
const rtJob = (ts: string, channel = CH) => `response-time|${channel}|rt:main:${ts}`;
const RT_FIELD = stateField('response-time', MAIN_CONVERSATION);
/** The fixture rule's thresholds (test/fixtures/rules/response-time.yaml). */
const REMINDER_MS = 2_000;
const SLOW_MS = 4_000;

let w: ServiceWorld;
beforeEach(async () => {
  w = await createServiceWorld();
});

/** A client's request in C0ACME at the fake now, acknowledged and drained. */
async function openRequest(text = '見積もりを送っていただけますか?', channel = CH, user = 'U0CLIENT') {
  const m = messageEnvelope({ channel, user, text, at: w.clock.now });
  expect(await w.service.handleEnvelope(m.body)).toBe('queued');
  const ran = await runDueJobs(w);
  expect(ran.filter((r) => r.error)).toEqual([]);
  return { ts: m.ts, at: w.clock.now };
}

async function records<T>(log: string): Promise<T[]> {
  return (await w.store.rangeRecords<T>(log, 0, Number.MAX_SAFE_INTEGER)).map((r) => r.record);
}

describe('handleEnvelope', () => {
  test('a message event is queued once: one inbox entry, and the channel inbox job is due now', async () => {
    const m = messageEnvelope({ text: '至急ご確認ください', at: T0 });
    expect(await w.service.handleEnvelope(m.body)).toBe('queued');
    const inbox = await w.store.peekInbox(CH, 10);
    expect(inbox).toHaveLength(1);
    expect(inbox[0]).toMatchObject({ at: T0, event: { type: 'message', channel: CH, ts: m.ts, user: 'U0CLIENT' } });
    expect(await w.store.getTimer(`inbox|${CH}`)).toEqual({ id: `inbox|${CH}`, dueAt: T0, kind: 'inbox', payload: { ch: CH } });
    expect(w.work.count).toBe(1);
  });

  test('the same event_id again is a duplicate and queues nothing more', async () => {
    const m = messageEnvelope({ text: '至急ご確認ください', at: T0 });
    expect(await w.service.handleEnvelope(m.body)).toBe('queued');
    w.clock.advance(30_000); // Slack's retry comes later
    expect(await w.service.handleEnvelope(m.body)).toBe('duplicate');
    expect(await w.store.peekInbox(CH, 10)).toHaveLength(1);
    expect(w.work.count).toBe(1);
  });

  test.each<[string, unknown]>([
    ['no event at all', { type: 'event_callback', event_id: 'Ev00000001' }],
    ['not an event callback', { type: 'url_verification', event_id: 'Ev00000001', event: { type: 'message' } }],
    ['a channel that is not a Slack id', messageEnvelope({ channel: 'c0acme; DROP', text: 'x', at: T0 }).body],
    ['a ts that is not a Slack ts', messageEnvelope({ text: 'x', at: T0, ts: 'yesterday' }).body],
    ['an event id with spaces', { ...messageEnvelope({ text: 'x', at: T0 }).body, event_id: 'Ev 1' }],
  ])('a malformed envelope (%s) throws MalformedPayloadError and queues nothing', async (_what, body) => {
    await expect(w.service.handleEnvelope(body)).rejects.toBeInstanceOf(MalformedPayloadError);
    expect(await w.store.peekInbox(CH, 10)).toEqual([]);
    expect(await w.store.countTimers()).toBe(0);
  });

  test('events in the escalation channel and in team.yaml ignoreChannels are ignored', async () => {
    w = await createServiceWorld({ team: { ignoreChannels: ['C0RANDOM'] } });
    for (const channel of ['C0DIRECTORS', 'C0RANDOM']) {
      expect(await w.service.handleEnvelope(messageEnvelope({ channel, text: '至急ご確認ください', at: T0 }).body)).toBe('ignored');
      expect(await w.store.peekInbox(channel, 10)).toEqual([]);
      expect(await w.store.getTimer(`inbox|${channel}`)).toBeNull();
    }
    // …while a client channel next to them is not.
    expect(await w.service.handleEnvelope(messageEnvelope({ text: '至急ご確認ください', at: T0 }).body)).toBe('queued');
    expect(w.work.count).toBe(1);
  });

  test('an edit (message_changed) is ignored: it is not a new message', async () => {
    const m = messageEnvelope({ text: 'x', at: T0, extra: { subtype: 'message_changed', hidden: true } });
    expect(await w.service.handleEnvelope(m.body)).toBe('ignored');
    expect(await w.store.peekInbox(CH, 10)).toEqual([]);
  });
});

describe('draining the inbox', () => {
  test("a client request arms its response timer, is listed as waiting and has its state field", async () => {
    const m = messageEnvelope({ text: '見積もりを送っていただけますか?', at: T0 });
    await w.service.handleEnvelope(m.body);
    const ran = await runDueJobs(w);
    expect(kindsOf(ran)).toEqual(['inbox']);
    expect(ran[0].error).toBeUndefined();

    expect(await w.store.peekInbox(CH, 10)).toEqual([]);
    expect(await w.store.getTimer(`inbox|${CH}`)).toBeNull();
    expect(await w.store.getTimer(rtJob(m.ts))).toEqual({
      id: rtJob(m.ts),
      dueAt: T0 + REMINDER_MS,
      kind: 'response-time',
      payload: { kind: 'response', conversation: 'main', request: m.ts, ch: CH },
    });
    expect(await w.store.listWaiting(CH)).toEqual([{ channel: CH, rule: 'response-time', key: `main|${m.ts}`, ts: m.ts, user: 'U0CLIENT', since: T0 }]);
    const state = await w.store.readChannel(CH, 'all');
    expect(state.fields.get(RT_FIELD)).toMatchObject({ requests: [{ ts: m.ts, client: 'U0CLIENT', openedAt: T0, fired: [] }] });
    expect(state.pause).toBeNull();
    expect(w.effects.runs).toEqual([]);
  });

  test('closing words from the client open no request', async () => {
    const m = messageEnvelope({ text: 'ありがとうございます', at: T0 });
    await w.service.handleEnvelope(m.body);
    expect(kindsOf(await runDueJobs(w))).toEqual(['inbox']);
    expect(await w.store.getTimer(rtJob(m.ts))).toBeNull();
    expect(await w.store.listWaiting(CH)).toEqual([]);
    expect((await w.store.readChannel(CH, 'all')).fields.size).toBe(0);
  });

  test('events of one channel are processed in time order, even when acknowledged out of order', async () => {
    const ask = messageEnvelope({ text: '見積もりを送っていただけますか?', at: T0 });
    const reply = messageEnvelope({ user: 'U0SATO', text: '承知しました、本日中にお送りします', at: T0 + 1_000 });
    w.clock.set(T0 + 1_500);
    // Slack delivered the reply first (a retry of the request's event came late).
    expect(await w.service.handleEnvelope(reply.body)).toBe('queued');
    expect(await w.service.handleEnvelope(ask.body)).toBe('queued');
    expect((await w.store.peekInbox(CH, 10)).map((e) => e.at)).toEqual([T0, T0 + 1_000]);

    await runDueJobs(w);
    // In ack order the reply would answer nothing and the request would still wait.
    expect(await w.store.listWaiting(CH)).toEqual([]);
    expect(await w.store.getTimer(rtJob(ask.ts))).toBeNull();
    expect(await records('responses')).toEqual([expect.objectContaining({ ts: ask.ts, assistant: 'U0SATO', openedAt: T0, answeredAt: T0 + 1_000, elapsedMs: 1_000 })]);
    expect(w.effects.ofKind('stamp')).toEqual([expect.objectContaining({ channel: CH, ts: ask.ts, assistant: 'U0SATO', ackAt: T0 + 1_000 })]);
  });
});

describe('thresholds and replies', () => {
  test('past the first threshold the timer makes one nudge job per recipient; each runs the effect runner once', async () => {
    // C0BETA names no assistants in team.yaml: they are its members who are assistants (U0SATO, and U0SUZUKI of @assistants).
    const req = await openRequest('見積もりを送っていただけますか?', 'C0BETA', 'U0CLIENT2');
    const betaJob = rtJob(req.ts, 'C0BETA');

    w.clock.set(req.at + REMINDER_MS - 1);
    expect(await runDueJobs(w)).toEqual([]);

    w.clock.set(req.at + REMINDER_MS);
    const ran = await runDueJobs(w);
    expect(ran.filter((r) => r.error)).toEqual([]);
    expect(kindsOf(ran)).toEqual(['response-time', 'effect', 'effect']);
    const effectJobs = ran.slice(1).map((r) => r.job);
    for (const job of effectJobs) {
      expect(job.id).toMatch(/^effect\|C0BETA\|/);
      expect(job.payload).toMatchObject({ kind: 'nudge', rule: 'response-time', channel: 'C0BETA', ts: req.ts });
      expect(job.payload.to).toHaveLength(1);
    }
    expect(w.effects.runs.map((r) => r.jobId).sort()).toEqual(effectJobs.map((j) => j.id).sort());
    const nudges = w.effects.ofKind('nudge');
    expect(nudges.flatMap((n) => n.to).sort()).toEqual(['U0SATO', 'U0SUZUKI']);
    expect(nudges[0].text).toContain('<@U0CLIENT2>');

    // Recorded for the reports, and re-armed for the next threshold; still waiting.
    expect(await records('findings')).toEqual([expect.objectContaining({ rule: 'response-time', channel: 'C0BETA', ts: req.ts, evidence: expect.objectContaining({ level: 'reminder' }) })]);
    expect(await w.store.getTimer(betaJob)).toMatchObject({ dueAt: req.at + SLOW_MS });
    expect(await w.store.listWaiting('C0BETA')).toHaveLength(1);

    // Running the same instant again sends nothing twice.
    expect(await runDueJobs(w)).toEqual([]);
    expect(w.effects.runs).toHaveLength(2);
  });

  test('a team reply before the threshold cancels the timer, clears the waiting index and stamps the request', async () => {
    const req = await openRequest();
    w.clock.advance(1_000);
    expect(await w.service.handleEnvelope(messageEnvelope({ user: 'U0SATO', text: 'ご連絡ありがとうございます。対応いたします。', at: w.clock.now }).body)).toBe('queued');
    const ran = await runDueJobs(w);
    expect(kindsOf(ran)).toEqual(['inbox', 'effect']);
    expect(ran[1].job.payload).toMatchObject({ kind: 'stamp', ts: req.ts });

    expect(await w.store.getTimer(rtJob(req.ts))).toBeNull();
    expect(await w.store.listWaiting(CH)).toEqual([]);
    expect((await w.store.readChannel(CH, 'all')).fields.has(RT_FIELD)).toBe(false);
    expect(w.effects.runs).toEqual([{ jobId: ran[1].job.id, effect: expect.objectContaining({ kind: 'stamp', channel: CH, ts: req.ts, threadTs: req.ts, assistant: 'U0SATO', elapsedMs: 1_000, mode: 'thread' }) }]);

    // The thresholds pass with nothing to say.
    w.clock.advance(60_000);
    expect(await runDueJobs(w)).toEqual([]);
    expect(w.effects.ofKind('nudge')).toEqual([]);
    expect(await records('findings')).toEqual([]);
  });
});

describe('pause and resume', () => {
  test('a pause is stored with its end job and silences the request; when it ends the timer re-arms with the time left', async () => {
    const req = await openRequest();
    const pausedAt = w.clock.advance(1_000);
    const until = T0 + 30_000;
    await w.service.process({ type: 'pause', channel: CH, until, reason: '体調不良', by: 'U0BOSS', at: pausedAt });

    expect((await w.store.readChannel(CH, 'all')).pause).toEqual({ since: pausedAt, until, reason: '体調不良', by: 'U0BOSS' });
    expect(await w.store.getTimer(`${PAUSE_END_JOB}|${CH}`)).toEqual({ id: `${PAUSE_END_JOB}|${CH}`, dueAt: until, kind: PAUSE_END_JOB, payload: { ch: CH } });
    expect(await w.store.getTimer(rtJob(req.ts))).toBeNull();

    // Every threshold passes during the pause: nothing is sent or counted.
    w.clock.set(until - 1);
    expect(await runDueJobs(w)).toEqual([]);
    expect(w.effects.runs).toEqual([]);
    expect(await records('findings')).toEqual([]);

    // The pause-end job resumes the channel: the request keeps the 1 s it had left of 2 s.
    w.clock.set(until);
    expect(kindsOf(await runDueJobs(w))).toEqual([PAUSE_END_JOB]);
    expect((await w.store.readChannel(CH, 'all')).pause).toBeNull();
    expect(await w.store.getTimer(`${PAUSE_END_JOB}|${CH}`)).toBeNull();
    const excluded = until - pausedAt;
    expect(await w.store.getTimer(rtJob(req.ts))).toMatchObject({ dueAt: req.at + REMINDER_MS + excluded });

    w.clock.set(req.at + REMINDER_MS + excluded);
    expect(kindsOf(await runDueJobs(w))).toEqual(['response-time', 'effect']);
    expect(w.effects.ofKind('nudge')).toEqual([expect.objectContaining({ to: ['U0SATO'], channel: CH, ts: req.ts })]);
  });

  test("a director's resume ends the pause early: its end job is cancelled and the timer re-arms", async () => {
    const req = await openRequest();
    const pausedAt = w.clock.advance(500);
    await w.service.process({ type: 'pause', channel: CH, until: T0 + 3_600_000, by: 'U0BOSS', at: pausedAt });
    const resumedAt = w.clock.advance(10_000);
    await w.service.process({ type: 'resume', channel: CH, at: resumedAt });

    expect((await w.store.readChannel(CH, 'all')).pause).toBeNull();
    expect(await w.store.getTimer(`${PAUSE_END_JOB}|${CH}`)).toBeNull();
    expect(await w.store.getTimer(rtJob(req.ts))).toMatchObject({ dueAt: req.at + REMINDER_MS + (resumedAt - pausedAt) });
    expect(await w.store.listWaiting(CH)).toHaveLength(1);
  });

  test('a request made during a pause waits, untimed, and its clock starts when the pause ends', async () => {
    await w.service.process({ type: 'pause', channel: CH, until: T0 + 3_600_000, by: 'U0BOSS', at: T0 });
    w.clock.advance(1_000);
    const req = await openRequest();
    expect(await w.store.getTimer(rtJob(req.ts))).toBeNull();
    expect(await w.store.listWaiting(CH)).toEqual([expect.objectContaining({ ts: req.ts, since: req.at })]);

    w.clock.advance(60_000);
    expect(await runDueJobs(w)).toEqual([]);
    const resumedAt = w.clock.now;
    await w.service.process({ type: 'resume', channel: CH, at: resumedAt });
    expect(await w.store.getTimer(rtJob(req.ts))).toMatchObject({ dueAt: resumedAt + REMINDER_MS });
    expect(w.effects.runs).toEqual([]);
  });
});

describe('dead letters', () => {
  test('a rule timer job whose attempts reached the cap becomes a dead letter instead of running', async () => {
    // A 1 s directory cache and none shared, so each run of the timer asks Slack about the channel again.
    w = await createServiceWorld({ directoryTtlMs: 1_000, sharedDirectory: false });
    const req = await openRequest();
    w.clock.set(req.at + REMINDER_MS);
    w.slack.failNext('conversations.info', MAX_JOB_ATTEMPTS);

    // Every try fails (Slack down); a zero lease makes the job due again at once, as after a crash.
    for (let attempt = 0; attempt < MAX_JOB_ATTEMPTS; attempt++) {
      const [job] = await w.store.claimDueTimers(w.clock.now, 100, 0);
      expect(job).toMatchObject({ id: rtJob(req.ts), attempts: attempt });
      await expect(w.service.handleJob(job)).rejects.toBeInstanceOf(LookupUnavailableError);
    }
    const infoCalls = w.slack.callsOf('conversations.info');
    const [last] = await w.store.claimDueTimers(w.clock.now, 100, 0);
    expect(last).toMatchObject({ id: rtJob(req.ts), attempts: MAX_JOB_ATTEMPTS });
    await w.service.handleJob(last);
    await w.store.completeTimer(last.id, last.dueAt);

    // It did not run (no look-up, no nudge, no finding), and directors can see why.
    expect(w.slack.callsOf('conversations.info')).toBe(infoCalls);
    expect(w.effects.runs).toEqual([]);
    expect(await records('findings')).toEqual([]);
    expect(await w.store.getTimer(rtJob(req.ts))).toBeNull();
    expect(await recentDeadLetters(w.store, w.clock.now, 3_600_000, CH)).toEqual([
      { at: w.clock.now, job: rtJob(req.ts), kind: 'response-time', channel: CH, reason: expect.stringMatching(/look-up \(channel\) unavailable/) },
    ]);
    expect(await w.store.getJSON(`joberr:${rtJob(req.ts)}`)).toBeNull();
  });

  test('an effect job that keeps failing becomes a dead letter naming what it was', async () => {
    const req = await openRequest();
    w.effects.failWith = () => new Error('chat.postEphemeral timed out');
    w.clock.set(req.at + REMINDER_MS);
    const ran = await runDueJobs(w, { leaseMs: 0 });
    // The timer ran; its nudge job failed on every try until the cap, then was set aside.
    expect(kindsOf(ran)).toEqual(['response-time', ...Array(MAX_JOB_ATTEMPTS + 1).fill('effect')]);
    expect(ran.filter((r) => r.error)).toHaveLength(MAX_JOB_ATTEMPTS);
    expect(await recentDeadLetters(w.store, w.clock.now, 3_600_000, CH)).toEqual([
      expect.objectContaining({ kind: 'nudge', channel: CH, rule: 'response-time', reason: 'chat.postEphemeral timed out' }),
    ]);
  });

  test("a channel's inbox job is never given up on: past the cap it still drains", async () => {
    w.slack.failNext('conversations.info', MAX_JOB_ATTEMPTS + 2);
    const m = messageEnvelope({ text: '見積もりを送っていただけますか?', at: T0 });
    await w.service.handleEnvelope(m.body);
    const ran = await runDueJobs(w, { leaseMs: 0 });
    expect(kindsOf(ran)).toEqual(Array(MAX_JOB_ATTEMPTS + 3).fill('inbox'));
    expect(ran.at(-1)!.error).toBeUndefined();
    expect(await w.store.peekInbox(CH, 10)).toEqual([]);
    expect(await w.store.getTimer(rtJob(m.ts))).not.toBeNull();
    expect(await recentDeadLetters(w.store, w.clock.now, 3_600_000)).toEqual([]);
  });
});

describe('Slack unavailable', () => {
  test('a look-up Slack cannot answer (503) leaves the event in the inbox, and the next try processes it', async () => {
    // What the WebClient throws for a 503: not a Slack answer, so the Directory says "unavailable".
    w.slack.failNext('conversations.info', 1, () => httpError(503));
    const m = messageEnvelope({ text: '見積もりを送っていただけますか?', at: T0 });
    await w.service.handleEnvelope(m.body);

    const first = await runDueJobs(w, { leaseMs: 1_000 });
    expect(kindsOf(first)).toEqual(['inbox']);
    expect(first[0].error).toBeInstanceOf(LookupUnavailableError);
    // Nothing lost, nothing decided: still queued, no timer, no state, nobody waiting.
    expect(await w.store.peekInbox(CH, 10)).toEqual([expect.objectContaining({ at: T0, event: expect.objectContaining({ ts: m.ts }) })]);
    expect(await w.store.getTimer(rtJob(m.ts))).toBeNull();
    expect((await w.store.readChannel(CH, 'all')).fields.size).toBe(0);
    expect(await w.store.listWaiting(CH)).toEqual([]);
    // Why it failed is kept for its dead letter, should it come to that.
    expect(await w.store.getJSON(`joberr:inbox|${CH}`)).toEqual({ reason: expect.stringMatching(/unavailable/) });

    // The lease runs out, the job is claimed again, Slack answers.
    w.clock.advance(1_000);
    const second = await runDueJobs(w);
    expect(kindsOf(second)).toEqual(['inbox']);
    expect(second[0]).toMatchObject({ job: { attempts: 1 } });
    expect(second[0].error).toBeUndefined();
    expect(await w.store.peekInbox(CH, 10)).toEqual([]);
    expect(await w.store.getTimer(rtJob(m.ts))).toMatchObject({ dueAt: T0 + REMINDER_MS });
    expect(await w.store.listWaiting(CH)).toEqual([expect.objectContaining({ ts: m.ts })]);
  });
});

describe('channel facts shared through the store', () => {
  const factCalls = () => w.slack.callsOf('conversations.info') + w.slack.callsOf('conversations.members');
  const envelope = (event: Record<string, unknown>) => ({ type: 'event_callback', team_id: 'T0OURTEAM', event_id: `EvDir${event.type}${w.clock.now}`, event_time: Math.floor(w.clock.now / 1000), event });

  test('a restarted replica takes what Slack said from the store: a burst after a weekend asks Slack nothing', async () => {
    await openRequest('見積もりを送っていただけますか?', 'C0BETA', 'U0CLIENT2');
    const asked = factCalls();
    expect(asked).toBe(2); // conversations.info and conversations.members, once

    // A new process on the same store, two days later (its own cache is empty and long expired).
    const directory = new Directory({ client: w.slack.asWebClient(), team: w.rulebook.team, logger: w.logger, ourTeamId: 'T0OURTEAM', now: w.clock.fn, shared: w.store });
    await directory.refreshUserGroups();
    w.clock.advance(2 * 86_400_000);
    expect(await directory.channel('C0BETA')).toMatchObject({ known: true, isExtShared: true, name: 'client-beta' });
    expect(await directory.assistantsOf('C0BETA', 'U0SLABOT')).toEqual(['U0SATO', 'U0SUZUKI']);
    expect(factCalls()).toBe(asked);
    // Past the shared lifetime (a week), Slack is asked again.
    w.clock.advance(6 * 86_400_000);
    await directory.assistantsOf('C0BETA', 'U0SLABOT');
    expect(factCalls()).toBe(asked + 1);
  });

  test('a member joining or leaving, a share or a rename: the next event asks Slack afresh', async () => {
    await openRequest('見積もりを送っていただけますか?', 'C0BETA', 'U0CLIENT2');
    const members = w.slack.callsOf('conversations.members');
    const info = w.slack.callsOf('conversations.info');
    w.slack.channels.get('C0BETA')!.members.push('U0BOSS');

    expect(await w.service.handleEnvelope(envelope({ type: 'member_joined_channel', user: 'U0BOSS', channel: 'C0BETA', channel_type: 'C', team: 'T0OURTEAM', event_ts: slackTs(w.clock.now) }))).toBe('ignored');
    expect(await w.directory.assistantsOf('C0BETA', 'U0SLABOT')).toContain('U0SATO');
    expect(w.slack.callsOf('conversations.members')).toBe(members + 1);
    expect(w.slack.callsOf('conversations.info')).toBe(info);

    w.slack.channels.get('C0BETA')!.name = 'client-beta-renamed';
    expect(await w.service.handleEnvelope(envelope({ type: 'channel_rename', channel: { id: 'C0BETA', name: 'client-beta-renamed', created: 1 } }))).toBe('ignored');
    expect(await w.directory.channel('C0BETA')).toMatchObject({ name: 'client-beta-renamed' });
    expect(w.slack.callsOf('conversations.info')).toBe(info + 1);

    // A channel_leave message forgets the members and is still queued as a message.
    const leave = messageEnvelope({ channel: 'C0BETA', user: 'U0BOSS', text: '', at: w.clock.now, extra: { subtype: 'channel_leave' } });
    expect(await w.service.handleEnvelope(leave.body)).toBe('queued');
    await w.directory.assistantsOf('C0BETA', 'U0SLABOT');
    expect(w.slack.callsOf('conversations.members')).toBe(members + 2);
  });

  test('a look-up in flight when a change is forgotten does not store its older answer, here or for other replicas', async () => {
    // Replica A asks Slack for C0BETA's members; Slack answers slowly (Tier 3, retries on 429).
    let answer!: () => void;
    const gate = new Promise<void>((r) => (answer = r));
    const client = w.slack.asWebClient();
    const members = client.conversations.members.bind(client.conversations);
    const snapshot = [...w.slack.channels.get('C0BETA')!.members];
    let first = true;
    // The first call answers (late) with the members as they were when it was asked.
    client.conversations.members = (async (args: { channel: string }) => {
      if (!first) return members(args as never);
      first = false;
      await gate;
      return { ...(await members(args as never)), members: snapshot };
    }) as never;
    const a = new Directory({ client, team: w.rulebook.team, logger: w.logger, ourTeamId: 'T0OURTEAM', now: w.clock.fn, shared: w.store });
    await a.refreshUserGroups();
    const asking = a.assistantsOf('C0BETA', 'U0SLABOT');
    await new Promise((r) => setImmediate(r));

    // Meanwhile Suzuki leaves the channel, and Slack says so (to this replica, then to the other one).
    w.slack.channels.get('C0BETA')!.members = ['U0SATO', 'U0CLIENT2', 'U0SLABOT'];
    expect(await w.service.handleEnvelope(envelope({ type: 'member_left_channel', user: 'U0SUZUKI', channel: 'C0BETA', channel_type: 'C', team: 'T0OURTEAM' }))).toBe('ignored');
    await a.forget({ members: 'C0BETA' });
    answer();
    expect(await asking).toEqual(['U0SATO', 'U0SUZUKI']); // the answer to the question asked before the change

    // After it, nobody relies on that answer: not A, not the other replica, not a new one.
    expect(await a.assistantsOf('C0BETA', 'U0SLABOT')).toEqual(['U0SATO']);
    expect(await w.directory.assistantsOf('C0BETA', 'U0SLABOT')).toEqual(['U0SATO']);
    const fresh = new Directory({ client: w.slack.asWebClient(), team: w.rulebook.team, logger: w.logger, ourTeamId: 'T0OURTEAM', now: w.clock.fn, shared: w.store });
    await fresh.refreshUserGroups();
    expect(await fresh.assistantsOf('C0BETA', 'U0SLABOT')).toEqual(['U0SATO']);
  });

  test('the store failing while a change is forgotten fails the event (Slack retries it), never keeps the stale answer', async () => {
    await openRequest('見積もりを送っていただけますか?', 'C0BETA', 'U0CLIENT2');
    const commit = w.store.commit.bind(w.store);
    w.store.commit = async () => {
      throw new Error('store away');
    };
    await expect(w.service.handleEnvelope(envelope({ type: 'member_left_channel', user: 'U0SATO', channel: 'C0BETA', channel_type: 'C', team: 'T0OURTEAM' }))).rejects.toThrow('store away');
    w.store.commit = commit;
  });
});
