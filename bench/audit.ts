/**
 * Benchmark: the offline audit over a generated export of N messages (default 1,000,000, the
 * size the audit is built for: `npm run bench:audit -- 200000` for a shorter run). Realistic traffic: client requests,
 * assistant replies in threads, interim promises, thanks, bot posts, phone numbers, links.
 * Baseline in the same run: reading and JSON-parsing the same day files without the engine.
 * Reports messages per second, the ratio to the baseline and peak memory (max RSS); writes its
 * section of bench/RESULTS.md.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadRulebook } from '../src/config/rulebook';
import { SlackExport } from '../src/audit/export';
import { runAudit } from '../src/audit/replay';
import { machine, writeSection } from './results';

const N = Number(process.argv[2] ?? 1_000_000);
const CHANNELS = Math.max(10, Math.round(N / 10_000));
const PER_DAY = 60;

/**
 * Realistic, varied texts: every message is a template filled with a name, a document, a time and an
 * opening, so almost no two messages are the same (a real export repeats only its short ones —
 * "ありがとうございます" — and the analysis cache must not make the benchmark look faster than the audit of a real one).
 */
const DOCS = ['請求書', '会議資料', '見積書', '納品物', '議事録', '求人票', '契約書', '商品ページ', 'LP原稿', '採用スケジュール', 'invoice', 'deck'];
const NAMES = ['田中', '佐藤', '鈴木', '高橋', '伊藤', '渡辺', '山本', '中村', '小林', '加藤', '吉田', '山田'];
const OPENINGS = ['', 'お疲れ様です。', 'おはようございます!', 'お世話になっております。', 'すみません、', '取り急ぎ、'];
const CLIENT_TEXTS: Array<(d: string, n: string, h: number, o: string) => string> = [
  (d, n, _h, o) => `${o}${d}の件、${n}さんにご確認いただけますか?`,
  (d, _n, h, o) => `${o}明日${h}時の会議の${d}を送っていただけますか?`,
  (_d, n, _h, o) => `${o}${n}さん、ありがとうございます!`,
  (d, _n, _h, o) => `${o}${d}の確認をお願いします`,
  (d, _n, h) => `Could you send the ${d === 'invoice' ? 'invoice' : 'deck'} by ${h}:00?`,
  (d, _n, _h, o) => `${o}${d}はいつ頃になりますか?`,
];
const TEAM_TEXTS: Array<(d: string, n: string, h: number, o: string) => string> = [
  (d, _n, h) => `承知しました。本日${h}時までに${d}をお送りします。`,
  (_d, n, h) => `確認の上、${h}時までに${n}様へご返信いたします。`,
  (d) => `承知いたしました!${d}の件、対応いたします!`,
  (d, n) => `${d}のデザイン案です。${n}様、どうでしょうか?`,
  (_d, _n, h, o) => `${o}ご不明点は03-1234-${String(5000 + h).padStart(4, '0')}までお電話ください。よろしくお願いいたします。`,
  (d, _n, h) => `${d}の議事録です(${h}時の打ち合わせ) <https://docs.google.com/document/d/${h}|議事録>`,
  (d, n) => `お待たせしました。${n}様、${d}をお送りします。`,
];
const fill = (templates: typeof CLIENT_TEXTS, k: number, ci: number): string =>
  templates[(k + ci) % templates.length](DOCS[(k * 7 + ci) % DOCS.length], NAMES[(k * 5 + ci * 3) % NAMES.length], 9 + ((k * 3 + ci) % 9), OPENINGS[(k * 11 + ci) % OPENINGS.length]);

