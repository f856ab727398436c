import type { TeamConfig } from '../config/team';
import type { ExportChannel, ExportUser } from './export';
import { AuditInputError } from './input-error';

/**
 * Which organisation in an export is ours. Every role follows from it (a person of another
 * organisation is a client), so it is never guessed: the number of people per organisation says
 * nothing (an export may list more client people than our own, and then every role flips).
 *
 * In order:
 * 1. `--team`, else `teamId` in team.yaml: the team says so.
 * 2. What the export says, and only where Slack's meaning is unambiguous:
 *    - a conversation's `context_team_id`: the workspace the conversation was read from, i.e. the
 *      exporting one (API-based exports keep it; Slack's own export leaves it out);
 *    - the organisation of the people team.yaml names as assistants or directors.
 *    All of it must point to one organisation; two are a contradiction, not a choice.
 * 3. Else the organisation of the people in users.json, when there is only one once those Slack marks
 *    `is_stranger` (people of another workspace) are left out: there is nothing to choose.
 * Not used: the absence of `is_stranger` (people met in Slack Connect channels are not strangers) and
 * `is_restricted` (a guest belongs to the workspace of their own team_id, which says nothing about
 * whose export it is once users.json carries other organisations' people). Bots are not people.
 *
 * undefined: users.json carries no team ids at all (roles then come from team.yaml and guests alone).
 * Throws AuditInputError naming the candidates and how to choose.
 */
export function ourTeam(o: { users: ExportUser[]; channels: ExportChannel[]; team: TeamConfig; teamId?: string }): string | undefined {
  const orgs = organisations(o.users);
  const chosen = o.teamId ? { id: o.teamId, by: '--team' } : o.team.teamId ? { id: o.team.teamId, by: 'teamId in team.yaml' } : undefined;
  const decided = chosen ? chosen.id : fromEvidence(evidence(o), orgs) ?? onlyOrganisation(o.users);
  if (decided && orgs.size && !orgs.has(decided)) {
    const by = chosen ? `${chosen.by} names ${decided}` : `the export points to ${decided}`;
    throw new AuditInputError(`${by}, but nobody in users.json belongs to it, so every person would count as a client; users.json holds people of ${list(orgs)}; ${HOW}`);
  }
  return decided;
}

const HOW = 'name our organisation with --team T… or teamId: T… in team.yaml';

/** Team id → its people's names, in users.json's order; bots and Slackbot left out. */
function organisations(users: ExportUser[]): Map<string, string[]> {
  const orgs = new Map<string, string[]>();
  for (const u of users) {
    if (!u.team_id || u.is_bot || u.id === 'USLACKBOT') continue;
    const names = orgs.get(u.team_id) ?? [];
    names.push(u.name ?? u.id);
    orgs.set(u.team_id, names);
  }
  return orgs;
}

/**
 * "T0ACME (yamada, kato, ito, …) and T0OURTEAM (sato)", sorted by team id so no order hints at an
 * answer. Every id is named; beyond ten organisations without their people, to stay one readable line.
 */
function list(orgs: Map<string, string[]>): string {
  const parts = [...orgs.keys()].sort().map((id) => {
    const names = orgs.get(id)!;
    return orgs.size > 10 ? id : `${id} (${names.slice(0, 3).join(', ')}${names.length > 3 ? ', …' : ''})`;
  });
  return parts.length > 1 ? `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}` : parts.join('');
}

/** Team id → why the export points to it (step 2 above). */
function evidence(o: { users: ExportUser[]; channels: ExportChannel[]; team: TeamConfig }): Map<string, string[]> {
  const found = new Map<string, string[]>();
  const add = (id: string, why: string) => found.set(id, [...(found.get(id) ?? []), why]);
  for (const id of new Set(o.channels.map((c) => c.contextTeamId).filter((t): t is string => Boolean(t)))) add(id, 'channels.json says the export was read from it');
  const named = new Set([...o.team.assistants, ...o.team.directors, ...o.team.channels.flatMap((c) => c.assistants)]);
  for (const u of o.users) if (named.has(u.id) && u.team_id) add(u.team_id, `team.yaml names ${u.name ?? u.id}`);
  return found;
}

function fromEvidence(found: Map<string, string[]>, orgs: Map<string, string[]>): string | undefined {
  if (found.size <= 1) return [...found.keys()][0];
  const reasons = [...found.keys()].sort().map((id) => `${id} (${found.get(id)!.join('; ')})`);
  const people = orgs.size ? `; users.json holds people of ${list(orgs)}` : '';
  throw new AuditInputError(`cannot tell which organisation is ours: the export points to ${reasons.join(' and ')}${people}; ${HOW}`);
}

/** The one organisation of users.json's people (strangers left out); stops when there are several, or only strangers. */
function onlyOrganisation(users: ExportUser[]): string | undefined {
  const all = organisations(users);
  const own = organisations(users.filter((u) => !u.is_stranger));
  if (own.size === 1) return [...own.keys()][0];
  if (all.size === 0) return undefined;
  throw new AuditInputError(`cannot tell which organisation is ours: users.json holds people of ${list(own.size ? own : all)}, and nothing in the export says whose export it is; ${HOW}`);
}
