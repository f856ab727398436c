import { z } from 'zod';
import { durationSchema, phraseListSchema, textSchema } from '../../core/schema';
import { phrasesFor } from '../../text/phrases';

/** Options of rule `response-time` (rules/response-time.yaml), with the placeholders its texts may use. */
export const PLACEHOLDERS = ['client', 'assistant', 'channel', 'waited', 'threshold', 'deadline', 'link'];

const thresholdSchema = z
  .object({
    after: durationSchema,
    level: z.string().regex(/^[a-z][a-z0-9-]*$/, 'must be a lower-case id like "slow"'),
    notify: z.array(z.enum(['assistant', 'directors'])).min(1).default(['assistant']),
    message: textSchema(PLACEHOLDERS),
    escalation: textSchema(PLACEHOLDERS).optional(),
  })
  .strict()
  .refine((t) => !t.notify.includes('directors') || t.escalation !== undefined, {
    message: 'a threshold that notifies directors needs an `escalation` text',
    path: ['escalation'],
  });

export const responseTimeOptions = z
  .object({
    clock: z.enum(['wall', 'business']).default('business'),
    thresholds: z
      .array(thresholdSchema)
      .min(1)
      .refine((ts) => ts.every((t, i) => i === 0 || t.after > ts[i - 1].after), {
        message: 'thresholds must be in increasing order of `after`',
      })
      .refine((ts) => new Set(ts.map((t) => t.level)).size === ts.length, { message: 'threshold levels must be unique' }),
    /** Client messages made only of these words do not open a request (お礼, 了解, thanks). */
    closingPhrases: phraseListSchema,
    /** Acknowledgements naming what they acknowledge (「レポート受け取りました」): a sentence ending in one asks nothing. */
    acknowledgePhrases: phraseListSchema,
    /** The client's own next step (「確認します」, "I'll check"): made only of these (and closings), no request. */
    ownStepPhrases: phraseListSchema,
    /** The client says no reply is needed (「返信不要です」): never a request. */
    noReplyPhrases: phraseListSchema,
    /** For-information markers (FYI, ご参考まで): no request unless the message also asks something. */
    fyiPhrases: phraseListSchema,
    /** A client's messages this close together are one request (timed from the first); later ones open another. */
    requestWindow: durationSchema.default(10 * 60_000),
    /** A team reply with one of these and a time is an interim reply: it starts a follow-up timer. */
    interimPhrases: phraseListSchema,
    /** Team messages with these phrases are automatic and never count as a reply. */
    autoReplyPhrases: phraseListSchema,
    /** Directors' channel for this rule's escalations (default: escalationChannel of team.yaml). */
    escalationChannel: z.string().regex(/^[CG][A-Z0-9]{2,}$/, 'must be a Slack channel id (C…)').optional(),
    followUp: z
      .object({ enabled: z.boolean().default(true), message: textSchema(PLACEHOLDERS) })
      .strict(),
    stamp: z
      .object({
        mode: z.enum(['thread', 'reaction', 'off']).default('thread'),
        reaction: z.string().regex(/^[a-z0-9_+-]+$/).default('white_check_mark'),
      })
      .strict()
      .default({ mode: 'thread', reaction: 'white_check_mark' }),
  })
  .strict();

export type ResponseTimeOptions = z.infer<typeof responseTimeOptions>;

/** The phrase matchers of the options (phrasesFor compiles each list once). */
export function matchers(o: ResponseTimeOptions) {
  return {
    intent: { closing: phrasesFor(o.closingPhrases), acknowledge: phrasesFor(o.acknowledgePhrases), ownStep: phrasesFor(o.ownStepPhrases), noReply: phrasesFor(o.noReplyPhrases), fyi: phrasesFor(o.fyiPhrases) },
    interim: phrasesFor(o.interimPhrases),
    auto: phrasesFor(o.autoReplyPhrases),
  };
}
