import { DateTime } from 'luxon';
import path from 'node:path';
import { loadRulebook, type Rulebook } from '../../src/config/rulebook';
import type { ChannelFacts } from '../../src/core/detector';
import type { EngineRule, RuleOutcome } from '../../src/core/engine';
import { ChannelRunner } from '../../src/core/runner';
import { VirtualChannel } from '../../src/core/virtual-channel';
import type { MessageEvent, SlaEvent } from '../../src/core/events';
import { Roles } from '../../src/core/roles';

/**
 * ESLint-RuleTester style driving of a detector through the pure engine: a scenario is a list of
 * events; state carries over from one to the next exactly as the live service stores it.
 */
export const ZONE = 'Asia/Tokyo';
export const SHIPPED_RULES = path.join(__dirname, '..', '..', 'rules');

export const roles = new Roles({
  ourTeamId: 'T0OURTEAM',
  assistants: ['U0SATO', 'U0SUZUKI'],
  directors: ['U0BOSS'],
  clients: ['U0GUEST'],
  everyInternalIsAssistant: false,
});

export const channel: ChannelFacts = { id: 'C0ACME', name: 'client-acme', isExtShared: true, tracked: true, assistants: ['U0SATO'] };

/** Tokyo wall time → epoch ms. */
export function jst(iso: string): number {
  return DateTime.fromISO(iso, { zone: ZONE }).toMillis();
}

let seq = 0;
export function ts(at: number): string {
  seq = (seq + 1) % 1000;
  return `${Math.floor(at / 1000)}.${String((at % 1000) * 1000 + seq).padStart(6, '0')}`;
}

export function client(at: number, text: string, extra: Partial<MessageEvent> = {}): MessageEvent {
  return { type: 'message', channel: channel.id, channelType: 'channel', ts: ts(at), user: 'U0CLIENT', userTeam: 'T0ACME', text, at, ...extra };
}

export function assistant(at: number, text: string, extra: Partial<MessageEvent> = {}): MessageEvent {
  return { type: 'message', channel: channel.id, channelType: 'channel', ts: ts(at), user: 'U0SATO', userTeam: 'T0OURTEAM', text, at, ...extra };
}

/**
 * A channel driven through the same channel runner as the live bot and the audit, on a virtual
 * clock: state carries over from event to event and timers fire in due order as the clock moves.
 */
export class Scenario {
  private readonly channel: VirtualChannel;
  log: RuleOutcome[] = [];

  /** `only`: evaluate just this rule (the rulebook may hold others). */
  constructor(readonly rulebook: Rulebook, readonly only?: string, facts: ChannelFacts = channel) {
    this.channel = new VirtualChannel(runnerFor(rulebook, only), facts, (errors) => {
      throw errors[0].error;
    });
  }

  /** Timers armed now, by their local id (as the rule named them), as the store would hold them. */
  get timers(): Map<string, { dueAt: number; payload: Record<string, unknown>; rule: string; jobId: string }> {
    const out = new Map<string, { dueAt: number; payload: Record<string, unknown>; rule: string; jobId: string }>();
    for (const [jobId, t] of this.channel.timers) out.set(jobId.split('|').slice(2).join('|') || jobId, { dueAt: t.dueAt, payload: t.payload, rule: t.kind, jobId });
    return out;
  }

  /** Disarm a timer by its local id (to fire it by hand, late). */
  disarm(local: string): void {
    const t = this.timers.get(local);
    if (t) this.channel.timers.delete(t.jobId);
  }

  get facts(): ChannelFacts {
    return this.channel.facts;
  }
  set facts(f: ChannelFacts) {
    this.channel.facts = f;
  }

  send(event: SlaEvent): RuleOutcome[] {
    const out = this.channel.send(event);
    this.log.push(...out);
    return out;
  }

  /** Fire every timer due up to `until`, in due order, as the scheduler would. */
  advanceTo(until: number): RuleOutcome[] {
    const out = this.channel.advanceTo(until);
    this.log.push(...out);
    return out;
  }
}

export function runnerFor(rulebook: Rulebook, only?: string, rules?: EngineRule[]): ChannelRunner {
  const pick = (list: EngineRule[]) => list.filter((rule) => !only || rule.id === only);
  return new ChannelRunner({
    rulesFor: (facts) => rules ?? pick(rulebook.rulesFor(facts)),
    allRules: rules ?? pick(rulebook.rules),
    roles: () => roles,
    team: { language: rulebook.team.language, escalationChannel: rulebook.team.escalationChannel },
    calendar: rulebook.calendar,
  });
}

export function loadShipped(): Rulebook {
  return loadRulebook(SHIPPED_RULES);
}

/** Outcome kinds, without the waiting-index bookkeeping. */
export function kinds(out: RuleOutcome[]): string[] {
  return out.filter((o) => o.kind !== 'waiting').map((o) => o.kind);
}

export interface ValidCase {
  text: string;
  /** The grammar point or exception the case covers (textlint-ja style). */
  note: string;
  event?: Partial<MessageEvent>;
  channel?: Partial<ChannelFacts>;
}
export interface InvalidCase extends ValidCase {
  messageId: string;
}

/**
 * ESLint-RuleTester style table for a message rule, with the shipped rule file's options:
 * valid cases produce nothing; each invalid case produces exactly one finding with the expected
 * message id and one private nudge to its author, with every placeholder filled.
 */
