import { runScenarioTester, loadShipped, Scenario, client, assistant, jst, kinds } from '../helpers/rule-tester';

// Shipped rule: incident report due 24 h after the complaint. Times are minutes after 10:00.
const H = 60;

runScenarioTester('complaint-protocol', [
  { note: '✗ a complaint answered: checklist to the first responder; no report in 24 h', steps: [{ client: '対応が遅いので困っています。', at: 0 }, { assistant: '大変申し訳ございません。', at: 5 }, { advance: 25 * H }], fires: ['checklist', 'noReport'] },
  { note: '✗ 納得できません, answered by a director: the director reports', steps: [{ client: 'この請求額には納得できません', at: 0 }, { assistant: 'ご不快な思いをおかけし申し訳ございません', at: 3, user: 'U0BOSS' }, { advance: 25 * H }], fires: ['checklist', 'noReport'] },
  { note: '✗ 約束と違う', steps: [{ client: '約束と違う内容になっています', at: 0 }, { assistant: '申し訳ありません、確認させてください', at: 10 }, { advance: 25 * H }], fires: ['checklist', 'noReport'] },
  { note: '✗ full-width and a wave dash: がっかりです〜', steps: [{ client: '正直がっかりです〜', at: 0 }, { assistant: 'ご期待に沿えず申し訳ございません', at: 10 }, { advance: 25 * H }], fires: ['checklist', 'noReport'] },
  { note: '✗ a complaint nobody answered still needs a report', steps: [{ client: '不満があります', at: 0 }, { advance: 25 * H }], fires: ['noReport'] },
  { note: '✗ only the first responder gets the checklist', steps: [{ client: 'クレームです。対応が遅すぎます', at: 0 }, { assistant: '申し訳ございません', at: 5 }, { assistant: '上長と相談の上ご提案します', at: 30, user: 'U0SUZUKI' }, { advance: 25 * H }], fires: ['checklist', 'noReport'] },
  { note: '✗ en: disappointed', steps: [{ client: 'We are disappointed with the delay.', at: 0 }, { assistant: 'We are very sorry for the inconvenience.', at: 5 }, { advance: 25 * H }], fires: ['checklist', 'noReport'] },
  { note: '✗ en: unacceptable', steps: [{ client: 'This is unacceptable.', at: 0 }, { assistant: 'I apologise. Let me confirm the facts.', at: 5 }, { advance: 25 * H }], fires: ['checklist', 'noReport'] },
  { note: '◯ an ordinary request is not a complaint', steps: [{ client: '請求書を送ってください', at: 0 }, { assistant: '承知しました', at: 5 }, { advance: 25 * H }], fires: [] },
  { note: '◯ 困っていること (not 困っています) is no complaint', steps: [{ client: '特に困っていることはありません', at: 0 }, { advance: 25 * H }], fires: [] },
  { note: '◯ a quoted complaint by the team is not the client’s', steps: [{ assistant: '> 対応が遅い\nという声を受けて改善しました', at: 0 }, { advance: 25 * H }], fires: [] },
  { note: '◯ the team saying 残念です is not a complaint', steps: [{ assistant: '残念ですが本日は定休日です', at: 0 }, { advance: 25 * H }], fires: [] },
  { note: '◯ not a client channel', channel: { tracked: false, isExtShared: false }, steps: [{ client: '納得できません', at: 0 }, { advance: 25 * H }], fires: [] },
  { note: '◯ en: a normal question', steps: [{ client: 'Can you resend the file?', at: 0 }, { assistant: 'Sure, sending it now by 3pm.', at: 5 }, { advance: 25 * H }], fires: [] },
  { note: '◯ en: thanks, not a complaint', steps: [{ client: 'Thanks, all good on our side!', at: 0 }, { advance: 25 * H }], fires: [] },
]);

test('the checklist ticks the steps the first reply shows, and a filed report settles the complaint', () => {
  const s = new Scenario(loadShipped(), 'complaint-protocol');
  const c = client(jst('2026-11-24T10:00'), '対応が遅くて困っています');
  expect(kinds(s.send(c))).toEqual(['escalation', 'timer']);
  const out = s.send(assistant(jst('2026-11-24T10:05'), '大変申し訳ございません。ご不便をおかけしました。念のため確認させてください。'));
  const nudge = out.find((o) => o.kind === 'nudge') as { text: string; action?: { id: string } };
  expect(nudge.text).toContain('✅ 1.');
  expect(nudge.text).toContain('✅ 2.');
  expect(nudge.text).toContain('✅ 3.');
  expect(nudge.text).toContain('⬜️ 4.');
  expect(nudge.action?.id).toBe('incident-report');
  expect(kinds(s.send({ type: 'incident', channel: 'C0ACME', complaintTs: c.ts, by: 'U0SATO', at: jst('2026-11-24T15:00') }))).toEqual(['cancel-timer']);
  expect(s.advanceTo(jst('2026-11-26T10:00'))).toEqual([]);
});
