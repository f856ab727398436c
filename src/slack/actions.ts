import type { App, BlockButtonAction } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import { DateTime } from 'luxon';
import type { Logger } from 'pino';
import type { Lang } from '../core/i18n';
import { errorSummary, type Directory } from './directory';
import { INCIDENT_ACTION_ID, SCHEDULE_ACTION_ID, type ScheduleButtonValue } from './effects';
import type { SlaService } from './service';
import type { Store } from '../store/types';
import { escapeMrkdwn } from '../text/escape';
import { SLACK_ID, SLACK_TS } from './normalize';

/**
 * Buttons under nudges. "Schedule for the next opening" (send-timing): sla-bot posts a copy of the
 * assistant's message at the next opening with chat.scheduleMessage, saying whose words they are
 * (a bot never pretends to be a person), and tells the assistant to delete the original. Only the
 * author of the message may use it, once per message (a double click or replay schedules one copy).
 */
const TEXT = {
  ja: {
    header: '{who} からのメッセージ(営業時間に合わせて sla-bot がお送りしています):',
    done: '✅ {when} に予約送信しました。元のメッセージは「⋯ → メッセージを削除する」で削除してください。',
    notYours: 'ご自身のメッセージのみ予約送信できます。',
    gone: '元のメッセージが見つかりませんでした(削除済みかもしれません)。',
    late: '予約時刻を過ぎているため、予約できませんでした。',
    already: 'このメッセージはすでに予約済みです。',
    failed: '予約送信に失敗しました。時間をおいてもう一度お試しください。',
  },
  en: {
    header: 'Message from {who} (sent by sla-bot during business hours):',
    done: '✅ Scheduled for {when}. Now delete your original message (⋯ → Delete message).',
    notYours: 'You can only reschedule your own message.',
    gone: 'The original message could not be found (it may have been deleted).',
    late: 'The scheduled time has already passed.',
    already: 'This message is already scheduled.',
    failed: 'Scheduling failed. Please try again in a moment.',
  },
};

/** A filed incident report (log `incidents`): visible to directors only, through /sla report. */
export interface IncidentReport {
  channel: string;
  complaintTs: string;
  by: string;
  at: number;
  words: string;
  facts: string;
  wishes: string;
  solution: string;
  prevention: string;
}

const FIELDS = ['words', 'facts', 'wishes', 'solution', 'prevention'] as const;
const MODAL = {
  ja: { title: 'インシデント報告', submit: '保存', words: 'お客様の言葉(そのまま)', facts: '事実', wishes: 'ご要望', solution: '合意した解決策', prevention: '再発防止' },
  en: { title: 'Incident report', submit: 'Save', words: "The client's words (as said)", facts: 'Facts', wishes: 'Their wishes', solution: 'Agreed solution', prevention: 'Prevention' },
};
const MODAL_ERRORS = {
  ja: {
    expired: 'このフォームは無効です。リマインダーからもう一度開いてください。',
    refused: 'インシデント報告はチームのメンバーのみ保存できます。',
    filed: 'この苦情のインシデント報告はすでに保存されています。',
    retry: '保存できませんでした。少し置いて再度お試しください。',
  },
  en: {
    expired: 'This form has expired; open it again from the reminder.',
    refused: 'Only team members can file an incident report.',
    filed: 'An incident report for this complaint is already filed.',
    retry: 'The report could not be saved. Please try again in a moment.',
  },
};
export const INCIDENT_VIEW_ID = 'sla_incident';

/** What the incident button and modal carry: the complaint's channel and ts, nothing else. */
export function parseIncidentMeta(raw: string | undefined): { c: string; t: string } | undefined {
  let v: unknown;
  try {
    v = JSON.parse(raw ?? '');
  } catch {
    return undefined;
  }
  const { c, t } = (v ?? {}) as { c?: unknown; t?: unknown };
  // A conversation id (channel, private channel, DM) and a message ts, as Slack shapes them.
  if (typeof c !== 'string' || !SLACK_ID.test(c) || !/^[CGD]/.test(c)) return undefined;
  if (typeof t !== 'string' || !SLACK_TS.test(t)) return undefined;
  return { c, t };
}

/** A look-up that failed counts as "not ours": the caller refuses. */
async function isTeamMember(directory: Directory, user: string): Promise<boolean> {
  return !(await directory.isClientOrUnknown(user).catch(() => true));
}

/** A report's "once" mark outlives any reminder that could still offer the form. */
const INCIDENT_ONCE_TTL_MS = 90 * 86_400_000;

