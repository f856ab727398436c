import { z } from 'zod';
import { defineDetector, type DetectorContext, type Outcome } from '../core/detector';
import type { MessageEvent } from '../core/events';
import { fill } from '../core/i18n';
import { durationSchema, phraseListSchema } from '../core/schema';
import { analyze } from '../text/analysis';
import { complaintOf, mayComplain } from '../text/acts/complaint';
import { authorText, mentionedUsers } from '../text/normalize';
import { phrasesFor } from '../text/phrases';
import { isHumanChannelMessage, isTeamMessageToClient, nudge } from './support';

/**
 * Rule `complaint-protocol` (a clinic's 5-step complaint handling): 1 apologise first, 2 empathise,
 * 3 note the client's own words and confirm facts and wishes, 4 propose a solution (with your
 * manager), 5 close with thanks. The first team member who answers a complaint is its responsible
 * reporter, whoever caused it. Directors are told at once; the reporter gets a private checklist
 * showing the steps their reply already shows; a complaint without an incident report after
 * `reportAfter` is a finding.
 *
 * Every complaint is recognised, each on its own: a client's second complaint while the first is
 * still open (unanswered, or answered but not yet reported) gets its own notice, checklist and
 * report clock. What a complaint is, is read by src/text/acts/complaint.ts (dissatisfaction with our
 * work or service, in any words; not a third party's complaint passed on, not the client's own
 * mistake); `complaintPhrases` adds a team's own wordings. A team reply in a complaint's thread
 * answers that complaint; one in the main timeline answers every complaint nobody has answered yet.
 */
const STEPS = ['apologise', 'empathise', 'confirm', 'propose', 'thank'] as const;
type Step = (typeof STEPS)[number];

/**
 * Open complaints kept per channel: each leaves at its report or its `reportAfter` finding, so this
 * bounds only a flood within one day (beyond it the oldest is dropped; it was still escalated).
 */
const MAX_OPEN = 20;

export const complaintProtocolOptions = z
  .object({
    /** Extra wordings that make a client message a complaint (the acts read the usual ones). */
    complaintPhrases: phraseListSchema,
    stepPhrases: z.object({ apologise: phraseListSchema, empathise: phraseListSchema, confirm: phraseListSchema, propose: phraseListSchema, thank: phraseListSchema }).strict(),
    reportAfter: durationSchema.default(24 * 3_600_000),
  })
  .strict();

interface OpenComplaint {
  ts: string;
  at: number;
  client: string;
  /** The conversation it was made in: its thread's root, or its own ts on the main timeline. */
  thread?: string;
  reporter?: string;
  steps: Step[];
}

