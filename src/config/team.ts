import { IANAZone } from 'luxon';
import { z } from 'zod';
import { DEFAULT_BUSINESS_HOURS, validateBusinessHours } from '../clock/calendar';

/**
 * rules/team.yaml: who is who, where escalations go, the team's language, time zone and hours.
 * Users are Slack ids (U…/W…) or user-group handles ("@assistants"), resolved at start-up.
 */
const userRef = z.string().regex(/^([UW][A-Z0-9]{2,}|@[a-z0-9._-]+)$/i, 'must be a Slack user id (U…) or a user-group handle (@name)');
const channelId = z.string().regex(/^[CG][A-Z0-9]{2,}$/, 'must be a Slack channel id (C…)');
const hhmm = z.string().regex(/^([01]\d|2[0-4]):[0-5]\d$/, 'must be HH:mm');
const interval = z.object({ start: hhmm, end: hhmm }).strict();
const weekday = z.array(interval);

export const businessHoursSchema = z
  .object({
    timezone: z.string().optional(),
    weekly: z
      .object({ mon: weekday, tue: weekday, wed: weekday, thu: weekday, fri: weekday, sat: weekday, sun: weekday })
      .partial()
      .strict()
      .default(DEFAULT_BUSINESS_HOURS.weekly as never),
    holidays: z.enum(['jp', 'none']).default('jp'),
    closedDates: z.array(z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be YYYY-MM-DD')).default([]),
    openDates: z.array(z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be YYYY-MM-DD')).default([]),
  })
  .strict();

export const teamSchema = z
  .object({
    language: z.enum(['ja', 'en']).default('ja'),
    timezone: z
      .string()
      .default('Asia/Tokyo')
      .refine((z) => IANAZone.isValidZone(z), { message: 'unknown IANA time zone' }),
    /** Our workspace's team id; defaults to the one the bot token belongs to. */
    teamId: z.string().regex(/^[TE][A-Z0-9]+$/).optional(),
    businessHours: businessHoursSchema.prefault({}),
    assistants: z.array(userRef).default([]),
    directors: z.array(userRef).default([]),
    clients: z.array(userRef).default([]),
    escalationChannel: channelId.optional(),
    channels: z
      .array(z.object({ id: channelId, name: z.string().optional(), assistants: z.array(userRef).default([]) }).strict())
      .default([]),
    ignoreChannels: z.array(channelId).default([]),
  })
  .strict()
  .superRefine((t, ctx) => {
    const problems = validateBusinessHours({
      timezone: t.businessHours.timezone ?? t.timezone,
      weekly: t.businessHours.weekly as never,
      holidays: t.businessHours.holidays,
      closedDates: t.businessHours.closedDates,
      openDates: t.businessHours.openDates,
    });
    for (const p of problems) ctx.addIssue({ code: 'custom', path: ['businessHours'], message: p });
  });

export type TeamConfig = z.infer<typeof teamSchema>;
