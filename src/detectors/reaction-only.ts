import { z } from 'zod';
import { defineDetector, type DetectorContext, type Outcome } from '../core/detector';
import type { MessageEvent } from '../core/events';
import { durationSchema, phraseListSchema } from '../core/schema';
import { formatDuration } from '../clock/clock';
import { clientIntent, type ClientIntentTables } from '../text/client-intent';
import { authorText, mentionedUsers, normalize } from '../text/normalize';
import { compilePhrases, type PhraseMatcher } from '../text/phrases';
import { isHumanChannelMessage, isTeamMessageToClient, nudge } from './support';

/**
 * Rule `reaction-only` (rulebook 0.2, コミュニケーションの締めくくり方): end each exchange with your
 * own message; a reaction alone is not a reply (many tools do not even notify on reactions).
 * Fires when a team member reacts to a client's message and no written team reply follows within
 * `after` (the response window of rule 0.1: one hour, from the reaction) — by anyone on the team, in
 * the message's thread or in the main timeline (a reply in the thread of another client message
 * answers that one). A reaction added after the team has already answered in writing is no
 * reaction-only reply.
 *
 * A client message that needs no answer is not judged: a closing (thanks, noted, 了解です, a greeting,
 * praise, 👍 alone, "never mind, found it"), one that says no reply is needed (返信不要, FYI only), and
 * one addressed only to the client's own colleagues (@mentions of client-side people alone). What a
 * client message asks is read by src/text/client-intent.ts; a message it reads as closing is still
 * judged when one of its sentences reports something new (「会議はオンラインに変更になりました」), since
 * the team owes that a written acknowledgement. The phrase tables below are built in; the rule file
 * may add to them.
 */
export const reactionOnlyOptions = z
  .object({
    /** How long after a team member's reaction a written reply may take (rule 0.1: one hour). */
    after: durationSchema.default(60 * 60_000),
    /** wall: 24/7 · business: only business hours of team.yaml count (as rule 0.1's response-time). */
    clock: z.enum(['wall', 'business']).default('wall'),
    /** Extra words that close an exchange when they stand alone (thanks, noted). */
    closingPhrases: phraseListSchema,
    /** Extra acknowledgements that name what they acknowledge (「資料受け取りました」). */
    acknowledgePhrases: phraseListSchema,
    /** Extra phrases of the client's own next step (「社内で確認します」). */
    ownStepPhrases: phraseListSchema,
    /** Extra ways of saying no reply is needed. */
    noReplyPhrases: phraseListSchema,
    /** Extra for-information markers (FYI, ご参考まで). */
    fyiPhrases: phraseListSchema,
  })
  .strict();

type Options = z.infer<typeof reactionOnlyOptions>;

/** Client messages remembered, to tell a reaction on a client's message from any other. */
const MAX_CLIENT_TS = 50;

export interface ReactionOnlyState {
  clientTs: string[];
  /** The thread root of each client message written in a thread (ts → root). */
  threadOf?: Record<string, string>;
  /** Client messages (of clientTs) that need no written answer. */
  quiet?: string[];
  /** Client messages (of clientTs) the team has already answered in writing. */
  answered?: string[];
  /** itemTs → who reacted and when. */
  reacted: Record<string, { user: string; at: number; reaction: string }>;
}

