import type { App } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import { DateTime } from 'luxon';
import type { Logger } from 'pino';
import type { Rulebook } from '../config/rulebook';
import type { ResponseRecord } from '../core/detector';
import type { Finding } from '../core/finding';
import { formatDuration, makeClock, type ClockMode } from '../clock/clock';
import { aggregate, type OpenRequest, type Report } from '../report/aggregate';
import { lastDays, parseReportArgs, type ReportArgs } from '../report/args';
import { reportBlocks, reportCsv } from '../report/blocks';
import { scopeReport } from '../report/scope';
import type { Store } from '../store/types';
import { errorSummary, LookupUnavailableError, type Directory } from './directory';
import type { PauseRecord, SlaService } from './service';
import type { IncidentReport } from './actions';
import { escapeMrkdwn, unescapeSlack } from '../text/escape';
import { recentDeadLetters, type DeadLetter } from './dead-letters';

/**
 * `/sla`: help and the directors' report. The command is acknowledged at once (Slack allows 3 s);
 * the answer follows through response_url, ephemeral, so nothing leaks to the channel.
 */
const HELP = {
  ja: [
    '*sla-bot のコマンド*',
    '`/sla report [#チャンネル | @担当者] [7d | 30d | YYYY-MM-DD..YYYY-MM-DD] [csv]` — 初回返信時間・超過・返信待ち・ルール別の指摘(ディレクターのみ)。csv を付けると表計算用のファイルも送ります。',
    '`/sla pause #チャンネル until YYYY-MM-DD [理由]` — お客様のSLAを一時停止(病気・忌引き・計画休止など。理由はディレクターのみに表示)',
    '`/sla resume #チャンネル` — 再開(残り時間から計測を再開)',
    '`/sla status #チャンネル` — 一時停止の状態・返信待ち・約束中の期限',
    '`/sla help` — この説明',
  ].join('\n'),
  en: [
    '*sla-bot commands*',
    '`/sla report [#channel | @assistant] [7d | 30d | YYYY-MM-DD..YYYY-MM-DD] [csv]` — first-response times, breaches, open requests and findings per rule (directors only). Add `csv` for a spreadsheet file.',
    '`/sla pause #channel until YYYY-MM-DD [reason]` — pause a client\'s SLA (illness, bereavement, a planned break; the reason is for directors only)',
    '`/sla resume #channel` — resume (clocks continue with the time that was left)',
    '`/sla status #channel` — pause state, requests waiting, open commitments',
    '`/sla help` — this help',
  ].join('\n'),
};
const REFUSE = {
  ja: 'すみません、このコマンドはディレクターのみ使えます。',
  en: 'Sorry, only directors can use this command.',
};
const UNKNOWN = {
  ja: (s: string) => `「${escapeMrkdwn(s)}」というサブコマンドはありません。\n${HELP.ja}`,
  en: (s: string) => `There is no "${escapeMrkdwn(s)}" subcommand.\n${HELP.en}`,
};
const CSV = {
  ja: { sent: '📎 CSV はボットとのDMにお送りしました。', failed: 'CSV をボットとのDMに送れませんでした。少し置いて再度お試しください。' },
  en: { sent: '📎 The CSV was sent to your DM with sla-bot.', failed: 'The CSV could not be sent to your DM with sla-bot. Please try again in a moment.' },
};
const BUSY = {
  ja: '今このコマンドを処理できません。少し置いて再度お試しください。',
  en: 'This command cannot be handled right now. Please try again in a moment.',
};
/** Longer than Slack's 5-minute signature window, so a replay is always recognised. */
const COMMAND_ONCE_TTL_MS = 15 * 60_000;

