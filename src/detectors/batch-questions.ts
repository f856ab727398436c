import { z } from 'zod';
import { defineDetector, type DetectorContext, type Outcome } from '../core/detector';
import type { MessageEvent } from '../core/events';
import { durationSchema, phraseListSchema } from '../core/schema';
import { formatDuration } from '../clock/clock';
import { mayAsk, questionsOf } from '../text/acts/question';
import { analyze, type Analysis } from '../text/analysis';
import { mentionedUsers } from '../text/normalize';
import { phrasesFor } from '../text/phrases';
import { isHumanChannelMessage, isTeamMessageToClient, nudgeAuthor } from './support';

/**
 * Rule `batch-questions` (rulebook 0.3, 相手の手間を考慮した連絡): gather the open points in one message
 * instead of firing questions one by one. Fires on the team's second (or `count`-th) separate
 * question message to the client within `within` (about two hours, wall clock) with no client
 * message in between — 「何度もすみません、もう一点…」 is exactly the case. Once per batch: the nudge
 * goes with the question that makes the batch, and a client message (an answer) or the window's end
 * starts a new one. A question is a message the question acts (src/text/acts/question.ts) read as
 * asking: a question form, or a request for information or an opinion (「ご教示ください」).
 *
 * What belongs to one batch:
 * - Conversations: the main timeline and every thread are one flow, except that questions each in
 *   the thread of a different message (separate client requests, each answered in its own thread)
 *   are separate: keeping a question with its request saves the client effort.
 * - People: one person's questions always; two team members' questions only on the same matter
 *   (in the same thread, or sharing a content word: 「挨拶状」 "holiday cards") — each member asking
 *   once about their own work has batched what they had.
 * - Not questions: questions to colleagues (@-mentioning team members only), statements, deliveries.
 *
 * State: the channel's recent questions with no client message since (bounded, pruned by time).
 */
export const batchQuestionsOptions = z
  .object({
    /** The batch is this many separate question messages … */
    count: z.number().int().min(2).default(2),
    /** … within this time (wall clock) with no client message in between. */
    within: durationSchema.default(2 * 3_600_000),
    /** Extra sentence endings that ask (beyond the question acts), e.g. a house phrase. */
    questionEndings: phraseListSchema,
  })
  .strict();

type Options = z.infer<typeof batchQuestionsOptions>;

/** A team question still waiting for the client. */
export interface AskedQuestion {
  user: string;
  at: number;
  ts: string;
  /** The thread it was asked in, or '' for the main timeline. */
  conv: string;
  /** Content words, to tell whether two members ask about the same matter. */
  words: string[];
  /** The batch it belongs to (the ts of its first question). */
  batch: string;
}

export interface BatchQuestionsState {
  asked: AskedQuestion[];
  /** Batches already nudged. */
  nudged: string[];
}

/** At most this many open questions are remembered per channel. */
const MAX_ASKED = 30;

export const batchQuestions = defineDetector<typeof batchQuestionsOptions, BatchQuestionsState>({
  meta: {
    id: 'batch-questions',
    ref: '0.3',
    options: batchQuestionsOptions,
    messages: {
      oneMessage: {
        ja: '📝 お客様の回答を待たずに、{within}以内に{count}通目の質問を別のメッセージで送っています。お客様の手間を減らすため、確認したい点は1つのメッセージにまとめましょう(返信不要の連絡はその旨も添えて)。',
        en: '📝 This is question message no. {count} to the client within {within}, with no answer in between. Save the client effort: put the open points in one message (and say when no reply is needed).',
      },
    },
    placeholders: ['count', 'within'],
  },
  handlers: {
    message(ev, ctx): Outcome[] {
      if (!isHumanChannelMessage(ev) || !ctx.channel.tracked) return [];
      const state = ctx.state;
      if (ctx.roles.roleOf(ev.user, ev.userTeam) === 'client') {
        // The client spoke: every question so far is answered or in dialogue.
        // (A slice of the former shape, without `asked`, is cleared too.)
        return state ? [{ kind: 'state', value: null }] : [];
      }
      if (!isTeamMessageToClient(ev, ctx) || toColleagues(ev, ctx)) return [];
      const a = asks(ev.text, ctx.options);
      if (!a) return [];
      const { count, within } = ctx.options;
      const me: AskedQuestion = { user: ev.user!, at: ev.at, ts: ev.ts, conv: ev.threadTs ?? '', words: contentWords(a), batch: ev.ts };
      const asked = (state?.asked ?? []).filter((q) => ev.at - q.at < within && ev.at >= q.at);
      const related = asked.filter((q) => sameBatch(q, me));
      if (related.length) me.batch = related[0].batch;
      let nudged = (state?.nudged ?? []).filter((b) => asked.some((q) => q.batch === b));
      const out: Outcome[] = [];
      if (related.length + 1 >= count && !nudged.includes(me.batch)) {
        nudged = [...nudged, me.batch];
        const n = related.length + 1;
        out.push(...nudgeAuthor(ctx, ev, { messageId: 'oneMessage', data: { count: n, within: formatDuration(within, ctx.lang) }, evidence: { count: n, withinMs: within, firstAt: related[0].at, firstTs: related[0].ts } }));
      }
      out.push({ kind: 'state', value: { asked: [...asked, me].slice(-MAX_ASKED), nudged } });
      return out;
    },
  },
});

