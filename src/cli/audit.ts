import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import cliProgress from 'cli-progress';
import { DateTime } from 'luxon';
import { loadRulebook, RulebookError } from '../config/rulebook';
import { SlackExport } from '../audit/export';
import { runAudit } from '../audit/replay';
import { toHtml, toJson, toMarkdown, toTable } from '../audit/format';
import { unzipExport } from '../audit/unzip';

/**
 * `sla-bot audit <export-dir> [--rules DIR] [--from DATE] [--to DATE] [--format table|json|md] [--out FILE]`
 * No Slack account, no Redis, no network. Warnings go to stderr only.
 */
const USAGE = 'usage: sla-bot audit <export-dir> [--rules DIR] [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--format table|json|md|html] [--out FILE]';

export async function auditMain(argv: string[]): Promise<number> {
  const opts: Record<string, string> = {};
  const positional: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a.startsWith('--')) {
      const value = argv[i + 1];
      if (!['--rules', '--from', '--to', '--format', '--out'].includes(a) || value === undefined) return fail(`unknown or incomplete option ${a}\n${USAGE}`);
      opts[a.slice(2)] = value;
      i++;
    } else positional.push(a);
  }
  if (positional.length !== 1) return fail(USAGE);
  const dir = positional[0];
  if (!fs.existsSync(dir)) return fail(`${dir}: not found`);
  let exportDir = dir;
  let cleanup: (() => void) | undefined;
  if (fs.statSync(dir).isFile()) {
    // A zip export is unpacked to a temporary folder (streamed entry by entry), then read like a folder.
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sla-audit-'));
    cleanup = () => fs.rmSync(tmp, { recursive: true, force: true });
    try {
      await unzipExport(path.resolve(dir), tmp, (w) => process.stderr.write(`warning: ${w}\n`));
    } catch (e) {
      cleanup();
      return fail(`${dir}: not a readable zip export (${(e as Error).message})`);
    }
    // Some exports wrap everything in one top-level folder.
    const entries = fs.readdirSync(tmp);
    exportDir = entries.length === 1 && fs.statSync(path.join(tmp, entries[0])).isDirectory() ? path.join(tmp, entries[0]) : tmp;
  }
  const format = opts.format ?? 'table';
  if (!['table', 'json', 'md', 'html'].includes(format)) return fail(`--format must be table, json, md or html (got "${format}")`);
  let rulebook;
  try {
    rulebook = loadRulebook(opts.rules ?? path.join(__dirname, '..', '..', 'rules'));
  } catch (e) {
    if (e instanceof RulebookError) return fail(e.message);
    throw e;
  }
  const zone = rulebook.calendar.zone;
  const date = (s: string | undefined, end: boolean) => {
    if (!s) return undefined;
    const d = DateTime.fromISO(s, { zone });
    if (!d.isValid) throw new Error(`"${s}" is not a date (YYYY-MM-DD)`);
    return (end ? d.endOf('day') : d.startOf('day')).toMillis();
  };
  let from: number | undefined;
  let to: number;
  try {
    from = date(opts.from, false);
    to = date(opts.to, true) ?? Date.now();
  } catch (e) {
    return fail((e as Error).message);
  }
  const warn = (w: string) => process.stderr.write(`warning: ${w}\n`);
  const exp = new SlackExport(exportDir, warn);
  // A progress bar on a terminal only; pipes and CI logs stay quiet.
  const bar = process.stderr.isTTY ? new cliProgress.SingleBar({ stream: process.stderr, format: 'auditing {bar} {value}/{total} conversations' }, cliProgress.Presets.shades_classic) : undefined;
  let started = false;
  const result = runAudit(exp, {
    rulebook,
    from,
    to,
    onWarning: warn,
    onProgress: (done, total) => {
      if (!bar) return;
      if (!started) bar.start(total, 0);
      started = true;
      bar.update(done);
    },
  });
  bar?.stop();
  cleanup?.();
  const lang = rulebook.team.language;
  const text = format === 'json' ? toJson(result) : format === 'md' ? toMarkdown(result, lang) : format === 'html' ? toHtml(result, lang) : toTable(result, lang);
  if (opts.out) fs.writeFileSync(opts.out, text);
  else process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
  return 0;
}

function fail(message: string): number {
  process.stderr.write(`sla-bot audit: ${message}\n`);
  return 2;
}