export interface CommandDeps {
  service: SlaService;
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
    if (!['report', 'pause', 'resume', 'status'].includes(name)) return void (await ack({ response_type: 'ephemeral', text: UNKNOWN[lang](sub) }));
    if (!d.directory.currentRoles().isDirector(command.user_id)) {
      d.logger.info({ user: command.user_id, sub: name }, 'refused a directors-only command');
      return void (await ack({ response_type: 'ephemeral', text: REFUSE[lang] }));
    }
    // A replayed request (same trigger_id) must not build a second report, upload or pause again.
    const first = await d.store.claimOnce(`once:cmd:${command.trigger_id || command.response_url}`, COMMAND_ONCE_TTL_MS).catch((error) => {
      d.logger.error({ err: errorSummary(error) }, 'command de-duplication unavailable');
      return undefined;
    });
    if (first === undefined) return void (await ack({ response_type: 'ephemeral', text: BUSY[lang] }));
    if (!first) {
      d.logger.warn({ user: command.user_id, sub: name }, 'replayed slash command ignored');
      return void (await ack());
    }
    if (name !== 'report') {
      const answer = await pauseCommand(d, name as 'pause' | 'resume' | 'status', rest, command.user_id);
      return void (await ack({ response_type: 'ephemeral', text: answer }));
    }
    const args = parseReportArgs(rest, DateTime.fromMillis(d.now(), { zone: d.rulebook.calendar.zone }));
    // The parser's error quotes what was typed.
    if (!args.ok) return void (await ack({ response_type: 'ephemeral', text: escapeMrkdwn(args.error) }));
    await ack();
    d.track(
      buildReport(d, args.value)
        .then(async ({ blocks, text, csv }) => {
          await respond({ response_type: 'ephemeral', replace_original: false, text, ...(blocks ? { blocks: blocks as never } : {}) });
          if (csv) {
            const sent = await sendToDirectorDm(d, command.user_id, `sla-report-${args.value.label}.csv`, csv).then(
              () => true,
              (error) => {
                d.logger.warn({ err: errorSummary(error) }, 'CSV upload failed');
                return false;
              },
            );
            await respond({ response_type: 'ephemeral', replace_original: false, text: sent ? CSV[lang].sent : CSV[lang].failed });
          }
        })
        .catch(async (error) => {
          d.logger.error({ err: errorSummary(error) }, 'report failed');
          await respond({ response_type: 'ephemeral', text: lang === 'ja' ? 'レポートを作れませんでした。少し置いて再度お試しください。' : 'The report could not be built. Please try again in a moment.' }).catch(() => undefined);
        }),
    );
  });
}

/**
 * The CSV holds per-assistant, per-client figures: it goes only to the director's own DM with the
 * bot, never to the channel the command was typed in (which may be shared with a client).
 */
async function sendToDirectorDm(d: CommandDeps, director: string, filename: string, content: string): Promise<void> {
  const res = await d.client.conversations.open({ users: director, return_im: true });
  const ch = res.channel as { id?: string; is_im?: boolean; user?: string } | undefined;
  if (!ch?.id || !ch.id.startsWith('D') || ch.is_im !== true || ch.user !== director) {
    throw new Error(`conversations.open did not answer ${director}'s IM (got ${ch?.id ?? 'nothing'}); CSV not sent`);
  }
  await d.client.filesUploadV2({ channel_id: ch.id, filename, content, title: 'SLA report' });
}

/**
 * App Home: directors see the last 7 days' headline figures, assistants a short explanation, and
 * clients or anyone we cannot place a neutral page (nothing about reminders or who is watched).
 */
export function registerHome(app: App, d: CommandDeps): void {
  const lang = d.rulebook.team.language;
  app.event('app_home_opened', async ({ event }) => {
    if (event.tab !== 'home') return;
    d.track(
      (async () => {
        let blocks: Array<Record<string, unknown>>;
        // A failed look-up throws out of here: nothing is published (fail closed).
        if (d.directory.currentRoles().isDirector(event.user)) {
          const now = DateTime.fromMillis(d.now(), { zone: d.rulebook.calendar.zone });
          const built = await buildReport(d, { ...lastDays(7, now), label: '7d', csv: false });
          blocks = built.blocks ?? [{ type: 'section', text: { type: 'mrkdwn', text: built.text } }];
        } else if (await d.directory.isClientOrUnknown(event.user)) {
          const text = lang === 'ja' ? '*sla-bot* はチームがお客様へのご返信を滞りなくお届けするためのアプリです。' : '*sla-bot* helps our team keep its replies on time.';
          blocks = [{ type: 'section', text: { type: 'mrkdwn', text } }];
        } else {
          const text =
            lang === 'ja'
              ? '*sla-bot* はお客様チャンネルでの返信時間とルールブックを見守り、気づいたことをあなただけに見えるメッセージでお知らせします。お客様には表示されません。'
              : '*sla-bot* watches reply times and the rulebook in client channels and tells you privately when something needs attention. Clients never see these reminders.';
          blocks = [{ type: 'section', text: { type: 'mrkdwn', text } }];
        }
        await d.client.views.publish({ user_id: event.user, view: { type: 'home', blocks: blocks.slice(0, 100) as never } });
      })().catch((error) => d.logger.warn({ err: errorSummary(error) }, 'App Home not published')),
    );
  });
}

