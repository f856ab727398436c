import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import type { Rulebook } from '../../src/config/rulebook';
import { SlackExport } from '../../src/audit/export';
import { runAudit } from '../../src/audit/replay';
import { jst } from './rule-tester';

/**
 * The message rules' labelled corpus (test/corpus/rules/<rule>.<lang>.yaml, format in its README):
 * every case becomes one Slack Connect channel of an export, the whole file is audited by `runAudit`
 * (the engine the live bot runs) with the given rulebook, and the rule's findings are compared with
 * the labels. Scored by test/corpus/rules.test.ts (a floor) and bench/quality.ts (bench/RESULTS.md).
 */
export const RULE_CORPUS_DIR = path.join(__dirname, '..', 'corpus', 'rules');

const PEOPLE: Record<string, { user: string; team: string; name: string }> = {
  client: { user: 'U0CLIENT', team: 'T0ACME', name: 'yamada' },
  client2: { user: 'U0CLIENT2', team: 'T0ACME', name: 'kato' },
  sato: { user: 'U0SATO', team: 'T0OURTEAM', name: 'sato' },
  suzuki: { user: 'U0SUZUKI', team: 'T0OURTEAM', name: 'suzuki' },
  boss: { user: 'U0BOSS', team: 'T0OURTEAM', name: 'boss' },
};

export interface CaseMessage {
  at: string;
  who: keyof typeof PEOPLE;
  text?: string;
  thread?: number;
  reactions?: Array<{ who: keyof typeof PEOPLE; name: string }>;
  files?: string[];
  huddle?: boolean;
}

export interface RuleCase {
  id: string;
  reason: string;
  messages: CaseMessage[];
  /** 1-based numbers of the messages the rule must flag. */
  flags: number[];
  until?: string;
}

/**
 * Findings that say the rule was broken, by rule: a delay-notice reminder (80% of the time gone) is a
 * private heads-up before any harm, not a breach, and a promise kept after it is no false alarm.
 */
const BREACH_LEVELS: Record<string, string[]> = { 'delay-notice': ['breach'] };

/** Rules whose finding lands on a message that a labeller cannot pin down (which of a batch): scored per case. */
export const CASE_LEVEL = new Set(['batch-questions', 'unsolicited-checkin']);

export function loadRuleCorpus(file: string): RuleCase[] {
  return fs.existsSync(file) ? ((parse(fs.readFileSync(file, 'utf8')) as RuleCase[] | null) ?? []) : [];
}

/** The corpus files present for a rule: [lang, file] for the development set (or `dir`). */
export function corpusFiles(rule: string, dir = RULE_CORPUS_DIR): Array<['ja' | 'en', string]> {
  return (['ja', 'en'] as const).map((lang) => [lang, path.join(dir, `${rule}.${lang}.yaml`)] as ['ja' | 'en', string]).filter(([, f]) => fs.existsSync(f));
}

/** "MM-DD HH:MM" (2026, Japan time) → epoch ms. */
const at = (s: string) => jst(`2026-${s.replace(' ', 'T')}`);
const WEEK = 7 * 24 * 3_600_000;