export const reactionOnly = defineDetector<typeof reactionOnlyOptions, ReactionOnlyState>({
  meta: {
    id: 'reaction-only',
    ref: '0.2',
    options: reactionOnlyOptions,
    messages: {
      reactionOnly: {
        ja: '💬 お客様のメッセージに :{reaction}: のリアクションだけで {waited} 経ちました。リアクションでは通知されないことがあります。一言メッセージで返信しましょう。',
        en: '💬 You reacted with :{reaction}: to the client\'s message {waited} ago but sent no message. Reactions may not notify them: reply with a message.',
      },
    },
    placeholders: ['reaction', 'waited'],
  },
  handlers: {
    message(ev, ctx) {
      if (!ctx.channel.tracked || !isHumanChannelMessage(ev)) return [];
      const state = copy(ctx.state);
      const out: Outcome[] = [];
      if (ctx.roles.roleOf(ev.user, ev.userTeam) === 'client') {
        state.clientTs = [...state.clientTs, ev.ts].slice(-MAX_CLIENT_TS);
        if (ev.threadTs && ev.threadTs !== ev.ts) state.threadOf = { ...state.threadOf, [ev.ts]: ev.threadTs };
        if (!needsReply(ev, ctx)) state.quiet = [...(state.quiet ?? []), ev.ts];
      } else if (isTeamMessageToClient(ev, ctx)) {
        // A written team message closes the exchange properly: in the main timeline, every client
        // message; in a thread, the client messages of that thread (or, in a thread the team started,
        // any: the old rule's reading, kept).
        const answers = (ts: string) => !ev.threadTs || ev.threadTs === (state.threadOf?.[ts] ?? ts) || !isClientConversation(state, ev.threadTs);
        for (const ts of Object.keys(state.reacted)) {
          if (answers(ts)) {
            delete state.reacted[ts];
            out.push({ kind: 'cancel-timer', id: `ro:${ts}` });
          }
        }
        // Answered before any reaction: a reaction added afterwards is no reaction-only reply.
        state.answered = [...new Set([...(state.answered ?? []), ...state.clientTs.filter(answers)])];
      } else {
        return [];
      }
      return save(out, state);
    },
    reaction(ev, ctx) {
      const state = copy(ctx.state);
      if (!ctx.channel.tracked || !state.clientTs.includes(ev.itemTs) || !ctx.roles.isTeamSide(ev.user)) return [];
      if (state.reacted[ev.itemTs] || state.quiet?.includes(ev.itemTs) || state.answered?.includes(ev.itemTs)) return [];
      state.reacted[ev.itemTs] = { user: ev.user, at: ev.at, reaction: ev.reaction };
      return save([{ kind: 'timer', id: `ro:${ev.itemTs}`, dueAt: ctx.clock.dueAtMs(ev.at, ctx.options.after), payload: { ts: ev.itemTs } }], state);
    },
    timer(ev, ctx) {
      const ts = String(ev.payload.ts);
      const state = copy(ctx.state);
      const r = state.reacted[ts];
      if (!r) return [];
      delete state.reacted[ts];
      // The finding is about the client's message; the nudge goes to the one who only reacted.
      const out = nudge(ctx, {
        about: { channel: ev.channel, ts, at: ev.at },
        to: [r.user],
        messageId: 'reactionOnly',
        data: { reaction: r.reaction, waited: formatDuration(ev.at - r.at, ctx.lang) },
        evidence: { reaction: r.reaction, reactedAt: r.at },
      });
      return save(out, state);
    },
  },
});

type Ctx = DetectorContext<Options, ReactionOnlyState>;

/**
 * Does this client message want a written answer from the team? No for a closing, a message that
 * says no reply is needed, and a message addressed only to the client's own colleagues.
 */
export function needsReply(ev: MessageEvent, ctx: Ctx): boolean {
  const mentioned = mentionedUsers(ev.text).filter((u) => u !== ev.user);
  if (mentioned.length > 0 && mentioned.every((u) => ctx.roles.roleOf(u) === 'client' && !ctx.channel.assistants.includes(u) && !ctx.roles.isDirector(u))) return false;
  const t = tablesFor(ctx.options);
  const own = authorText(ev.text);
  if (own.replace(/[\s\p{P}\p{S}\p{Extended_Pictographic}\u200d\ufe0f]+/gu, '').length === 0) return ev.files !== undefined && ev.files > 0;
  const intent = clientIntent(ev.text, t);
  if (intent === 'no-reply-needed') return false;
  // Every sentence thanks, acknowledges, greets, signs off or apologises for the client's own slip,
  // and none asks anything: the exchange is closing (「ありがとうございます、楽しみにしています!」).
  // Read as closing or the client's own step, a message is still owed an answer when one of its
  // sentences tells the team something new (a change, a report).
  const all = sentencesOf(own);
  if (intent === 'request') return !all.every((s) => closingSentence(s, t) && !asks(s));
  return !all.every((s) => closingSentence(s, t));
}

// ————————————————————————————————————————————————————————————————————————————————————————————
// What closes an exchange

