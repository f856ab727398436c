import { randomUUID } from 'node:crypto';
import type { WebClient } from '@slack/web-api';
import type { Logger } from 'pino';
import type { TeamConfig } from '../config/team';
import { LRUCache } from 'lru-cache';
import { Roles } from '../core/roles';
import type { Store } from '../store/types';

/**
 * Cached look-ups of people, channels and user groups, bounded (LRU) so a stream of distinct or
 * forged ids cannot grow memory. Two kinds of failure, kept apart on purpose:
 * - Slack answers that the thing cannot be known (user_not_found, missing_scope, …): cached
 *   briefly as `known: false`, and every caller treats unknown as "not safe" (a client, a shared
 *   channel), never as "safe" or "nobody".
 * - Slack could not answer (429, 5xx, time-out, network): LookupUnavailableError is thrown and
 *   nothing is cached, so the job that asked (an event, a timer, an outbox effect) fails and is
 *   retried later, durably. A failed look-up never decides anything.
 */
export interface UserInfo {
  id: string;
  name: string;
  teamId?: string;
  isBot: boolean;
  /** A guest of our workspace (is_restricted / is_ultra_restricted): a client unless team.yaml names them. */
  isGuest: boolean;
  /** False when Slack would not tell us about this user (e.g. another organisation's). */
  known: boolean;
}

export interface ChannelInfo {
  id: string;
  name?: string;
  isExtShared: boolean;
  /** False when Slack would not tell us about this channel: treat it as shared. */
  known: boolean;
}

/** Slack could not answer a look-up now; the action that needed it must be retried, not decided. */
export class LookupUnavailableError extends Error {
  constructor(readonly kind: string, readonly original: unknown) {
    super(`Slack look-up (${kind}) unavailable: ${errorSummary(original).slackError ?? errorSummary(original).code ?? 'error'}`);
    this.name = 'LookupUnavailableError';
  }
}

/** Slack's own words for "not now": asking again later may answer. */
const TRANSIENT_PLATFORM_ERRORS = new Set(['internal_error', 'fatal_error', 'service_unavailable', 'request_timeout', 'ratelimited', 'team_added_to_org']);

/**
 * A definite answer is any error Slack itself gave (user_not_found, missing_scope, ekm_access_denied,
 * …) other than its "try later" ones: the thing is unknown, and unknown is never treated as safe.
 * Rate limits, HTTP errors, time-outs and network failures are not answers: the caller retries.
 */
export function isDefiniteSlackError(error: unknown): boolean {
  const e = error as { code?: string; data?: { error?: string } };
  return e?.code === 'slack_webapi_platform_error' && !TRANSIENT_PLATFORM_ERRORS.has(e.data?.error ?? '');
}

/** Enough for a busy workspace; the least recently used entries go first. */
const MAX_USERS = 20_000;
const MAX_CHANNELS = 5_000;

/**
 * How long Slack's answers are kept in the store, shared by every replica and across restarts.
 * conversations.info and conversations.members are Tier 3 (~50 calls a minute): a cold cache on
 * Monday 10:00, when every channel's weekend requests come due at once, would take hours of calls.
 * A channel's facts change seldom and every change is an event the bot receives (member joined or
 * left, channel shared, unshared or renamed), which forgets the entry; the TTL is the backstop for
 * a change missed while the bot was down. A user's name or guest status may change unannounced.
 */
export const SHARED_TTL_MS = { channel: 7 * 86_400_000, members: 7 * 86_400_000, user: 86_400_000 } as const;
/** With a shared copy, this process keeps its own only briefly: another replica may have forgotten it. */
const LOCAL_TTL_WITH_SHARED_MS = 60_000;

type SharedKind = keyof typeof SHARED_TTL_MS;
const sharedKey = (kind: SharedKind, id: string) => `dir:${kind}:${id}`;
/**
 * The generation of a shared answer: changed by every forget. An answer is stored with the
 * generation read before Slack was asked, and read back only while it is still current, so a look-up
 * in flight when Slack reported a change cannot store its older answer for a week. It outlives
 * any answer stored under the generation before it (a missing generation only means: ask again).
 */
const generationKey = (kind: SharedKind, id: string) => `dir:gen:${kind}:${id}`;
const GENERATION_TTL_MS = 8 * 86_400_000;

/** How an answer is stored: with the generation it was asked under. */
interface SharedAnswer<T> {
  g: string | null;
  v: T;
}

