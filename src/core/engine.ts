import { DateTime } from 'luxon';
import type { BusinessCalendar } from '../clock/calendar';
import { makeClock, type SlaClock } from '../clock/clock';
import type { ChannelFacts, Detector, Outcome, TeamFacts } from './detector';
import type { SlaEvent } from './events';
import type { Severity } from './finding';
import type { Roles } from './roles';
import type { Lang } from './i18n';

/**
 * evaluate(event, input) → outcomes + the channel's next state. Pure: the live bot runs it under a
 * per-channel lock and applies the outcomes; the offline audit runs it on a virtual clock.
 */
export interface EngineRule {
  id: string;
  severity: Severity;
  detector: Detector;
  options: unknown;
  messages?: Record<string, { ja: string; en: string }>;
}

/** Per-channel state: one slice per rule id, owned by that rule's detector. */
export type ChannelState = Record<string, unknown>;

export interface EngineInput {
  rules: EngineRule[];
  roles: Roles;
  channel: ChannelFacts;
  team: TeamFacts;
  calendar: BusinessCalendar;
  state: ChannelState;
}

export type RuleOutcome = Exclude<Outcome, { kind: 'state' }> & { rule: string };

export interface EngineResult {
  outcomes: RuleOutcome[];
  state: ChannelState;
  stateChanged: boolean;
  /** Detectors that threw: the others still ran. */
  errors: Array<{ rule: string; error: Error }>;
}

const textCache = new WeakMap<object, Record<string, Record<string, string>>>();
function textsIn(messages: Record<string, { ja: string; en: string }>, lang: 'ja' | 'en'): Record<string, string> {
  let byLang = textCache.get(messages);
  if (!byLang) {
    byLang = {};
    textCache.set(messages, byLang);
  }
  return (byLang[lang] ??= Object.fromEntries(Object.entries(messages).map(([id, t]) => [id, t[lang]])));
}

/**
 * The context handed to one detector. A class rather than an object literal with a getter: V8 builds
 * literals with accessors through a slow runtime path, and the audit creates millions of these.
 */
class RuleContext {
  constructor(
    readonly ruleId: string,
    readonly severity: Severity,
    readonly options: never,
    readonly texts: Record<string, string>,
    readonly lang: Lang,
    readonly roles: Roles,
    readonly channel: ChannelFacts,
    readonly team: TeamFacts,
    readonly calendar: BusinessCalendar,
    readonly clock: SlaClock,
    readonly state: never,
    private readonly nowOf: () => DateTime,
  ) {}

  // Zoned DateTimes are costly; detectors that need one get it on first use.
  get now(): DateTime {
    return this.nowOf();
  }
}

export function evaluate(event: SlaEvent, input: EngineInput): EngineResult {
  const outcomes: RuleOutcome[] = [];
  const errors: EngineResult['errors'] = [];
  const state: ChannelState = { ...input.state };
  let stateChanged = false;
  let now: DateTime | undefined;
  const nowOf = () => (now ??= DateTime.fromMillis(event.at, { zone: input.calendar.zone }));

  for (const rule of input.rules) {
    const { detector } = rule;
    if (!detector.meta.events.includes(event.type)) continue;
    if (event.type === 'timer' && event.rule !== rule.id) continue;
    const options = rule.options as { clock?: 'wall' | 'business' };
    try {
      const context = new RuleContext(
        rule.id,
        rule.severity,
        rule.options as never,
        textsIn(rule.messages ?? rule.detector.meta.messages, input.team.language),
        input.team.language,
        input.roles,
        input.channel,
        input.team,
        input.calendar,
        makeClock(options.clock ?? 'wall', input.calendar),
        (state[rule.id] ?? null) as never,
        nowOf,
      );
      const out = detector.run(event, context);
      for (const o of out) {
        if (o.kind === 'state') {
          if (o.value === null || o.value === undefined) delete state[rule.id];
          else state[rule.id] = o.value;
          stateChanged = true;
        } else {
          outcomes.push({ ...o, rule: rule.id });
        }
      }
    } catch (error) {
      errors.push({ rule: rule.id, error: error as Error });
    }
  }
  return { outcomes, state, stateChanged, errors };
}
