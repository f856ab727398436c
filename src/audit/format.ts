import { formatDuration } from '../clock/clock';
import type { Lang } from '../core/i18n';
import { share } from '../report/aggregate';
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
  const d = (ms: number | null) => (ms === null ? '–' : formatDuration(ms, lang));
  // Shares are over all requests, open ones included (not met yet); none at all is "–", not 0%.
  const pct = (w: number | null) => (w === null ? '–' : `${Math.round(w * 100)}%`);
  const head = ['assistant', 'answered', 'open', 'median', 'p90', ...r.thresholds.map((t) => `≤${t}`), 'breaches'];
  const body = [...r.report.byAssistant, r.report.totals].map((x) => [x.key, String(x.requests), String(x.open), d(x.medianMs), d(x.p90Ms), ...x.within.map((_, i) => pct(share(x, i))), String(x.breaches.length)]);
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

/**
 * One self-contained HTML page (inline SVG, no scripts or external files): first-response time
 * distribution per assistant, breaches per week, findings per rule, and the table.
 */
export function toHtml(r: AuditResult, lang: Lang): string {
  const esc = (s: string) => s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);
  const T = lang === 'ja'
    ? { title: 'SLA 監査レポート', dist: '担当者別 初回返信時間の分布', weeks: '週ごとの6時間超過', rules: 'ルール別の指摘', table: '担当者別の数値', none: 'データなし' }
    : { title: 'SLA audit', dist: 'First-response time per assistant', weeks: 'Hard-limit breaches per week', rules: 'Findings per rule', table: 'Figures per assistant', none: 'no data' };
  const buckets = [
    { label: '≤15m', max: 15 * 60_000 },
    { label: '≤1h', max: 3_600_000 },
    { label: '≤3h', max: 3 * 3_600_000 },
    { label: '≤6h', max: 6 * 3_600_000 },
    { label: '>6h', max: Infinity },
  ];
  const colors = ['#2e7d32', '#7cb342', '#fbc02d', '#fb8c00', '#d32f2f'];
  // Stacked horizontal bars: one per assistant, share of responses per bucket.
  const byAssistant = new Map<string, number[]>();
  for (const rec of r.responses) {
    const counts = byAssistant.get(rec.assistant) ?? buckets.map(() => 0);
    counts[buckets.findIndex((b) => rec.elapsedMs <= b.max)]++;
    byAssistant.set(rec.assistant, counts);
  }
  const barW = 520;
  const dist = [...byAssistant.entries()].sort();
  const distSvg = dist.length
    ? `<svg width="${barW + 180}" height="${dist.length * 28 + 30}" role="img">${dist
        .map(([who, counts], i) => {
          const total = counts.reduce((a, b) => a + b, 0);
          let x = 150;
          const rects = counts.map((n, j) => {
            const w = (n / total) * barW;
            const rect = `<rect x="${x.toFixed(1)}" y="${i * 28 + 4}" width="${w.toFixed(1)}" height="20" fill="${colors[j]}"><title>${buckets[j].label}: ${n}</title></rect>`;
            x += w;
            return rect;
          });
          return `<text x="0" y="${i * 28 + 19}" font-size="13">${esc(who)} (${total})</text>${rects.join('')}`;
        })
        .join('')}${buckets.map((b, j) => `<rect x="${150 + j * 80}" y="${dist.length * 28 + 10}" width="12" height="12" fill="${colors[j]}"/><text x="${166 + j * 80}" y="${dist.length * 28 + 21}" font-size="12">${b.label}</text>`).join('')}</svg>`
    : `<p>${T.none}</p>`;
  // Vertical bars: breaches per ISO week.
  const weeks = new Map<string, number>();
  for (const f of r.findings) {
    if (f.rule !== 'response-time' || f.evidence.level !== 'breach') continue;
    const d = new Date(f.at);
    const monday = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() - ((d.getUTCDay() + 6) % 7)));
    const key = monday.toISOString().slice(0, 10);
    weeks.set(key, (weeks.get(key) ?? 0) + 1);
  }
  const wk = [...weeks.entries()].sort();
  const maxW = Math.max(1, ...wk.map(([, n]) => n));
  const weeksSvg = wk.length
    ? `<svg width="${wk.length * 60 + 20}" height="200" role="img">${wk.map(([w, n], i) => `<rect x="${i * 60 + 10}" y="${170 - (n / maxW) * 150}" width="40" height="${(n / maxW) * 150}" fill="#d32f2f"><title>${w}: ${n}</title></rect><text x="${i * 60 + 30}" y="${165 - (n / maxW) * 150}" font-size="12" text-anchor="middle">${n}</text><text x="${i * 60 + 30}" y="188" font-size="10" text-anchor="middle">${w.slice(5)}</text>`).join('')}</svg>`
    : `<p>${T.none}</p>`;
  const rules = Object.entries(r.report.perRule).sort((a, b) => b[1] - a[1]);
  const maxR = Math.max(1, ...rules.map(([, n]) => n));
  const rulesSvg = rules.length
    ? `<svg width="700" height="${rules.length * 26 + 10}" role="img">${rules.map(([k, n], i) => `<text x="0" y="${i * 26 + 18}" font-size="13">${esc(k)}</text><rect x="170" y="${i * 26 + 4}" width="${(n / maxR) * 440}" height="18" fill="#1976d2"/><text x="${176 + (n / maxR) * 440}" y="${i * 26 + 18}" font-size="12">${n}</text>`).join('')}</svg>`
    : `<p>${T.none}</p>`;
  const { head, body } = rows(r, lang);
  const table = `<table><thead><tr>${head.map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead><tbody>${body.map((row) => `<tr>${row.map((c) => `<td>${esc(c)}</td>`).join('')}</tr>`).join('')}</tbody></table>`;
  return `<!doctype html><html lang="${lang}"><meta charset="utf-8"><title>${T.title}</title><style>body{font-family:system-ui,sans-serif;margin:2rem;color:#222}h2{margin-top:2rem}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:4px 8px;text-align:right}td:first-child,th:first-child{text-align:left}</style><h1>${T.title}</h1><p>${r.messages} messages · ${r.findings.length} findings · ${r.open.length} open</p><h2>${T.dist}</h2>${distSvg}<h2>${T.weeks}</h2>${weeksSvg}<h2>${T.rules}</h2>${rulesSvg}<h2>${T.table}</h2>${table}</html>\n`;
}
