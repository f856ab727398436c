import { DateTime } from 'luxon';
import { formatDuration } from '../clock/clock';
import type { Lang } from '../core/i18n';
import type { Report, ReportRow } from './aggregate';

/** Block Kit for `/sla report`: headline, per assistant, per channel, breaches, open requests, rules. */
const L = {
  ja: { title: 'SLA レポート', requests: '件', median: '中央値', p90: 'p90', breaches: '超過', open: '未返信', none: 'データなし', assistants: '担当者別', channels: 'チャンネル別', breachList: '6時間超過', openList: '返信待ち(現在)', rules: 'ルール別の指摘', waiting: '待ち' },
  en: { title: 'SLA report', requests: 'requests', median: 'median', p90: 'p90', breaches: 'breaches', open: 'open', none: 'no data', assistants: 'By assistant', channels: 'By channel', breachList: 'Hard-limit breaches', openList: 'Waiting now', rules: 'Findings per rule', waiting: 'waiting' },
};

const MAX_ROWS = 15;

export function reportBlocks(r: Report, o: { lang: Lang; zone: string; from: number; to: number; thresholds: string[]; permalinks: Record<string, string> }): Array<Record<string, unknown>> {
  const t = L[o.lang];
  const d = (ms: number | null) => (ms === null ? '–' : formatDuration(ms, o.lang));
  const pct = (x: number) => `${Math.round(x * 100)}%`;
  const line = (row: ReportRow, name: string) =>
    `*${name}* — ${row.requests} ${t.requests} · ${t.median} ${d(row.medianMs)} · ${t.p90} ${d(row.p90Ms)} · ${o.thresholds.map((th, i) => `≤${th} ${pct(row.within[i])}`).join(' · ')} · ${t.breaches} ${row.breaches.length}`;
  const day = (ms: number) => DateTime.fromMillis(ms, { zone: o.zone }).toFormat('yyyy-MM-dd');
  const section = (text: string) => ({ type: 'section', text: { type: 'mrkdwn', text: text.slice(0, 3000) } });
  const list = (rows: string[]) => (rows.length ? rows.slice(0, MAX_ROWS).join('\n') + (rows.length > MAX_ROWS ? `\n… +${rows.length - MAX_ROWS}` : '') : `_${t.none}_`);
  const blocks: Array<Record<string, unknown>> = [
    { type: 'header', text: { type: 'plain_text', text: `${t.title} · ${day(o.from)} – ${day(o.to - 1)}` } },
    section(`${line(r.totals, o.lang === 'ja' ? '全体' : 'All')} · ${t.open} ${r.open.length}`),
    { type: 'divider' },
    section(`*${t.assistants}*\n${list(r.byAssistant.map((x) => line(x, `<@${x.key}>`)))}`),
    section(`*${t.channels}*\n${list(r.byChannel.map((x) => line(x, `<#${x.key}>`)))}`),
    section(`*${t.breachList}*\n${list(r.totals.breaches.map((b) => `<#${b.channel}> ${o.permalinks[`${b.channel}:${b.ts}`] ?? b.ts}`))}`),
    section(`*${t.openList}*\n${list(r.open.map((x) => `<#${x.channel}> <@${x.client}> ${t.waiting} ${d(x.ageMs)}`))}`),
    section(`*${t.rules}*\n${list(Object.entries(r.perRule).sort((a, b) => b[1] - a[1]).map(([rule, n]) => `\`${rule}\` ${n}`))}`),
  ];
  return blocks;
}

/** The same figures as CSV, one row per assistant and per channel. */
export function reportCsv(r: Report, thresholds: string[]): string {
  const head = ['group', 'key', 'requests', 'median_ms', 'p90_ms', ...thresholds.map((t) => `within_${t}`), 'breaches'];
  const rows = [
    ...r.byAssistant.map((x) => ['assistant', x]),
    ...r.byChannel.map((x) => ['channel', x]),
    ['all', r.totals],
  ] as Array<[string, ReportRow]>;
  const esc = (v: unknown) => (/[",\n]/.test(String(v)) ? `"${String(v).replace(/"/g, '""')}"` : String(v));
  return [head, ...rows.map(([g, x]) => [g, x.key, x.requests, x.medianMs ?? '', x.p90Ms ?? '', ...x.within.map((w) => w.toFixed(3)), x.breaches.length])]
    .map((cols) => cols.map(esc).join(','))
    .join('\n');
}