/** The message's analysis when it asks the client something (the analysis only runs when a cheap test cannot rule it out). */
function asks(text: string, options: Options): Analysis | undefined {
  const extra = options.questionEndings.length ? phrasesFor(options.questionEndings) : undefined;
  const byExtra = extra !== undefined && extra.test(text);
  if (!byExtra && !mayAsk(text)) return undefined;
  const a = analyze(text);
  if (questionsOf(a).length) return a;
  if (byExtra && a.sentences.some((s) => extra!.endsWith(s.norm.replace(/[。.!！~\s]+$/u, '')))) return a;
  return undefined;
}

/** Two questions belong to one batch: one flow of conversation, and one person or one matter. */
function sameBatch(q: AskedQuestion, me: AskedQuestion): boolean {
  // The main timeline joins every thread (a follow-up in the thread of one's own question included);
  // two different threads are two requests, each with its own question.
  const sameFlow = q.conv === me.conv || q.conv === '' || me.conv === '';
  if (!sameFlow) return false;
  if (q.user === me.user) return true;
  if (q.conv !== '' && q.conv === me.conv) return true;
  return q.words.some((w) => me.words.includes(w));
}

/** A message that @-mentions team members only is a question to them, not to the client. */
function toColleagues(ev: MessageEvent, ctx: DetectorContext<unknown, unknown>): boolean {
  const mentioned = mentionedUsers(ev.text ?? '');
  return mentioned.length > 0 && mentioned.every((u) => ctx.roles.isTeamSide(u));
}

/** Words of no matter: greetings, courtesy, time, the words of asking itself. */
const JA_NOT_MATTER = new Set(['件', '質問', '確認', '補足', '追加', '問題', '失礼', '相談', '連絡', '回答', '返信', '了承', '承知', '大丈夫', '対応', 'お願い', '願い', '世話', '様', 'さん', '御社', '弊社', '当社', 'こちら', 'そちら', '今回', '前回', '次回', '今年', '来年', '今月', '来月', '今週', '来週', '本日', '明日', '当日', '予定', '可能', '必要', '一点', '点', '形', '感じ', 'ところ', '担当', 'ディレクター', 'よう', 'もの', 'こと', 'ため', '場合', '際', '方', '度々', '何度', 'すみません']);
const EN_NOT_MATTER = new Set(['this', 'that', 'these', 'those', 'there', 'then', 'than', 'they', 'them', 'their', 'your', 'with', 'from', 'have', 'will', 'would', 'could', 'should', 'shall', 'also', 'just', 'still', 'same', 'last', 'next', 'year', 'week', 'month', 'today', 'tomorrow', 'time', 'quick', 'question', 'questions', 'sorry', 'thanks', 'thank', 'please', 'about', 'again', 'following', 'follow', 'okay', 'fine', 'good', 'right', 'correct', 'need', 'want', 'like', 'some', 'more', 'another', 'what', 'when', 'where', 'which', 'does', 'were', 'been', 'being', 'into', 'over', 'instead', 'acceptable', 'team', 'side', 'hello', 'morning', 'afternoon', 'confirm', 'check', 'let', 'know', 'able', 'mind']);

/** Content words of a message (nouns; English words of four letters or more, singular). */
function contentWords(a: Analysis): string[] {
  const out = new Set<string>();
  for (const s of a.sentences) {
    if (s.ja) {
      for (const t of s.tokens) {
        if (t.pos !== '名詞' || !/^(一般|サ変接続|固有名詞|形容動詞語幹)$/.test(t.pos1)) continue;
        const w = t.base.replace(/^[おご御](?=..)/u, '');
        if (w.length < 2) continue;
        if (JA_NOT_MATTER.has(w) || /^[\d\s\p{P}\p{S}]+$/u.test(w) || /^[ぁ-ん]+$/.test(w)) continue;
        out.add(w);
      }
    } else {
      for (const w of s.words) {
        if (w.length < 4 || EN_NOT_MATTER.has(w) || /\d/.test(w) || w.includes("'")) continue;
        out.add(w.replace(/(?<=[a-z]{3})(ies|s)$/, (m) => (m === 'ies' ? 'y' : '')));
      }
    }
  }
  return [...out].slice(0, 16);
}