export function registerActions(
  app: App,
  d: { client: WebClient; directory: Directory; logger: Logger; lang: Lang; zone: string; now: () => number; store: Store; service: SlaService },
): void {
  const T = TEXT[d.lang];
  const M = MODAL[d.lang];
  const E = MODAL_ERRORS[d.lang];

  app.action<BlockButtonAction>(INCIDENT_ACTION_ID, async ({ ack, body, action }) => {
    await ack();
    // The form writes into directors' records: only our team may open it, and only for a complaint-shaped value.
    if (!parseIncidentMeta(action.value)) return void d.logger.warn({ user: body.user.id }, 'incident button with a malformed value; ignored');
    if (!(await isTeamMember(d.directory, body.user.id))) return void d.logger.warn({ user: body.user.id }, 'incident form refused to a non-team user');
    await d.client.views
      .open({
        trigger_id: body.trigger_id,
        view: {
          type: 'modal',
          callback_id: INCIDENT_VIEW_ID,
          private_metadata: action.value ?? '',
          title: { type: 'plain_text', text: M.title },
          submit: { type: 'plain_text', text: M.submit },
          blocks: FIELDS.map((f) => ({ type: 'input', block_id: f, label: { type: 'plain_text', text: M[f] }, element: { type: 'plain_text_input', action_id: 'v', multiline: true } })),
        },
      })
      .catch((error) => d.logger.warn({ err: errorSummary(error) }, 'incident modal could not open'));
  });

  app.view(INCIDENT_VIEW_ID, async ({ ack, body, view }) => {
    const refuse = (words: string) => ack({ response_action: 'errors', errors: { words } });
    // private_metadata comes back from the client: a crafted submission can carry anything.
    const meta = parseIncidentMeta(view.private_metadata);
    if (!meta) return void (await refuse(E.expired));
    if (!(await isTeamMember(d.directory, body.user.id))) {
      d.logger.warn({ user: body.user.id }, 'incident report refused from a non-team user');
      return void (await refuse(E.refused));
    }
    const value = (f: (typeof FIELDS)[number]) => String(view.state.values[f]?.v?.value ?? '').trim();
    if (!value('words')) {
      await ack({ response_action: 'errors', errors: { words: d.lang === 'ja' ? 'お客様の言葉を記入してください。' : "Write down the client's words." } });
      return;
    }
    // Once per complaint rather than per view.id: a replay repeats the view.id, but a second form
    // opened from the same reminder has a new one; complaint-protocol wants one report per complaint.
    const once = `once:incident:${meta.c}:${meta.t}`;
    const claimed = await d.store.claimOnce(once, INCIDENT_ONCE_TTL_MS).catch(() => undefined);
    if (claimed === undefined) return void (await refuse(E.retry));
    if (!claimed) return void (await refuse(E.filed));
    const report: IncidentReport = { channel: meta.c, complaintTs: meta.t, by: body.user.id, at: d.now(), words: value('words'), facts: value('facts'), wishes: value('wishes'), solution: value('solution'), prevention: value('prevention') };
    try {
      await d.store.commit({ records: [{ log: 'incidents', at: report.at, record: report }] });
    } catch (error) {
      // Not saved: free the mark so the same form can be submitted again.
      d.logger.error({ err: errorSummary(error) }, 'incident report could not be stored');
      await d.store.delete(once).catch(() => undefined);
      return void (await refuse(E.retry));
    }
    await ack();
    await d.service.process({ type: 'incident', channel: meta.c, complaintTs: meta.t, by: body.user.id, at: report.at });
    d.logger.info({ channel: meta.c, by: body.user.id }, 'incident report filed');
  });

  app.action<BlockButtonAction>(SCHEDULE_ACTION_ID, async ({ ack, body, action, respond }) => {
    await ack();
    let v: ScheduleButtonValue;
    try {
      v = JSON.parse(action.value ?? '') as ScheduleButtonValue;
    } catch {
      d.logger.warn({ action: SCHEDULE_ACTION_ID }, 'malformed button value');
      return;
    }
    const say = (text: string) => respond({ replace_original: true, response_type: 'ephemeral', text });
    const once = `once:schedule:${v.c}:${v.t}`;
    let claimed = false;
    let scheduled = false;
    try {
      const original = await findMessage(d.client, v);
      if (!original) return void (await say(T.gone));
      if (original.user !== body.user.id) return void (await say(T.notYours));
      if (v.p <= d.now()) return void (await say(T.late));
      // One copy per message: a double click or a replayed request must not schedule a second.
      claimed = await d.store.claimOnce(once, Math.max(v.p - d.now(), 0) + 86_400_000);
      if (!claimed) return void (await say(T.already));
      // The name goes into a message to the client: escaped so it cannot mention or link.
      const who = escapeMrkdwn(await d.directory.displayName(body.user.id));
      await d.client.chat.scheduleMessage({
        channel: v.c,
        post_at: Math.floor(v.p / 1000),
        thread_ts: v.th,
        // The author's own text is Slack's stored (already encoded) message, copied as is.
        // A function replacement: a `$'` or `$&` in a name is not a replacement pattern.
        text: `${T.header.replace('{who}', () => who)}\n${original.text ?? ''}`,
      });
      scheduled = true;
      const when = DateTime.fromMillis(v.p, { zone: d.zone }).toFormat(d.lang === 'ja' ? 'M/d HH:mm' : 'ccc LLL d HH:mm');
      await say(T.done.replace('{when}', when));
      d.logger.info({ channel: v.c, user: body.user.id }, 'message copy scheduled for the next opening');
    } catch (error) {
      d.logger.error({ channel: v.c, err: errorSummary(error) }, 'scheduling a message copy failed');
      // Nothing was scheduled: free the mark so the author can try again.
      if (claimed && !scheduled) await d.store.delete(once).catch(() => undefined);
      await say(T.failed).catch(() => undefined);
    }
  });
}

async function findMessage(client: WebClient, v: ScheduleButtonValue): Promise<{ user?: string; text?: string } | undefined> {
  const res = v.th
    ? await client.conversations.replies({ channel: v.c, ts: v.th, latest: v.t, inclusive: true, limit: 200 })
    : await client.conversations.history({ channel: v.c, latest: v.t, inclusive: true, limit: 1 });
  return (res.messages ?? []).find((m) => m.ts === v.t);
}