/** The store write of an answer as a running bot keeps it (for benchmarks that seed a warm store). */
export function sharedAnswer(kind: SharedKind, id: string, value: unknown): { key: string; value: SharedAnswer<unknown>; ttlMs: number } {
  return { key: sharedKey(kind, id), value: { g: null, v: value }, ttlMs: SHARED_TTL_MS[kind] };
}

export interface DirectoryOptions {
  client: WebClient;
  team: TeamConfig;
  logger: Logger;
  ourTeamId: string | undefined;
  /** Local cache lifetime (without a shared store: how long an answer is trusted). */
  ttlMs?: number;
  now?: () => number;
  limits?: { users: number; channels: number };
  /** Where answers are shared between replicas and kept across restarts; none: this process only. */
  shared?: Store;
}

export class Directory {
  private readonly users: LRUCache<string, UserInfo>;
  private readonly channels: LRUCache<string, ChannelInfo>;
  private readonly members: LRUCache<string, string[]>;
  private readonly inflight = new Map<string, Promise<unknown>>();
  /** Guests seen in look-ups; only guests (real accounts of our workspace), so it stays small. */
  private readonly guests = new Set<string>();
  private roles: Roles;
  private groupMembers = new Map<string, string[]>();
  private readonly client: WebClient;
  private readonly team: TeamConfig;
  private readonly logger: Logger;
  readonly ourTeamId: string | undefined;
  private readonly ttlMs: number;
  private readonly now: () => number;
  private readonly shared: Store | undefined;
  /** Forgets so far in this process: a look-up begun before one is not kept (see forget). */
  private forgets = 0;

  constructor(o: DirectoryOptions) {
    ({ client: this.client, team: this.team, logger: this.logger, ourTeamId: this.ourTeamId, shared: this.shared } = o);
    this.now = o.now ?? Date.now;
    this.ttlMs = o.ttlMs ?? 10 * 60_000;
    const localTtl = this.shared ? Math.min(this.ttlMs, LOCAL_TTL_WITH_SHARED_MS) : this.ttlMs;
    const limits = o.limits ?? { users: MAX_USERS, channels: MAX_CHANNELS };
    const perf = { now: () => this.now() };
    this.users = new LRUCache({ max: limits.users, ttl: localTtl, perf });
    this.channels = new LRUCache({ max: limits.channels, ttl: localTtl, perf });
    this.members = new LRUCache({ max: limits.channels, ttl: localTtl, perf });
    this.roles = this.buildRoles();
  }

  /**
   * Forget what is known of a channel (its facts, its members) or a user, here and in the shared
   * store: Slack told us it changed. A store failure throws, so the event is retried by Slack.
   */
  async forget(what: { channel?: string; members?: string; user?: string }): Promise<void> {
    const forgotten: Array<[SharedKind, string]> = [];
    if (what.channel) forgotten.push(['channel', what.channel]);
    if (what.members) forgotten.push(['members', what.members]);
    if (what.user) forgotten.push(['user', what.user]);
    const maps: Record<SharedKind, { delete(id: string): unknown }> = { channel: this.channels, members: this.members, user: this.users };
    // Look-ups in flight here were asked before the change: they answer their callers but are not kept.
    if (forgotten.length) this.forgets++;
    for (const [kind, id] of forgotten) {
      maps[kind].delete(id);
      this.inflight.delete(`${kind}:${id}`);
    }
    if (!forgotten.length || !this.shared) return;
    // The new generation first (on a Cluster kv writes go one by one, in order), then the answer goes.
    const generation = randomUUID();
    await this.shared.commit({
      set: forgotten.map(([kind, id]) => ({ key: generationKey(kind, id), value: generation, ttlMs: GENERATION_TTL_MS })),
      del: forgotten.map(([kind, id]) => sharedKey(kind, id)),
    });
  }

  /** Entries held now (users, channels, member lists): bounded by the limits. */
  cacheSizes(): { users: number; channels: number; members: number } {
    return { users: this.users.size, channels: this.channels.size, members: this.members.size };
  }

  currentRoles(): Roles {
    return this.roles;
  }