/** The period's records, and what waits now; responses are stored when answered, so they are read up to now. */
async function reportData(d: CommandDeps, a: ReportArgs) {
  const [responses, findings, open, incidents] = await Promise.all([
    // A request opened in the period may have been answered after it.
    d.store.rangeRecords<ResponseRecord>('responses', a.from, Math.max(a.to, d.now() + 1)),
    d.store.rangeRecords<Finding>('findings', a.from, a.to),
    openRequests(d),
    d.store.rangeRecords<IncidentReport>('incidents', a.from, a.to),
  ]);
  return { responses: responses.map((r) => r.record), findings: findings.map((f) => f.record), open, incidents: incidents.map((i) => i.record) };
}

/** The response-time rule's thresholds and clock: the targets the shares are measured against. */
function reportTargets(d: CommandDeps) {
  const lang = d.rulebook.team.language;
  const rt = d.rulebook.rule('response-time')?.options as { thresholds?: Array<{ after: number }>; clock?: ClockMode } | undefined;
  const thresholds = (rt?.thresholds ?? [{ after: 3_600_000 }, { after: 3 * 3_600_000 }, { after: 6 * 3_600_000 }]).map((t) => ({ ms: t.after, label: formatDuration(t.after, lang) }));
  return { thresholds, clock: rt?.clock ?? 'business' };
}

async function buildReport(d: CommandDeps, a: ReportArgs) {
  const lang = d.rulebook.team.language;
  const data = await reportData(d, a);
  const noData = (shown: string) => ({ text: lang === 'ja' ? `${shown} のデータはこの期間にありません。` : `No data for ${shown} in this period.`, blocks: undefined, csv: undefined });
  const channel = a.channel && (a.channel.id ?? (await resolveChannel(d, a.channel.name!, [...data.responses.map((r) => r.channel), ...data.open.map((o) => o.channel)])));
  if (a.channel && !channel) return noData(`#${escapeMrkdwn(a.channel.name ?? '')}`);
  const assistant = a.user && (a.user.id ?? (await resolveUser(d, a.user.name!, [...data.responses.map((r) => r.assistant), ...data.open.flatMap((o) => o.assistants ?? [])])));
  if (a.user && !assistant) return noData(`@${escapeMrkdwn(a.user.name ?? '')}`);
  // One filter for every section: figures, breaches, waiting requests, findings, incident reports.
  const scoped = scopeReport(data, { from: a.from, to: a.to, channel, assistant });
  const { thresholds, clock } = reportTargets(d);
  // Waiting times in the clock the nudges count in (business hours by default), so the two agree.
  const sla = makeClock(clock, d.rulebook.calendar);
  const report = aggregate({ responses: scoped.responses, findings: scoped.findings, open: scoped.open, thresholds, now: d.now(), waited: { clock, ms: (from, to) => sla.elapsedBetween(from, to) } });
  const permalinks: Record<string, string> = {};
  for (const b of report.totals.breaches.slice(0, 15)) {
    const res = await d.client.chat.getPermalink({ channel: b.channel, message_ts: b.ts }).catch(() => undefined);
    if (res?.permalink) permalinks[`${b.channel}:${b.ts}`] = res.permalink;
  }
  const labels = thresholds.map((t) => t.label);
  const blocks = reportBlocks(report, { lang, zone: d.rulebook.calendar.zone, from: a.from, to: a.to, thresholds: labels, clock, permalinks, earlierOpen: scoped.earlierOpen });
  if (scoped.incidents.length) {
    const title = lang === 'ja' ? 'インシデント報告' : 'Incident reports';
    // Typed by a person (and stored ids came from a form): escaped so they cannot mention or link.
    const e = escapeMrkdwn;
    const lines = scoped.incidents.slice(0, 10).map((i) => `• <#${e(i.channel)}> <@${e(i.by)}> — “${e(i.words.slice(0, 120))}” → ${e(i.solution.slice(0, 120)) || '–'}`);
    blocks.push({ type: 'section', text: { type: 'mrkdwn', text: `*${title}* (${scoped.incidents.length})\n${lines.join('\n')}`.slice(0, 3000) } });
  }
  const text = `${lang === 'ja' ? 'SLA レポート' : 'SLA report'}: ${report.totals.requests} / ${report.totals.breaches.length} / ${report.open.length}`;
  return { blocks, text, csv: a.csv ? reportCsv(report, labels, await csvNames(d, report)) : undefined };
}

