import type { WebClient } from '@slack/web-api';
import type { Logger } from 'pino';
import type { TeamConfig } from '../config/team';
import { Roles } from '../core/roles';

/**
 * Cached look-ups of people, channels and user groups. Slack Connect users may have no readable
 * profile: every look-up degrades to ids (and team) instead of failing the caller.
 */
export interface UserInfo {
  id: string;
  name: string;
  teamId?: string;
  isBot: boolean;
  /** False when Slack would not tell us about this user (e.g. another organisation's). */
  known: boolean;
}

export interface ChannelInfo {
  id: string;
  name?: string;
  isExtShared: boolean;
}

interface Cached<T> {
  value: T;
  until: number;
}

export class Directory {
  private readonly users = new Map<string, Cached<UserInfo>>();
  private readonly channels = new Map<string, Cached<ChannelInfo>>();
  private readonly members = new Map<string, Cached<string[]>>();
  private readonly inflight = new Map<string, Promise<unknown>>();
  private roles: Roles;
  private groupMembers = new Map<string, string[]>();

  constructor(
    private readonly client: WebClient,
    private readonly team: TeamConfig,
    private readonly logger: Logger,
    readonly ourTeamId: string | undefined,
    private readonly ttlMs = 10 * 60_000,
    private readonly now: () => number = Date.now,
  ) {
    this.roles = this.buildRoles();
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
    });
  }

  private async cached<T>(kind: string, map: Map<string, Cached<T>>, key: string, load: () => Promise<T>, fallback: () => T): Promise<T> {
    const hit = map.get(key);
    if (hit && hit.until > this.now()) return hit.value;
    const flightKey = `${kind}:${key}`;
    let p = this.inflight.get(flightKey) as Promise<T> | undefined;
    if (!p) {
      p = load()
        .then((value) => {
          map.set(key, { value, until: this.now() + this.ttlMs });
          return value;
        })
        .catch((error) => {
          this.logger.warn({ key, err: errorSummary(error) }, 'directory look-up failed; using a fallback');
          const value = hit?.value ?? fallback();
          // Cache failures briefly so a missing scope does not cost a call per event.
          map.set(key, { value, until: this.now() + Math.min(this.ttlMs, 60_000) });
          return value;
        })
        .finally(() => this.inflight.delete(flightKey));
      this.inflight.set(flightKey, p);
    }
    return p;
  }

  user(id: string): Promise<UserInfo> {
    return this.cached(
      'user',
      this.users,
      id,
      async () => {
        const res = await this.client.users.info({ user: id });
        const u = res.user!;
        return {
          id,
          name: u.profile?.display_name || u.name || u.real_name || id,
          teamId: u.team_id,
          isBot: Boolean(u.is_bot) || id === 'USLACKBOT',
          known: true,
        };
      },
      () => ({ id, name: id, isBot: false, known: false }),
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
        return { id, name: c.name, isExtShared: Boolean(c.is_ext_shared || c.is_shared) };
      },
      () => ({ id, isExtShared: false }),
    );
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
      () => [],
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
        if (!info.known || info.isBot || this.roles.roleOf(m, info.teamId) !== 'assistant') continue;
      }
      out.push(m);
    }
    return out;
  }

  /** True for anyone who must never receive a nudge: a client, or someone we cannot identify as ours. */
  async isClientOrUnknown(id: string): Promise<boolean> {
    const explicit = this.roles.roleOf(id);
    if (explicit === 'assistant' || explicit === 'director') {
      if (this.team.assistants.length > 0 || explicit === 'director') return false;
    }
    const info = await this.user(id);
    if (!info.known) return true;
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
