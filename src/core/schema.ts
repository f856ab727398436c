import { z } from 'zod';
import { parseDuration } from '../clock/clock';
import { placeholdersOf } from './i18n';

/**
 * Building blocks for rule-file schemas, shared by every detector so that durations, texts and
 * phrase lists read and fail the same way in every file.
 */

/** "90m", "6h", "1h30m", "45s" → milliseconds. */
export const durationSchema = z.string().transform((s, ctx) => {
  try {
    return parseDuration(s);
  } catch (e) {
    ctx.addIssue({ code: 'custom', message: (e as Error).message });
    return z.NEVER;
  }
});

/** A text in both languages; every {placeholder} must be one the detector fills. */
export function textSchema(allowed: string[]) {
  return z
    .object({ ja: z.string().min(1), en: z.string().min(1) })
    .strict()
    .superRefine((t, ctx) => {
      for (const lang of ['ja', 'en'] as const) {
        for (const name of placeholdersOf(t[lang])) {
          if (!allowed.includes(name)) {
            ctx.addIssue({
              code: 'custom',
              path: [lang],
              message: `unknown placeholder {${name}} (allowed: ${allowed.map((a) => `{${a}}`).join(', ')})`,
            });
          }
        }
      }
    });
}

export const phraseListSchema = z.array(z.string().min(1)).default([]);
