import { LRUCache } from 'lru-cache';
import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { z } from 'zod';
import { placeholdersFor, type Detector } from '../core/detector';
import type { EngineRule } from '../core/engine';
import type { Severity } from '../core/finding';
import { placeholdersOf } from '../core/i18n';
import { BusinessCalendar, type BusinessHoursConfig } from '../clock/calendar';
import { DETECTORS } from '../detectors';
import { teamSchema, type TeamConfig } from './team';

/**
 * The rulebook as data: rules/team.yaml plus one YAML file per rule id. Everything is validated
 * before the bot starts; any problem stops start-up with the file, the field and the reason.
 */
export interface RuleProblem {
  file: string;
  field: string;
  reason: string;
}

export class RulebookError extends Error {
  constructor(public readonly problems: RuleProblem[]) {
    super(`the rulebook is invalid:\n${problems.map((p) => `  ${p.file}: ${p.field}: ${p.reason}`).join('\n')}`);
    this.name = 'RulebookError';
  }
}

const ruleFileSchema = z
  .object({
    id: z.string(),
    ref: z.string().optional(),
    enabled: z.boolean().default(true),
    severity: z.enum(['info', 'warning', 'error']).default('warning'),
    description: z.string().optional(),
    options: z.unknown().default({}),
    /** Wording overrides per message id: { <id>: { ja, en } }. */
    messages: z.record(z.string(), z.object({ ja: z.string().min(1), en: z.string().min(1) }).strict()).default({}),
    /** Where the rule applies: channel ids or "#name" globs; none means every tracked channel. */
    scope: z
      .object({ channels: z.array(z.string().min(1)).optional(), excludeChannels: z.array(z.string().min(1)).default([]) })
      .strict()
      .default({ excludeChannels: [] }),
    /** Per-channel tuning without copying the rule: `channels` are ids or "#name" globs. */
    overrides: z
      .array(z.object({ channels: z.array(z.string().min(1)).min(1), options: z.record(z.string(), z.unknown()) }).strict())
      .default([]),
  })
  .strict();

export interface ChannelOverride {
  patterns: string[];
  options: unknown;
}

export interface LoadedRule {
  id: string;
  file: string;
  severity: Severity;
  detector: Detector;
  options: unknown;
  overrides: ChannelOverride[];
  /** Texts per message id in both languages: detector defaults merged with the file's `messages`. */
  messages: Record<string, { ja: string; en: string }>;
  scope: { channels?: string[]; excludeChannels: string[] };
}

/** Channels whose resolved rules are kept; an LRU, so forged or countless channel ids cannot grow it. */
const RESOLVED_CHANNELS = 5_000;

export class Rulebook {
  private readonly byChannel = new LRUCache<string, EngineRule[]>({ max: RESOLVED_CHANNELS });

  constructor(
    readonly dir: string,
    readonly team: TeamConfig,
    readonly rules: LoadedRule[],
    readonly calendar: BusinessCalendar,
  ) {}

  /** The enabled rules, as the engine takes them, with the options that apply in this channel (first matching override wins). */
  rulesFor(channel: { id: string; name?: string }): EngineRule[] {
    const key = `${channel.id}#${channel.name ?? ''}`;
    let resolved = this.byChannel.get(key);
    if (!resolved) {
      resolved = this.rules
        .filter((rule) => inScope(rule.scope, channel))
        .map((rule) => {
          const o = rule.overrides.find((ov) => ov.patterns.some((p) => channelMatches(p, channel)));
          return { id: rule.id, severity: rule.severity, detector: rule.detector, messages: rule.messages, options: o ? o.options : rule.options };
        });
      this.byChannel.set(key, resolved);
    }
    return resolved;
  }

  /** Channels whose resolved rules are cached now (bounded). */
  get cachedChannels(): number {
    return this.byChannel.size;
  }

  rule(id: string): LoadedRule | undefined {
    return this.rules.find((r) => r.id === id);
  }
}

function inScope(scope: LoadedRule['scope'], channel: { id: string; name?: string }): boolean {
  if (scope.excludeChannels.some((p) => channelMatches(p, channel))) return false;
  return !scope.channels || scope.channels.some((p) => channelMatches(p, channel));
}

/** "C0123ABCD" matches the id; "#client-*" matches the channel name with * as a wildcard. */
export function channelMatches(pattern: string, channel: { id: string; name?: string }): boolean {
  if (!pattern.startsWith('#')) return pattern === channel.id;
  if (!channel.name) return false;
  const re = new RegExp(`^${pattern.slice(1).split('*').map(escapeRe).join('.*')}$`, 'i');
  return re.test(channel.name);
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function issuesToProblems(file: string, prefix: string, error: z.ZodError): RuleProblem[] {
  return error.issues.map((i) => ({
    file,
    field: [prefix, ...i.path.map(String)].filter(Boolean).join('.') || '(file)',
    reason: i.message,
  }));
}

function readYaml(file: string, problems: RuleProblem[]): unknown {
  const text = fs.readFileSync(file, 'utf8');
  const doc = YAML.parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length > 0) {
    for (const e of doc.errors) problems.push({ file, field: '(yaml)', reason: e.message.split('\n')[0] });
    return undefined;
  }
  return doc.toJS();
}

