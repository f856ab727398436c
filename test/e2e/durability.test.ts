/**
 * Durable timers across restarts and replicas: real Bolt apps over HTTP, the simulator, a real Redis
 * (the shared single one, and a local 3-master Redis Cluster started by this test).
 * Thresholds: 2s reminder, 4s slow, 6s breach (test/fixtures/rules).
 */
import { SlackSimulator } from '../../src/simulator/SlackSimulator';
import { SIGNING_SECRET, buildWorld, sleep, startHarness, type Harness } from '../helpers/app';
import { randomPrefix } from '../helpers/redis';
import { startLocalCluster, type LocalCluster } from '../helpers/redis-cluster';

jest.setTimeout(40_000);
const ACME = 'C0ACME';

let cluster: LocalCluster | undefined;
afterAll(async () => {
  await cluster?.close();
});

describe.each([
  ['single Redis', async () => undefined],
  ['Redis Cluster', async () => (cluster ??= await startLocalCluster()).url],
])('durability (%s)', (_name, redisUrlOf: () => Promise<string | undefined>) => {
  let sim: SlackSimulator;
  let redisUrl: string | undefined;
  const harnesses: Harness[] = [];
  beforeEach(async () => {
    redisUrl = await redisUrlOf();
    sim = new SlackSimulator({ signingSecret: SIGNING_SECRET });
    await sim.start();
    buildWorld(sim);
  });
  afterEach(async () => {
    for (const h of harnesses.splice(0)) await h.close();
    await sim.stop();
  });

  test('a bot restarted after a threshold passed fires the overdue nudge once, promptly', async () => {
    const prefix = randomPrefix('restart');
    const a = await startHarness({ sim, prefix, redisUrl });
    harnesses.push(a);
    await sim.postUserMessage({ channel: ACME, user: 'U0CLIENT', teamId: 'T0ACME', text: '至急ご確認ください' });
    await a.stopBot();
    await sleep(2600); // the 2s reminder came due while no bot was running
    expect(sim.callsTo('chat.postEphemeral')).toHaveLength(0);
    const restartedAt = Date.now();
    await a.startBot();
    const nudge = await sim.waitForCall('chat.postEphemeral', undefined, 3000);
    expect(nudge.at - restartedAt).toBeLessThan(2000); // promptly: on the first scheduler ticks, not at the next threshold
    await sleep(800);
    expect(sim.callsTo('chat.postEphemeral')).toHaveLength(1);
  });

  test('after a long outage only the most severe overdue level is sent', async () => {
    const prefix = randomPrefix('outage');
    const a = await startHarness({ sim, prefix, redisUrl });
    harnesses.push(a);
    await sim.postUserMessage({ channel: ACME, user: 'U0CLIENT', teamId: 'T0ACME', text: '返信お待ちしています' });
    await a.stopBot();
    await sleep(4500); // reminder and slow both overdue
    await a.startBot();
    const nudge = await sim.waitForCall('chat.postEphemeral', undefined, 3000);
    expect(String(nudge.args.text)).toContain('遅れています');
    await sleep(800);
    expect(sim.callsTo('chat.postEphemeral')).toHaveLength(1);
  });

  test('two and three replicas on one Redis: every nudge and stamp exactly once', async () => {
    const prefix = randomPrefix('replicas');
    const replicas = [await startHarness({ sim, prefix, redisUrl }), await startHarness({ sim, prefix, redisUrl }), await startHarness({ sim, prefix, redisUrl })];
    harnesses.push(...replicas);
    const endpoints = replicas.map((r) => `http://127.0.0.1:${r.port}/slack/events`);

    // Events spread across replicas; each event also delivered to a second replica (a duplicate).
    const ev1 = sim.message({ channel: ACME, user: 'U0CLIENT', teamId: 'T0ACME', text: '資料の件、いかがでしょうか' });
    const sent = await sim.sendEvent(ev1, { endpoint: endpoints[0] });
    await sim.resend(sent, undefined, endpoints[1]);
    const ev2 = sim.message({ channel: 'C0BETA', user: 'U0CLIENT2', teamId: 'T0BETA', text: '請求書を再発行してください' });
    const sent2 = await sim.sendEvent(ev2, { endpoint: endpoints[1] });
    await sim.resend(sent2, 1, endpoints[2]);
    await sleep(300);
    const reply = sim.message({ channel: 'C0BETA', user: 'U0SUZUKI', teamId: 'T0OURTEAM', threadTs: ev2.ts, text: '承知しました。本日中に再発行いたします。' });
    const sent3 = await sim.sendEvent(reply, { endpoint: endpoints[2] });
    await Promise.all([sim.resend(sent3, undefined, endpoints[0]), sim.resend(sent3, 1, endpoints[1])]);

    await sim.waitForCall('chat.postMessage', (c) => c.args.channel === 'C0DIRECTORS', 10_000);
    await sleep(1000);
    const eph = sim.callsTo('chat.postEphemeral').filter((c) => c.ok);
    expect(eph.map((c) => `${c.args.channel}:${c.args.user}`)).toEqual(['C0ACME:U0SATO', 'C0ACME:U0SATO', 'C0ACME:U0SATO']);
    expect(sim.callsTo('chat.postMessage').filter((c) => c.args.channel === 'C0DIRECTORS')).toHaveLength(1);
    const stamps = sim.callsTo('chat.postMessage').filter((c) => c.args.channel === 'C0BETA');
    expect(stamps).toHaveLength(1);
    expect(stamps[0].args.thread_ts).toBe(ev2.ts);
    expect(String(stamps[0].args.text)).toContain('@suzuki');
  });
});
