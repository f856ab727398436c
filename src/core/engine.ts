import { DateTime } from 'luxon';
import type { BusinessCalendar } from '../clock/calendar';
import { makeClock, type SlaClock } from '../clock/clock';
import type { AnyHandler, ChannelFacts, ConversationStates, Detector, Outcome, TeamFacts, WaitingOutcome } from './detector';
import type { SlaEvent } from './events';
import type { Severity } from './finding';
import type { Roles } from './roles';
import type { Lang } from './i18n';

/**
 * evaluate(event, input) → outcomes + the state writes. Pure: the channel runner (core/runner.ts)
 * calls it for the live bot, the offline audit and the rule testers alike.
 */
export interface EngineRule {
  id: string;
  severity: Severity;
  detector: Detector;
  options: unknown;
  messages?: Record<string, { ja: string; en: string }>;
}

/**
 * The loaded part of a channel's state, by field: "<rule>" for a rule's channel slice,
 * "<rule>|<conversation>" for one conversation of a conversation-scoped rule.
 */
export interface StateView {
  get(field: string): unknown;
  /** Every loaded conversation of a rule; throws when the view does not hold them all. */
  conversationsOf(rule: string): Array<[string, unknown]>;
}

export function stateField(rule: string, conversation?: string): string {
  return conversation === undefined ? rule : `${rule}|${conversation}`;
}

export interface EngineInput {
  rules: EngineRule[];
  roles: Roles;
  channel: ChannelFacts;
  team: TeamFacts;
  calendar: BusinessCalendar;
  state: StateView;
}

export type RuleOutcome = Exclude<Outcome, { kind: 'state' }> & { rule: string };
export type RuleWaiting = WaitingOutcome & { rule: string };

export interface EngineResult {
  outcomes: RuleOutcome[];
  /** State fields written (null: deleted), in order; the last write of a field wins. */
  writes: Array<{ field: string; value: unknown }>;
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
    readonly conversations: ConversationStates<never>,
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
  const writes: EngineResult['writes'] = [];
  let now: DateTime | undefined;
  const nowOf = () => (now ??= DateTime.fromMillis(event.at, { zone: input.calendar.zone }));

  for (const rule of input.rules) {
    const { detector } = rule;
    // A rule gets the events it has a handler for; a timer goes only to the rule that set it.
    const handler = detector.handlers[event.type] as AnyHandler | undefined;
    if (!handler) continue;
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
        // A conversation-scoped rule has no channel slice (and the runner did not load one).
        (detector.meta.state === 'conversation' ? null : (input.state.get(rule.id) ?? null)) as never,
        new ConversationsView(input.state, rule.id) as never,
        nowOf,
      );
      // A rule that throws writes nothing: its outcomes are kept only when it returns.
      const out = handler(event, context);
      for (const o of out) {
        if (o.kind === 'state') writes.push({ field: stateField(rule.id, o.conversation), value: o.value ?? null });
        else outcomes.push({ ...o, rule: rule.id });
      }
    } catch (error) {
      errors.push({ rule: rule.id, error: error as Error });
    }
  }
  return { outcomes, writes, errors };
}

/** A rule's view of its conversations. A class: an object of arrow functions built per rule per event costs the audit dearly. */
class ConversationsView implements ConversationStates<unknown> {
  constructor(
    private readonly state: StateView,
    private readonly rule: string,
  ) {}

  get(conversation: string): Readonly<unknown> | undefined {
    return (this.state.get(stateField(this.rule, conversation)) ?? undefined) as Readonly<unknown> | undefined;
  }

  entries(): Array<[string, Readonly<unknown>]> {
    return this.state.conversationsOf(this.rule) as Array<[string, Readonly<unknown>]>;
  }
}
