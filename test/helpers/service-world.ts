import type { WebClient } from '@slack/web-api';
import { DateTime } from 'luxon';
import path from 'node:path';
import pino from 'pino';
import { loadRulebook, Rulebook } from '../../src/config/rulebook';
import type { TeamConfig } from '../../src/config/team';
import { Directory } from '../../src/slack/directory';
import type { Effect, EffectRunner } from '../../src/slack/effects';
import { SlaService } from '../../src/slack/service';
import { MemoryStore } from '../../src/store/memory/MemoryStore';
import type { ClaimedTimer } from '../../src/store/types';

/**
 * Fast service tests (ARCHITECTURE.md: "fast service tests on the memory store and a fake clock"):
 * the real SlaService, ChannelProcessor, Outbox, Directory and MemoryStore, with no HTTP server,
 * no Redis and no real-time waits. Time is a number the test moves; Slack's answers to the
 * directory's look-ups come from a stub that implements only the methods the Directory calls.
 * (Deliberately not importing ./app: it loads Bolt, ioredis and the simulator, half a second per file.)
 */
/** The same folder as FIXTURE_RULES in ./app. */
export const FIXTURE_RULES = path.join(__dirname, '..', 'fixtures', 'rules');

/** 2026-11-24 10:00 JST, a Tuesday (the fixture rule runs on the wall clock anyway). */
export const T0 = DateTime.fromISO('2026-11-24T10:00', { zone: 'Asia/Tokyo' }).toMillis();
export const BOT_USER = 'U0SLABOT';

export class FakeClock {
  constructor(public now = T0) {}
  readonly fn = (): number => this.now;
  advance(ms: number): number {
    this.now += ms;
    return this.now;
  }
  set(at: number): number {
    this.now = at;
    return this.now;
  }
}

/** What the WebClient throws for an HTTP 503 (ErrorCode.HTTPError): not an answer, the caller retries. */
export function httpError(status = 503): Error {
  return Object.assign(new Error(`An HTTP protocol error occurred: statusCode = ${status}`), { code: 'slack_webapi_http_error', statusCode: status });
}

/** What the WebClient throws when Slack answers `ok: false` (ErrorCode.PlatformError): a definite answer. */
export function platformError(error: string): Error {
  return Object.assign(new Error(`An API error occurred: ${error}`), { code: 'slack_webapi_platform_error', data: { ok: false, error } });
}

type StubMethod = 'users.info' | 'conversations.info' | 'conversations.members' | 'usergroups.list';

interface StubUser {
  id: string;
  name: string;
  teamId: string;
  isBot?: boolean;
  isGuest?: boolean;
  /** Slack will not describe them (another organisation's user): users.info answers user_not_found. */
  hidden?: boolean;
}
interface StubChannel {
  id: string;
  name: string;
  members: string[];
  isExtShared?: boolean;
}

/**
 * Slack as the Directory sees it: users.info, conversations.info, conversations.members and
 * usergroups.list over a small world (the same one test/helpers/app.ts builds in the simulator).
 * `failNext` makes the next calls of a method throw, as the WebClient would.
 */
export class StubSlack {
  readonly users = new Map<string, StubUser>();
  readonly channels = new Map<string, StubChannel>();
  readonly groups = new Map<string, string[]>();
  readonly calls: Array<{ method: StubMethod; args: Record<string, unknown> }> = [];
  private readonly faults = new Map<StubMethod, Array<() => Error>>();

  constructor() {
    for (const u of [
      { id: 'U0SATO', name: 'sato', teamId: 'T0OURTEAM' },
      { id: 'U0SUZUKI', name: 'suzuki', teamId: 'T0OURTEAM' },
      { id: 'U0BOSS', name: 'boss', teamId: 'T0OURTEAM' },
      { id: 'U0CLIENT', name: 'yamada', teamId: 'T0ACME', hidden: true },
      { id: 'U0CLIENT2', name: 'kato', teamId: 'T0BETA' },
      { id: 'U0WORKFLOW', name: 'workflow', teamId: 'T0OURTEAM', isBot: true },
    ])
      this.users.set(u.id, u);
    for (const c of [
      { id: 'C0ACME', name: 'client-acme', members: ['U0SATO', 'U0BOSS', 'U0CLIENT', BOT_USER], isExtShared: true },
      { id: 'C0BETA', name: 'client-beta', members: ['U0SATO', 'U0SUZUKI', 'U0CLIENT2', BOT_USER], isExtShared: true },
      { id: 'C0DIRECTORS', name: 'directors', members: ['U0BOSS', BOT_USER] },
    ])
      this.channels.set(c.id, c);
    this.groups.set('assistants', ['U0SUZUKI']);
  }

