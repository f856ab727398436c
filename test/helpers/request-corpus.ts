import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import type { Rulebook } from '../../src/config/rulebook';
import type { MessageEvent } from '../../src/core/events';
import { Scenario, channel, jst, ts } from './rule-tester';

/**
 * The labelled request/answer corpus (test/corpus/requests.*.yaml): realistic client-channel
 * situations, each with the client messages that must end as a 6-hour breach and which team
 * message answers which request. Played through rule `response-time` with the shipped rule file,
 * on the same channel runner as the live bot. Scored by test/corpus/requests.test.ts (a floor)
 * and bench/requests.ts (the figures in bench/RESULTS.md).
 */
export const CORPUS_DIR = path.join(__dirname, '..', 'corpus');

const PEOPLE: Record<string, { user: string; team: string }> = {
  client: { user: 'U0CLIENT', team: 'T0ACME' },
  client2: { user: 'U0CLIENT2', team: 'T0ACME' },
  sato: { user: 'U0SATO', team: 'T0OURTEAM' },
  suzuki: { user: 'U0SUZUKI', team: 'T0OURTEAM' },
  boss: { user: 'U0BOSS', team: 'T0OURTEAM' },
};

export interface Situation {
  id: string;
  reason: string;
  messages: Array<{ at: string; who: keyof typeof PEOPLE; text: string; thread?: number }>;
  until?: string;
  breaches: number[];
  answers?: Record<string, number>;
}

export function loadCorpus(lang: 'ja' | 'en'): Situation[] {
  return parse(fs.readFileSync(path.join(CORPUS_DIR, `requests.${lang}.yaml`), 'utf8')) as Situation[];
}

/** "MM-DD HH:MM" (2026, Japan time) → epoch ms. */
const at = (s: string) => jst(`2026-${s.replace(' ', 'T')}`);

export interface SituationResult {
  id: string;
  /** Message numbers (1-based) of the breaches the rule reported, and of those expected. */
  found: number[];
  expected: number[];
  /** request → answering message, as recorded, for the requests the situation labels. */
  answers: Record<string, number | undefined>;
}

export function play(rulebook: Rulebook, s: Situation): SituationResult {
  const sc = new Scenario(rulebook, 'response-time', channel);
  const sent: MessageEvent[] = [];
  for (const m of s.messages) {
    const t = at(m.at);
    sc.advanceTo(t);
    const p = PEOPLE[m.who];
    if (!p) throw new Error(`${s.id}: unknown person ${m.who}`);
    const ev: MessageEvent = { type: 'message', channel: channel.id, channelType: 'channel', ts: ts(t), user: p.user, userTeam: p.team, text: m.text, at: t };
    if (m.thread !== undefined) ev.threadTs = sent[m.thread - 1].ts;
    sent.push(ev);
    sc.send(ev);
  }
  sc.advanceTo(at(s.until ?? '11-27 18:00'));
  const numberOf = (msgTs: string) => sent.findIndex((e) => e.ts === msgTs) + 1;
  const found = new Set<number>();
  const answered = new Map<number, number>();
  for (const o of sc.log) {
    if (o.kind === 'finding' && o.finding.evidence.level === 'breach') found.add(numberOf(o.finding.ts));
    if (o.kind === 'response') {
      const reply = sent.findIndex((e) => e.at === o.record.answeredAt && e.user === o.record.assistant) + 1;
      answered.set(numberOf(o.record.ts), reply);
    }
  }
  const answers: Record<string, number | undefined> = {};
  for (const req of Object.keys(s.answers ?? {})) answers[req] = answered.get(Number(req));
  return { id: s.id, found: [...found].sort((a, b) => a - b), expected: [...s.breaches].sort((a, b) => a - b), answers };
}

export interface CorpusScore {
  situations: number;
  truePositives: number;
  falsePositives: number;
  falseNegatives: number;
  precision: number;
  recall: number;
  /** Labelled answers the rule attributed to the right team message. */
  attributed: number;
  labelledAnswers: number;
  misses: Array<{ id: string; found: number[]; expected: number[] }>;
  misattributed: Array<{ id: string; request: string; expected: number; got?: number }>;
}

export function score(rulebook: Rulebook, situations: Situation[]): CorpusScore {
  const s: CorpusScore = { situations: situations.length, truePositives: 0, falsePositives: 0, falseNegatives: 0, precision: 1, recall: 1, attributed: 0, labelledAnswers: 0, misses: [], misattributed: [] };
  for (const sit of situations) {
    const r = play(rulebook, sit);
    const tp = r.found.filter((n) => r.expected.includes(n)).length;
    s.truePositives += tp;
    s.falsePositives += r.found.length - tp;
    s.falseNegatives += r.expected.length - tp;
    if (tp !== r.found.length || tp !== r.expected.length) s.misses.push({ id: sit.id, found: r.found, expected: r.expected });
    for (const [req, reply] of Object.entries(sit.answers ?? {})) {
      s.labelledAnswers++;
      if (r.answers[req] === reply) s.attributed++;
      else s.misattributed.push({ id: sit.id, request: req, expected: reply, got: r.answers[req] });
    }
  }
  const reported = s.truePositives + s.falsePositives;
  const expected = s.truePositives + s.falseNegatives;
  s.precision = reported ? s.truePositives / reported : 1;
  s.recall = expected ? s.truePositives / expected : 1;
  return s;
}
