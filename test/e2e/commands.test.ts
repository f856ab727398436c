/**
 * `/sla` end to end: signed slash commands to the real app; answers come back through response_url.
 */
import { sleep, startHarness, type Harness } from '../helpers/app';

jest.setTimeout(30_000);
let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());
beforeEach(() => h.sim.clearCalls());

test('help, an unknown subcommand and a refusal answer at once, ephemeral', async () => {
  const help = await h.sim.slashCommand({ command: '/sla', text: '', userId: 'U0SATO', channelId: 'C0ACME' });
  expect(help.status).toBe(200);
  expect(JSON.parse(help.body)).toMatchObject({ response_type: 'ephemeral', text: expect.stringContaining('/sla report') });
  const unknown = await h.sim.slashCommand({ command: '/sla', text: 'repot', userId: 'U0BOSS', channelId: 'C0DIRECTORS' });
  expect(JSON.parse(unknown.body).text).toContain('「repot」というサブコマンドはありません');
  const refused = await h.sim.slashCommand({ command: '/sla', text: 'report', userId: 'U0SATO', channelId: 'C0ACME' });
  expect(JSON.parse(refused.body)).toMatchObject({ response_type: 'ephemeral', text: expect.stringContaining('ディレクターのみ') });
  const badArg = await h.sim.slashCommand({ command: '/sla', text: 'report yesterday', userId: 'U0BOSS', channelId: 'C0DIRECTORS' });
  expect(JSON.parse(badArg.body).text).toContain('"yesterday"');
  await sleep(300);
  expect(h.sim.callsTo('response_url')).toHaveLength(0);
  expect(h.sim.callsTo('chat.postMessage')).toHaveLength(0);
});

test('a director gets the report: answered and open requests, per assistant, with a CSV file', async () => {
  const q = await h.sim.postUserMessage({ channel: 'C0ACME', user: 'U0CLIENT', teamId: 'T0ACME', text: '請求書を送ってください' });
  await sleep(300);
  await h.sim.postUserMessage({ channel: 'C0ACME', user: 'U0SATO', teamId: 'T0OURTEAM', threadTs: q, text: '承知しました、本日17時までにお送りします' });
  await h.sim.postUserMessage({ channel: 'C0BETA', user: 'U0CLIENT2', teamId: 'T0BETA', text: '見積もりはまだですか?' });
  await sleep(300);
  const res = await h.sim.slashCommand({ command: '/sla', text: 'report 7d csv', userId: 'U0BOSS', channelId: 'C0DIRECTORS' });
  expect(res.status).toBe(200);
  const answer = await h.sim.waitForCall('response_url', undefined, 5000);
  expect(answer.args.response_type).toBe('ephemeral');
  const text = JSON.stringify(answer.args.blocks);
  expect(text).toContain('<@U0SATO>');
  expect(text).toMatch(/\*全体\* — 1 件/);
  expect(text).toContain('<#C0BETA> <@U0CLIENT2>');
  const upload = await h.sim.waitForCall('files.completeUploadExternal', undefined, 5000);
  expect(upload.ok).toBe(true);
  const file = h.sim.callsTo('file_upload')[0];
  expect(String(file.args.body)).toContain('assistant,U0SATO,1,');
  // Close the open request so no reminder runs into other tests.
  await h.sim.postUserMessage({ channel: 'C0BETA', user: 'U0SUZUKI', teamId: 'T0OURTEAM', text: '本日中にお送りします' });
});

test('a report filtered to a channel by its escaped mention', async () => {
  const res = await h.sim.slashCommand({ command: '/sla', text: 'report <#C0BETA|client-beta> 30d', userId: 'U0BOSS', channelId: 'C0DIRECTORS' });
  expect(res.status).toBe(200);
  const answer = await h.sim.waitForCall('response_url', undefined, 5000);
  const text = JSON.stringify(answer.args.blocks);
  expect(text).not.toContain('<#C0ACME>');
  expect(text).toContain('<#C0BETA>');
});

test('App Home: a director sees the figures, an assistant an explanation', async () => {
  const open = (user: string) => h.sim.sendEvent({ type: 'app_home_opened', user, channel: 'D0HOME', tab: 'home', event_ts: '1795000000.000100' });
  expect((await open('U0BOSS')).status).toBe(200);
  const director = await h.sim.waitForCall('views.publish', (c) => c.args.user_id === 'U0BOSS', 5000);
  expect(JSON.stringify(director.args.view)).toContain('SLA レポート');
  expect((await open('U0SATO')).status).toBe(200);
  const assistant = await h.sim.waitForCall('views.publish', (c) => c.args.user_id === 'U0SATO', 5000);
  expect(JSON.stringify(assistant.args.view)).not.toContain('SLA レポート');
  expect(JSON.stringify(assistant.args.view)).toContain('お客様には表示されません');
});
