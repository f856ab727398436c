import { z } from 'zod';
import { defineDetector } from '../core/detector';
import { authorText } from '../text/normalize';
import { isTeamMessageToClient, nudgeAuthor } from './support';

/**
 * Rule `phone-number` (rulebook 0.13): send a phone number in a message of its own, so the client
 * can copy and dial it on a phone. Fires when a number sits inside a longer message.
 */
export const phoneNumberOptions = z
  .object({
    /** Characters besides the number (and a short label) that make a message "longer". */
    maxOtherChars: z.number().int().min(0).default(20),
  })
  .strict();

// Japanese landline/mobile/free-dial forms, with or without hyphens, and +81 / international forms.
const PHONE = /(?<![\d-])(?:\+\d{1,3}[-\s]?\d{1,4}[-\s]?\d{1,4}[-\s]?\d{3,4}|0\d{1,4}-\d{1,4}-\d{3,4}|0[5789]0\d{8}|0\d{9})(?![\d-])/u;

export const phoneNumber = defineDetector<typeof phoneNumberOptions, never>({
  meta: {
    id: 'phone-number',
    ref: '0.13',
    options: phoneNumberOptions,
    messages: {
      buried: {
        ja: '📞 電話番号 {number} が長いメッセージの中にあります。スマートフォンでコピー・発信しやすいよう、番号だけを別のメッセージで送りましょう。',
        en: '📞 The phone number {number} is buried in a longer message. Send it in a message of its own so it can be copied and dialled on a phone.',
      },
    },
    placeholders: ['number'],
  },
  handlers: {
    message(ev, ctx) {
      if (!isTeamMessageToClient(ev, ctx)) return [];
      // NFKC so full-width digits (０３−…) count; Slack wraps numbers it recognises as <tel:…|…>.
      const text = authorText(ev.text).normalize('NFKC').replace(/[‐−–ー](?=\d)/g, '-');
      const m = PHONE.exec(text);
      if (!m) return [];
      const rest = text.replace(m[0], '').replace(/[\s\p{P}\p{S}]/gu, '');
      if (rest.length <= ctx.options.maxOtherChars) return [];
      return nudgeAuthor(ctx, ev, { messageId: 'buried', data: { number: m[0] }, evidence: { number: m[0], otherChars: rest.length } });
    },
  },
});