/**
 * Requests waiting right now, from the waiting index (no channel is scanned), each with the
 * assistants who answer for its channel: the people its nudges go to, so `@assistant` finds them.
 */
async function openRequests(d: CommandDeps): Promise<OpenRequest[]> {
  const waiting = (await d.store.listWaiting()).filter((w) => w.rule === 'response-time');
  const channels = [...new Set(waiting.map((w) => w.channel))];
  const assistants = new Map(await Promise.all(channels.map(async (c) => [c, await assistantsOf(d, c)] as const)));
  return waiting.map((w) => ({ channel: w.channel, ts: w.ts, client: w.user, openedAt: w.since, assistants: assistants.get(w.channel) }));
}

/**
 * A channel Slack will no longer describe (archived, the bot removed) still has its request counted
 * for the channel and the totals; only a look-up that may work in a moment fails the report.
 */
async function assistantsOf(d: CommandDeps, channel: string): Promise<string[] | undefined> {
  return d.directory.assistantsOf(channel).catch((error) => {
    if (error instanceof LookupUnavailableError) throw error;
    d.logger.warn({ channel, err: errorSummary(error) }, 'report: assistants of a channel unknown');
    return undefined;
  });
}

/** A file shows no mentions: the CSV names each row (display name, channel name); a name Slack will not give stays empty. */
async function csvNames(d: CommandDeps, r: Report): Promise<Record<string, string>> {
  const names: Record<string, string> = {};
  const name = (p: Promise<{ name?: string }>) => p.then((x) => x.name ?? '').catch(() => '');
  for (const x of r.byAssistant) names[x.key] = await name(d.directory.user(x.key));
  for (const x of r.byChannel) names[x.key] = await name(d.directory.channel(x.key));
  return names;
}

async function resolveChannel(d: CommandDeps, name: string, ids: string[]): Promise<string | undefined> {
  for (const id of new Set(ids)) if ((await d.directory.channel(id)).name === name) return id;
  return undefined;
}

async function resolveUser(d: CommandDeps, name: string, ids: string[]): Promise<string | undefined> {
  for (const id of new Set(ids)) if ((await d.directory.user(id)).name === name) return id;
  return undefined;
}

const P = {
  ja: {
    usage: '使い方: `/sla pause #チャンネル until YYYY-MM-DD [理由]` / `/sla resume #チャンネル` / `/sla status #チャンネル`',
    channel: 'チャンネルを #チャンネル の形で指定してください(候補から選ぶとIDで届きます)。',
    date: (t: string) => `「${escapeMrkdwn(t)}」は日付(YYYY-MM-DD)ではありません。`,
    past: '再開日は明日以降の日付にしてください。',
    paused: (c: string, u: string) => `⏸ <#${c}> のSLAを ${u} まで一時停止しました。この間は通知も超過もなく、停止中の時間は集計から除かれます。`,
    resumed: (c: string) => `▶️ <#${c}> のSLAを再開しました。返信待ちの計測は残り時間から再開します。`,
    notPaused: (c: string) => `<#${c}> は一時停止していません。`,
    statusPaused: (p: PauseRecord, until: string) => `⏸ 一時停止中(${until} まで、<@${p.by}> による${p.reason ? `、理由: ${escapeMrkdwn(p.reason)}` : ''})`,
    statusActive: '▶️ 計測中',
    waiting: '返信待ち',
    commitments: '約束中の期限',
    undelivered: '届けられなかった通知(7日間、再試行を打ち切ったもの)',
    kinds: { nudge: '担当者へのリマインド', escalation: 'ディレクターへのエスカレーション', stamp: 'お客様メッセージの確認スタンプ', direct: '担当者へのDM', event: 'メッセージの処理' } as Record<string, string>,
    timer: 'ルールのタイマー',
    none: 'なし',
  },
  en: {
    usage: 'Usage: `/sla pause #channel until YYYY-MM-DD [reason]` / `/sla resume #channel` / `/sla status #channel`',
    channel: 'Name the channel as #channel (pick it from the list so Slack sends its id).',
    date: (t: string) => `"${escapeMrkdwn(t)}" is not a date (YYYY-MM-DD).`,
    past: 'The resume date must be tomorrow or later.',
    paused: (c: string, u: string) => `⏸ Paused the SLA of <#${c}> until ${u}. No nudges or breaches meanwhile, and the paused time is left out of the figures.`,
    resumed: (c: string) => `▶️ Resumed the SLA of <#${c}>. Waiting requests continue with the time that was left.`,
    notPaused: (c: string) => `<#${c}> is not paused.`,
    statusPaused: (p: PauseRecord, until: string) => `⏸ Paused until ${until} by <@${p.by}>${p.reason ? `, reason: ${escapeMrkdwn(p.reason)}` : ''}`,
    statusActive: '▶️ Running',
    waiting: 'Waiting for a reply',
    commitments: 'Open commitments',
    undelivered: 'Not delivered (last 7 days; retries given up)',
    kinds: { nudge: 'reminder to the assistant', escalation: 'escalation to directors', stamp: "stamp on the client's message", direct: 'DM to the assistant', event: 'processing a message' } as Record<string, string>,
    timer: 'rule timer',
    none: 'none',
  },
};