export function runRuleTester(ruleId: string, cases: { valid: ValidCase[]; invalid: InvalidCase[] }): void {
  const rulebook = loadShipped();
  const rule = rulebook.rule(ruleId);
  if (!rule) throw new Error(`rule ${ruleId} is not in the shipped rules folder`);
  const texts = [...cases.valid, ...cases.invalid].map((c) => `${c.text}|${JSON.stringify(c.event ?? {})}|${JSON.stringify(c.channel ?? {})}`);
  const dup = texts.find((t, i) => texts.indexOf(t) !== i);
  if (dup) throw new Error(`duplicate test case: ${dup}`);

  const runner = runnerFor(rulebook, undefined, [{ id: rule.id, severity: rule.severity, detector: rule.detector, options: rule.options, messages: rule.messages }]);
  const evaluateOne = (c: ValidCase) => {
    const at = jst('2026-11-24T10:00');
    const ev = assistant(at, c.text, c.event);
    const vc = new VirtualChannel(runner, { ...channel, ...c.channel }, (errors) => {
      throw errors[0].error;
    });
    return { ev, outcomes: vc.send(ev) };
  };

  describe(`${ruleId}: valid`, () => {
    test.each(cases.valid.map((c) => [c.note, c] as const))('%s', (_note, c) => {
      expect(evaluateOne(c).outcomes).toEqual([]);
    });
  });
  describe(`${ruleId}: invalid`, () => {
    test.each(cases.invalid.map((c) => [c.note, c] as const))('%s', (_note, c) => {
      const { ev, outcomes } = evaluateOne(c);
      const findings = outcomes.filter((o) => o.kind === 'finding');
      // A nudge (ephemeral in the channel) or, where none can go (DMs), a private message from the bot.
      const notes = outcomes.filter((o) => o.kind === 'nudge' || o.kind === 'direct');
      expect(findings).toHaveLength(1);
      expect(findings[0]).toMatchObject({ finding: { rule: ruleId, ts: ev.ts, user: ev.user, evidence: { messageId: c.messageId } } });
      expect(notes).toHaveLength(1);
      if (notes[0].kind === 'nudge') expect(notes[0]).toMatchObject({ to: [ev.user], channel: ev.channel });
      else expect(notes[0]).toMatchObject({ kind: 'direct', to: ev.user });
      expect((notes[0] as { text: string }).text).not.toMatch(/\{[a-zA-Z_]+\}/);
    });
  });
}

/** One step of a stateful rule case. `at` is minutes after 2026-11-24 10:00 JST (a Tuesday). */
export type Step =
  | { client: string; at: number; thread?: number; extra?: Partial<MessageEvent> }
  | { assistant: string; at: number; thread?: number; user?: string; extra?: Partial<MessageEvent> }
  | { react: string; at: number; on: number; user?: string }
  | { huddle: true; at: number; /** minutes after 10:00 when Slack reports the huddle ended */ end?: number }
  | { advance: number };

export interface ScenarioCase {
  note: string;
  steps: Step[];
  /** Message ids fired, in order; [] for a valid case. */
  fires: string[];
  channel?: Partial<ChannelFacts>;
}

/**
 * Stateful rules: each case plays steps through the engine (state carried over, timers fired as
 * the clock advances) with the shipped rule file, and compares the message ids of the nudges.
 */
export function runScenarioTester(ruleId: string, cases: ScenarioCase[]): void {
  const rulebook = loadShipped();
  const notes = cases.map((c) => c.note);
  const dup = notes.find((n, i) => notes.indexOf(n) !== i);
  if (dup) throw new Error(`duplicate case: ${dup}`);
  const base = jst('2026-11-24T10:00');
  test.each(cases.map((c) => [c.note, c] as const))('%s', (_note, c) => {
    const s = new Scenario(rulebook, ruleId, { ...channel, ...c.channel });
    const sent: MessageEvent[] = [];
    const fired: string[] = [];
    const collect = (out: RuleOutcome[]) => {
      for (const o of out) {
        if (o.kind === 'finding') fired.push(String(o.finding.evidence.messageId));
        if (o.kind === 'nudge') {
          expect(o.text).not.toMatch(/\{[a-zA-Z_]+\}/);
          expect(o.to).not.toContain('U0CLIENT');
        }
      }
    };
    for (const step of c.steps) {
      if ('advance' in step) {
        collect(s.advanceTo(base + step.advance * 60_000));
        continue;
      }
      const at = base + step.at * 60_000;
      collect(s.advanceTo(at - 1));
      if ('client' in step) {
        const ev = client(at, step.client, { threadTs: step.thread !== undefined ? sent[step.thread].ts : undefined, ...step.extra });
        sent.push(ev);
        collect(s.send(ev));
      } else if ('assistant' in step) {
        const ev = assistant(at, step.assistant, { threadTs: step.thread !== undefined ? sent[step.thread].ts : undefined, user: step.user ?? 'U0SATO', ...step.extra });
        sent.push(ev);
        collect(s.send(ev));
      } else if ('react' in step) {
        sent.push(sent[step.on]);
        collect(s.send({ type: 'reaction', channel: channel.id, itemTs: sent[step.on].ts, itemUser: sent[step.on].user, user: step.user ?? 'U0SATO', reaction: step.react, at }));
      } else {
        const ev = assistant(at, '', { subtype: 'huddle_thread', user: 'U0SATO', call: { start: at } });
        sent.push(ev);
        collect(s.send(ev));
        if (step.end !== undefined) {
          // Slack's edit when the huddle ends: the same message, now with its end.
          const end = base + step.end * 60_000;
          collect(s.advanceTo(end - 1));
          collect(s.send({ ...ev, at: end, call: { start: at, end } }));
        }
      }
    }
    expect(fired).toEqual(c.fires);
  });
}