  /** The next `n` calls of `method` throw `error()` (Infinity: until `heal`). */
  failNext(method: StubMethod, n: number, error: () => Error = () => httpError(503)): void {
    const list = this.faults.get(method) ?? [];
    for (let i = 0; i < Math.min(n, 1_000); i++) list.push(error);
    this.faults.set(method, list);
  }

  heal(method?: StubMethod): void {
    if (method) this.faults.delete(method);
    else this.faults.clear();
  }

  callsOf(method: StubMethod): number {
    return this.calls.filter((c) => c.method === method).length;
  }

  private call<T>(method: StubMethod, args: Record<string, unknown>, answer: () => T): Promise<T> {
    this.calls.push({ method, args });
    const fault = this.faults.get(method)?.shift();
    if (fault) return Promise.reject(fault());
    try {
      return Promise.resolve(answer());
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /** Only the methods the Directory calls; anything else is a TypeError, so a new call shows up here. */
  asWebClient(): WebClient {
    const client = {
      users: {
        info: (args: { user: string }) =>
          this.call('users.info', args, () => {
            const u = this.users.get(args.user);
            if (!u || u.hidden) throw platformError('user_not_found');
            return { ok: true, user: { id: u.id, name: u.name, team_id: u.teamId, is_bot: Boolean(u.isBot), is_restricted: Boolean(u.isGuest), profile: { display_name: u.name } } };
          }),
      },
      conversations: {
        info: (args: { channel: string }) =>
          this.call('conversations.info', args, () => {
            const c = this.channels.get(args.channel);
            if (!c) throw platformError('channel_not_found');
            return { ok: true, channel: { id: c.id, name: c.name, is_ext_shared: Boolean(c.isExtShared), is_shared: Boolean(c.isExtShared) } };
          }),
        members: (args: { channel: string; cursor?: string; limit?: number }) =>
          this.call('conversations.members', args, () => {
            const c = this.channels.get(args.channel);
            if (!c) throw platformError('channel_not_found');
            return { ok: true, members: [...c.members], response_metadata: { next_cursor: '' } };
          }),
      },
      usergroups: {
        list: (args: { include_users?: boolean }) =>
          this.call('usergroups.list', args, () => ({
            ok: true,
            usergroups: [...this.groups].map(([handle, users], i) => ({ id: `S0GROUP${i}`, handle, users })),
          })),
      },
    };
    return client as unknown as WebClient;
  }
}

/**
 * The effect runner as the outbox sees it: `run(effect, jobId)` and `destinationOf(effect)`. It
 * records what would have gone to Slack; `failWith` makes every run throw (a Slack that keeps failing).
 */
export class RecordingEffects {
  readonly runs: Array<{ effect: Effect; jobId: string }> = [];
  failWith: (() => Error) | undefined;

  destinationOf(effect: Effect): string {
    if (effect.kind === 'direct') return `dm:${effect.to}`;
    if (effect.kind === 'escalation') return effect.target ?? effect.channel;
    return effect.channel;
  }

  async run(effect: Effect, jobId: string): Promise<void> {
    if (this.failWith) throw this.failWith();
    this.runs.push({ effect: JSON.parse(JSON.stringify(effect)) as Effect, jobId });
  }

  ofKind<K extends Effect['kind']>(kind: K): Array<Extract<Effect, { kind: K }>> {
    return this.runs.map((r) => r.effect).filter((e): e is Extract<Effect, { kind: K }> => e.kind === kind);
  }

  asRunner(): EffectRunner {
    return this as unknown as EffectRunner;
  }
}

export interface WorldOptions {
  /** Changes to the fixture team.yaml (e.g. ignoreChannels). */
  team?: Partial<TeamConfig>;
  /** Directory cache TTL on the fake clock (default 10 minutes, as in production). */
  directoryTtlMs?: number;
  /** Share Slack's answers through the store, as the app does (default true). */
  sharedDirectory?: boolean;
  maxJobAttempts?: number;
  /** Resolve "@assistants" (usergroups.list) as the app does at start-up; default true. */
  resolveGroups?: boolean;
}

export interface ServiceWorld {
  clock: FakeClock;
  store: MemoryStore;
  rulebook: Rulebook;
  slack: StubSlack;
  directory: Directory;
  effects: RecordingEffects;
  service: SlaService;
  logger: pino.Logger;
  /** onWork calls (new due work committed). */
  work: { count: number };
}

let loaded: Rulebook | undefined;
/** Loaded once per test file: a Rulebook is immutable (its options are frozen), and loading costs tens of ms. */
function fixtureRulebook(): Rulebook {
  return (loaded ??= loadRulebook(FIXTURE_RULES));
}

/** The fixture rulebook (response-time at 2s / 4s / 6s, wall clock) on a fresh memory store and fake clock. */
export async function createServiceWorld(o: WorldOptions = {}): Promise<ServiceWorld> {
  const clock = new FakeClock();
  const store = new MemoryStore(clock.fn);
  const base = fixtureRulebook();
  const rulebook = o.team ? new Rulebook(base.dir, { ...base.team, ...o.team }, base.rules, base.calendar) : base;
  const slack = new StubSlack();
  const logger = pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });
  const directory = new Directory({ client: slack.asWebClient(), team: rulebook.team, logger, ourTeamId: 'T0OURTEAM', ttlMs: o.directoryTtlMs ?? 10 * 60_000, now: clock.fn, shared: (o.sharedDirectory ?? true) ? store : undefined });
  if (o.resolveGroups ?? true) await directory.refreshUserGroups();
  const effects = new RecordingEffects();
  const work = { count: 0 };
  const service = new SlaService({
    store,
    rulebook,
    directory,
    effects: effects.asRunner(),
    logger,
    botUserId: BOT_USER,
    now: clock.fn,
    maxJobAttempts: o.maxJobAttempts,
    onWork: () => void work.count++,
  });
  return { clock, store, rulebook, slack, directory, effects, service, logger, work };
}

