import { DateTime } from 'luxon';
import { formatDuration, type ClockMode } from '../clock/clock';
import { tsToMs } from '../core/events';
import type { Lang } from '../core/i18n';
import { share, type Report, type ReportRow, type RowClock } from './aggregate';

/**
 * Block Kit for `/sla report`: headline, per assistant, per channel, breaches, open requests, rules.
 * People and channels are shown as mentions (<@U…>, <#C…>): Slack renders them as the current
 * names for whoever reads the report, and a mention in an ephemeral answer or a Home tab notifies nobody.
 */
const L = {
  ja: {
    title: 'SLA レポート', all: '全体', median: '中央値', p90: 'p90', within: '目標内', breaches: '超過', none: 'データなし',
    assistants: '担当者別', channels: 'チャンネル別', breachList: '6時間超過', openList: '返信待ち(現在)', rules: 'ルール別の指摘', waiting: '待ち',
    counts: (answered: number, open: number) => `${answered} 件回答 · 未返信 ${open}`,
    clock: { business: '営業時間', wall: '実時間', mixed: '営業時間と実時間の混在' } as Record<RowClock, string>,
    tag: (clock: string) => `(${clock})`,
    earlier: (n: number, day: string) => `ほかに ${n} 件、${day} より前から返信待ち(この期間の集計には含みません)`,
  },
  en: {
    title: 'SLA report', all: 'All', median: 'median', p90: 'p90', within: 'within', breaches: 'breaches', none: 'no data',
    assistants: 'By assistant', channels: 'By channel', breachList: 'Hard-limit breaches', openList: 'Waiting now', rules: 'Findings per rule', waiting: 'waiting',
    counts: (answered: number, open: number) => `${answered} answered · ${open} open`,
    clock: { business: 'business', wall: 'wall', mixed: 'mixed clocks' } as Record<RowClock, string>,
    tag: (clock: string) => ` (${clock})`,
    earlier: (n: number, day: string) => `+${n} waiting since before ${day} (not counted in this period)`,
  },
};

const MAX_ROWS = 15;

export interface BlocksOptions {
  lang: Lang;
  zone: string;
  /** The period, [from, to): whole days, named in the header. */
  from: number;
  to: number;
  /** Threshold labels (1時間, 3時間, 6時間), in the rule's clock. */
  thresholds: string[];
  /** The response-time rule's clock: the thresholds' and the waiting times'. */
  clock: ClockMode;
  /** "channel:ts" → permalink of a breached request. */
  permalinks: Record<string, string>;
  /** Requests still waiting that were opened before the period (not counted). */
  earlierOpen?: number;
}

export function reportBlocks(r: Report, o: BlocksOptions): Array<Record<string, unknown>> {
  const t = L[o.lang];
  const zoned = (ms: number) => DateTime.fromMillis(ms, { zone: o.zone });
  const day = (ms: number) => zoned(ms).toFormat('yyyy-MM-dd');
  // Every duration says its clock: business hours (as nudges count) or wall time.
  const d = (ms: number | null, clock: RowClock | null) => (ms === null || clock === null ? '–' : `${formatDuration(ms, o.lang)}${t.tag(t.clock[clock])}`);
  const pct = (x: number | null) => (x === null ? '–' : `${Math.round(x * 100)}%`);
  const targets = (row: ReportRow) => `${t.within} ≤${o.thresholds.join('/')}${t.tag(t.clock[o.clock])}: ${o.thresholds.map((_, i) => pct(share(row, i))).join('/')}`;
  const line = (row: ReportRow, name: string) =>
    `*${name}* — ${t.counts(row.requests, row.open)} · ${t.median} ${d(row.medianMs, row.clock)} · ${t.p90} ${d(row.p90Ms, row.clock)} · ${targets(row)} · ${t.breaches} ${row.breaches.length}`;
  const breach = (b: { channel: string; ts: string }) => {
    // The client's message, by when it was sent (its ts), linked when Slack gave a permalink.
    const when = zoned(tsToMs(b.ts)).toFormat('M/d HH:mm');
    const link = o.permalinks[`${b.channel}:${b.ts}`];
    return `<#${b.channel}> ${link ? `<${link}|${when}>` : when}`;
  };
  const section = (text: string) => ({ type: 'section', text: { type: 'mrkdwn', text: text.slice(0, 3000) } });
  const list = (rows: string[]) => (rows.length ? rows.slice(0, MAX_ROWS).join('\n') + (rows.length > MAX_ROWS ? `\n… +${rows.length - MAX_ROWS}` : '') : `_${t.none}_`);
  const earlier = o.earlierOpen ? `\n_${t.earlier(o.earlierOpen, day(o.from))}_` : '';
  return [
    { type: 'header', text: { type: 'plain_text', text: `${t.title} · ${day(o.from)} – ${day(o.to - 1)}` } },
    section(line(r.totals, t.all)),
    { type: 'divider' },
    section(`*${t.assistants}*\n${list(r.byAssistant.map((x) => line(x, `<@${x.key}>`)))}`),
    section(`*${t.channels}*\n${list(r.byChannel.map((x) => line(x, `<#${x.key}>`)))}`),
    section(`*${t.breachList}*\n${list(r.totals.breaches.map(breach))}`),
    section(`*${t.openList}*\n${list(r.open.map((x) => `<#${x.channel}> <@${x.client}> ${t.waiting} ${d(x.ageMs, x.clock)}`))}${earlier}`),
    section(`*${t.rules}*\n${list(Object.entries(r.perRule).sort((a, b) => b[1] - a[1]).map(([rule, n]) => `\`${rule}\` ${n}`))}`),
  ];
}

/** A cell as CSV: quoted when needed, and never read as a formula by a spreadsheet (a name can start with "="). */
function csvCell(v: unknown): string {
  const s = /^[=+\-@]/.test(String(v)) ? `'${String(v)}` : String(v);
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/**
 * The same figures as CSV, one row per assistant and per channel. A file shows no mentions, so
 * `names` (id → display name, from the directory) gives each row a readable name next to its id.
 */
export function reportCsv(r: Report, thresholds: string[], names: Record<string, string> = {}): string {
  const head = ['group', 'key', 'requests', 'median_ms', 'p90_ms', ...thresholds.map((t) => `within_${t}`), 'breaches', 'open', 'clock', 'name'];
  const rows = [
    ...r.byAssistant.map((x) => ['assistant', x]),
    ...r.byChannel.map((x) => ['channel', x]),
    ['all', r.totals],
  ] as Array<[string, ReportRow]>;
  const cells = (x: ReportRow) => [x.key, x.requests, x.medianMs ?? '', x.p90Ms ?? '', ...thresholds.map((_, i) => share(x, i)?.toFixed(3) ?? ''), x.breaches.length, x.open, x.clock ?? '', names[x.key] ?? ''];
  return [head, ...rows.map(([g, x]) => [g, ...cells(x)])]
    .map((cols) => cols.map(csvCell).join(','))
    .join('\n');
}
