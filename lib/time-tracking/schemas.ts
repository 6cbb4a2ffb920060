// Wire types of the time-tracking API, shared with the UI. Pure: no database
// or server-only imports. Request schemas turn JSON into domain values;
// response schemas describe exactly what the API sends.
import { z } from 'zod';
import { isCalendarDate, parseInstant, parseTimezone } from './timezone';

export const PAYMENT_STATUSES = ['not_paid', 'invoiced_not_approved', 'invoiced_approved', 'paid'] as const;
export const MAX_ID = 2147483647;
export const MAX_RATE = 1_000_000_000;
export const MAX_NOTES_LENGTH = 10_000;
export const MAX_BATCH_IDS = 1000;

const typeError = (expected: string) => (issue: { input?: unknown }) =>
  issue.input === null ? 'must not be null' : `must be ${expected}`;

// ---- request building blocks ----------------------------------------------

export const paymentStatusSchema = z.enum(PAYMENT_STATUSES, {
  error: (issue) =>
    issue.input === null
      ? 'must not be null'
      : `must be one of ${PAYMENT_STATUSES.map((s) => `"${s}"`).join(', ')}`,
});

export const entryIdSchema = z
  .number({ error: typeError('an integer') })
  .int({ error: 'must be an integer' })
  .min(1, { error: `must be from 1 to ${MAX_ID}` })
  .max(MAX_ID, { error: `must be from 1 to ${MAX_ID}` });

/** The shortest decimal form of a JSON number, if it has at most 4 decimals. */
function decimalString(value: number): string | undefined {
  const text = String(value);
  if (/e/i.test(text)) return undefined;
  const decimals = text.split('.')[1]?.length ?? 0;
  return decimals <= 4 ? text : undefined;
}

/**
 * A rate: a JSON number >= 0 with at most 4 decimals, returned as its exact
 * decimal string so that it reaches the database's numeric without a float in between.
 */
export const rateSchema = z
  .number({ error: typeError('a number (not a string)') })
  .min(0, { error: 'must not be negative' })
  .max(MAX_RATE, { error: `must be at most ${MAX_RATE}` })
  .transform((value, ctx) => {
    const exact = decimalString(value);
    if (exact === undefined) {
      ctx.addIssue({ code: 'custom', message: 'must have at most 4 decimal places' });
      return z.NEVER;
    }
    return exact;
  });

/** Any ISO 8601 date-time; naive means UTC. Becomes a Date truncated to the second. */
export const instantSchema = z
  .string({ error: typeError('an ISO 8601 date-time string') })
  .transform((value, ctx) => {
    const instant = parseInstant(value);
    if (!instant) {
      ctx.addIssue({
        code: 'custom',
        message: 'must be an ISO 8601 date-time such as "2024-01-22T09:00:00Z" (years 1900–9999)',
      });
      return z.NEVER;
    }
    return instant;
  });

export const calendarDateSchema = z
  .string({ error: typeError('a date string "YYYY-MM-DD"') })
  .refine(isCalendarDate, { error: 'must be a real calendar date "YYYY-MM-DD"' });

export const notesSchema = z
  .string({ error: typeError('a string or null') })
  .refine((value) => [...value].length <= MAX_NOTES_LENGTH, {
    error: `must be at most ${MAX_NOTES_LENGTH} characters`,
  })
  .refine((value) => value.isWellFormed() && !value.includes('\u0000'), {
    error: 'must be valid Unicode text without NUL characters',
  });

export const timezoneSchema = z
  .string({ error: typeError('a timezone string') })
  .refine((value) => parseTimezone(value) !== undefined, {
    error:
      'must be "UTC", an offset such as "UTC-3" or "UTC+05:30", or an IANA name such as "America/New_York"',
  });

const CURRENCIES = new Set(Intl.supportedValuesOf('currency'));

export const currencySchema = z
  .string({ error: typeError('an ISO 4217 currency code') })
  .transform((value) => value.toUpperCase())
  .refine((value) => CURRENCIES.has(value), { error: 'must be an ISO 4217 currency code such as "USD"' });

// ---- requests --------------------------------------------------------------

const entryFields = {
  date: calendarDateSchema,
  start_time: instantSchema,
  end_time: instantSchema,
  hourly_rate: rateSchema,
  payment_status: paymentStatusSchema,
  notes: notesSchema,
};

/** POST /entries. Unknown and read-only fields are dropped; null means "use the default". */
export const createEntrySchema = z.object({
  start_time: entryFields.start_time,
  date: entryFields.date.nullish(),
  end_time: entryFields.end_time.nullish(),
  hourly_rate: entryFields.hourly_rate.nullish(),
  payment_status: entryFields.payment_status.nullish(),
  notes: entryFields.notes.nullish(),
});

