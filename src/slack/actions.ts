import type { App, BlockButtonAction } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import { DateTime } from 'luxon';
import type { Logger } from 'pino';
import type { Lang } from '../core/i18n';
import { errorSummary, type Directory } from './directory';
import { INCIDENT_ACTION_ID, SCHEDULE_ACTION_ID, type ScheduleButtonValue } from './effects';
import type { SlaService } from './service';
import type { Store } from '../store/types';

/**
 * Buttons under nudges. "Schedule for the next opening" (send-timing): sla-bot posts a copy of the
 * assistant's message at the next opening with chat.scheduleMessage, saying whose words they are
 * (a bot never pretends to be a person), and tells the assistant to delete the original. Only the
 * author of the message may use it.
 */
const TEXT = {
  ja: {
    header: '{who} からのメッセージ(営業時間に合わせて sla-bot がお送りしています):',
    done: '✅ {when} に予約送信しました。元のメッセージは「⋯ → メッセージを削除する」で削除してください。',
    notYours: 'ご自身のメッセージのみ予約送信できます。',
    gone: '元のメッセージが見つかりませんでした(削除済みかもしれません)。',
    late: '予約時刻を過ぎているため、予約できませんでした。',
    failed: '予約送信に失敗しました。時間をおいてもう一度お試しください。',
  },
  en: {
    header: 'Message from {who} (sent by sla-bot during business hours):',
    done: '✅ Scheduled for {when}. Now delete your original message (⋯ → Delete message).',
    notYours: 'You can only reschedule your own message.',
    gone: 'The original message could not be found (it may have been deleted).',
    late: 'The scheduled time has already passed.',
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
export const INCIDENT_VIEW_ID = 'sla_incident';

export function registerActions(
  app: App,
  d: { client: WebClient; directory: Directory; logger: Logger; lang: Lang; zone: string; now: () => number; store: Store; service: SlaService },
): void {
  const T = TEXT[d.lang];
  const M = MODAL[d.lang];

  app.action<BlockButtonAction>(INCIDENT_ACTION_ID, async ({ ack, body, action }) => {
    await ack();
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
    let meta: { c: string; t: string };
    try {
      meta = JSON.parse(view.private_metadata) as { c: string; t: string };
    } catch {
      await ack({ response_action: 'errors', errors: { words: 'This form has expired; open it again from the reminder.' } });
      return;
    }
    const value = (f: (typeof FIELDS)[number]) => String(view.state.values[f]?.v?.value ?? '').trim();
    if (!value('words')) {
      await ack({ response_action: 'errors', errors: { words: d.lang === 'ja' ? 'お客様の言葉を記入してください。' : "Write down the client's words." } });
      return;
    }
    await ack();
    const report: IncidentReport = { channel: meta.c, complaintTs: meta.t, by: body.user.id, at: d.now(), words: value('words'), facts: value('facts'), wishes: value('wishes'), solution: value('solution'), prevention: value('prevention') };
    await d.store.commit({ records: [{ log: 'incidents', at: report.at, record: report }] });
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
    try {
      const original = await findMessage(d.client, v);
      if (!original) return void (await say(T.gone));
      if (original.user !== body.user.id) return void (await say(T.notYours));
      if (v.p <= d.now()) return void (await say(T.late));
      const who = await d.directory.displayName(body.user.id);
      await d.client.chat.scheduleMessage({
        channel: v.c,
        post_at: Math.floor(v.p / 1000),
        thread_ts: v.th,
        text: `${T.header.replace('{who}', who)}\n${original.text ?? ''}`,
      });
      const when = DateTime.fromMillis(v.p, { zone: d.zone }).toFormat(d.lang === 'ja' ? 'M/d HH:mm' : 'ccc LLL d HH:mm');
      await say(T.done.replace('{when}', when));
      d.logger.info({ channel: v.c, user: body.user.id }, 'message copy scheduled for the next opening');
    } catch (error) {
      d.logger.error({ channel: v.c, err: errorSummary(error) }, 'scheduling a message copy failed');
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
