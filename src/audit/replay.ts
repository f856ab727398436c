import type { Rulebook } from '../config/rulebook';
import type { ChannelFacts, ResponseRecord } from '../core/detector';
import { ChannelRunner } from '../core/runner';
import { VirtualChannel } from '../core/virtual-channel';
import type { SlaEvent } from '../core/events';
import type { Finding } from '../core/finding';
import { Roles } from '../core/roles';
import { aggregate, type OpenRequest, type Report } from '../report/aggregate';
import { formatDuration } from '../clock/clock';
import { normalizeEvent } from '../slack/normalize';
import type { ExportChannel, ExportUser, SlackExport } from './export';
import { auditRange } from './range';
import { ourTeam } from './team';

/**
 * The offline audit: every conversation of an export replayed through the same engine as the live
 * bot, on a virtual clock. Conversations are independent (state is per channel), so each is replayed
 * alone, in time order, firing its timers between messages exactly as the scheduler would.
 */
export interface AuditOptions {
  rulebook: Rulebook;
  /** Only findings and responses at or after this time (epoch ms) are reported. */
  from?: number;
  /**
   * The audit's "now": timers due before it fire; findings after it are not reported. Default: the
   * export's last message (see auditRange).
   */
  to?: number;
  /** Our organisation's team id (`--team`); wins over team.yaml's teamId (see ourTeam). */
  teamId?: string;
  onWarning?: (msg: string) => void;
  onProgress?: (done: number, total: number) => void;
}

export interface AuditResult {
  findings: Finding[];
  responses: ResponseRecord[];
  open: OpenRequest[];
  report: Report;
  /** Labels of the response-time thresholds the report's shares refer to (e.g. 1時間, 3時間, 6時間). */
  thresholds: string[];
  messages: number;
}

/**
 * Who is who without a live workspace: the team file when it names people, else our organisation
 * (ourTeam) is the team. An export holds no user groups, so a team file that names assistants by group
 * (@assistants) counts every member of our organisation who is not a director as an assistant.
 */
export function exportRoles(rulebook: Rulebook, users: ExportUser[], ourTeamId: string | undefined, onWarning?: (msg: string) => void): { roles: Roles; bots: Set<string> } {
  const team = rulebook.team;
  const ids = (refs: string[]) => refs.filter((r) => !r.startsWith('@'));
  const assistantRefs = [...team.assistants, ...team.channels.flatMap((c) => c.assistants)];
  const assistants = ids(assistantRefs);
  const groupsIn = (refs: string[]) => [...new Set(refs.filter((r) => r.startsWith('@')))];
  const assistantGroups = groupsIn(assistantRefs);
  const otherGroups = groupsIn([...team.directors, ...team.clients]);
  if (assistantGroups.length) onWarning?.(`team file names assistants by user group (${assistantGroups.join(', ')}), which an export cannot resolve: every member of our organisation who is not a director counts as an assistant`);
  if (otherGroups.length) onWarning?.(`team file names user groups (${otherGroups.join(', ')}) that an export cannot resolve: their members are judged by organisation only`);
  const everyInternalIsAssistant = assistants.length === 0 || assistantGroups.length > 0;
  const guests = new Set(users.filter((u) => u.is_restricted || u.is_ultra_restricted).map((u) => u.id));
  // users.json says each person's organisation: one of another is a client wherever an event names
  // no team (a reaction carries none), unless the team file names them as ours.
  const named = new Set([...assistants, ...ids(team.directors)]);
  const otherOrg = ourTeamId ? users.filter((u) => u.team_id && u.team_id !== ourTeamId && !named.has(u.id)).map((u) => u.id) : [];
  const roles = new Roles({ ourTeamId, assistants, directors: ids(team.directors), clients: [...ids(team.clients), ...otherOrg], everyInternalIsAssistant, isGuest: (id) => guests.has(id) });
  return { roles, bots: new Set(users.filter((u) => u.is_bot || u.id === 'USLACKBOT').map((u) => u.id)) };
}

