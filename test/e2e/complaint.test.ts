/**
 * complaint-protocol end to end: directors told at once, the first responder gets the checklist with
 * a button, the incident report modal is filed and listed in /sla report; no report in time → finding.
 */
import type { Finding } from '../../src/core/finding';
import { INCIDENT_ACTION_ID } from '../../src/slack/effects';
import { INCIDENT_VIEW_ID } from '../../src/slack/actions';
import { rulesDirWithShipped, sleep, startHarness, type Harness } from '../helpers/app';

jest.setTimeout(30_000);
let h: Harness;
beforeAll(async () => {
  h = await startHarness({ rulesDir: rulesDirWithShipped(['complaint-protocol'], (_id, t) => t.replace('reportAfter: 24h', 'reportAfter: 3s')) });
});
afterAll(() => h.close());

test('complaint → directors notice, checklist with a button, incident report filed and listed', async () => {
  const ts = await h.sim.postUserMessage({ channel: 'C0ACME', user: 'U0CLIENT', teamId: 'T0ACME', text: '対応が遅くて本当に困っています。' });
  const notice = await h.sim.waitForCall('chat.postMessage', (c) => c.args.channel === 'C0DIRECTORS', 5000);
  expect(String(notice.args.text)).toContain('苦情の可能性');
  await h.sim.postUserMessage({ channel: 'C0ACME', user: 'U0SATO', teamId: 'T0OURTEAM', threadTs: ts, text: '大変申し訳ございません。ご不便をおかけしております。' });
  const checklist = await h.sim.waitForCall('chat.postEphemeral', (c) => String(c.args.text).includes('報告担当'), 5000);
  expect(checklist.args.user).toBe('U0SATO');
  const button = (checklist.args.blocks as Array<{ type: string; elements?: Array<{ action_id: string; value: string }> }>).find((b) => b.type === 'actions')!.elements![0];
  expect(button.action_id).toBe(INCIDENT_ACTION_ID);

  await h.sim.interaction({ type: 'block_actions', user: { id: 'U0SATO' }, team: { id: 'T0OURTEAM' }, api_app_id: h.sim.appId, trigger_id: '1.2.abc', channel: { id: 'C0ACME' }, container: { type: 'message', is_ephemeral: true }, actions: [{ type: 'button', action_id: INCIDENT_ACTION_ID, block_id: 'b', value: button.value, action_ts: '1.1' }] });
  const opened = await h.sim.waitForCall('views.open', undefined, 5000);
  const view = opened.args.view as { callback_id: string; private_metadata: string; blocks: Array<{ block_id: string }> };
  expect(view.callback_id).toBe(INCIDENT_VIEW_ID);
  expect(view.blocks.map((b) => b.block_id)).toEqual(['words', 'facts', 'wishes', 'solution', 'prevention']);

  const values = (words: string) => ({ words: { v: { type: 'plain_text_input', value: words } }, facts: { v: { type: 'plain_text_input', value: '納品が2日遅れた' } }, wishes: { v: { type: 'plain_text_input', value: '今後は事前連絡がほしい' } }, solution: { v: { type: 'plain_text_input', value: '遅延の見込みは前日までに連絡' } }, prevention: { v: { type: 'plain_text_input', value: 'delay-notice を有効化' } } });
  const submit = (words: string) => h.sim.interaction({ type: 'view_submission', user: { id: 'U0SATO' }, team: { id: 'T0OURTEAM' }, api_app_id: h.sim.appId, view: { id: 'V1', type: 'modal', callback_id: INCIDENT_VIEW_ID, private_metadata: view.private_metadata, state: { values: values(words) } } });
  const empty = await submit('');
  expect(JSON.parse(empty.body)).toMatchObject({ response_action: 'errors', errors: { words: expect.any(String) } });
  expect((await submit('対応が遅くて本当に困っています')).status).toBe(200);
  await sleep(300);
  expect((await h.store.rangeRecords('incidents', 0, Date.now() + 1000)).length).toBe(1);

  await sleep(3500); // past reportAfter: no "no report" finding since it was filed
  const findings = await h.store.rangeRecords<Finding>('findings', 0, Date.now() + 1000);
  expect(findings.filter((f) => f.record.evidence.messageId === 'noReport')).toHaveLength(0);

  // Listed for directors in /sla report.
  await h.sim.slashCommand({ command: '/sla', text: 'report', userId: 'U0BOSS', channelId: 'C0DIRECTORS' });
  const report = await h.sim.waitForCall('response_url', undefined, 5000);
  expect(JSON.stringify(report.args.blocks)).toContain('インシデント報告');
});

test('a complaint without a report in time is a finding, and its reporter is reminded', async () => {
  h.sim.clearCalls();
  const ts = await h.sim.postUserMessage({ channel: 'C0BETA', user: 'U0CLIENT2', teamId: 'T0BETA', text: 'This is unacceptable.' });
  await h.sim.postUserMessage({ channel: 'C0BETA', user: 'U0SUZUKI', teamId: 'T0OURTEAM', threadTs: ts, text: 'We are very sorry.' });
  const reminder = await h.sim.waitForCall('chat.postEphemeral', (c) => String(c.args.text).includes('インシデント報告がまだ'), 6000);
  expect(reminder.args.user).toBe('U0SUZUKI');
  const findings = await h.store.rangeRecords<Finding>('findings', 0, Date.now() + 1000);
  expect(findings.filter((f) => f.record.evidence.messageId === 'noReport' && f.record.ts === ts)).toHaveLength(1);
});
