/**
 * Buttons and modals replayed or forged: the "schedule for the next opening" copy is scheduled once
 * per message, an incident report is filed once per complaint, only our team may open or submit the
 * incident form, and a name put into the copy's header is escaped.
 */
import { INCIDENT_ACTION_ID, SCHEDULE_ACTION_ID } from '../../src/slack/effects';
import { INCIDENT_VIEW_ID, type IncidentReport } from '../../src/slack/actions';
import { sleep, startHarness, type Harness } from '../helpers/app';

jest.setTimeout(30_000);
let h: Harness;
const EVIL_NAME = "<!channel> <https://evil.example/login|click to verify> $'";
beforeAll(async () => {
  h = await startHarness();
  h.sim.addUser({ id: 'U0EVIL', name: EVIL_NAME, teamId: 'T0OURTEAM' });
  h.sim.addUser({ id: 'U0GUEST', name: 'guest', teamId: 'T0OURTEAM', isRestricted: true });
});
afterAll(() => h.close());
beforeEach(() => h.sim.clearCalls());

function click(user: string, team: string, actionId: string, value: string) {
  return h.sim.interaction({
    type: 'block_actions',
    user: { id: user, username: user, team_id: team },
    api_app_id: h.sim.appId,
    team: { id: team, domain: 'sim' },
    container: { type: 'message', message_ts: '1795000000.000100', channel_id: 'C0ACME', is_ephemeral: true },
    channel: { id: 'C0ACME', name: 'client-acme' },
    trigger_id: `${Date.now()}.456.abc`,
    response_url: `${h.sim.apiUrl!.replace('/api/', '')}/response/abc`,
    actions: [{ type: 'button', action_id: actionId, block_id: 'b1', value, action_ts: '1795000000.000200', text: { type: 'plain_text', text: 'x' } }],
  });
}

const scheduleValue = (ts: string) => JSON.stringify({ c: 'C0ACME', t: ts, p: Date.now() + 3_600_000 });

describe('schedule for the next opening', () => {
  test('a double click (and a later replay) schedules one copy; the others answer "already scheduled"', async () => {
    const { ts } = h.sim.message({ channel: 'C0ACME', user: 'U0SATO', text: '修正版をお送りします。' });
    const value = scheduleValue(ts);
    const both = await Promise.all([click('U0SATO', 'T0OURTEAM', SCHEDULE_ACTION_ID, value), click('U0SATO', 'T0OURTEAM', SCHEDULE_ACTION_ID, value)]);
    expect(both.map((r) => r.status)).toEqual([200, 200]);
    await click('U0SATO', 'T0OURTEAM', SCHEDULE_ACTION_ID, value);
    await h.sim.waitForCall('chat.scheduleMessage', undefined, 5000);
    await sleep(500);
    expect(h.sim.callsTo('chat.scheduleMessage')).toHaveLength(1);
    const texts = h.sim.callsTo('response_url').map((c) => String(c.args.text));
    expect(texts.filter((t) => t.includes('予約送信しました'))).toHaveLength(1);
    expect(texts.filter((t) => t.includes('すでに予約済み'))).toHaveLength(2);
  });

  test('a display name with mentions and links is escaped in the copy\'s header', async () => {
    const { ts } = h.sim.message({ channel: 'C0ACME', user: 'U0EVIL', text: '資料です' });
    await click('U0EVIL', 'T0OURTEAM', SCHEDULE_ACTION_ID, scheduleValue(ts));
    const scheduled = await h.sim.waitForCall('chat.scheduleMessage', undefined, 5000);
    const text = String(scheduled.args.text);
    expect(text.startsWith("@&lt;!channel&gt; &lt;https://evil.example/login|click to verify&gt; $' からのメッセージ")).toBe(true);
    expect(text).not.toMatch(/<!channel>|<https:/);
  });
});

