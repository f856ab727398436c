import type { App } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import { DateTime } from 'luxon';
import type { Logger } from 'pino';
import type { Rulebook } from '../config/rulebook';
import type { ResponseRecord } from '../core/detector';
import type { Finding } from '../core/finding';
import { formatDuration } from '../clock/clock';
import { aggregate, isBreach, type OpenRequest } from '../report/aggregate';
import { parseReportArgs, type ReportArgs } from '../report/args';
import { reportBlocks, reportCsv } from '../report/blocks';
import type { Store } from '../store/types';
import type { ChannelState } from '../core/engine';
import { errorSummary, type Directory } from './directory';

/**
 * `/sla`: help and the directors' report. The command is acknowledged at once (Slack allows 3 s);
 * the answer follows through response_url, ephemeral, so nothing leaks to the channel.
 */
const HELP = {
  ja: [
    '*sla-bot のコマンド*',
    '`/sla report [#チャンネル | @担当者] [7d | 30d | YYYY-MM-DD..YYYY-MM-DD] [csv]` — 初回返信時間・超過・返信待ち・ルール別の指摘(ディレクターのみ)。csv を付けると表計算用のファイルも送ります。',
    '`/sla help` — この説明',
  ].join('\n'),
  en: [
    '*sla-bot commands*',
    '`/sla report [#channel | @assistant] [7d | 30d | YYYY-MM-DD..YYYY-MM-DD] [csv]` — first-response times, breaches, open requests and findings per rule (directors only). Add `csv` for a spreadsheet file.',
    '`/sla help` — this help',
  ].join('\n'),
};
const REFUSE = {
  ja: 'すみません、このコマンドはディレクターのみ使えます。',
  en: 'Sorry, only directors can use this command.',
};
const UNKNOWN = {
  ja: (s: string) => `「${s}」というサブコマンドはありません。\n${HELP.ja}`,
  en: (s: string) => `There is no "${s}" subcommand.\n${HELP.en}`,
};

export interface CommandDeps {
  client: WebClient;
  store: Store;
  rulebook: Rulebook;
  directory: Directory;
  logger: Logger;
  now: () => number;
  /** Background work is tracked so a graceful stop can wait for it. */
  track: (p: Promise<unknown>) => void;
}

export function registerCommands(app: App, d: CommandDeps): void {
  const lang = d.rulebook.team.language;
  app.command('/sla', async ({ command, ack, respond }) => {
    const [sub = 'help', ...rest] = command.text.trim().split(/\s+/).filter(Boolean);
    const name = sub.toLowerCase();
    if (name === 'help') return void (await ack({ response_type: 'ephemeral', text: HELP[lang] }));
    if (name !== 'report') return void (await ack({ response_type: 'ephemeral', text: UNKNOWN[lang](sub) }));
    if (!d.directory.currentRoles().isDirector(command.user_id)) {
      d.logger.info({ user: command.user_id, sub: name }, 'refused a directors-only command');
      return void (await ack({ response_type: 'ephemeral', text: REFUSE[lang] }));
    }
    const args = parseReportArgs(rest, DateTime.fromMillis(d.now(), { zone: d.rulebook.calendar.zone }));
    if (!args.ok) return void (await ack({ response_type: 'ephemeral', text: args.error }));
    await ack();
    d.track(
      buildReport(d, args.value)
        .then(async ({ blocks, text, csv }) => {
          await respond({ response_type: 'ephemeral', replace_original: false, text, ...(blocks ? { blocks: blocks as never } : {}) });
          if (csv) {
            await d.client.filesUploadV2({ channel_id: command.channel_id, filename: `sla-report-${args.value.label}.csv`, content: csv, title: 'SLA report' }).catch(async (error) => {
              d.logger.warn({ err: errorSummary(error) }, 'CSV upload failed');
              await respond({ response_type: 'ephemeral', text: lang === 'ja' ? 'CSVのアップロードに失敗しました(ボットがチャンネルにいるか確認してください)。' : 'The CSV upload failed (is the bot in this channel?).' });
            });
          }
        })
        .catch(async (error) => {
          d.logger.error({ err: errorSummary(error) }, 'report failed');
          await respond({ response_type: 'ephemeral', text: lang === 'ja' ? 'レポートを作れませんでした。少し置いて再度お試しください。' : 'The report could not be built. Please try again in a moment.' }).catch(() => undefined);
        }),
    );
  });
}