/** Built-in tables (the rule file may add to each). */
const BASE = {
  closing: [
    'ありがとうございます', 'ありがとうございました', 'ありがとう', '有難うございます', '感謝します', '感謝いたします', '了解です', '了解しました', '了解いたしました', '了解', 'りょうかいです', 'りょです', '承知しました', '承知いたしました', '承知です', 'かしこまりました', '把握しました', '確認しました', '確認できました', '拝見しました', '受け取りました', '受領しました', 'よろしくお願いします', 'よろしくお願いいたします', 'よろしくお願い致します', 'よろしくお願い申し上げます', 'お願いします', 'お願いいたします', 'お疲れ様です', 'お疲れさまです', 'お疲れ様でした', 'お疲れさまでした', '助かります', '助かりました', '問題ありません', '問題ないです', '大丈夫です', 'いいですね', '素晴らしいです', 'バッチリです', 'おっけー', 'オッケー', 'okです', 'なるほど', 'よい週末を', '良い週末を', 'よいお年を', '良いお年を',
    'thanks', 'thank you', 'thx', 'ty', 'cheers', 'appreciate it', 'much appreciated', 'appreciated', 'got it', 'noted', 'ok', 'okay', 'great', 'perfect', 'awesome', 'sounds good', 'looks good', 'all good', 'nice', 'cool', 'lovely', 'brilliant', 'excellent', 'received', 'never mind', 'no worries', 'talk soon', 'see you', 'have a great weekend', 'have a good weekend', 'have a nice weekend', 'have a nice day', 'have a good one', 'good night', 'makes sense',
  ],
  acknowledge: ['ありがとうございます', 'ありがとうございました', '承知しました', '承知いたしました', '了解しました', '了解です', 'かしこまりました', '確認しました', '確認できました', '拝見しました', '拝見いたしました', '受け取りました', '受領しました', '把握しました', '解決しました', '解決できました', '問題ありません', '問題ないです', '大丈夫です', 'thanks', 'thank you', 'noted', 'received', 'got it', 'found it', 'all sorted', 'sorted'],
  ownStep: ['確認します', '確認いたします', '確認してみます', '確認しておきます', '検討します', '検討いたします', '見てみます', '拝見します', '後ほど連絡します', '後ほどご連絡します', '改めて連絡します', '改めてご連絡します', "i'll check", "i'll take a look", "i'll have a look", "i'll review", "i'll let you know", 'will let you know', "i'll get back to you", 'will get back to you'],
  noReply: ['返信不要', '返信は不要', 'ご返信は不要', '返信はいりません', '返信いらない', '返信いりません', '返信は大丈夫', 'お返事は大丈夫', 'ご返信は大丈夫', '返事は不要', 'お返事は不要', 'ご返信には及びません', '返信には及びません', 'お返事には及びません', '返信は結構', 'ご返信は結構', '返信なしで', 'ご返信なしで', '対応不要', '対応は不要', 'ご対応は不要', 'アクション不要', 'アクションは不要', 'ご確認のみで', '確認のみで大丈夫', '見ていただくだけで', '共有のみ', '共有だけです', 'no need to reply', 'no need to respond', 'no reply needed', 'no response needed', 'no need for a reply', 'no reply necessary', 'no action needed', 'no action required', 'nothing needed from you', 'nothing needed from your side', 'nothing needed on your side', 'no need to do anything', 'just sharing', 'just fyi', 'for your information only', 'no reply required'],
  fyi: ['ご参考まで', 'ご参考までに', '共有まで', '念のため共有', '念のための共有', '情報共有', 'fyi', 'for your information', 'for your reference', 'just so you know', 'heads up'],
};

const tableCache = new WeakMap<Options, ClientIntentTables>();

function tablesFor(o: Options): ClientIntentTables {
  let t = tableCache.get(o);
  if (!t) {
    t = {
      closing: compilePhrases([...BASE.closing, ...o.closingPhrases]),
      acknowledge: compilePhrases([...BASE.acknowledge, ...o.acknowledgePhrases]),
      ownStep: compilePhrases([...BASE.ownStep, ...o.ownStepPhrases]),
      noReply: compilePhrases([...BASE.noReply, ...o.noReplyPhrases]),
      fyi: compilePhrases([...BASE.fyi, ...o.fyiPhrases]),
    };
    tableCache.set(o, t);
  }
  return t;
}

