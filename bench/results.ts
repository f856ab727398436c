import fs from 'node:fs';
import path from 'node:path';

/**
 * bench/RESULTS.md holds the latest figures of every benchmark, one section each. A run replaces its
 * own section (between markers) and leaves the others, so benchmarks can run one at a time.
 * BENCH_RESULTS points elsewhere (the smoke test writes to a temporary file).
 */
export function resultsPath(): string {
  return process.env.BENCH_RESULTS ?? path.join(__dirname, 'RESULTS.md');
}

const HEADER = `# Benchmark results

Latest figures of each benchmark (\`npm run bench\` runs them all; each section says when and how it ran).
Ratios compare against a baseline measured in the same run on the same machine.
`;

export function writeSection(id: string, markdown: string): void {
  const file = resultsPath();
  const start = `<!-- bench:${id} -->`;
  const end = `<!-- /bench:${id} -->`;
  const block = `${start}\n${markdown.trim()}\n${end}`;
  let text = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : HEADER;
  if (!text.startsWith('# Benchmark results')) text = HEADER;
  const i = text.indexOf(start);
  const j = text.indexOf(end);
  text = i >= 0 && j > i ? `${text.slice(0, i)}${block}${text.slice(j + end.length)}` : `${text.trimEnd()}\n\n${block}\n`;
  fs.writeFileSync(file, text);
}

/** Environment line for a section. */
export function machine(): string {
  const os = require('node:os') as typeof import('node:os');
  return `${new Date().toISOString()}, Node ${process.version}, ${os.cpus().length} × ${os.cpus()[0]?.model.trim() ?? 'cpu'}`;
}
