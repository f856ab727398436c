/**
 * client-silence end to end (silence of 2 s here): one private nudge with the suggested closed
 * question to the channel's assistant; none for a paused client.
 */
import { DateTime } from 'luxon';
import type { Finding } from '../../src/core/finding';
import { rulesDirWithShipped, sleep, startHarness, type Harness } from '../helpers/app';

jest.setTimeout(30_000);
let h: Harness;
beforeAll(async () => {
  h = await startHarness({ rulesDir: rulesDirWithShipped(['client-silence'], (_id, t) => t.replace('after: 14d', 'after: 2s')) });
});
afterAll(() => h.close());

test('a silent client: one nudge to the assistant, with the intent question', async () => {
  const ts = await h.sim.postUserMessage({ channel: 'C0ACME', user: 'U0CLIENT', teamId: 'T0ACME', text: '確認します' });
  await h.sim.postUserMessage({ channel: 'C0ACME', user: 'U0SATO', teamId: 'T0OURTEAM', threadTs: ts, text: '承知しました。本日中に初稿をお送りします。' });
  const nudge = await h.sim.waitForCall('chat.postEphemeral', (c) => String(c.args.text).includes('🕊'), 6000);
  expect(nudge.args).toMatchObject({ channel: 'C0ACME', user: 'U0SATO' });
  expect(String(nudge.args.text)).toContain('① このまま継続');
  await sleep(2500);
  expect(h.sim.callsTo('chat.postEphemeral').filter((c) => String(c.args.text).includes('🕊'))).toHaveLength(1);
  const findings = await h.store.rangeRecords<Finding>('findings', 0, Date.now() + 60_000);
  expect(findings.filter((f) => f.record.rule === 'client-silence')).toHaveLength(1);
});

test('a paused client is exempt', async () => {
  h.sim.clearCalls();
  const ts = await h.sim.postUserMessage({ channel: 'C0BETA', user: 'U0CLIENT2', teamId: 'T0BETA', text: 'よろしくお願いします' });
  await h.sim.postUserMessage({ channel: 'C0BETA', user: 'U0SUZUKI', teamId: 'T0OURTEAM', threadTs: ts, text: '本日中にお送りします' });
  const tomorrow = DateTime.now().setZone('Asia/Tokyo').plus({ days: 1 }).toISODate();
  const r = await h.sim.slashCommand({ command: '/sla', text: `pause <#C0BETA|client-beta> until ${tomorrow} 長期休暇`, userId: 'U0BOSS', channelId: 'C0DIRECTORS' });
  expect(JSON.parse(r.body).text).toContain('一時停止しました');
  await sleep(3000);
  expect(h.sim.callsTo('chat.postEphemeral')).toHaveLength(0);
});
