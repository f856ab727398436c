/**
 * Benchmark: is the cost of an event flat in a channel's history? The same events are processed in
 * an empty channel and in one with 5,000 open threads (requests waiting for a reply), live (the real
 * ChannelProcessor on Redis: read the fields an event needs, evaluate, commit) and in the audit (the
 * channel runner on a virtual clock). The empty channel is the baseline measured in the same run.
 *   npm run bench:history [-- OPEN_THREADS [EVENTS]]
 * Writes its section of bench/RESULTS.md. Not a test: nothing is asserted.
 */
import { performance } from 'node:perf_hooks';
import pino from 'pino';
import type { MessageEvent } from '../src/core/events';
import { VirtualChannel } from '../src/core/virtual-channel';
import { loadRulebook } from '../src/config/rulebook';
import { ChannelProcessor } from '../src/slack/channel-processor';
import type { Directory } from '../src/slack/directory';
import { RedisStore } from '../src/store/redis/RedisStore';
import { FIXTURE_RULES } from '../test/helpers/app';
import { cleanupPrefix, randomPrefix, testRedisUrl } from '../test/helpers/redis';
import { channel, roles, runnerFor } from '../test/helpers/rule-tester';
import { machine, writeSection } from './results';

const OPEN = Number(process.argv[2] ?? 5000);
const EVENTS = Number(process.argv[3] ?? 2000);
const T0 = Date.UTC(2026, 10, 24, 1, 0, 0); // Tuesday 10:00 JST

function ts(at: number, seq: number): string {
  return `${Math.floor(at / 1000)}.${String(seq % 1_000_000).padStart(6, '0')}`;
}

/** A client question in its own thread, or (every other event) the team's reply in the previous one. */
function eventAt(ch: string, i: number, base: number): MessageEvent {
  const at = base + i * 1000;
  const root = ts(base + (i - (i % 2)) * 1000, 500_000 + i - (i % 2));
  if (i % 2 === 0) return { type: 'message', channel: ch, channelType: 'channel', ts: root, threadTs: root, user: 'U0CLIENT', userTeam: 'T0ACME', text: '請求書の件、ご確認いただけますか?', at };
  return { type: 'message', channel: ch, channelType: 'channel', ts: ts(at, 700_000 + i), threadTs: root, user: 'U0SATO', userTeam: 'T0OURTEAM', text: '承知しました。本日17時までにお送りします。', at };
}

function openThreads(ch: string, n: number): MessageEvent[] {
  return Array.from({ length: n }, (_, i) => {
    const root = ts(T0 - 3_600_000 + i * 100, i + 1);
    return { type: 'message', channel: ch, channelType: 'channel', ts: root, threadTs: root, user: 'U0CLIENT', userTeam: 'T0ACME', text: '見積もりの件、ご確認いただけますか?', at: T0 - 3_600_000 + i * 100 };
  });
}

const rulebook = loadRulebook(FIXTURE_RULES);

function audit(history: number): number {
  const vc = new VirtualChannel(runnerFor(rulebook), { ...channel });
  for (const e of openThreads(channel.id, history)) vc.send(e);
  const t = performance.now();
  for (let i = 0; i < EVENTS; i++) vc.send(eventAt(channel.id, i, T0));
  return (performance.now() - t) / EVENTS;
}

/** A directory that answers from the team file, as a warm cache would (no Slack in this measure). */
const directory = {
  currentRoles: () => roles,
  user: async () => ({ known: true }),
  channel: async (id: string) => ({ id, name: 'client-acme', isExtShared: true, known: true }),
  assistantsOf: async () => ['U0SATO'],
  expandRefs: () => [],
} as unknown as Directory;

async function live(store: RedisStore, ch: string, history: number): Promise<number> {
  const processor = new ChannelProcessor({ store, rulebook, directory, logger: pino({ level: 'silent' }), now: () => T0 });
  for (const e of openThreads(ch, history)) await processor.process(e);
  const t = performance.now();
  for (let i = 0; i < EVENTS; i++) await processor.process(eventAt(ch, i, T0));
  return (performance.now() - t) / EVENTS;
}

export async function main(): Promise<void> {
  const prefix = randomPrefix('history');
  const store = new RedisStore({ redis: testRedisUrl(), prefix });
  const rows: string[] = [];
  try {
    // Warm up the JIT on a throwaway channel first.
    audit(200);
    await live(store, 'C0WARM', 200);
    // Each measured twice, alternating; the better of the two (the first pays for warming up).
    const a = { empty: Math.min(audit(0), audit(0)), full: Math.min(audit(OPEN), audit(OPEN)) };
    const l = {
      empty: Math.min(await live(store, 'C0EMPTY1', 0), await live(store, 'C0EMPTY2', 0)),
      full: Math.min(await live(store, 'C0FULL1', OPEN), await live(store, 'C0FULL2', OPEN)),
    };
    const f = (ms: number) => `${(ms * 1000).toFixed(0)} µs`;
    rows.push(`| audit (virtual clock) | ${f(a.empty)} | ${f(a.full)} | **${(a.full / a.empty).toFixed(2)}×** |`);
    rows.push(`| live (Redis, one event per lock/read/commit) | ${f(l.empty)} | ${f(l.full)} | **${(l.full / l.empty).toFixed(2)}×** |`);
  } finally {
    await cleanupPrefix(store.redis as import('ioredis').default, prefix);
    await store.close();
  }
  const lines = [
    `## Per-event cost against a channel's history: empty vs ${OPEN.toLocaleString('en')} open threads`,
    '',
    `${machine()}; fixture rulebook (every rule); ${EVENTS.toLocaleString('en')} events (a client question in a new thread, the team's reply in it), processed one at a time. Baseline: the same events in an empty channel, same run. Aim: at most 1.3×.`,
    '',
    '| path | empty channel | 5,000 open threads | ratio |',
    '|---|---|---|---|',
    ...rows,
  ];
  writeSection('history', lines.join('\n'));
  process.stdout.write(`${lines.join('\n')}\n`);
}

if (require.main === module) {
  main().catch((e) => {
    process.stderr.write(`bench failed: ${(e as Error).stack}\n`);
    process.exit(1);
  });
}