describe('incident report', () => {
  const values = (words: string) => ({
    words: { v: { type: 'plain_text_input', value: words } },
    facts: { v: { type: 'plain_text_input', value: '納品が2日遅れた' } },
    wishes: { v: { type: 'plain_text_input', value: '' } },
    solution: { v: { type: 'plain_text_input', value: '' } },
    prevention: { v: { type: 'plain_text_input', value: '' } },
  });
  const submit = (user: string, team: string, meta: string, viewId = 'V1') =>
    h.sim.interaction({ type: 'view_submission', user: { id: user, team_id: team }, team: { id: team }, api_app_id: h.sim.appId, view: { id: viewId, type: 'modal', callback_id: INCIDENT_VIEW_ID, private_metadata: meta, state: { values: values('対応が遅い') } } });
  const filed = async (ts: string) => (await h.store.rangeRecords<IncidentReport>('incidents', 0, Date.now() + 1000)).filter((r) => r.record.complaintTs === ts);

  test('a view_submission replayed three times, and a second form for the same complaint, file one report', async () => {
    const meta = JSON.stringify({ c: 'C0ACME', t: '1795000001.000100' });
    const sent = await submit('U0SATO', 'T0OURTEAM', meta);
    expect(sent.status).toBe(200);
    const replays = await Promise.all([h.sim.resend(sent), h.sim.resend(sent), h.sim.resend(sent)]);
    expect(replays.map((r) => r.status)).toEqual([200, 200, 200]);
    // Another form (new view id) for the same complaint: told it is filed already.
    const second = await submit('U0SUZUKI', 'T0OURTEAM', meta, 'V2');
    expect(JSON.parse(second.body)).toMatchObject({ response_action: 'errors', errors: { words: expect.stringContaining('すでに') } });
    await sleep(300);
    expect(await filed('1795000001.000100')).toHaveLength(1);
  });

  test.each([
    ['a client of another organisation', 'U0CLIENT2', 'T0BETA'],
    ['a Slack Connect client with a hidden profile', 'U0CLIENT', 'T0ACME'],
    ['a guest of our workspace', 'U0GUEST', 'T0OURTEAM'],
  ])('%s submitting crafted metadata is refused and nothing is stored', async (_who, user, team) => {
    const ts = `1795000002.${String(Math.floor(Math.random() * 1e6)).padStart(6, '0')}`;
    const res = await submit(user, team, JSON.stringify({ c: 'C0BETA', t: ts }));
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toMatchObject({ response_action: 'errors', errors: { words: expect.any(String) } });
    await sleep(200);
    expect(await filed(ts)).toHaveLength(0);
  });

  test.each([
    ['not JSON', 'nope'],
    ['a channel that is not an id', JSON.stringify({ c: '<!channel>', t: '1795000003.000100' })],
    ['a ts that is not a ts', JSON.stringify({ c: 'C0ACME', t: '../../x' })],
    ['missing fields', JSON.stringify({ c: 'C0ACME' })],
  ])('metadata with %s is refused, even from an assistant', async (_what, meta) => {
    const before = (await h.store.rangeRecords('incidents', 0, Date.now() + 1000)).length;
    const res = await submit('U0SATO', 'T0OURTEAM', meta);
    expect(JSON.parse(res.body)).toMatchObject({ response_action: 'errors' });
    await sleep(200);
    expect(await h.store.rangeRecords('incidents', 0, Date.now() + 1000)).toHaveLength(before);
  });

  test('only team members can open the incident form', async () => {
    const value = JSON.stringify({ c: 'C0BETA', t: '1795000004.000100' });
    expect((await click('U0CLIENT2', 'T0BETA', INCIDENT_ACTION_ID, value)).status).toBe(200);
    expect((await click('U0GUEST', 'T0OURTEAM', INCIDENT_ACTION_ID, value)).status).toBe(200);
    await sleep(500);
    expect(h.sim.callsTo('views.open')).toHaveLength(0);
    await click('U0SUZUKI', 'T0OURTEAM', INCIDENT_ACTION_ID, value);
    const opened = await h.sim.waitForCall('views.open', undefined, 5000);
    expect((opened.args.view as { private_metadata: string }).private_metadata).toBe(value);
  });
});
