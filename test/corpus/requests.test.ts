/**
 * The labelled request/answer corpus (test/corpus/requests.*.yaml) played through rule
 * `response-time` with the shipped rule file: the breaches it reports must be the labelled ones,
 * and each labelled answer attributed to the right team message. Floors, not exact figures: the
 * figures themselves are in bench/RESULTS.md (npm run bench:requests).
 */
import { loadCorpus, score } from '../helpers/request-corpus';
import { loadShipped } from '../helpers/rule-tester';

const rulebook = loadShipped();

describe.each(['ja', 'en'] as const)('request corpus (%s)', (lang) => {
  const situations = loadCorpus(lang);
  const s = score(rulebook, situations);

  test('enough situations to mean something', () => {
    expect(situations.length).toBeGreaterThanOrEqual(lang === 'ja' ? 100 : 50);
    expect(new Set(situations.map((x) => x.id)).size).toBe(situations.length);
  });
  test('breach findings: precision ≥ 0.95 and recall ≥ 0.95', () => {
    expect({ precision: s.precision >= 0.95, recall: s.recall >= 0.95, misses: s.misses }).toMatchObject({ precision: true, recall: true });
  });
  test('answers attributed to the right team message: ≥ 0.95', () => {
    expect(s.attributed / s.labelledAnswers).toBeGreaterThanOrEqual(0.95);
  });
});