async function buildReport(d: CommandDeps, a: ReportArgs) {
  const lang = d.rulebook.team.language;
  const [responses, findings, open] = await Promise.all([
    d.store.rangeRecords<ResponseRecord>('responses', a.from, a.to),
    d.store.rangeRecords<Finding>('findings', a.from, a.to),
    openRequests(d.store),
  ]);
  let rs = responses.map((r) => r.record);
  let fs = findings.map((f) => f.record);
  let os = open;
  if (a.channel) {
    const id = a.channel.id ?? (await resolveChannel(d, a.channel.name!, [...rs.map((r) => r.channel), ...os.map((o) => o.channel)]));
    if (!id) return { text: lang === 'ja' ? `#${a.channel.name} のデータはこの期間にありません。` : `No data for #${a.channel.name} in this period.`, blocks: undefined, csv: undefined };
    rs = rs.filter((r) => r.channel === id);
    fs = fs.filter((f) => f.channel === id);
    os = os.filter((o) => o.channel === id);
  }
  if (a.user) {
    const id = a.user.id ?? (await resolveUser(d, a.user.name!, rs.map((r) => r.assistant)));
    if (!id) return { text: lang === 'ja' ? `@${a.user.name} のデータはこの期間にありません。` : `No data for @${a.user.name} in this period.`, blocks: undefined, csv: undefined };
    rs = rs.filter((r) => r.assistant === id);
    fs = fs.filter((f) => f.user === id);
  }
  const rt = d.rulebook.rule('response-time')?.options as { thresholds?: Array<{ after: number }> } | undefined;
  const thresholds = (rt?.thresholds ?? [{ after: 3_600_000 }, { after: 3 * 3_600_000 }, { after: 6 * 3_600_000 }]).map((t) => ({ ms: t.after, label: formatDuration(t.after, lang) }));
  const report = aggregate({ responses: rs, findings: fs, open: os, thresholds, now: d.now() });
  const permalinks: Record<string, string> = {};
  for (const b of fs.filter(isBreach).slice(0, 15)) {
    const res = await d.client.chat.getPermalink({ channel: b.channel, message_ts: b.ts }).catch(() => undefined);
    if (res?.permalink) permalinks[`${b.channel}:${b.ts}`] = res.permalink;
  }
  const labels = thresholds.map((t) => t.label);
  const blocks = reportBlocks(report, { lang, zone: d.rulebook.calendar.zone, from: a.from, to: a.to, thresholds: labels, permalinks });
  const text = `${lang === 'ja' ? 'SLA レポート' : 'SLA report'}: ${report.totals.requests} / ${report.totals.breaches.length} / ${report.open.length}`;
  return { blocks, text, csv: a.csv ? reportCsv(report, labels) : undefined };
}

/** Requests waiting right now, from the channels' response-time state. */
async function openRequests(store: Store): Promise<OpenRequest[]> {
  const out: OpenRequest[] = [];
  for (const key of await store.scanKeys('ch:')) {
    const state = await store.getJSON<ChannelState>(key);
    const rt = state?.['response-time'] as { pending?: Record<string, { ts: string; client: string; openedAt: number }> } | undefined;
    for (const p of Object.values(rt?.pending ?? {})) out.push({ channel: key.slice(3), ts: p.ts, client: p.client, openedAt: p.openedAt });
  }
  return out;
}

async function resolveChannel(d: CommandDeps, name: string, ids: string[]): Promise<string | undefined> {
  for (const id of new Set(ids)) if ((await d.directory.channel(id)).name === name) return id;
  return undefined;
}

async function resolveUser(d: CommandDeps, name: string, ids: string[]): Promise<string | undefined> {
  for (const id of new Set(ids)) if ((await d.directory.user(id)).name === name) return id;
  return undefined;
}
