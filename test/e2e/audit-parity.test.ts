/**
 * The offline audit reproduces the live bot: a live scenario (real app, simulator, real Redis) is
 * exported from the simulator and replayed by `runAudit` on a virtual clock; both must report the
 * same findings (rule, channel, message, person, level).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadRulebook } from '../../src/config/rulebook';
import type { Finding } from '../../src/core/finding';
import { SlackExport } from '../../src/audit/export';
import { runAudit } from '../../src/audit/replay';
import { auditMain } from '../../src/cli/audit';
import { rulesDirWithShipped, sleep, startHarness, type Harness } from '../helpers/app';

jest.setTimeout(40_000);
const RULES = ['closed-question', 'deadline-missing', 'phone-number', 'batch-questions', 'overlong-reply'];
let h: Harness;
let rulesDir: string;
beforeAll(async () => {
  rulesDir = rulesDirWithShipped(RULES);
  h = await startHarness({ rulesDir });
});
afterAll(() => h.close());

const key = (f: Finding) => `${f.rule}|${f.channel}|${f.ts}|${f.user}|${String(f.evidence.level ?? f.evidence.messageId ?? '')}`;

test('same findings live and in the audit of the export', async () => {
  // C0ACME: a request nobody answers (reminder, slow, breach); an answer with an open question.
  await h.sim.postUserMessage({ channel: 'C0ACME', user: 'U0CLIENT', teamId: 'T0ACME', text: '請求書の件、ご確認いただけますか?' });
  // C0BETA: answered in the thread, with an acceptance without a deadline and a buried phone number.
  const q = await h.sim.postUserMessage({ channel: 'C0BETA', user: 'U0CLIENT2', teamId: 'T0BETA', text: '見積もりをお願いします' });
  await sleep(400);
  await h.sim.postUserMessage({ channel: 'C0BETA', user: 'U0SATO', teamId: 'T0OURTEAM', threadTs: q, text: '承知いたしました!対応いたします!' });
  await h.sim.postUserMessage({ channel: 'C0BETA', user: 'U0SATO', teamId: 'T0OURTEAM', text: 'デザイン案です。どうでしょうか?ご不明点は03-1234-5678までお電話ください。' });
  await h.sim.postUserMessage({ channel: 'C0BETA', user: 'U0CLIENT2', teamId: 'T0BETA', text: 'ありがとうございます!' });
  await h.sim.waitForCall('chat.postMessage', (c) => c.args.channel === 'C0DIRECTORS', 10_000);
  await sleep(800);
  const to = Date.now();

  const live = (await h.store.rangeRecords<Finding>('findings', 0, to)).map((r) => r.record);
  expect(live.length).toBeGreaterThanOrEqual(6);

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sla-export-'));
  h.sim.exportTo(dir);
  const audit = runAudit(new SlackExport(dir), { rulebook: loadRulebook(rulesDir), to });
  expect(audit.findings.map(key).sort()).toEqual(live.map(key).sort());
  expect(audit.report.totals.requests).toBe(1);
  expect(audit.report.totals.breaches).toHaveLength(1);

  // The CLI prints exactly { findings, report } as JSON.
  const out = path.join(dir, 'audit.json');
  expect(await auditMain([dir, '--rules', rulesDir, '--format', 'json', '--out', out])).toBe(0);
  const json = JSON.parse(fs.readFileSync(out, 'utf8'));
  expect(Object.keys(json)).toEqual(['findings', 'report']);
  expect(Object.keys(json.findings[0]).sort()).toEqual(['channel', 'evidence', 'rule', 'severity', 'ts', 'user']);
});

test('a malformed day file is reported with its path and the rest goes on', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sla-export-'));
  h.sim.exportTo(dir);
  const folder = path.join(dir, 'client-acme');
  fs.writeFileSync(path.join(folder, '1999-01-01.json'), '[{"ts": "1.1", ');
  const warnings: string[] = [];
  const audit = runAudit(new SlackExport(dir, (w) => warnings.push(w)), { rulebook: loadRulebook(rulesDir), to: Date.now(), onWarning: (w) => warnings.push(w) });
  expect(warnings.some((w) => w.includes(path.join(folder, '1999-01-01.json')))).toBe(true);
  expect(audit.messages).toBeGreaterThan(0);
});

test('a zip export gives the same answer as the folder', async () => {
  const yazl = await import('yazl');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sla-export-'));
  h.sim.exportTo(dir);
  const zipPath = path.join(os.tmpdir(), `sla-export-${Date.now()}.zip`);
  const zip = new yazl.ZipFile();
  const walk = (d: string, rel = '') => {
    for (const f of fs.readdirSync(d)) {
      const p = path.join(d, f);
      if (fs.statSync(p).isDirectory()) walk(p, path.join(rel, f));
      else zip.addFile(p, path.join('export', rel, f));
    }
  };
  walk(dir);
  zip.end();
  await new Promise<void>((resolve) => zip.outputStream.pipe(fs.createWriteStream(zipPath)).on('close', () => resolve()));
  const to = '2099-12-31';
  const a = path.join(dir, 'a.md');
  const b = path.join(dir, 'b.md');
  expect(await auditMain([dir, '--rules', rulesDir, '--to', to, '--format', 'md', '--out', a])).toBe(0);
  expect(await auditMain([zipPath, '--rules', rulesDir, '--to', to, '--format', 'md', '--out', b])).toBe(0);
  expect(fs.readFileSync(b, 'utf8')).toBe(fs.readFileSync(a, 'utf8'));
  expect(fs.readFileSync(a, 'utf8')).toContain('# SLA audit');
  const html = path.join(dir, 'audit.html');
  expect(await auditMain([dir, '--rules', rulesDir, '--to', to, '--format', 'html', '--out', html])).toBe(0);
  const page = fs.readFileSync(html, 'utf8');
  expect(page).toMatch(/^<!doctype html>/);
  expect((page.match(/<svg /g) ?? []).length).toBe(3);
  expect(page).not.toMatch(/<script|<link|src=/);
  expect(await auditMain([path.join(dir, 'users.json'), '--rules', rulesDir])).toBe(2);
  expect(await auditMain([dir, '--format', 'pdf'])).toBe(2);
});