function sentencesOf(own: string): string[] {
  return normalize(own)
    .split(/(?<=[。!?\n])|(?<=[.;:])\s+/u)
    .map((s) => s.trim())
    .filter((s) => /[\p{L}\p{N}]/u.test(s));
}

/**
 * Greetings, praise, thanks, sign-offs and the client's apology for their own slip, in any form: a
 * sentence with one (and no question or request, see `asks`) tells the team nothing it must answer.
 */
const CLOSING_WORDS =
  /(ありがと|感謝|お疲れ|おつかれ|お世話になっております|おはよう|こんにちは|よろしくお願い|助か|完璧|さすが|素晴らし|すばらし|最高|バッチリ|ばっちり|イメージ通り|いい感じ|良い感じ|楽しみ|よい週末|良い週末|よいお年|良いお年|失礼します|失礼いたします|お先に|お騒がせ|勘違い|自己解決|確認不足|すみません|申し訳|\b(thanks|thank you|thx|cheers|appreciate|perfect|great|awesome|brilliant|lovely|love it|good (morning|night|weekend)|morning|have a (good|great|nice)|see you|talk soon|noted|got it|makes sense|looking forward|signing off|logging off|all (fine|good|set|sorted)|(looks|sounds) (good|great|fine)|lgtm|works for me|fine by me|sorted|never ?mind|my (bad|mistake)|our (bad|mistake)|sorry)\b)/iu;

/** The sentence asks or requests something (よろしくお願いします alone does not). */
function asks(s: string): boolean {
  const t = s.replace(/(引き続き|今後とも|今週も|本日も|今日も)?(どうぞ)?よろしくお願い(いた|致)?(します|申し上げます)?/gu, ' ');
  return /[?？]|(ください|下さい|くださ|いただけ|頂け|いただき|頂き|もらえ|ほしい|欲しい|ませんか|でしょうか|ますか|ですか|教えて|お願い|\b(please|could you|can you|would you|will you|let me know|do you|are you|is it|is there|need|needs)\b)/iu.test(t);
}

function closingSentence(s: string, t: ClientIntentTables): boolean {
  return CLOSING_WORDS.test(s) || t.closing.endsWith(s.replace(/[\s\p{P}\p{S}\p{Extended_Pictographic}~ーねよ]+$/u, '')) || t.acknowledge.test(s) || t.noReply.test(s) || matchesOnly(s, t.closing);
}

function matchesOnly(s: string, m: PhraseMatcher): boolean {
  return m.strip(s).replace(/[\s\p{P}\p{S}\p{Extended_Pictographic}\u200d\ufe0f]+/gu, '').length === 0;
}

/** A thread rooted at a client's message (or holding one of theirs). */
function isClientConversation(state: ReactionOnlyState, threadTs: string): boolean {
  return state.clientTs.includes(threadTs) || Object.values(state.threadOf ?? {}).includes(threadTs);
}

/** A copy of the state to change (the context's is read-only). */
function copy(s: Readonly<ReactionOnlyState> | null): ReactionOnlyState {
  return { clientTs: [...(s?.clientTs ?? [])], threadOf: { ...s?.threadOf }, quiet: [...(s?.quiet ?? [])], answered: [...(s?.answered ?? [])], reacted: { ...(s?.reacted ?? {}) } };
}

/** Store the state, its lists trimmed to the client messages still remembered (empty ones left out). */
function save(out: Outcome[], state: ReactionOnlyState): Outcome[] {
  const kept = new Set(state.clientTs);
  const value: ReactionOnlyState = { clientTs: state.clientTs, reacted: state.reacted };
  const threadOf = Object.fromEntries(Object.entries(state.threadOf ?? {}).filter(([ts]) => kept.has(ts)));
  if (Object.keys(threadOf).length) value.threadOf = threadOf;
  const quiet = (state.quiet ?? []).filter((ts) => kept.has(ts));
  if (quiet.length) value.quiet = quiet;
  const answered = (state.answered ?? []).filter((ts) => kept.has(ts));
  if (answered.length) value.answered = answered;
  const empty = state.clientTs.length === 0 && Object.keys(state.reacted).length === 0;
  out.push({ kind: 'state', value: empty ? null : value });
  return out;
}
