/**
 * Who is who, resolved once from the team file (ids and user-group members) and the workspace's
 * own team id. A user of another organisation in a shared channel is a client.
 */
export type Role = 'assistant' | 'director' | 'client' | 'member';

export interface RolesInit {
  ourTeamId?: string;
  assistants: Iterable<string>;
  directors: Iterable<string>;
  clients: Iterable<string>;
  /** When the team file names no assistants, every internal person counts as one. */
  everyInternalIsAssistant: boolean;
  /**
   * Guests of our own workspace (Slack's is_restricted / is_ultra_restricted): clients invited into
   * our workspace carry our team id, so only this flag tells them from the team.
   */
  isGuest?: (user: string) => boolean;
  /**
   * Ids written in the team file itself (not reached through a user group). Only these keep a guest
   * on the team: being in a group is not being named. Unset: every listed id counts as named.
   */
  named?: Iterable<string>;
}

export class Roles {
  private readonly assistants: ReadonlySet<string>;
  private readonly directors: ReadonlySet<string>;
  private readonly clients: ReadonlySet<string>;
  private readonly named: ReadonlySet<string> | undefined;

  constructor(private readonly init: RolesInit) {
    this.assistants = new Set(init.assistants);
    this.directors = new Set(init.directors);
    this.clients = new Set(init.clients);
    this.named = init.named ? new Set(init.named) : undefined;
  }

  /** Named in the team file as a person (an id), not only through a user group. */
  isNamed(user: string): boolean {
    return this.named ? this.named.has(user) : this.assistants.has(user) || this.directors.has(user);
  }

  get ourTeamId(): string | undefined {
    return this.init.ourTeamId;
  }

  roleOf(user: string | undefined, userTeam?: string): Role {
    if (!user) return 'member';
    // Explicit lists win over team membership: a client may be a guest in our own workspace.
    if (this.clients.has(user)) return 'client';
    // A guest is a client unless the team file names them (membership of a user group is not enough).
    if (this.init.isGuest?.(user) && !this.isNamed(user)) return 'client';
    if (this.directors.has(user)) return 'director';
    if (this.assistants.has(user)) return 'assistant';
    if (userTeam && this.init.ourTeamId && userTeam !== this.init.ourTeamId) return 'client';
    return this.init.everyInternalIsAssistant ? 'assistant' : 'member';
  }

  /** Someone whose message answers a client: an assistant or a director. */
  isTeamSide(user: string | undefined, userTeam?: string): boolean {
    const r = this.roleOf(user, userTeam);
    return r === 'assistant' || r === 'director';
  }

  isDirector(user: string): boolean {
    return this.directors.has(user);
  }

  isAssistant(user: string, userTeam?: string): boolean {
    return this.roleOf(user, userTeam) === 'assistant';
  }

  listAssistants(): string[] {
    return [...this.assistants];
  }

  listDirectors(): string[] {
    return [...this.directors];
  }
}
