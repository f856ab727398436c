/**
 * Detection quality of the message rules: the labelled corpus (test/corpus/rules/<rule>.<lang>.yaml,
 * written from the rulebook) and, when present, a held-out set (test/corpus/holdout/rules/), every
 * case a channel of an export audited by `runAudit` with the shipped rules.
 *   npm run bench:quality                 every rule, writes its section of bench/RESULTS.md
 *   npm run bench:quality -- --rule X     one rule, and the cases it gets wrong (nothing written)
 * Not a test: the floor is kept by test/corpus/rules.test.ts.
 */
import path from 'node:path';
import { loadRulebook } from '../src/config/rulebook';
import { corpusFiles, loadRuleCorpus, RULE_CORPUS_DIR, scoreRule, type RuleScore } from '../test/helpers/quality-corpus';
import { SHIPPED_RULES } from '../test/helpers/rule-tester';
import { machine, writeSection } from './results';

/** The rules that judge what a message says (the corpus's rules). */
export const MESSAGE_RULES = ['deadline-missing', 'closed-question', 'complaint-protocol', 'call-recap', 'unsolicited-checkin', 'delay-notice', 'reaction-only', 'batch-questions', 'overlong-reply', 'link-permission'];
const HOLDOUT_DIR = path.join(RULE_CORPUS_DIR, '..', 'holdout', 'rules');
/**
 * The phrase-list detectors before the linguistic layer (commit 0f644f1), scored on this same corpus
 * with this scorer: [precision, recall]. A fixed reference: the old code no longer exists to run.
 */
const BEFORE: Record<string, [number, number]> = {
  'deadline-missing.ja': [0.83, 0.39],
  'deadline-missing.en': [1.00, 0.06],
  'closed-question.ja': [0.47, 0.13],
  'closed-question.en': [0.67, 0.05],
  'complaint-protocol.ja': [0.20, 0.04],
  'complaint-protocol.en': [0.60, 0.06],
  'call-recap.ja': [0.57, 0.65],
  'call-recap.en': [0.56, 0.65],
  'unsolicited-checkin.ja': [1.00, 0.13],
  'unsolicited-checkin.en': [1.00, 0.12],
  'delay-notice.ja': [0.46, 0.67],
  'delay-notice.en': [0.67, 0.21],
  'reaction-only.ja': [0.54, 1.00],
  'reaction-only.en': [0.54, 1.00],
  'batch-questions.ja': [0.67, 0.04],
  'batch-questions.en': [1.00, 0.11],
  'overlong-reply.ja': [0.77, 0.81],
  'overlong-reply.en': [0.77, 0.63],
  'link-permission.ja': [0.68, 0.91],
  'link-permission.en': [0.61, 0.89],
};

const f = (x: number) => x.toFixed(2);

export function main(argv = process.argv.slice(2)): void {
  const only = argv.includes('--rule') ? argv[argv.indexOf('--rule') + 1] : undefined;
  const rulebook = loadRulebook(SHIPPED_RULES);
  const rows: string[] = [];
  for (const rule of MESSAGE_RULES.filter((r) => !only || r === only)) {
    for (const [set, dir] of [['corpus', RULE_CORPUS_DIR], ['held-out', HOLDOUT_DIR]] as const) {
      for (const [lang, file] of corpusFiles(rule, dir)) {
        const s: RuleScore = scoreRule(rulebook, rule, loadRuleCorpus(file));
        const before = set === 'corpus' ? BEFORE[`${rule}.${lang}`] : undefined;
        rows.push(`| ${rule} | ${set}, ${lang} | ${s.cases} | ${s.positives} | **${f(s.precision)}** | **${f(s.recall)}** | ${s.fp} | ${s.fn} | ${before ? `${f(before[0])} / ${f(before[1])}` : '–'} |`);
        if (only) {
          for (const r of s.results.filter((x) => x.fp || x.fn)) process.stdout.write(`  ${r.fp ? 'FP' : 'FN'} ${r.id}: expected [${r.expected}] found [${r.found}]\n`);
        }
      }
    }
  }
  const lines = [
    '## Message rules: precision and recall on the labelled corpus',
    '',
    `${machine()}; every case of test/corpus/rules/ is a channel of an export audited with the shipped rules (the live bot's engine). A case is a short conversation labelled with the messages the rule must flag (see the corpus README); precision and recall are over cases. Aim (issue 13): precision ≥ 0.95 and recall ≥ 0.90 for every rule, ja and en. The last column is the phrase-list detectors this replaced, on the same corpus.`,
    '',
    '| rule | set | cases | positive | precision | recall | false alarms | misses | before (0f644f1): precision / recall |',
    '|---|---|---|---|---|---|---|---|---|',
    ...rows,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  if (!only) writeSection('quality', lines.join('\n'));
}

if (require.main === module) main();
