import { formatDuration } from '../clock/clock';
import type { Lang } from '../core/i18n';
import type { AuditResult } from './replay';

/** Audit output: json (for tools), table (terminal), md (for pasting). */
export function toJson(r: AuditResult): string {
  return JSON.stringify(
    {
      findings: r.findings.map((f) => ({ rule: f.rule, channel: f.channel, ts: f.ts, user: f.user, severity: f.severity, evidence: f.evidence })),
      report: r.report,
    },
    null,
    2,
  );
}

function rows(r: AuditResult, lang: Lang): { head: string[]; body: string[][]; rules: string[][] } {
  const d = (ms: number | null) => (ms === null ? '-' : formatDuration(ms, lang));
  const head = ['assistant', 'requests', 'median', 'p90', ...r.report.totals.within.map((_, i) => `within #${i + 1}`), 'breaches'];
  const body = [...r.report.byAssistant, r.report.totals].map((x) => [x.key, String(x.requests), d(x.medianMs), d(x.p90Ms), ...x.within.map((w) => `${Math.round(w * 100)}%`), String(x.breaches.length)]);
  const rules = Object.entries(r.report.perRule).sort((a, b) => b[1] - a[1]).map(([k, n]) => [k, String(n)]);
  return { head, body, rules };
}

export function toTable(r: AuditResult, lang: Lang): string {
  const { head, body, rules } = rows(r, lang);
  const table = (h: string[], b: string[][]) => {
    const w = h.map((_, i) => Math.max(h[i].length, ...b.map((row) => row[i].length)));
    const line = (cols: string[]) => cols.map((c, i) => c.padEnd(w[i])).join('  ');
    return [line(h), w.map((n) => '-'.repeat(n)).join('  '), ...b.map(line)].join('\n');
  };
  return [`${r.messages} messages, ${r.findings.length} findings, ${r.open.length} requests still open`, '', table(head, body), '', table(['rule', 'findings'], rules), ''].join('\n');
}

export function toMarkdown(r: AuditResult, lang: Lang): string {
  const { head, body, rules } = rows(r, lang);
  const md = (h: string[], b: string[][]) => [`| ${h.join(' | ')} |`, `|${h.map(() => '---').join('|')}|`, ...b.map((row) => `| ${row.join(' | ')} |`)].join('\n');
  return [`# SLA audit`, '', `${r.messages} messages, ${r.findings.length} findings, ${r.open.length} requests still open.`, '', md(head, body), '', md(['rule', 'findings'], rules), ''].join('\n');
}
