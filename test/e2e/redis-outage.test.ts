/**
 * Redis stopped for 30 seconds and started again (append-only persistence, like a managed Redis
 * restarting): the bot answers 500 while it is away so Slack retries, /readyz says so, it reconnects
 * by itself, the retried event is processed, and the timer armed before the outage still fires, once.
 * A Redis of the test's own (redis-server on a free port), the real Bolt app, the simulator.
 */
import type { Finding } from '../../src/core/finding';
import { sleep, startHarness, type Harness } from '../helpers/app';
import { startPrivateRedis, type PrivateRedis } from '../helpers/redis-server';

jest.setTimeout(90_000);
const OUTAGE_MS = 30_000;

let redis: PrivateRedis;
let h: Harness;
beforeAll(async () => {
  redis = await startPrivateRedis();
  h = await startHarness({ redisUrl: redis.url });
});
afterAll(async () => {
  await h.close();
  await redis.close();
});

const ready = async () => (await fetch(`http://127.0.0.1:${h.port}/readyz`)).status;

test('30 s without Redis: 500s while away, reconnects alone, no event or timer lost, nothing doubled', async () => {
  const before = await h.sim.postUserMessage({ channel: 'C0ACME', user: 'U0CLIENT', teamId: 'T0ACME', text: '請求書の件、ご確認いただけますか?' });
  await sleep(300);
  await redis.stop();
  const stoppedAt = Date.now();

  expect(await ready()).toBe(503);
  expect((await fetch(`http://127.0.0.1:${h.port}/healthz`)).status).toBe(200);
  const during = h.sim.message({ channel: 'C0BETA', user: 'U0CLIENT2', teamId: 'T0BETA', text: '見積もりをお願いします' });
  const eventId = 'EvOUTAGE1';
  expect((await h.sim.sendEvent(during, { eventId })).status).toBe(500);
  // Nothing reaches a client or an assistant while the state cannot be read.
  await sleep(OUTAGE_MS - (Date.now() - stoppedAt));
  expect(h.sim.callsTo('chat.postEphemeral')).toHaveLength(0);

  await redis.start();
  const restartedAt = Date.now();
  while ((await ready()) !== 200) {
    if (Date.now() - restartedAt > 15_000) throw new Error('the bot did not reconnect to Redis within 15 s');
    await sleep(100);
  }
  // Slack's retry of the event that got a 500, then a duplicate of it: processed once.
  expect((await h.sim.sendEvent(during, { eventId, retryNum: 1, retryReason: 'http_error' })).status).toBe(200);
  expect((await h.sim.sendEvent(during, { eventId, retryNum: 2, retryReason: 'http_error' })).status).toBe(200);

  // Both requests are long overdue: each gets its most severe level, once, and one escalation each.
  await h.sim.waitForCall('chat.postMessage', (c) => c.args.channel === 'C0DIRECTORS' && String(c.args.text).includes('C0BETA'), 15_000);
  await h.sim.waitForCall('chat.postMessage', (c) => c.args.channel === 'C0DIRECTORS' && String(c.args.text).includes('C0ACME'), 15_000);
  await sleep(1500);
  const nudges = h.sim.callsTo('chat.postEphemeral').filter((c) => c.ok);
  const keys = nudges.map((c) => `${c.args.channel}|${c.args.user}|${c.args.text}`);
  expect(new Set(keys).size).toBe(keys.length);
  expect(nudges.filter((c) => c.args.channel === 'C0ACME').map((c) => c.args.user)).toEqual(['U0SATO']);
  expect(nudges.filter((c) => c.args.channel === 'C0BETA').length).toBeGreaterThanOrEqual(1);
  expect(h.sim.callsTo('chat.postMessage').filter((c) => c.args.channel === 'C0DIRECTORS')).toHaveLength(2);

  const findings = (await h.store.rangeRecords<Finding>('findings', 0, Date.now() + 60_000)).map((r) => r.record).filter((f) => f.rule === 'response-time');
  expect(findings.filter((f) => f.ts === before).map((f) => f.evidence.level)).toEqual(['breach']);
  expect(findings.filter((f) => f.ts === during.ts).map((f) => f.evidence.level)).toEqual(['breach']);
});