export function calendarFor(team: TeamConfig): BusinessCalendar {
  const cfg: BusinessHoursConfig = {
    timezone: team.businessHours.timezone ?? team.timezone,
    weekly: team.businessHours.weekly as BusinessHoursConfig['weekly'],
    holidays: team.businessHours.holidays,
    closedDates: team.businessHours.closedDates,
    openDates: team.businessHours.openDates,
  };
  return new BusinessCalendar(cfg);
}

export function loadRulebook(dir: string): Rulebook {
  const problems: RuleProblem[] = [];
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) {
    throw new RulebookError([{ file: dir, field: '(folder)', reason: 'rules folder not found (set RULES_DIR)' }]);
  }
  const files = fs
    .readdirSync(dir)
    .filter((f) => /\.ya?ml$/.test(f))
    .sort();

  const teamFile = files.find((f) => /^team\.ya?ml$/.test(f));
  let team: TeamConfig | undefined;
  if (!teamFile) {
    problems.push({ file: path.join(dir, 'team.yaml'), field: '(file)', reason: 'missing: the team file names assistants, directors and the escalation channel' });
  } else {
    const file = path.join(dir, teamFile);
    const raw = readYaml(file, problems);
    if (raw !== undefined) {
      const parsed = teamSchema.safeParse(raw ?? {});
      if (parsed.success) team = parsed.data;
      else problems.push(...issuesToProblems(file, '', parsed.error));
    }
  }

  const rules: LoadedRule[] = [];
  const seen = new Map<string, string>();
  for (const name of files) {
    if (name === teamFile) continue;
    const file = path.join(dir, name);
    const raw = readYaml(file, problems);
    if (raw === undefined) continue;
    const env = ruleFileSchema.safeParse(raw ?? {});
    if (!env.success) {
      problems.push(...issuesToProblems(file, '', env.error));
      continue;
    }
    const def = env.data;
    const detector = DETECTORS[def.id];
    if (!detector) {
      problems.push({ file, field: 'id', reason: `unknown rule id "${def.id}" (known: ${Object.keys(DETECTORS).join(', ')})` });
      continue;
    }
    if (name.replace(/\.ya?ml$/, '') !== def.id) {
      problems.push({ file, field: 'id', reason: `the file of rule "${def.id}" must be named ${def.id}.yaml` });
    }
    if (seen.has(def.id)) {
      problems.push({ file, field: 'id', reason: `rule "${def.id}" is already defined in ${seen.get(def.id)}` });
      continue;
    }
    seen.set(def.id, file);
    const schema = detector.meta.options;
    const opts = schema.safeParse(def.options);
    if (!opts.success) {
      problems.push(...issuesToProblems(file, 'options', opts.error));
      continue;
    }
    const overrides: ChannelOverride[] = [];
    def.overrides.forEach((ov, i) => {
      // An override is a shallow patch of the rule's raw options, validated as a whole.
      const merged = schema.safeParse({ ...(def.options as object), ...ov.options });
      if (merged.success) overrides.push({ patterns: ov.channels, options: deepFreeze(merged.data) });
      else problems.push(...issuesToProblems(file, `overrides.${i}.options`, merged.error));
    });
    const messages = { ...detector.meta.messages };
    for (const [id, text] of Object.entries(def.messages)) {
      if (!(id in detector.meta.messages)) {
        problems.push({ file, field: `messages.${id}`, reason: `unknown message id (known: ${Object.keys(detector.meta.messages).join(', ') || 'none'})` });
        continue;
      }
      const allowed = placeholdersFor(detector.meta, id);
      for (const lang of ['ja', 'en'] as const) {
        for (const name of placeholdersOf(text[lang])) {
          if (!allowed.includes(name)) {
            problems.push({ file, field: `messages.${id}.${lang}`, reason: `unknown placeholder {${name}} (allowed: ${allowed.map((p) => `{${p}}`).join(', ')})` });
          }
        }
      }
      messages[id] = text;
    }
    if (!def.enabled) continue;
    rules.push({ id: def.id, file, severity: def.severity, detector, options: deepFreeze(opts.data), overrides, messages: deepFreeze(messages), scope: def.scope });
  }

  if (problems.length > 0 || !team) throw new RulebookError(problems);
  let calendar: BusinessCalendar;
  try {
    calendar = calendarFor(team);
  } catch (e) {
    throw new RulebookError([{ file: path.join(dir, teamFile!), field: 'businessHours', reason: (e as Error).message }]);
  }
  return new Rulebook(dir, team, rules, calendar);
}

function deepFreeze<T>(o: T): T {
  if (o && typeof o === 'object' && !Object.isFrozen(o)) {
    Object.freeze(o);
    for (const v of Object.values(o)) deepFreeze(v);
  }
  return o;
}
