/**
 * The message rules keep their detection quality on the labelled corpus (test/corpus/rules/,
 * written from the rulebook; figures in bench/RESULTS.md by `npm run bench:quality`). The aim is
 * precision ≥ 0.95 and recall ≥ 0.90 for every rule in ja and en; a rule still below it is held at
 * the floor it has reached (BELOW_AIM), so it can only get better, and the README says which.
 */
import { loadRulebook } from '../../src/config/rulebook';
import { corpusFiles, loadRuleCorpus, scoreRule } from '../helpers/quality-corpus';
import { SHIPPED_RULES } from '../helpers/rule-tester';

jest.setTimeout(60_000);

const AIM = { precision: 0.95, recall: 0.9 };
/** rule.lang → the floor it is held at while below the aim. */
const BELOW_AIM: Record<string, { precision: number; recall: number }> = {
  // False alarms left: a link posted for a future meeting, a client's meeting with a third party.
  'call-recap.ja': { precision: 0.92, recall: 0.95 },
  'call-recap.en': { precision: 0.9, recall: 0.9 },
  // A permission note sent as a follow-up message, a repost of a link already explained, the client's own document.
  'link-permission.ja': { precision: 0.82, recall: 0.92 },
  'link-permission.en': { precision: 0.8, recall: 0.92 },
  'overlong-reply.en': { precision: 0.92, recall: 0.95 },
};

const RULES = ['deadline-missing', 'closed-question', 'complaint-protocol', 'call-recap', 'unsolicited-checkin', 'delay-notice', 'reaction-only', 'batch-questions', 'overlong-reply', 'link-permission'];
const rulebook = loadRulebook(SHIPPED_RULES);
const sets = RULES.flatMap((rule) => corpusFiles(rule).map(([lang, file]) => [`${rule}.${lang}`, rule, file] as const));

test('every message rule has a labelled corpus in both languages, ja ≥ 100 cases and en ≥ 50', () => {
  for (const rule of RULES) {
    const files = Object.fromEntries(corpusFiles(rule));
    expect([rule, Object.keys(files).sort()]).toEqual([rule, ['en', 'ja']]);
    expect([rule, loadRuleCorpus(files.ja).length >= 100, loadRuleCorpus(files.en).length >= 50]).toEqual([rule, true, true]);
  }
});

test.each(sets)('%s keeps its precision and recall', (key, rule, file) => {
  const s = scoreRule(rulebook, rule, loadRuleCorpus(file));
  const floor = BELOW_AIM[key] ?? AIM;
  const wrong = s.results.filter((r) => r.fp || r.fn).map((r) => `${r.fp ? 'FP' : 'FN'} ${r.id}`);
  expect({ key, precisionOk: s.precision >= floor.precision, recallOk: s.recall >= floor.recall, precision: s.precision, recall: s.recall, wrong }).toMatchObject({ key, precisionOk: true, recallOk: true });
});
