/**
 * Detection quality of the request model: the labelled corpus (test/corpus/requests.*.yaml, written
 * from the rulebook) and, when present, a held-out set written independently of the code
 * (test/corpus/holdout/), played through rule `response-time` with the shipped rules. Baseline, same
 * run: the same rule with its "opens no request" tables emptied (every client message a request).
 *   npm run bench:requests
 * Writes its section of bench/RESULTS.md. Not a test: the floor is kept by test/corpus/requests.test.ts.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse, stringify } from 'yaml';
import { loadRulebook } from '../src/config/rulebook';
import { CORPUS_DIR, score, type Situation } from '../test/helpers/request-corpus';
import { SHIPPED_RULES } from '../test/helpers/rule-tester';
import { machine, writeSection } from './results';

function load(file: string): Situation[] {
  return fs.existsSync(file) ? (parse(fs.readFileSync(file, 'utf8')) as Situation[]) : [];
}

/** The shipped rules with response-time's "opens no request" tables emptied. */
function baselineRules(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sla-requests-baseline-'));
  for (const f of fs.readdirSync(SHIPPED_RULES)) fs.copyFileSync(path.join(SHIPPED_RULES, f), path.join(dir, f));
  const file = path.join(dir, 'response-time.yaml');
  const rule = parse(fs.readFileSync(file, 'utf8'));
  for (const k of ['closingPhrases', 'acknowledgePhrases', 'ownStepPhrases', 'noReplyPhrases', 'fyiPhrases']) rule.options[k] = [];
  fs.writeFileSync(file, stringify(rule));
  return dir;
}

export function main(): void {
  const shipped = loadRulebook(SHIPPED_RULES);
  const baseline = loadRulebook(baselineRules());
  const sets: Array<[string, Situation[]]> = [];
  for (const lang of ['ja', 'en']) {
    sets.push([`corpus, ${lang}`, load(path.join(CORPUS_DIR, `requests.${lang}.yaml`))]);
    const held = load(path.join(CORPUS_DIR, 'holdout', `requests.${lang}.yaml`));
    if (held.length) sets.push([`held-out, ${lang}`, held]);
  }
  const f = (x: number) => x.toFixed(2);
  const rows = sets.map(([name, situations]) => {
    const s = score(shipped, situations);
    const b = score(baseline, situations);
    return `| ${name} | ${situations.length} | ${s.truePositives + s.falseNegatives} | **${f(s.precision)}** / **${f(s.recall)}** | ${s.attributed}/${s.labelledAnswers} | ${f(b.precision)} / ${f(b.recall)} | ${s.misses.map((m) => m.id).join(', ') || '–'} |`;
  });
  const lines = [
    '## Requests: which client messages breach, which reply answers them',
    '',
    `${machine()}; rule \`response-time\` with the shipped rule file, on the channel runner the live bot uses (virtual clock). A situation is a short client-channel conversation labelled with the client messages that must end as a 6-hour breach and which team message answers which request (test/corpus/). The held-out set was written without sight of the code or the main corpus and is never tuned on. Baseline, same run: the same rule with its "opens no request" tables emptied. Aim (issue 12): precision ≥ 0.95 and recall ≥ 0.95.`,
    '',
    '| set | situations | breaches labelled | precision / recall | answers attributed | baseline precision / recall | situations missed |',
    '|---|---|---|---|---|---|---|',
    ...rows,
  ];
  writeSection('requests', lines.join('\n'));
  process.stdout.write(`${lines.join('\n')}\n`);
}

if (require.main === module) main();