/** Write the cases as a Slack export (one channel per case); returns each case's message ts and replay end. */
export function writeCaseExport(cases: RuleCase[], dir: string): Array<{ ts: string[]; until: number }> {
  const users = Object.values(PEOPLE).map((p) => ({ id: p.user, name: p.name, real_name: p.name, team_id: p.team, is_bot: false, deleted: false }));
  fs.writeFileSync(path.join(dir, 'users.json'), JSON.stringify(users));
  const members = Object.values(PEOPLE).map((p) => p.user);
  fs.writeFileSync(path.join(dir, 'channels.json'), JSON.stringify(cases.map((_c, i) => ({ id: channelId(i), name: `case-${i}`, is_ext_shared: true, members }))));
  return cases.map((c, i) => {
    const ts: string[] = [];
    const byDay = new Map<string, unknown[]>();
    c.messages.forEach((m, n) => {
      const p = PEOPLE[m.who];
      if (!p) throw new Error(`${c.id}: unknown person "${m.who}"`);
      // Messages of one minute keep their order: a microsecond apart per message.
      const t = `${Math.floor(at(m.at) / 1000)}.${String(n + 1).padStart(6, '0')}`;
      ts.push(t);
      const raw: Record<string, unknown> = { type: 'message', ts: t, user: p.user, user_team: p.team, text: m.text ?? '' };
      if (m.thread !== undefined) {
        if (!ts[m.thread - 1] || m.thread - 1 >= n) throw new Error(`${c.id}: message ${n + 1} replies in the thread of message ${m.thread}, which is not before it`);
        raw.thread_ts = ts[m.thread - 1];
      }
      if (m.huddle) raw.subtype = 'huddle_thread';
      if (m.files?.length) raw.files = m.files.map((name, k) => ({ id: `F0${i}X${n}X${k}`, name, title: name }));
      if (m.reactions?.length) {
        const byName = new Map<string, string[]>();
        for (const r of m.reactions) byName.set(r.name, [...(byName.get(r.name) ?? []), PEOPLE[r.who].user]);
        raw.reactions = [...byName].map(([name, who]) => ({ name, users: who, count: who.length }));
      }
      const day = new Date(Number(t) * 1000).toISOString().slice(0, 10);
      byDay.set(day, [...(byDay.get(day) ?? []), raw]);
    });
    fs.mkdirSync(path.join(dir, `case-${i}`));
    for (const [day, msgs] of byDay) fs.writeFileSync(path.join(dir, `case-${i}`, `${day}.json`), JSON.stringify(msgs));
    const last = Math.max(...c.messages.map((m) => at(m.at)));
    return { ts, until: c.until ? at(c.until) : last + WEEK };
  });
}

const channelId = (i: number) => `C0CASE${i}`;

export interface CaseResult {
  id: string;
  expected: number[];
  found: number[];
  tp: boolean;
  fp: boolean;
  fn: boolean;
}

export interface RuleScore {
  cases: number;
  positives: number;
  tp: number;
  fp: number;
  fn: number;
  precision: number;
  recall: number;
  results: CaseResult[];
}

/** Audit the cases with `rulebook` and score rule `rule`'s findings against their labels. */
export function scoreRule(rulebook: Rulebook, rule: string, cases: RuleCase[]): RuleScore {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `sla-quality-${rule}-`));
  try {
    const written = writeCaseExport(cases, dir);
    const to = Math.max(...written.map((w) => w.until));
    const audit = runAudit(new SlackExport(dir), { rulebook, to, teamId: 'T0OURTEAM' });
    const found = cases.map(() => new Set<number>());
    for (const f of audit.findings) {
      if (f.rule !== rule || !f.channel.startsWith('C0CASE')) continue;
      if (BREACH_LEVELS[rule] && !BREACH_LEVELS[rule].includes(String(f.evidence.level))) continue;
      const i = Number(f.channel.slice('C0CASE'.length));
      if (f.at > written[i].until) continue;
      // A finding about no message of the case (a channel-level one) counts against the case as message 0.
      found[i].add(written[i].ts.indexOf(f.ts) + 1);
    }
    const caseLevel = CASE_LEVEL.has(rule);
    const results = cases.map((c, i): CaseResult => {
      const got = [...found[i]].sort((a, b) => a - b);
      const expected = [...c.flags].sort((a, b) => a - b);
      const tp = caseLevel ? expected.length > 0 && got.length > 0 : got.some((n) => expected.includes(n));
      const fp = caseLevel ? expected.length === 0 && got.length > 0 : got.some((n) => !expected.includes(n));
      return { id: c.id, expected, found: got, tp, fp, fn: expected.length > 0 && !tp };
    });
    const tp = results.filter((r) => r.tp).length;
    const fp = results.filter((r) => r.fp).length;
    const fn = results.filter((r) => r.fn).length;
    const positives = results.filter((r) => r.expected.length > 0).length;
    return { cases: cases.length, positives, tp, fp, fn, precision: tp + fp ? tp / (tp + fp) : 1, recall: positives ? tp / positives : 1, results };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
