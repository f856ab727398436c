import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DateTime } from 'luxon';
import pino from 'pino';
import { loadEnv } from '../config/env';
import { loadRulebook } from '../config/rulebook';
import { SlackSimulator, type RecordedCall } from '../simulator/SlackSimulator';
import { createSlaApp } from '../slack/app';
import { MemoryStore } from '../store/memory/MemoryStore';

/**
 * `npm run demo`: the bundled Slack simulator + the real bot (HTTP mode, in-memory store) + the
 * shipped response-time rule, on a virtual clock that moves one minute at a time and then stands
 * still while the bot works, so what it prints does not depend on how fast this machine is.
 * Plays two client conversations and prints every message the bot posts.
 */
const ZONE = 'Asia/Tokyo';
const STEP_MS = 60_000;
/** Real time the clock stands still after each virtual minute, at least (longer while the bot still works). */
const STEP_WAIT_MS = Number(process.env.DEMO_STEP_MS ?? 40);
const START = DateTime.fromISO('2026-11-24T09:55', { zone: ZONE }); // a Tuesday

const ROOT = path.join(__dirname, '..', '..');
const NAMES: Record<string, string> = {
  U0SATO: '@sato',
  U0SUZUKI: '@suzuki',
  U0BOSS: '@boss',
  U0CLIENT: '@yamada (ACME)',
  U0CLIENT2: '@kato (Beta)',
  C0ACME: '#client-acme',
  C0BETA: '#client-beta',
  C0DIRECTORS: '#directors',
};