/** Throws AuditInputError (before replaying anything) when our organisation or the end cannot be told. */
export function runAudit(exp: SlackExport, o: AuditOptions): AuditResult {
  const users = exp.users();
  const channels = exp.channels();
  const teamOf = new Map(users.map((u) => [u.id, u.team_id]));
  const ourTeamId = ourTeam({ users, channels, team: o.rulebook.team, teamId: o.teamId });
  const { roles, bots } = exportRoles(o.rulebook, users, ourTeamId, o.onWarning);
  const to = o.to ?? auditRange({}, exp.span(), o.rulebook.calendar.zone).to;
  const findings: Finding[] = [];
  const responses: ResponseRecord[] = [];
  const open: OpenRequest[] = [];
  const from = o.from ?? 0;
  let messages = 0;

  const team = { language: o.rulebook.team.language, escalationChannel: o.rulebook.team.escalationChannel };
  const runner = new ChannelRunner({ rulesFor: (f) => o.rulebook.rulesFor(f), allRules: o.rulebook.rules, roles: () => roles, team, calendar: o.rulebook.calendar });

  channels.forEach((c, index) => {
    const channel = new VirtualChannel(runner, channelFacts(c, o.rulebook, roles, teamOf, bots), (errors) => {
      for (const e of errors) o.onWarning?.(`${c.folder}: rule ${e.rule} failed: ${e.error.message}`);
    });
    const keep = (outcomes: ReturnType<VirtualChannel['send']>) => {
      for (const out of outcomes) {
        if (out.kind === 'finding' && out.finding.at >= from && out.finding.at <= to) findings.push(out.finding);
        else if (out.kind === 'response' && out.record.answeredAt >= from && out.record.answeredAt <= to) responses.push(out.record);
      }
    };
    for (const file of exp.dayFiles(c)) {
      for (const m of exp.readDay(file)) {
        // The day file's objects are ours: fill in what an export leaves out in place, not in a copy.
        const raw = Object.assign(m, { type: 'message', channel: c.id, channel_type: c.kind, bot_id: m.bot_id ?? (m.user && bots.has(m.user) ? 'B0EXPORT' : undefined), user_team: m.user_team ?? m.source_team ?? teamOf.get(m.user ?? '') });
        let event: SlaEvent | null;
        try {
          event = normalizeEvent(raw);
        } catch (e) {
          o.onWarning?.(`${file}: message ${m.ts}: ${(e as Error).message}; skipped`);
          continue;
        }
        if (!event || event.at > to) continue;
        messages++;
        keep(channel.advanceTo(event.at - 1));
        keep(channel.send(event));
        // An export keeps who reacted but not when: a reaction counts as given when the message was posted.
        if (event.type === 'message' && m.reactions) {
          for (const r of m.reactions) {
            for (const user of r.users ?? []) {
              if (!r.name || bots.has(user)) continue;
              keep(channel.send({ type: 'reaction', channel: c.id, itemTs: event.ts, itemUser: event.user, user, reaction: r.name, at: event.at }));
            }
          }
        }
      }
    }
    keep(channel.advanceTo(to));
    for (const w of channel.waiting.values()) if (w.rule === 'response-time') open.push({ channel: c.id, ts: w.ts, client: w.user, openedAt: w.since });
    o.onProgress?.(index + 1, channels.length);
  });

  findings.sort((a, b) => a.at - b.at || a.channel.localeCompare(b.channel));
  const rt = o.rulebook.rule('response-time')?.options as { thresholds?: Array<{ after: number }> } | undefined;
  const thresholds = (rt?.thresholds ?? []).map((t) => ({ ms: t.after, label: formatDuration(t.after, o.rulebook.team.language) }));
  const report = aggregate({ responses, findings, open, thresholds, now: to });
  return { findings, responses, open, report, thresholds: thresholds.map((t) => t.label), messages };
}

function channelFacts(c: ExportChannel, rulebook: Rulebook, roles: Roles, teamOf: Map<string, string | undefined>, bots: Set<string>): ChannelFacts {
  const members = c.members ?? [];
  const hasClient = members.some((m) => !bots.has(m) && roles.roleOf(m, teamOf.get(m)) === 'client');
  const named = rulebook.team.channels.find((x) => x.id === c.id);
  const assistants = named?.assistants.filter((a) => !a.startsWith('@')) ?? members.filter((m) => !bots.has(m) && roles.roleOf(m, teamOf.get(m)) === 'assistant');
  const tracked = c.kind !== 'im' && c.kind !== 'mpim' && (c.isShared || hasClient || Boolean(named));
  // As live (ChannelProcessor.facts): only client channels have assistants to nudge.
  return { id: c.id, name: c.name, isExtShared: c.isShared || hasClient, tracked, assistants: tracked ? assistants : [] };
}