async function pauseCommand(d: CommandDeps, sub: 'pause' | 'resume' | 'status', args: string[], user: string): Promise<string> {
  const lang = d.rulebook.team.language;
  const T = P[lang];
  const zone = d.rulebook.calendar.zone;
  const [first, ...rest] = args;
  const m = first ? /^<#([CG][A-Z0-9]+)(?:\|[^>]*)?>$/.exec(first) : null;
  if (!m) return `${T.channel}\n${T.usage}`;
  const channel = m[1];
  const pause = (await d.store.readChannel(channel, [])).pause as PauseRecord | null;
  const day = (ms: number) => DateTime.fromMillis(ms, { zone }).toFormat('yyyy-MM-dd');
  if (sub === 'pause') {
    if (rest[0]?.toLowerCase() !== 'until' || !rest[1]) return T.usage;
    const date = DateTime.fromISO(rest[1], { zone });
    if (!/^\d{4}-\d{2}-\d{2}$/.test(rest[1]) || !date.isValid) return T.date(rest[1]);
    // Paused through the end of that day: clocks restart the next morning.
    const until = date.plus({ days: 1 }).startOf('day').toMillis();
    if (until <= d.now() + 60_000) return T.past;
    // Stored as plain text (Slack sends it encoded) and escaped wherever it is shown.
    const reason = unescapeSlack(rest.slice(2).join(' ')).slice(0, 500) || undefined;
    await d.service.process({ type: 'pause', channel, until, reason, by: user, at: d.now() });
    d.logger.info({ channel, by: user, until: day(until - 1) }, 'client SLA paused');
    return T.paused(channel, day(until - 1));
  }
  if (sub === 'resume') {
    if (!pause) return T.notPaused(channel);
    await d.service.process({ type: 'resume', channel, at: d.now() });
    d.logger.info({ channel, by: user }, 'client SLA resumed');
    return T.resumed(channel);
  }
  const items = await d.store.listWaiting(channel);
  const waiting = items.filter((w) => w.rule === 'response-time').map((w) => `• <@${w.user}> ${formatDuration(d.now() - w.since, lang)}`);
  const commitments = items.filter((w) => w.rule === 'delay-notice' && w.dueAt !== undefined).map((w) => `• <@${w.user}> ${DateTime.fromMillis(w.dueAt!, { zone }).toFormat('M/d HH:mm')}`);
  // Work the bot gave up on (dead letters), so a director knows what nobody was told.
  const dead = await recentDeadLetters(d.store, d.now(), 7 * 86_400_000, channel);
  // What it was, in words; which rule; Slack's or our reason (technical, but what support needs).
  const what = (x: DeadLetter) => T.kinds[x.kind] ?? `${T.timer} ${x.kind}`;
  const undelivered = dead.slice(0, 5).map((x) => `• ${DateTime.fromMillis(x.at, { zone }).toFormat('M/d HH:mm')} ${escapeMrkdwn(what(x))}${x.rule ? ` (${escapeMrkdwn(x.rule)})` : ''}: ${escapeMrkdwn(x.reason)}`);
  if (dead.length > 5) undelivered.push(`… +${dead.length - 5}`);
  return [
    `<#${channel}>: ${pause ? T.statusPaused(pause, day(pause.until - 1)) : T.statusActive}`,
    `*${T.waiting}*\n${waiting.join('\n') || T.none}`,
    `*${T.commitments}*\n${commitments.join('\n') || T.none}`,
    `*${T.undelivered}*\n${undelivered.join('\n') || T.none}`,
  ].join('\n');
}