  /** Resolve user-group handles ("@assistants") to members; keeps the last good answer on failure. */
  async refreshUserGroups(): Promise<void> {
    const handles = [...this.team.assistants, ...this.team.directors, ...this.team.clients, ...this.team.channels.flatMap((c) => c.assistants)]
      .filter((r) => r.startsWith('@'))
      .map((r) => r.slice(1).toLowerCase());
    if (handles.length === 0) return;
    try {
      const res = await this.client.usergroups.list({ include_users: true });
      const next = new Map<string, string[]>();
      for (const g of res.usergroups ?? []) {
        if (g.handle && handles.includes(g.handle.toLowerCase())) next.set(g.handle.toLowerCase(), (g.users as string[] | undefined) ?? []);
      }
      for (const h of handles) if (!next.has(h)) this.logger.warn({ handle: h }, 'user group from team file not found in the workspace');
      this.groupMembers = next;
      this.roles = this.buildRoles();
    } catch (error) {
      this.logger.error({ err: errorSummary(error) }, 'could not resolve user groups; using explicit ids only');
    }
  }

  /** User ids behind a list of ids and user-group handles from team.yaml. */
  expandRefs(refs: string[]): string[] {
    return this.expand(refs);
  }

  private expand(refs: string[]): string[] {
    return refs.flatMap((r) => (r.startsWith('@') ? this.groupMembers.get(r.slice(1).toLowerCase()) ?? [] : [r]));
  }

  private buildRoles(): Roles {
    const assistants = [...this.expand(this.team.assistants), ...this.team.channels.flatMap((c) => this.expand(c.assistants))];
    return new Roles({
      ourTeamId: this.team.teamId ?? this.ourTeamId,
      assistants,
      directors: this.expand(this.team.directors),
      clients: this.expand(this.team.clients),
      everyInternalIsAssistant: assistants.length === 0,
      isGuest: (id) => this.guests.has(id),
      named: [...this.team.assistants, ...this.team.directors, ...this.team.channels.flatMap((c) => c.assistants)].filter((r) => !r.startsWith('@')),
    });
  }

  /** `unknown`: what a definite refusal means; without one, a refusal throws too (nothing may be decided from it). */
  private async cached<T extends {}>(kind: SharedKind, map: LRUCache<string, T>, key: string, load: () => Promise<T>, unknown?: () => T): Promise<T> {
    const hit = map.get(key);
    if (hit !== undefined) return hit;
    const flightKey = `${kind}:${key}`;
    let p = this.inflight.get(flightKey) as Promise<T> | undefined;
    if (!p) {
      const forgets = this.forgets;
      p = this.loadShared(kind, key, load)
        .then((value) => {
          // Kept only if nothing was forgotten while Slack was asked (a change may concern this very answer).
          if (this.forgets === forgets) map.set(key, value);
          return value;
        })
        .catch((error) => {
          if (!isDefiniteSlackError(error)) {
            this.logger.warn({ kind, key: key.slice(0, 40), err: errorSummary(error) }, 'directory look-up unavailable; the action will be retried');
            throw new LookupUnavailableError(kind, error);
          }
          if (!unknown) {
            this.logger.error({ kind, key: key.slice(0, 40), err: errorSummary(error) }, 'Slack refused a look-up nothing can be decided without');
            throw new Error(`Slack refused ${kind} of ${key.slice(0, 40)}: ${errorSummary(error).slackError}`);
          }
          this.logger.warn({ kind, key: key.slice(0, 40), err: errorSummary(error) }, 'Slack will not tell us about this; treating it as unknown');
          const value = unknown();
          // Cached briefly so a missing scope does not cost a call per event.
          map.set(key, value, { ttl: Math.min(this.ttlMs, 60_000) });
          return value;
        })
        .finally(() => {
          if (this.inflight.get(flightKey) === p) this.inflight.delete(flightKey);
        });
      this.inflight.set(flightKey, p);
    }
    return p;
  }

  /**
   * Slack's answer from the shared store, else from Slack (then shared). Only answers are shared: a
   * refusal ("unknown") stays local and brief. A store that cannot answer throws: the event waits.
   */
  private async loadShared<T extends {}>(kind: SharedKind, id: string, load: () => Promise<T>): Promise<T> {
    if (!this.shared) return load();
    const key = sharedKey(kind, id);
    const [stored, generation] = await Promise.all([this.shared.getJSON<SharedAnswer<T>>(key), this.shared.getJSON<string>(generationKey(kind, id))]);
    if (stored !== null && typeof stored === 'object' && 'v' in stored && stored.g === generation) {
      if (kind === 'user') this.noteGuest(stored.v as unknown as UserInfo);
      return stored.v;
    }
    const value = await load();
    await this.shared.commit({ set: [{ key, value: { g: generation, v: value } satisfies SharedAnswer<T>, ttlMs: SHARED_TTL_MS[kind] }] });
    return value;
  }

