/**
 * Benchmark: Japanese morphological analysis, kuromoji as shipped (the baseline, same run) against
 * kuromoji with src/text/kuromoji-speedup.ts, over every text of the labelled corpora (each text
 * once: no cache can help), and the whole analysis (`analyze`: sentences, morphemes, questions).
 *   npm run bench:analysis
 * Writes its section of bench/RESULTS.md.
 */
import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { createKuromoji, loadJapanese } from '../src/text/japanese';
import { analyze } from '../src/text/analysis';
import { machine, writeSection } from './results';

function corpusTexts(): string[] {
  const out = new Set<string>();
  const walk = (v: unknown): void => {
    if (typeof v === 'string' && /[\u3040-\u30ff\u4e00-\u9fff]/.test(v)) out.add(v);
    else if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') Object.values(v).forEach(walk);
  };
  const root = path.join(__dirname, '..', 'test', 'corpus');
  for (const dir of [root, path.join(root, 'rules')]) for (const f of fs.readdirSync(dir).filter((x) => x.endsWith('.yaml'))) walk(YAML.parse(fs.readFileSync(path.join(dir, f), 'utf8')));
  return [...out];
}

function perSecond(texts: string[], fn: (t: string) => unknown, rounds = 3): number {
  for (const t of texts.slice(0, 200)) fn(t); // warm up
  const start = process.hrtime.bigint();
  for (let r = 0; r < rounds; r++) for (const t of texts) fn(r ? `${t} ` : t);
  return (texts.length * rounds) / (Number(process.hrtime.bigint() - start) / 1e9);
}

export function main(): void {
  const texts = corpusTexts();
  const chars = texts.reduce((n, t) => n + t.length, 0);
  const shipped = createKuromoji({ speedUp: false });
  const fast = createKuromoji();
  loadJapanese();
  const base = perSecond(texts, (t) => shipped.tokenize(t));
  const sped = perSecond(texts, (t) => fast.tokenize(t));
  let n = 0;
  const whole = perSecond(texts, (t) => analyze(`${t}${n++}`), 1);
  const rss = process.memoryUsage().rss / 2 ** 20;
  const f = (x: number) => Math.round(x).toLocaleString('en');
  const lines = [
    '## Japanese analysis: kuromoji as shipped against the speed-up',
    '',
    `${machine()}; one core; ${texts.length.toLocaleString('en')} distinct Japanese texts of the labelled corpora (${Math.round(chars / texts.length)} characters on average), each tokenised three times with a changed text so no cache answers.`,
    '',
    '| measure | messages/s |',
    '|---|---|',
    `| baseline: kuromoji 0.1.2 as shipped | ${f(base)} |`,
    `| **kuromoji with src/text/kuromoji-speedup.ts** (same tokens, tested) | **${f(sped)}** (${(sped / base).toFixed(1)}× the baseline) |`,
    `| whole analysis (\`analyze\`: sentences, morphemes, questions) | ${f(whole)} |`,
    `| process memory after both dictionaries (RSS) | ${rss.toFixed(0)} MiB |`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  writeSection('analysis', lines.join('\n'));
}

if (require.main === module) main();
