import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import cliProgress from 'cli-progress';
import { loadRulebook, RulebookError, type Rulebook } from '../config/rulebook';
import { SlackExport } from '../audit/export';
import { AuditInputError } from '../audit/input-error';
import { auditRange } from '../audit/range';
import { runAudit, type AuditResult } from '../audit/replay';
import { toHtml, toJson, toMarkdown, toTable } from '../audit/format';
import { unzipExport } from '../audit/unzip';

/**
 * `sla-bot audit <export-dir> [--rules DIR] [--team T…] [--from DATE] [--to DATE] [--format table|json|md|html] [--out FILE]`
 * No Slack account, no Redis, no network. Warnings go to stderr only. A question the person running
 * it has to settle (which organisation is ours, a range that cannot be audited) exits 2 with one
 * sentence, before anything is written.
 */
const USAGE = 'usage: sla-bot audit <export-dir> [--rules DIR] [--team T…] [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--format table|json|md|html] [--out FILE]';
const OPTIONS = ['--rules', '--team', '--from', '--to', '--format', '--out'];
/** As team.yaml's teamId: a workspace (T…) or an Enterprise organisation (E…). */
const TEAM_ID = /^[TE][A-Z0-9]+$/;

export async function auditMain(argv: string[]): Promise<number> {
  const opts: Record<string, string> = {};
  const positional: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a.startsWith('--')) {
      const value = argv[i + 1];
      if (!OPTIONS.includes(a) || value === undefined) return fail(`unknown or incomplete option ${a}\n${USAGE}`);
      // The second of two would silently win: say so instead.
      if (a.slice(2) in opts) return fail(`${a} is given twice (${opts[a.slice(2)]}, ${value}); give it once`);
      opts[a.slice(2)] = value;
      i++;
    } else positional.push(a);
  }
  if (positional.length !== 1) return fail(USAGE);
  const dir = positional[0];
  if (!fs.existsSync(dir)) return fail(`${dir}: not found`);
  const format = opts.format ?? 'table';
  if (!['table', 'json', 'md', 'html'].includes(format)) return fail(`--format must be table, json, md or html (got "${format}")`);
  if (opts.team !== undefined && !TEAM_ID.test(opts.team)) return fail(`--team "${opts.team}" is not a Slack team id (T… or E…, as in the team_id of users.json)`);
  let rulebook: Rulebook;
  try {
    rulebook = loadRulebook(opts.rules ?? path.join(__dirname, '..', '..', 'rules'));
  } catch (e) {
    if (e instanceof RulebookError) return fail(e.message);
    throw e;
  }
  const opened = await openExport(dir);
  if (typeof opened === 'string') return fail(opened);
  let result: AuditResult;
  try {
    result = audit(opened.dir, rulebook, opts);
  } catch (e) {
    if (e instanceof AuditInputError) return fail(e.message);
    throw e;
  } finally {
    opened.cleanup();
  }
  const lang = rulebook.team.language;
  const text = format === 'json' ? toJson(result) : format === 'md' ? toMarkdown(result, lang) : format === 'html' ? toHtml(result, lang) : toTable(result, lang);
  if (opts.out) fs.writeFileSync(opts.out, text);
  else process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
  return 0;
}

/** The export as a folder: a zip is unpacked to a temporary folder (removed by cleanup); a message when it cannot be read. */
async function openExport(dir: string): Promise<{ dir: string; cleanup: () => void } | string> {
  if (!fs.statSync(dir).isFile()) return { dir, cleanup: () => undefined };
  // A zip export is unpacked to a temporary folder (streamed entry by entry), then read like a folder.
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sla-audit-'));
  const cleanup = () => fs.rmSync(tmp, { recursive: true, force: true });
  try {
    await unzipExport(path.resolve(dir), tmp, (w) => process.stderr.write(`warning: ${w}\n`));
  } catch (e) {
    cleanup();
    return `${dir}: not a readable zip export (${(e as Error).message})`;
  }
  // Some exports wrap everything in one top-level folder.
  const entries = fs.readdirSync(tmp);
  return { dir: entries.length === 1 && fs.statSync(path.join(tmp, entries[0])).isDirectory() ? path.join(tmp, entries[0]) : tmp, cleanup };
}

/** The replay with a progress bar; throws AuditInputError before replaying when the range or our organisation is unclear. */
function audit(dir: string, rulebook: Rulebook, opts: Record<string, string>): AuditResult {
  const warn = (w: string) => process.stderr.write(`warning: ${w}\n`);
  const exp = new SlackExport(dir, warn);
  const { from, to } = auditRange({ from: opts.from, to: opts.to }, exp.span(), rulebook.calendar.zone);
  // A progress bar on a terminal only; pipes and CI logs stay quiet.
  const bar = process.stderr.isTTY ? new cliProgress.SingleBar({ stream: process.stderr, format: 'auditing {bar} {value}/{total} conversations' }, cliProgress.Presets.shades_classic) : undefined;
  let started = false;
  try {
    return runAudit(exp, {
      rulebook,
      from,
      to,
      teamId: opts.team,
      onWarning: warn,
      onProgress: (done, total) => {
        if (!bar) return;
        if (!started) bar.start(total, 0);
        started = true;
        bar.update(done);
      },
    });
  } finally {
    bar?.stop();
  }
}

function fail(message: string): number {
  process.stderr.write(`sla-bot audit: ${message}\n`);
  return 2;
}