  private noteGuest(u: UserInfo): void {
    if (u.isGuest) this.guests.add(u.id);
    else this.guests.delete(u.id);
  }

  user(id: string): Promise<UserInfo> {
    return this.cached(
      'user',
      this.users,
      id,
      async () => {
        const res = await this.client.users.info({ user: id });
        const u = res.user!;
        const info: UserInfo = {
          id,
          name: u.profile?.display_name || u.name || u.real_name || id,
          teamId: u.team_id,
          isBot: Boolean(u.is_bot) || id === 'USLACKBOT',
          isGuest: Boolean(u.is_restricted || u.is_ultra_restricted),
          known: true,
        };
        this.noteGuest(info);
        return info;
      },
      () => ({ id, name: id, isBot: false, isGuest: false, known: false }),
    );
  }

  channel(id: string): Promise<ChannelInfo> {
    return this.cached(
      'channel',
      this.channels,
      id,
      async () => {
        const res = await this.client.conversations.info({ channel: id });
        const c = res.channel!;
        return { id, name: c.name, isExtShared: Boolean(c.is_ext_shared || c.is_shared), known: true };
      },
      // Unknown is not "internal": a caller that needs a private channel refuses it.
      () => ({ id, isExtShared: true, known: false }),
    );
  }

  /**
   * The channel as Slack describes it right now, not from the cache: for a decision that must not
   * rest on a 10-minute-old answer (a channel shared with a client since). Same failure rules.
   */
  async channelNow(id: string): Promise<ChannelInfo> {
    await this.forget({ channel: id });
    return this.channel(id);
  }

  private channelMembers(id: string): Promise<string[]> {
    return this.cached(
      'members',
      this.members,
      id,
      async () => {
        const out: string[] = [];
        let cursor: string | undefined;
        do {
          const res = await this.client.conversations.members({ channel: id, cursor, limit: 200 });
          out.push(...(res.members ?? []));
          cursor = res.response_metadata?.next_cursor || undefined;
        } while (cursor);
        return out;
      },
      // No fallback: "no members" would mean "no assistant" (escalations saying 担当未設定, nudges lost).
      // The timer that asked fails and, if Slack keeps refusing, ends as a dead letter (/sla status).
    );
  }

  /** The assistants who answer for a channel: named in the team file, else its assistant members. */
  async assistantsOf(channelId: string, botUserId?: string): Promise<string[]> {
    const named = this.team.channels.find((c) => c.id === channelId);
    if (named && named.assistants.length > 0) return this.expand(named.assistants);
    const members = await this.channelMembers(channelId);
    const out: string[] = [];
    for (const m of members) {
      if (m === botUserId) continue;
      const explicit = this.roles.roleOf(m);
      if (explicit !== 'assistant') continue;
      if (this.team.assistants.length === 0) {
        // Nobody is named: internal, human members answer; look them up to tell them from clients and bots.
        const info = await this.user(m);
        if (!info.known || info.isBot || info.isGuest || this.roles.roleOf(m, info.teamId) !== 'assistant') continue;
      }
      out.push(m);
    }
    return out;
  }

  /** True for anyone who must never receive a nudge: a client, or someone we cannot identify as ours. */
  async isClientOrUnknown(id: string): Promise<boolean> {
    // Only someone the team file names by id is ours without asking Slack; a group member may be a guest.
    const explicit = this.roles.roleOf(id);
    if ((explicit === 'assistant' || explicit === 'director') && this.roles.isNamed(id)) return false;
    const info = await this.user(id);
    if (!info.known || info.isGuest) return true;
    return this.roles.roleOf(id, info.teamId) === 'client';
  }

  /** A name to show: "@sato" when readable, else the id and the team. */
  async displayName(id: string): Promise<string> {
    const u = await this.user(id);
    if (u.known) return `@${u.name}`;
    return u.teamId ? `${id} (${u.teamId})` : id;
  }
}

/** Error details for logs, without request bodies or tokens. */
export function errorSummary(error: unknown): Record<string, unknown> {
  const e = error as { code?: string; message?: string; data?: { error?: string } };
  return { code: e?.code, message: e?.message, slackError: e?.data?.error };
}