/** PUT /entries/{id}: every field optional; only end_time and notes may be null. */
export const updateEntrySchema = z.object(entryFields).partial().extend({
  end_time: entryFields.end_time.nullable().optional(),
  notes: entryFields.notes.nullable().optional(),
});

export const batchUpdatePaymentStatusSchema = z.object({
  entry_ids: z
    .array(entryIdSchema, { error: typeError('an array of entry ids') })
    .min(1, { error: 'must contain at least one id' })
    .max(MAX_BATCH_IDS, { error: `must contain at most ${MAX_BATCH_IDS} ids` }),
  payment_status: paymentStatusSchema,
});

export const startSessionSchema = z.object({
  hourly_rate: rateSchema.nullish(),
  notes: notesSchema.nullish(),
  timezone: timezoneSchema.nullish(),
});

export const stopSessionSchema = z.object({
  end_time: instantSchema.nullish(),
});

export const updateSettingsSchema = z.object({
  default_hourly_rate: rateSchema.optional(),
  currency: currencySchema.optional(),
  timezone: timezoneSchema.optional(),
});

// ---- query strings and path parameters ------------------------------------

const integerParam = (min: number, max: number) =>
  z
    .string()
    .regex(/^\d+$/, { error: `must be an integer from ${min} to ${max}` })
    .transform(Number)
    .refine((n) => n >= min && n <= max, { error: `must be an integer from ${min} to ${max}` });

export const entryIdParamSchema = integerParam(1, MAX_ID);

/** A date filter: "YYYY-MM-DD", or a date-time whose local date (user's timezone) is used. */
const dateFilterSchema = z.string().transform((value, ctx) => {
  if (isCalendarDate(value)) return { date: value };
  const instant = parseInstant(value);
  if (instant) return { instant };
  ctx.addIssue({ code: 'custom', message: 'must be a date "YYYY-MM-DD" or an ISO 8601 date-time' });
  return z.NEVER;
});

export const listEntriesQuerySchema = z.object({
  start_date: dateFilterSchema.optional(),
  end_date: dateFilterSchema.optional(),
  payment_status: paymentStatusSchema.optional(),
  skip: integerParam(0, MAX_ID).default(0),
  limit: integerParam(1, 1000).default(100),
});

export const statsQuerySchema = z.object({
  period: z
    .enum(['day', 'week', 'month', 'year'], { error: 'must be one of "day", "week", "month", "year"' })
    .optional(),
  timezone: timezoneSchema.optional(),
});

// ---- responses -------------------------------------------------------------

/** Naive UTC to the second, as the frontend expects: "2024-01-22T09:00:00". */
const utcTimestamp = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/);

export const timeEntrySchema = z.object({
  id: z.number().int(),
  date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  start_time: utcTimestamp,
  end_time: utcTimestamp.nullable(),
  hourly_rate: z.number(),
  total_hours: z.number().nullable(),
  total_earned: z.number().nullable(),
  payment_status: z.enum(PAYMENT_STATUSES),
  notes: z.string().nullable(),
  created_at: utcTimestamp,
  updated_at: utcTimestamp,
  user_id: z.number().int(),
});

export const statsSchema = z.object({
  total_hours_today: z.number(),
  total_earned_today: z.number(),
  total_hours_week: z.number(),
  total_earned_week: z.number(),
  total_hours_month: z.number(),
  total_earned_month: z.number(),
  unpaid_amount: z.number(),
  invoiced_amount: z.number(),
  paid_amount: z.number(),
});

export const settingsSchema = z.object({
  default_hourly_rate: z.number(),
  currency: z.string(),
  timezone: z.string(),
});

export const batchUpdateResultSchema = z.object({
  message: z.string(),
  updated_count: z.number().int(),
});

export const problemSchema = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  detail: z.string(),
  errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  active_entry: timeEntrySchema.nullable().optional(),
});

export type PaymentStatus = z.infer<typeof paymentStatusSchema>;
export type TimeEntry = z.infer<typeof timeEntrySchema>;
export type TimeEntryStats = z.infer<typeof statsSchema>;
export type TimeTrackingSettings = z.infer<typeof settingsSchema>;
export type BatchUpdateResult = z.infer<typeof batchUpdateResultSchema>;
export type Problem = z.infer<typeof problemSchema>;
export type CreateTimeEntryInput = z.input<typeof createEntrySchema>;
export type UpdateTimeEntryInput = z.input<typeof updateEntrySchema>;
export type StartSessionInput = z.input<typeof startSessionSchema>;
export type StopSessionInput = z.input<typeof stopSessionSchema>;
export type UpdateSettingsInput = z.input<typeof updateSettingsSchema>;
export type BatchUpdatePaymentStatusInput = z.input<typeof batchUpdatePaymentStatusSchema>;
export type StatsPeriod = NonNullable<z.infer<typeof statsQuerySchema>['period']>;