export interface RanJob {
  job: ClaimedTimer;
  error?: unknown;
}

/**
 * The scheduler's loop on the fake clock, one job at a time: claim what is due at `clock.now`,
 * run it through the service, complete it; a job that throws stays leased (as in Scheduler) and is
 * due again when its lease runs out. Loops until nothing is due at this instant.
 */
export async function runDueJobs(w: Pick<ServiceWorld, 'clock' | 'store' | 'service'>, o: { leaseMs?: number } = {}): Promise<RanJob[]> {
  const ran: RanJob[] = [];
  for (let round = 0; round < 1_000; round++) {
    const jobs = await w.store.claimDueTimers(w.clock.now, 100, o.leaseMs ?? 60_000);
    if (jobs.length === 0) return ran;
    for (const job of jobs) {
      try {
        await w.service.handleJob(job);
        await w.store.completeTimer(job.id, job.dueAt);
        ran.push({ job });
      } catch (error) {
        ran.push({ job, error });
      }
    }
  }
  throw new Error('jobs kept coming due at the same instant: a loop?');
}

/** Kinds of the jobs that ran, in order (e.g. ['inbox', 'response-time', 'effect']). */
export function kindsOf(ran: RanJob[]): string[] {
  return ran.map((r) => r.job.kind);
}

let seq = 0;
/** A Slack ts for epoch ms `at`, unique within a run (the micro-seconds carry a counter; tsToMs gives `at` back). */
export function slackTs(at: number): string {
  seq = (seq % 999) + 1;
  return `${Math.floor(at / 1000)}.${String((at % 1000) * 1000 + seq).padStart(6, '0')}`;
}

let eventSeq = 0;
export interface MessageSpec {
  channel?: string;
  user?: string;
  /** The author's organisation (Slack's user_team); defaults by user: clients their own, the team ours. */
  team?: string;
  text: string;
  at: number;
  ts?: string;
  threadTs?: string;
  eventId?: string;
  extra?: Record<string, unknown>;
}

const TEAM_OF: Record<string, string> = { U0CLIENT: 'T0ACME', U0CLIENT2: 'T0BETA' };

/** An Events API envelope of a channel message. */
export function messageEnvelope(m: MessageSpec): { body: Record<string, unknown>; ts: string; eventId: string } {
  const ts = m.ts ?? slackTs(m.at);
  const user = m.user ?? 'U0CLIENT';
  const eventId = m.eventId ?? `Ev${String(++eventSeq).padStart(8, '0')}`;
  const body = {
    type: 'event_callback',
    team_id: 'T0OURTEAM',
    event_id: eventId,
    event_time: Math.floor(m.at / 1000),
    event: {
      type: 'message',
      channel: m.channel ?? 'C0ACME',
      channel_type: 'channel',
      user,
      user_team: m.team ?? TEAM_OF[user] ?? 'T0OURTEAM',
      text: m.text,
      ts,
      ...(m.threadTs ? { thread_ts: m.threadTs } : {}),
      ...m.extra,
    },
  };
  return { body, ts, eventId };
}
