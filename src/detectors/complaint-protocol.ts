import { z } from 'zod';
import { defineDetector, type DetectorContext, type Outcome } from '../core/detector';
import type { MessageEvent } from '../core/events';
import { fill } from '../core/i18n';
import { durationSchema, phraseListSchema } from '../core/schema';
import { authorText } from '../text/normalize';
import { phrasesFor } from '../text/phrases';
import { isHumanChannelMessage, isTeamMessageToClient, nudge } from './support';

/**
 * Rule `complaint-protocol` (a clinic's 5-step complaint handling): 1 apologise first, 2 empathise,
 * 3 note the client's own words and confirm facts and wishes, 4 propose a solution (with your
 * manager), 5 close with thanks. The first team member who answers a complaint is its responsible
 * reporter, whoever caused it. Directors are told at once; the reporter gets a private checklist
 * showing the steps their reply already shows; a complaint without an incident report after
 * `reportAfter` is a finding.
 */
const STEPS = ['apologise', 'empathise', 'confirm', 'propose', 'thank'] as const;
type Step = (typeof STEPS)[number];

export const complaintProtocolOptions = z
  .object({
    complaintPhrases: phraseListSchema,
    stepPhrases: z.object({ apologise: phraseListSchema, empathise: phraseListSchema, confirm: phraseListSchema, propose: phraseListSchema, thank: phraseListSchema }).strict(),
    reportAfter: durationSchema.default(24 * 3_600_000),
  })
  .strict();

export interface ComplaintState {
  complaint: { ts: string; at: number; client: string; reporter?: string; steps: Step[] };
}

export const complaintProtocol = defineDetector<typeof complaintProtocolOptions, ComplaintState>({
  meta: {
    id: 'complaint-protocol',
    ref: 'complaint',
    options: complaintProtocolOptions,
    messages: {
      directors: {
        ja: '📣 苦情の可能性があります: {channel} で {client} さん「{phrase}」。最初に対応した人が報告担当になります。',
        en: '📣 Possible complaint in {channel} from {client} ("{phrase}"). Whoever answers first is the responsible reporter.',
      },
      checklist: {
        ja: '🧭 あなたがこの苦情の報告担当です(最初に受けた人が担当です)。5つのステップ:\n{checklist}\n解決策は必ず上長と相談の上で提案し、最後はお詫びではなく感謝で締めくくりましょう。対応後はインシデント報告を作成してください。',
        en: '🧭 You are the responsible reporter for this complaint (the first to hear it). The five steps:\n{checklist}\nPropose a solution only with your manager, close with thanks rather than another apology, and write the incident report afterwards.',
      },
      noReport: {
        ja: '📝 苦情から {waited} 経ちましたが、インシデント報告がまだありません。お客様の言葉・事実・ご要望・合意した解決策・再発防止を記録してください。',
        en: '📝 {waited} since the complaint and no incident report yet. Record the client\'s words, the facts, their wishes, the agreed solution and prevention.',
      },
      reportButton: { ja: 'インシデント報告を書く', en: 'Write the incident report' },
      step_apologise: { ja: 'まずお詫び', en: 'Apologise first' },
      step_empathise: { ja: 'お気持ちに共感', en: 'Empathise' },
      step_confirm: { ja: 'お客様の言葉で記録し、事実とご要望を確認(言い訳はしない)', en: 'Note their words; confirm facts and wishes (no excuses)' },
      step_propose: { ja: '上長と相談の上で解決策を提案', en: 'Propose a solution, with your manager' },
      step_thank: { ja: '感謝で締めくくる', en: 'Close with thanks' },
    },
    placeholders: ['channel', 'client', 'phrase', 'checklist', 'waited'],
  },
  handlers: {
    message(ev, ctx) {
      if (!ctx.channel.tracked || !isHumanChannelMessage(ev)) return [];
      const o = ctx.options;
      const current = ctx.state?.complaint;
      const own = authorText(ev.text);
      if (ctx.roles.roleOf(ev.user, ev.userTeam) === 'client') {
        if (current && !current.reporter) return [];
        const phrase = phrasesFor(o.complaintPhrases).find(own);
        if (!phrase || current) return [];
        const complaint: ComplaintState['complaint'] = { ts: ev.ts, at: ev.at, client: ev.user!, steps: [] };
        return [
          { kind: 'escalation', channel: ev.channel, ts: ev.ts, target: ctx.team.escalationChannel, text: fill(ctx.texts.directors, { channel: `<#${ev.channel}>`, client: `<@${ev.user}>`, phrase }) },
          { kind: 'timer', id: 'cp', dueAt: ev.at + o.reportAfter, payload: { ts: ev.ts } },
          { kind: 'state', value: { complaint } },
        ];
      }
      if (!current || !isTeamMessageToClient(ev, ctx)) return [];
      if (current.reporter && current.reporter !== ev.user) return [];
      const shown = STEPS.filter((s) => phrasesFor(o.stepPhrases[s]).test(own));
      const steps = [...new Set([...current.steps, ...shown])];
      const out: Outcome[] = [];
      if (!current.reporter) out.push(...checklist(ev, ctx, steps));
      out.push({ kind: 'state', value: { complaint: { ...current, reporter: ev.user!, steps } } });
      return out;
    },
    timer(ev, ctx) {
      const current = ctx.state?.complaint;
      if (!current || current.ts !== ev.payload.ts) return [];
      const waited = Math.round((ev.at - current.at) / 3_600_000);
      return nudge(ctx, {
        about: { channel: ev.channel, ts: current.ts, at: ev.at },
        to: current.reporter ? [current.reporter] : ctx.channel.assistants,
        messageId: 'noReport',
        data: { waited: ctx.lang === 'ja' ? `${waited}時間` : `${waited} h` },
        evidence: { client: current.client, reporter: current.reporter },
        severity: 'error',
      });
    },
    incident(ev, ctx) {
      const current = ctx.state?.complaint;
      if (!current || current.ts !== ev.complaintTs) return [];
      return [{ kind: 'cancel-timer', id: 'cp' }, { kind: 'state', value: null }];
    },
  },
});

type Ctx = DetectorContext<z.infer<typeof complaintProtocolOptions>, ComplaintState>;

function checklist(ev: MessageEvent, ctx: Ctx, steps: Step[]): Outcome[] {
  const lines = STEPS.map((s, i) => `${steps.includes(s) ? '✅' : '⬜️'} ${i + 1}. ${ctx.texts[`step_${s}`]}`).join('\n');
  const out = nudge(ctx, {
    about: { channel: ev.channel, ts: ctx.state!.complaint.ts, at: ev.at },
    to: [ev.user!],
    messageId: 'checklist',
    data: { checklist: lines },
    evidence: { stepsShown: steps },
  });
  return out.map((o) => (o.kind === 'nudge' ? { ...o, action: { id: 'incident-report' as const, label: ctx.texts.reportButton } } : o));
}
