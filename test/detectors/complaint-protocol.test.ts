import { complaintProtocol } from '../../src/detectors/complaint-protocol';
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

  // Every complaint is recognised, each on its own (a second one while the first is open is not silenced).
  { note: '✗ a second complaint while the first is open: each its own checklist and report clock', steps: [{ client: '議事録の決定事項が1つ抜けていました。大事なところなので困ります。', at: 0 }, { client: 'あと、先週お願いした日程調整もまだお返事をいただけていないのですが。', at: 10 }, { assistant: '大変申し訳ございません。確認のうえ14時までにご連絡いたします。', at: 15 }, { advance: 26 * H }], fires: ['checklist', 'checklist', 'noReport', 'noReport'] },
  { note: '✗ an unanswered complaint, then another the next day', steps: [{ client: '昨日の発送、宛先ラベルが2件入れ替わっていたそうです。先方から連絡がありました。', at: 0 }, { client: '昨日の件、何もご連絡いただけないのですね。正直、対応姿勢にも不信感があります。', at: 23 * H }, { advance: 50 * H }], fires: ['noReport', 'noReport'] },
  { note: '✗ a reply in one complaint’s thread answers that complaint only', steps: [{ client: 'The weekly report had three transcription errors. Our COO caught them.', at: 0 }, { client: 'Also, the invoice is $300 over the quote.', at: 5 }, { assistant: 'I am very sorry. Let me confirm the figures and come back by 3pm.', at: 10, thread: 0 }, { advance: 26 * H }], fires: ['checklist', 'noReport', 'noReport'] },
  { note: '✗ ja: the same mistake again, without any of the old words', steps: [{ client: 'また同じところの誤字ですね…前回もお伝えしたと思います。', at: 0 }, { advance: 25 * H }], fires: ['noReport'] },
  { note: '✗ ja: a billing error', steps: [{ client: '今月の請求書、見積もりより5万円多くなっています。追加作業のお話は伺っていないのですが?', at: 0 }, { advance: 25 * H }], fires: ['noReport'] },
  { note: '✗ ja: a threat to end the contract', steps: [{ client: '率直に申し上げると、今のままだと来期の継続は難しいと考えています。', at: 0 }, { advance: 25 * H }], fires: ['noReport'] },
  { note: '✗ ja: quality not as ordered', steps: [{ client: '価格比較をお願いしたのに、会社概要のまとめが中心になっていて、知りたかったことがほとんど載っていません。', at: 0 }, { advance: 25 * H }], fires: ['noReport'] },
  { note: '✗ en: short displeasure', steps: [{ client: 'Not happy with this.', at: 0 }, { advance: 25 * H }], fires: ['noReport'] },
  { note: '✗ en: a threat to reconsider', steps: [{ client: 'If this continues we may need to reconsider working together.', at: 0 }, { advance: 25 * H }], fires: ['noReport'] },
  { note: '◯ a third party’s complaint passed on as a drafting task', steps: [{ client: '弊社の配送遅延について、お客様から厳しいお問い合わせが来ています。お詫びの返信文の下書きをお願いできますか?', at: 0 }, { advance: 25 * H }], fires: [] },
  { note: '◯ en: reported speech of the client’s customer, a drafting task', steps: [{ client: 'One of our customers is furious about a shipping delay. Can you draft an apology email for us?', at: 0 }, { advance: 25 * H }], fires: [] },
  { note: '◯ the client’s own mistake', steps: [{ client: 'すみません、先ほどお送りした原稿、古いバージョンでした!こちらが最新です。', at: 0 }, { advance: 25 * H }], fires: [] },
  { note: '◯ addressed only to the client’s own colleague', steps: [{ client: '<@U0GUEST> 経費精算、また締め切りギリギリですよ!', at: 0 }, { advance: 25 * H }], fires: [] },
  { note: '◯ a change request with no displeasure', steps: [{ client: '見出しのフォント、もう少し太めにしていただけますか?', at: 0 }, { advance: 25 * H }], fires: [] },
  { note: '◯ trouble that is not our work', steps: [{ client: 'Zoomの調子が悪くて本当に困ります。今日はGoogle Meetにしましょう', at: 0 }, { advance: 25 * H }], fires: [] },
]);

test('an incident report settles its own complaint; the other still needs one', () => {
  const s = new Scenario(loadShipped(), 'complaint-protocol');
  const first = client(jst('2026-11-24T10:00'), '対応が遅くて困っています');
  const second = client(jst('2026-11-24T10:30'), 'また請求書の宛名が間違っています。');
  expect(kinds(s.send(first))).toEqual(['escalation', 'timer']);
  expect(kinds(s.send(second))).toEqual(['escalation', 'timer']);
  expect(kinds(s.send({ type: 'incident', channel: 'C0ACME', complaintTs: second.ts, by: 'U0SATO', at: jst('2026-11-24T15:00') }))).toEqual(['cancel-timer']);
  const later = s.advanceTo(jst('2026-11-26T10:00'));
  const findings = later.flatMap((o) => (o.kind === 'finding' ? [[o.finding.ts, o.finding.evidence.messageId]] : []));
  expect(findings).toEqual([[first.ts, 'noReport']]);
});

test('a complaint kept in the earlier state format (one open complaint) is still reported and settled', () => {
  const legacy = { complaint: { ts: '1795400000.000100', at: 1_795_400_000_000, client: 'U0CLIENT', reporter: 'U0SATO', steps: [] } };
  const ctx = { ruleId: 'complaint-protocol', severity: 'warning', lang: 'ja', texts: { noReport: '{waited}', checklist: '{checklist}' }, channel: { assistants: ['U0SATO'] }, state: legacy } as never;
  const fired = complaintProtocol.handlers.timer!({ type: 'timer', channel: 'C0ACME', id: 'cp', payload: { ts: legacy.complaint.ts }, at: legacy.complaint.at + 25 * 3_600_000 } as never, ctx);
  expect(fired.map((o) => o.kind)).toEqual(['finding', 'nudge', 'state']);
  const settled = complaintProtocol.handlers.incident!({ type: 'incident', channel: 'C0ACME', complaintTs: legacy.complaint.ts, by: 'U0SATO', at: legacy.complaint.at } as never, ctx);
  expect(settled).toEqual([{ kind: 'cancel-timer', id: 'cp' }, { kind: 'state', value: null }]);
});