export function generate(dir: string): number {
  const users = [
    ...Array.from({ length: 10 }, (_, i) => ({ id: `U0ASSIST${i}`, name: `assistant${i}`, team_id: 'T0OURTEAM' })),
    ...Array.from({ length: CHANNELS }, (_, i) => ({ id: `U0CLIENT${i}`, name: `client${i}`, team_id: `T0CLIENT${i}` })),
    { id: 'U0BOT', name: 'workflow', team_id: 'T0OURTEAM', is_bot: true },
  ];
  fs.writeFileSync(path.join(dir, 'users.json'), JSON.stringify(users));
  const channels = Array.from({ length: CHANNELS }, (_, i) => ({ id: `C${String(i).padStart(8, '0')}`, name: `client-${i}`, is_ext_shared: true, members: [`U0ASSIST${i % 10}`, `U0CLIENT${i}`] }));
  fs.writeFileSync(path.join(dir, 'channels.json'), JSON.stringify(channels));
  let written = 0;
  const start = Date.UTC(2026, 9, 1, 0, 0, 0) / 1000;
  const perChannel = Math.ceil(N / CHANNELS);
  channels.forEach((c, ci) => {
    fs.mkdirSync(path.join(dir, c.name));
    let day: Array<Record<string, unknown>> = [];
    let dayIndex = 0;
    let root = '';
    for (let k = 0; k < perChannel && written < N; k++, written++) {
      const t = start + dayIndex * 86_400 + 3600 + (k % PER_DAY) * 600 + ci;
      const ts = `${t}.${String(k % 1_000_000).padStart(6, '0')}`;
      const r = (k * 7919 + ci) % 10;
      let m: Record<string, unknown>;
      if (r < 4) {
        m = { type: 'message', ts, user: `U0CLIENT${ci}`, user_team: `T0CLIENT${ci}`, text: fill(CLIENT_TEXTS, k, ci) };
        root = ts;
      } else if (r < 9) {
        m = { type: 'message', ts, user: `U0ASSIST${ci % 10}`, user_team: 'T0OURTEAM', text: fill(TEAM_TEXTS, k * 3, ci), ...(root && r % 2 ? { thread_ts: root } : {}) };
      } else {
        m = { type: 'message', subtype: 'bot_message', ts, bot_id: 'B0WF', user: 'U0BOT', text: 'フォームに新しい回答があります' };
      }
      day.push(m);
      if (day.length === PER_DAY) {
        fs.writeFileSync(path.join(dir, c.name, `2026-${String(10 + Math.floor(dayIndex / 31)).padStart(2, '0')}-${String((dayIndex % 31) + 1).padStart(2, '0')}.json`), JSON.stringify(day));
        day = [];
        dayIndex++;
      }
    }
    if (day.length) fs.writeFileSync(path.join(dir, c.name, `2026-${String(10 + Math.floor(dayIndex / 31)).padStart(2, '0')}-${String((dayIndex % 31) + 1).padStart(2, '0')}.json`), JSON.stringify(day));
  });
  return written;
}

export function main(): void {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sla-bench-export-'));
  try {
    const count = generate(dir);
    const exp = new SlackExport(dir);
    // Baseline: read and parse every day file, no engine.
    let t = process.hrtime.bigint();
    let parsed = 0;
    for (const c of exp.channels()) for (const f of exp.dayFiles(c)) parsed += exp.readDay(f).length;
    const baselineS = Number(process.hrtime.bigint() - t) / 1e9;
    t = process.hrtime.bigint();
    const result = runAudit(exp, { rulebook: loadRulebook(path.join(__dirname, '..', 'rules')), to: Date.UTC(2027, 11, 31), teamId: 'T0OURTEAM' });
    const auditS = Number(process.hrtime.bigint() - t) / 1e9;
    const maxRssMiB = process.resourceUsage().maxRSS / 1024;
    const lines = [
      `## Offline audit: ${count.toLocaleString('en')} messages, ${CHANNELS} channels`,
      '',
      `${machine()}; one process (one core); generated export of realistic traffic.`,
      '',
      '| measure | value |',
      '|---|---|',
      `| baseline: read + JSON.parse of the day files | ${baselineS.toFixed(1)} s (${Math.round(parsed / baselineS).toLocaleString('en')} msg/s) |`,
      `| **audit: read + replay through every rule** | **${auditS.toFixed(1)} s (${Math.round(result.messages / auditS).toLocaleString('en')} msg/s)** |`,
      `| ratio audit / baseline | ${(auditS / baselineS).toFixed(1)}× |`,
      `| findings | ${result.findings.length.toLocaleString('en')} |`,
      `| peak memory (max RSS) | ${maxRssMiB.toFixed(0)} MiB |`,
      '',
      'Day files are read one at a time; memory grows with the findings kept for the output (this traffic is deliberately rule-breaking: about two findings for every three messages), not with the export.',
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
    writeSection('audit', lines.join('\n'));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (require.main === module) main();
