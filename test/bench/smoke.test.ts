/**
 * The benchmark scripts still run: each one, as `npm run bench` would start it, on a tiny size,
 * writing to a temporary results file. Figures are not checked (speed is never asserted in tests);
 * that every section is written, with numbers in it, is.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

jest.setTimeout(240_000);
const ROOT = path.join(__dirname, '..', '..');
const results = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'sla-bench-')), 'RESULTS.md');

function run(script: string, args: string[], env: Record<string, string> = {}): void {
  const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(ROOT, 'bench', script), ...args], {
    cwd: ROOT,
    env: { ...process.env, BENCH_RESULTS: results, ...env },
    encoding: 'utf8',
    timeout: 180_000,
  });
  if (r.status !== 0) throw new Error(`${script} exited ${r.status}:\n${r.stdout}\n${r.stderr}`);
}

test.each([
  ['events.ts', ['200'], {}, 'events', /\| capacity: 200 events.*\| [\d,]+ events\/s \| [\d,]+ events\/s \|/],
  ['timers.ts', ['300', '0.1'], { BENCH_TIMERS_LEAD_MS: '4000', BENCH_TIMERS_WINDOW_MS: '2000' }, 'timers', /\| timer lateness p50 \/ p99 \/ max \| \d+ ms/],
  ['report.ts', [], { BENCH_REPORT_DAYS: '1' }, 'report', /end to end.*\*\*\d+ ms\*\*/],
  ['audit.ts', ['2000'], {}, 'audit', /\| \*\*audit: read \+ replay through every rule\*\* \| \*\*[\d.]+ s \([\d,]+ msg\/s\)\*\* \|/],
  ['analysis.ts', [], {}, 'analysis', /\| \*\*kuromoji with src\/text\/kuromoji-speedup.ts\*\* \(same tokens, tested\) \| \*\*[\d,]+\*\* \([\d.]+× the baseline\) \|/],
  ['requests.ts', [], {}, 'requests', /\| corpus, ja \| \d+ \| \d+ \| \*\*[\d.]+\*\* \/ \*\*[\d.]+\*\* \|/],
] as Array<[string, string[], Record<string, string>, string, RegExp]>)('%s runs and writes its section', (script, args, env, id, figure) => {
  run(script, args, env);
  const text = fs.readFileSync(results, 'utf8');
  const section = text.slice(text.indexOf(`<!-- bench:${id} -->`), text.indexOf(`<!-- /bench:${id} -->`));
  expect(section).toMatch(figure);
  expect(text.startsWith('# Benchmark results')).toBe(true);
});