export interface ComplaintState {
  /** Complaints not reported yet, oldest first. */
  complaints?: OpenComplaint[];
  /** The single complaint of the rule's earlier state format (read, never written). */
  complaint?: OpenComplaint;
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
      const open = openComplaints(ctx.state);
      if (ctx.roles.roleOf(ev.user, ev.userTeam) === 'client') {
        const cue = complaintCue(ev, ctx);
        if (!cue) return [];
        const complaint: OpenComplaint = { ts: ev.ts, at: ev.at, client: ev.user!, thread: ev.threadTs ?? ev.ts, steps: [] };
        return [
          { kind: 'escalation', channel: ev.channel, ts: ev.ts, target: ctx.team.escalationChannel, text: fill(ctx.texts.directors, { channel: `<#${ev.channel}>`, client: `<@${ev.user}>`, phrase: cue }) },
          { kind: 'timer', id: `cp:${ev.ts}`, dueAt: ev.at + o.reportAfter, payload: { ts: ev.ts } },
          { kind: 'state', value: { complaints: [...open, complaint].slice(-MAX_OPEN) } },
        ];
      }
      if (open.length === 0 || !isTeamMessageToClient(ev, ctx)) return [];
      const own = authorText(ev.text);
      const shown = STEPS.filter((s) => phrasesFor(o.stepPhrases[s]).test(own));
      const out: Outcome[] = [];
      let changed = false;
      const next = open.map((c) => {
        // Its reporter's later replies add the steps they show; someone else's change nothing.
        if (c.reporter) {
          if (c.reporter !== ev.user || !answers(ev, c)) return c;
          const steps = [...new Set([...c.steps, ...shown])];
          if (steps.length === c.steps.length) return c;
          changed = true;
          return { ...c, steps };
        }
        if (!answers(ev, c)) return c;
        changed = true;
        const steps = [...new Set([...c.steps, ...shown])];
        out.push(...checklist(ev, ctx, c, steps));
        return { ...c, reporter: ev.user!, steps };
      });
      if (changed) out.push({ kind: 'state', value: { complaints: next } });
      return out;
    },
    timer(ev, ctx) {
      const open = openComplaints(ctx.state);
      const current = open.find((c) => c.ts === ev.payload.ts);
      if (!current) return [];
      const waited = Math.round((ev.at - current.at) / 3_600_000);
      const rest = open.filter((c) => c !== current);
      return [
        ...nudge(ctx, {
          about: { channel: ev.channel, ts: current.ts, at: ev.at },
          to: current.reporter ? [current.reporter] : ctx.channel.assistants,
          messageId: 'noReport',
          data: { waited: ctx.lang === 'ja' ? `${waited}時間` : `${waited} h` },
          evidence: { client: current.client, reporter: current.reporter },
          severity: 'error',
        }),
        { kind: 'state', value: rest.length ? { complaints: rest } : null },
      ];
    },
    incident(ev, ctx) {
      const open = openComplaints(ctx.state);
      const current = open.find((c) => c.ts === ev.complaintTs);
      if (!current) return [];
      const rest = open.filter((c) => c !== current);
      const legacy = ctx.state?.complaint?.ts === current.ts;
      return [{ kind: 'cancel-timer', id: legacy ? 'cp' : `cp:${current.ts}` }, { kind: 'state', value: rest.length ? { complaints: rest } : null }];
    },
  },
});

type Ctx = DetectorContext<z.infer<typeof complaintProtocolOptions>, ComplaintState>;

/** The open complaints of the state (either format). */
function openComplaints(state: Readonly<ComplaintState> | null): OpenComplaint[] {
  if (!state) return [];
  return state.complaints ? [...state.complaints] : state.complaint ? [state.complaint] : [];
}

/** A team message answers a complaint: in its conversation, or on the main timeline. */
function answers(ev: MessageEvent, c: OpenComplaint): boolean {
  return !ev.threadTs || ev.threadTs === (c.thread ?? c.ts);
}

/** The words that make a client's message a complaint (the act's cue, or an extra phrase), or null. */
function complaintCue(ev: MessageEvent, ctx: Ctx): string | null {
  // Addressed only to the client's own colleagues (@mentions of client-side people alone): not to us.
  const mentioned = mentionedUsers(ev.text).filter((u) => u !== ev.user);
  if (mentioned.length > 0 && mentioned.every((u) => ctx.roles.roleOf(u) === 'client' && !ctx.channel.assistants.includes(u) && !ctx.roles.isDirector(u))) return null;
  if (mayComplain(ev.text)) {
    // analyze() reads a giant paste from its start only: the act's work stays bounded too.
    const act = complaintOf(analyze(ev.text));
    if (act) return act.cue;
  }
  return ctx.options.complaintPhrases.length ? phrasesFor(ctx.options.complaintPhrases).find(authorText(ev.text)) : null;
}

function checklist(ev: MessageEvent, ctx: Ctx, complaint: OpenComplaint, steps: Step[]): Outcome[] {
  const lines = STEPS.map((s, i) => `${steps.includes(s) ? '✅' : '⬜️'} ${i + 1}. ${ctx.texts[`step_${s}`]}`).join('\n');
  const out = nudge(ctx, {
    about: { channel: ev.channel, ts: complaint.ts, at: ev.at },
    to: [ev.user!],
    messageId: 'checklist',
    data: { checklist: lines },
    evidence: { stepsShown: steps },
  });
  return out.map((o) => (o.kind === 'nudge' ? { ...o, action: { id: 'incident-report' as const, label: ctx.texts.reportButton } } : o));
}
