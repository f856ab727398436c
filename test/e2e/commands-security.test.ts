/**
 * `/sla` and App Home from a security angle: the directors' CSV goes only to the director's DM with
 * the bot, a replayed command runs once, free text is escaped, and clients see a neutral Home tab.
 */
import type { IncidentReport } from '../../src/slack/actions';
import { sleep, startHarness, type Harness } from '../helpers/app';

jest.setTimeout(30_000);
let h: Harness;
beforeAll(async () => {
  h = await startHarness();
  h.sim.addUser({ id: 'U0NEWBIE', name: 'newbie', teamId: 'T0OURTEAM' });
});
afterAll(() => h.close());
beforeEach(() => {
  h.sim.clearFaults();
  h.sim.clearCalls();
});

const EVIL = '<!channel> <https://evil.example/login|click to verify>';

test('/sla report csv in a shared channel: the CSV goes to the director\'s DM with the bot, never the channel', async () => {
  const res = await h.sim.slashCommand({ command: '/sla', text: 'report 7d csv', userId: 'U0BOSS', channelId: 'C0BETA' });
  expect(res.status).toBe(200);
  const upload = await h.sim.waitForCall('files.completeUploadExternal', undefined, 5000);
  expect(upload.ok).toBe(true);
  expect(upload.args.channel_id).toBe('D0BOSS');
  // The DM was asked for by the director's id, and it is an IM.
  const open = h.sim.callsTo('conversations.open');
  expect(open.map((c) => c.args.users)).toEqual(['U0BOSS']);
  await sleep(300);
  expect(h.sim.callsTo('files.completeUploadExternal').filter((c) => c.args.channel_id !== 'D0BOSS')).toHaveLength(0);
  expect(h.sim.callsTo('chat.postMessage')).toHaveLength(0);
  const answers = h.sim.callsTo('response_url');
  expect(answers.every((a) => a.args.response_type === 'ephemeral')).toBe(true);
  expect(answers.map((a) => String(a.args.text)).join('\n')).toContain('DM');
});

test('a replayed /sla report csv (same signed request, same trigger_id) makes one report and one upload', async () => {
  const sent = await h.sim.slashCommand({ command: '/sla', text: 'report 7d csv', userId: 'U0BOSS', channelId: 'C0DIRECTORS' });
  expect(sent.status).toBe(200);
  const again = await h.sim.resend(sent);
  const third = await h.sim.resend(sent);
  expect([again.status, third.status]).toEqual([200, 200]);
  await h.sim.waitForCall('files.completeUploadExternal', undefined, 5000);
  await sleep(800);
  expect(h.sim.callsTo('files.completeUploadExternal')).toHaveLength(1);
  expect(h.sim.callsTo('file_upload')).toHaveLength(1);
  expect(h.sim.callsTo('response_url').filter((c) => c.args.blocks)).toHaveLength(1);
});

test('a replayed /sla pause is applied once', async () => {
  const sent = await h.sim.slashCommand({ command: '/sla', text: 'pause <#C0DIRECTORS|directors> until 2099-01-31', userId: 'U0BOSS', channelId: 'C0DIRECTORS' });
  expect(JSON.parse(sent.body).text).toContain('一時停止しました');
  const resumed = await h.sim.slashCommand({ command: '/sla', text: 'resume <#C0DIRECTORS|directors>', userId: 'U0BOSS', channelId: 'C0DIRECTORS' });
  expect(JSON.parse(resumed.body).text).toContain('再開しました');
  // Replaying the old pause after the resume must not pause the channel again.
  const replay = await h.sim.resend(sent);
  expect(replay.status).toBe(200);
  expect(replay.body).not.toContain('一時停止しました');
  expect((await h.store.getJSON<Record<string, unknown>>('ch:C0DIRECTORS'))?._pause).toBeUndefined();
});