async function main(): Promise<void> {
  let virtual = START.toMillis();
  const now = () => virtual;
  const clockLabel = (ms: number) => DateTime.fromMillis(ms, { zone: ZONE }).toFormat('HH:mm');
  const say = (line: string) => process.stdout.write(`${line}\n`);

  // The shipped response-time rule with the demo's team file.
  const rulesDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sla-demo-'));
  fs.copyFileSync(path.join(ROOT, 'rules', 'response-time.yaml'), path.join(rulesDir, 'response-time.yaml'));
  fs.copyFileSync(path.join(ROOT, 'examples', 'demo-rules', 'team.yaml'), path.join(rulesDir, 'team.yaml'));

  const sim = new SlackSimulator({ signingSecret: 'demo-secret', now });
  const { apiUrl } = await sim.start();
  sim.addUser({ id: 'U0SATO', name: 'sato', realName: 'Sato Hanako', teamId: 'T0OURTEAM' });
  sim.addUser({ id: 'U0SUZUKI', name: 'suzuki', realName: 'Suzuki Ken', teamId: 'T0OURTEAM' });
  sim.addUser({ id: 'U0BOSS', name: 'boss', realName: 'Tanaka (director)', teamId: 'T0OURTEAM' });
  sim.addUser({ id: 'U0CLIENT', name: 'yamada', teamId: 'T0ACME', hidden: true });
  sim.addUser({ id: 'U0CLIENT2', name: 'kato', teamId: 'T0BETA' });
  sim.addChannel({ id: 'C0ACME', name: 'client-acme', members: ['U0SATO', 'U0CLIENT', 'U0SLABOT'], isExtShared: true });
  sim.addChannel({ id: 'C0BETA', name: 'client-beta', members: ['U0SUZUKI', 'U0CLIENT2', 'U0SLABOT'], isExtShared: true });
  sim.addChannel({ id: 'C0DIRECTORS', name: 'directors', members: ['U0BOSS', 'U0SLABOT'] });

  const store = new MemoryStore();
  const env = loadEnv({ SLACK_BOT_TOKEN: 'xoxb-sim-token', SLACK_SIGNING_SECRET: 'demo-secret', SLACK_API_URL: apiUrl, PORT: '0', SCHEDULER_POLL_MS: '20' });
  const bot = await createSlaApp({
    env,
    rulebook: loadRulebook(rulesDir),
    store,
    logger: pino({ level: process.env.LOG_LEVEL ?? 'silent' }),
    retryConfig: { retries: 2, minTimeout: 50, maxTimeout: 500 },
    now,
  });
  const port = await bot.start();
  sim.setBotEndpoint(`http://127.0.0.1:${port}/slack/events`);

  say('sla-bot demo: simulated Slack workspace, in-memory store, rules/response-time.yaml (1h reminder, 3h slow, 6h breach, business hours 09-12 + 13-18 JST).');
  say(`Virtual clock: Tuesday ${START.toFormat('yyyy-MM-dd')}, one minute at a time (an hour passes in about ${((60 * STEP_WAIT_MS) / 1000).toFixed(1)} s).\n`);

  let printed = 0;
  const printBotCalls = () => {
    const calls = sim.calls.filter((c: RecordedCall) => c.ok && ['chat.postMessage', 'chat.postEphemeral', 'chat.update', 'reactions.add'].includes(c.method));
    for (const c of calls.slice(printed)) {
      const where = NAMES[String(c.args.channel)] ?? String(c.args.channel);
      // Render Slack markup the way the Slack client would show it.
      const text = String(c.args.text ?? '')
        .replace(/\s*https:\/\/sim\.slack\.com\S+/g, ' <permalink>')
        .replace(/<[@#]([UC][A-Z0-9]+)>/g, (all, id: string) => NAMES[id] ?? all);
      const t = clockLabel(c.virtualAt ?? now());
      if (c.method === 'chat.postEphemeral') say(`  [${t}] 🔒 nudge to ${NAMES[String(c.args.user)]} in ${where} (only they see it): ${text}`);
      else if (c.method === 'chat.update') say(`  [${t}] ✏️  stamp updated in ${where}: ${text}`);
      else if (c.args.thread_ts) say(`  [${t}] 🧵 stamp in ${where} (thread of the client's message): ${text}`);
      else say(`  [${t}] 📣 ${where}: ${text}`);
    }
    printed = calls.length;
  };
  const ticker = setInterval(printBotCalls, 50);

  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
  // The bot finishes its work at the current minute (what was just posted, what just came due) before
  // time moves: nothing due now, nothing running, no Slack call for two looks in a row. A loaded
  // machine makes the demo slower, never different.
  const settle = async () => {
    await sleep(STEP_WAIT_MS);
    const deadline = Date.now() + 10_000;
    let calls = sim.calls.length;
    for (let quiet = 0; quiet < 2 && Date.now() < deadline; ) {
      await sleep(5);
      const next = await store.nextDueAt();
      const busy = bot.scheduler.jobsRunning > 0 || (next !== null && next <= virtual) || sim.calls.length !== calls;
      calls = sim.calls.length;
      quiet = busy ? 0 : quiet + 1;
    }
  };
  const at = async (hhmm: string) => {
    const target = DateTime.fromISO(`${START.toISODate()}T${hhmm}`, { zone: ZONE }).toMillis();
    while (virtual < target) {
      await settle();
      virtual = Math.min(target, virtual + STEP_MS);
    }
  };
  const post = async (hhmm: string, user: string, team: string, channel: string, text: string, threadTs?: string) => {
    await at(hhmm);
    say(`[${hhmm}] ${NAMES[user]} in ${NAMES[channel]}${threadTs ? ' (thread)' : ''}: ${text}`);
    return sim.postUserMessage({ channel, user, teamId: team, text, threadTs });
  };

  await post('09:55', 'U0CLIENT', 'T0ACME', 'C0ACME', 'お世話になっております。先日お送りした請求書の件、ご確認いただけますでしょうか?');
  const beta = await post('10:00', 'U0CLIENT2', 'T0BETA', 'C0BETA', '明日の会議資料を送っていただけますか?');
  await post('10:12', 'U0SUZUKI', 'T0OURTEAM', 'C0BETA', '確認の上、15時までにご返信いたします。', beta);
  await post('14:40', 'U0SUZUKI', 'T0OURTEAM', 'C0BETA', 'お待たせしました。資料はこちらです: <https://drive.example.com/x|会議資料>', beta);
  await post('14:45', 'U0CLIENT2', 'T0BETA', 'C0BETA', 'ありがとうございます!', beta);
  await at('17:05');
  await settle();
  printBotCalls();
  clearInterval(ticker);

  const eph = sim.calls.filter((c) => c.ok && c.method === 'chat.postEphemeral');
  say(`\nDone: ${eph.length} private nudges (none visible to clients), ${sim.calls.filter((c) => c.ok && c.method === 'chat.postMessage').length} posted messages, ${plural(sim.calls.filter((c) => c.ok && c.method === 'chat.update').length, 'stamp update')}.`);
  await bot.stop();
  await store.close();
  await sim.stop();
}

function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

main().catch((error) => {
  process.stderr.write(`demo failed: ${(error as Error).stack ?? error}\n`);
  process.exit(1);
});