test('free text shown back by /sla is escaped: pause reason, incident report, unknown subcommand', async () => {
  const paused = await h.sim.slashCommand({ command: '/sla', text: `pause <#C0BETA|client-beta> until 2099-01-31 ${EVIL}`, userId: 'U0BOSS', channelId: 'C0DIRECTORS' });
  expect(JSON.parse(paused.body).text).toContain('一時停止しました');
  const status = JSON.parse((await h.sim.slashCommand({ command: '/sla', text: 'status <#C0BETA|client-beta>', userId: 'U0BOSS', channelId: 'C0DIRECTORS' })).body).text as string;
  expect(status).toContain('&lt;!channel&gt; &lt;https://evil.example/login|click to verify&gt;');
  expect(status).not.toContain('<!channel>');
  await h.sim.slashCommand({ command: '/sla', text: 'resume <#C0BETA|client-beta>', userId: 'U0BOSS', channelId: 'C0DIRECTORS' });

  const unknown = JSON.parse((await h.sim.slashCommand({ command: '/sla', text: '<!here>', userId: 'U0BOSS', channelId: 'C0DIRECTORS' })).body).text as string;
  expect(unknown).toContain('&lt;!here&gt;');
  expect(unknown).not.toContain('<!here>');

  const incident: IncidentReport = { channel: 'C0ACME', complaintTs: '1795000000.000100', by: 'U0SATO', at: Date.now() - 1000, words: EVIL, facts: '', wishes: '', solution: '<@U0CLIENT> & <!everyone>', prevention: '' };
  await h.store.commit({ records: [{ log: 'incidents', at: incident.at, record: incident }] });
  await h.sim.slashCommand({ command: '/sla', text: 'report', userId: 'U0BOSS', channelId: 'C0DIRECTORS' });
  const report = await h.sim.waitForCall('response_url', (c) => Boolean(c.args.blocks), 5000);
  const section = (report.args.blocks as Array<{ text?: { text: string } }>).map((b) => b.text?.text ?? '').find((t) => t.includes('インシデント報告'))!;
  expect(section).toContain('&lt;!channel&gt; &lt;https://evil.example/login|click to verify&gt;');
  expect(section).toContain('&lt;@U0CLIENT&gt; &amp; &lt;!everyone&gt;');
  expect(section).not.toMatch(/<!channel>|<!everyone>|<https:/);
  // The ids the bot itself writes stay mentions.
  expect(section).toContain('<#C0ACME> <@U0SATO>');
});

describe('App Home', () => {
  const open = (user: string) => h.sim.sendEvent({ type: 'app_home_opened', user, channel: `D${user.slice(1)}`, tab: 'home', event_ts: '1795000000.000100' });
  const NEUTRAL_FORBIDDEN = /お客様には表示されません|見守り|返信時間|リマインド|通知|Clients never see|reminder|nudge|watch/i;

  test.each([
    ['a Slack Connect client of another organisation', 'U0CLIENT2'],
    ['a client whose profile cannot be read', 'U0CLIENT'],
  ])('%s sees a neutral page, nothing about reminders or monitoring', async (_who, user) => {
    expect((await open(user)).status).toBe(200);
    const published = await h.sim.waitForCall('views.publish', (c) => c.args.user_id === user, 5000);
    const text = JSON.stringify(published.args.view);
    expect(text).toContain('sla-bot');
    expect(text).not.toMatch(NEUTRAL_FORBIDDEN);
    expect(text).not.toContain('SLA レポート');
  });

  test('an assistant still gets the explanation', async () => {
    await open('U0SATO');
    const published = await h.sim.waitForCall('views.publish', (c) => c.args.user_id === 'U0SATO', 5000);
    expect(JSON.stringify(published.args.view)).toContain('お客様には表示されません');
  });

  test('when Slack cannot say who the user is, nothing is published (fail closed)', async () => {
    h.sim.failNext('users.info', 10, { status: 503 });
    expect((await open('U0NEWBIE')).status).toBe(200);
    await sleep(1500);
    expect(h.sim.callsTo('views.publish')).toHaveLength(0);
    expect(h.sim.arrivals.some((a) => a.method === 'users.info')).toBe(true);
    h.sim.clearFaults();
    // Once Slack answers again the page is published.
    await open('U0NEWBIE');
    const published = await h.sim.waitForCall('views.publish', (c) => c.args.user_id === 'U0NEWBIE', 5000);
    expect(JSON.stringify(published.args.view)).toContain('お客様には表示されません');
  });
});
