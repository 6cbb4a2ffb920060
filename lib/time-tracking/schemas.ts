// Wire types of the time-tracking API, shared with the UI. Pure: no database
// or server-only imports. Request schemas turn JSON into domain values;
// response schemas describe exactly what the API sends. The `.meta()` calls
// (component ids, descriptions, formats, examples) feed the OpenAPI document
// (lib/openapi/document.ts); they change nothing that validates.
import { z } from 'zod';
import { PROBLEM_CODES } from '@/lib/problems';
import {
  CLOCK_TOLERANCE_SECONDS,
  DELETED_ENTRY_RETENTION_DAYS,
  MAX_BATCH_IDS,
  MAX_ID,
  MAX_LATE_START_DAYS,
  MAX_NOTES_LENGTH,
  MAX_RATE,
  PAYMENT_STATUSES,
  RATE_DECIMALS,
} from './constants';
import { isCalendarDate, parseInstant, parseTimezone, TIMEZONE_PATTERN } from './timezone';

export type { PaymentStatus } from './constants';
export { PAYMENT_STATUSES };

const typeError = (expected: string) => (issue: { input?: unknown }) =>
  issue.input === null ? 'must not be null' : `must be ${expected}`;

// ---- request building blocks ----------------------------------------------

export const paymentStatusSchema = z
  .enum(PAYMENT_STATUSES, {
    error: (issue) =>
      issue.input === null
        ? 'must not be null'
        : `must be one of ${PAYMENT_STATUSES.map((s) => `"${s}"`).join(', ')}`,
  })
  .meta({ id: 'PaymentStatus', description: 'Where the entry is in the invoicing cycle.' });

export const entryIdSchema = z
  .number({ error: typeError('an integer') })
  .int({ error: 'must be an integer' })
  .min(1, { error: `must be from 1 to ${MAX_ID}` })
  .max(MAX_ID, { error: `must be from 1 to ${MAX_ID}` })
  .meta({ description: 'A time entry id.', examples: [1] });

/** The shortest decimal form of a JSON number, if it has at most RATE_DECIMALS decimals. */
function decimalString(value: number): string | undefined {
  const text = String(value);
  if (/e/i.test(text)) return undefined;
  const decimals = text.split('.')[1]?.length ?? 0;
  return decimals <= RATE_DECIMALS ? text : undefined;
}

/**
 * A rate: a JSON number >= 0 with at most RATE_DECIMALS decimals, returned as its exact
 * decimal string so that it reaches the database's numeric without a float in between.
 */
export const rateSchema = z
  .number({ error: typeError('a number (not a string)') })
  .min(0, { error: 'must not be negative' })
  .max(MAX_RATE, { error: `must be at most ${MAX_RATE}` })
  .transform((value, ctx) => {
    const exact = decimalString(value);
    if (exact === undefined) {
      ctx.addIssue({ code: 'custom', message: `must have at most ${RATE_DECIMALS} decimal places` });
      return z.NEVER;
    }
    return exact;
  })
  .meta({
    description: `An hourly rate: a JSON number (not a string) ≥ 0 with at most ${RATE_DECIMALS} decimals, stored exactly.`,
    'x-max-decimals': RATE_DECIMALS,
    examples: [50],
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
  })
  .meta({
    description:
      'An ISO 8601 date-time. With `Z` or an offset it is that instant; without an offset it is UTC, so a timestamp from a response can be sent back unchanged. Fractions of a second are truncated.',
    examples: ['2024-01-22T09:00:00Z'],
  });

export const calendarDateSchema = z
  .string({ error: typeError('a date string "YYYY-MM-DD"') })
  .refine(isCalendarDate, { error: 'must be a real calendar date "YYYY-MM-DD"' })
  .meta({ format: 'date', description: 'A calendar date, `YYYY-MM-DD`.', examples: ['2024-01-22'] });

export const notesSchema = z
  .string({ error: typeError('a string or null') })
  .refine((value) => [...value].length <= MAX_NOTES_LENGTH, {
    error: `must be at most ${MAX_NOTES_LENGTH} characters`,
  })
  .refine((value) => value.isWellFormed() && !value.includes('\u0000'), {
    error: 'must be valid Unicode text without NUL characters',
  })
  .meta({ maxLength: MAX_NOTES_LENGTH, description: 'Free text, at most 10,000 characters.' });

export const timezoneSchema = z
  .string({ error: typeError('a timezone string') })
  .refine((value) => parseTimezone(value) !== undefined, {
    error:
      'must be "UTC", an offset such as "UTC-3" or "UTC+05:30", or an IANA name such as "America/New_York"',
  })
  .meta({
    pattern: TIMEZONE_PATTERN.source,
    description:
      '`"UTC"`, a fixed offset `"UTC-3"`, `"UTC+5:30"`, `"UTC+05:30"` (hours 0–14, minutes 00, 30 or 45), or an IANA name such as `"America/New_York"` (DST-aware). Stored and returned exactly as given.',
    examples: ['UTC', 'UTC-3', 'UTC+05:30', 'America/New_York'],
  });

const CURRENCIES = new Set(Intl.supportedValuesOf('currency'));

export const currencySchema = z
  .string({ error: typeError('an ISO 4217 currency code') })
  .transform((value) => value.toUpperCase())
  .refine((value) => CURRENCIES.has(value), { error: 'must be an ISO 4217 currency code such as "USD"' })
  .meta({
    pattern: '^[A-Za-z]{3}$',
    description: 'An ISO 4217 currency code, case-insensitive (stored upper-case).',
    examples: ['USD'],
  });

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
export const createEntrySchema = z
  .object({
    start_time: entryFields.start_time,
    date: entryFields.date.nullish(),
    end_time: entryFields.end_time.nullish(),
    hourly_rate: entryFields.hourly_rate.nullish(),
    payment_status: entryFields.payment_status.nullish(),
    notes: entryFields.notes.nullish(),
  })
  .meta({
    id: 'CreateTimeEntry',
    description:
      "`start_time` is required. Without `end_time` (or with `null`) the entry is a running timer. `hourly_rate` defaults to the user's `default_hourly_rate`, `payment_status` to `not_paid`. `date`, when absent or `null`, is the local date of `start_time` in the user's timezone; an explicit `date` more than one day away from it is a 400. `null` means the default for every field. Unknown and read-only fields are ignored.",
    examples: [
      {
        start_time: '2024-01-22T09:00:00Z',
        end_time: '2024-01-22T17:00:00Z',
        hourly_rate: 50,
        notes: 'Design review',
      },
    ],
  });

/** PUT /entries/{id}: every field optional; only end_time and notes may be null. */
export const updateEntrySchema = z
  .object(entryFields)
  .partial()
  .extend({
    end_time: entryFields.end_time.nullable().optional(),
    notes: entryFields.notes.nullable().optional(),
  })
  .meta({
    id: 'UpdateTimeEntry',
    description:
      'A partial update: every field is optional. When `start_time` changes and `date` is not sent, `date` is derived again. `end_time: null` turns the entry back into a running timer; `notes: null` clears the notes; `null` for any other field is a 400. Unknown and read-only fields are ignored, so a whole entry may be sent back.',
    examples: [{ end_time: '2024-01-22T18:00:00', notes: 'Design review and follow-up' }],
  });

/** POST /entries/bulk: at most this many entries per request. */
export const MAX_BULK_ENTRIES = 1000;

export const bulkCreateEntriesSchema = z
  .object({
    entries: z
      .array(createEntrySchema, { error: typeError('an array of entries') })
      .min(1, { error: 'must contain at least one entry' })
      .max(MAX_BULK_ENTRIES, {
        error: `must contain at most ${MAX_BULK_ENTRIES} entries; split the import into batches`,
      }),
  })
  .meta({
    id: 'BulkCreateTimeEntries',
    description: `1–${MAX_BULK_ENTRIES} completed entries, each as POST /entries takes it (\`end_time\` required).`,
    examples: [
      {
        entries: [
          { start_time: '2024-01-22T09:00:00Z', end_time: '2024-01-22T12:00:00Z', notes: 'Design review' },
          { start_time: '2024-01-23T13:00:00Z', end_time: '2024-01-23T17:30:00Z', hourly_rate: 65 },
        ],
      },
    ],
  });

export const batchUpdatePaymentStatusSchema = z
  .object({
    entry_ids: z
      .array(entryIdSchema, { error: typeError('an array of entry ids') })
      .min(1, { error: 'must contain at least one id' })
      .max(MAX_BATCH_IDS, { error: `must contain at most ${MAX_BATCH_IDS} ids` }),
    payment_status: paymentStatusSchema,
  })
  .meta({
    id: 'BatchUpdatePaymentStatus',
    description: "1–1000 of the user's entry ids and the status to give them all.",
    examples: [{ entry_ids: [1, 2, 3], payment_status: 'paid' }],
  });

export const startSessionSchema = z
  .object({
    start_time: instantSchema.nullish(),
    hourly_rate: rateSchema.nullish(),
    notes: notesSchema.nullish(),
    timezone: timezoneSchema.nullish(),
  })
  .meta({
    id: 'StartSession',
    description: `Every field is optional; an empty body is \`{}\`. \`start_time\` (default: now) starts the timer at an earlier moment, for a timer started late: at most ${MAX_LATE_START_DAYS} days ago and not in the future (one up to ${CLOCK_TOLERANCE_SECONDS} seconds ahead, another clock's now, starts now); like every timestamp it is truncated to the second. \`hourly_rate\` defaults to the user's settings; \`timezone\` (default: the user's setting) is used for this entry's \`date\` only, the local date of the start.`,
    examples: [
      { hourly_rate: 50, notes: 'Sprint planning', timezone: 'America/New_York' },
      { start_time: '2024-01-22T08:45:00Z', notes: 'Design review' },
    ],
  });

export const stopSessionSchema = z
  .object({
    end_time: instantSchema.nullish(),
  })
  .meta({
    id: 'StopSession',
    description:
      'Optional; an empty body is `{}`. `end_time` stops the timer at an earlier moment; by default it stops now, but at least one second after `start_time`.',
    examples: [{}, { end_time: '2024-01-22T17:00:00Z' }],
  });

export const updateSettingsSchema = z
  .object({
    default_hourly_rate: rateSchema.optional(),
    currency: currencySchema.optional(),
    timezone: timezoneSchema.optional(),
  })
  .meta({
    id: 'UpdateSettings',
    description: 'Any subset of the three settings; `null` for a field is a 400.',
    examples: [{ default_hourly_rate: 65, currency: 'eur', timezone: 'UTC+05:30' }],
  });

// ---- query strings and path parameters ------------------------------------

// Query values are strings; the document shows them as the integers they must spell.
const integerParam = (min: number, max: number) =>
  z
    .string()
    .regex(/^\d+$/, { error: `must be an integer from ${min} to ${max}` })
    .transform(Number)
    .refine((n) => n >= min && n <= max, { error: `must be an integer from ${min} to ${max}` })
    .meta({ override: { type: 'integer', minimum: min, maximum: max, pattern: undefined } });

export const entryIdParamSchema = integerParam(1, MAX_ID).meta({
  description: 'A time entry id, 1–2147483647.',
  examples: [1],
});

/** The path of a route under an entry (`/entries/{entry_id}`, `/sessions/{entry_id}/stop`). */
export const entryPathSchema = z.object({ entry_id: entryIdParamSchema });

/** A date filter: "YYYY-MM-DD", or a date-time whose local date (user's timezone) is used. */
export const dateFilterSchema = z
  .string()
  .transform((value, ctx) => {
    if (isCalendarDate(value)) return { date: value };
    const instant = parseInstant(value);
    if (instant) return { instant };
    ctx.addIssue({ code: 'custom', message: 'must be a date "YYYY-MM-DD" or an ISO 8601 date-time' });
    return z.NEVER;
  })
  .meta({
    description:
      "An inclusive bound on `date`: `YYYY-MM-DD`, or an ISO 8601 date-time whose local date in the user's timezone is used.",
    examples: ['2024-01-01'],
  });

export const listEntriesQuerySchema = z.object({
  start_date: dateFilterSchema.optional(),
  end_date: dateFilterSchema.optional(),
  payment_status: paymentStatusSchema.optional(),
  skip: integerParam(0, MAX_ID).default(0).meta({ description: 'How many of the matching entries to skip.' }),
  limit: integerParam(1, 1000)
    .default(100)
    .meta({ description: 'At most this many entries (the frontend sends 1000).' }),
});

/** GET /entries/export: the list's filters, without paging (the export has no row limit). */
export const exportEntriesQuerySchema = listEntriesQuerySchema.pick({
  start_date: true,
  end_date: true,
  payment_status: true,
});

export const statsQuerySchema = z.object({
  period: z
    .enum(['day', 'week', 'month', 'year'], { error: 'must be one of "day", "week", "month", "year"' })
    .optional()
    .meta({
      description:
        'Limits `unpaid_amount`, `invoiced_amount` and `paid_amount` to the current day, ISO week, month or year; without it they cover all time.',
    }),
  timezone: timezoneSchema
    .optional()
    .meta({ description: "Overrides the user's timezone for this request.", examples: ['America/New_York'] }),
});

// ---- responses -------------------------------------------------------------

/** Naive UTC to the second, as the frontend expects: "2024-01-22T09:00:00". */
const utcTimestamp = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/)
  .meta({
    description: 'UTC, to the second, without an offset (naive UTC): add `Z` to read it as an instant.',
    examples: ['2024-01-22T09:00:00'],
  });

const rate = z.number().meta({
  'x-max-decimals': RATE_DECIMALS,
  description: `At most ${RATE_DECIMALS} decimals.`,
  examples: [50],
});
const hours = z
  .number()
  .meta({ 'x-max-decimals': 2, description: 'Hours, rounded half-up to 2 decimals.', examples: [8] });
const money = z.number().meta({
  'x-max-decimals': 2,
  description: 'Money, rounded half-up to cents (2 decimals).',
  examples: [400],
});

const TIME_ENTRY_EXAMPLE = {
  id: 1,
  date: '2024-01-22',
  start_time: '2024-01-22T09:00:00',
  end_time: '2024-01-22T17:00:00',
  hourly_rate: 50,
  total_hours: 8,
  total_earned: 400,
  payment_status: 'not_paid',
  notes: 'Design review',
  created_at: '2024-01-22T09:00:00',
  updated_at: '2024-01-22T17:00:00',
  user_id: 123,
} as const;

export const timeEntrySchema = z
  .object({
    id: z.number().int().min(1).max(MAX_ID),
    date: z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}$/)
      .meta({
        format: 'date',
        description: "The local calendar date of the work in the user's timezone, `YYYY-MM-DD`.",
        examples: ['2024-01-22'],
      }),
    start_time: utcTimestamp,
    end_time: utcTimestamp.nullable(),
    hourly_rate: rate,
    total_hours: hours.nullable(),
    total_earned: money.nullable(),
    payment_status: z.enum(PAYMENT_STATUSES),
    notes: z.string().nullable(),
    created_at: utcTimestamp,
    updated_at: utcTimestamp,
    user_id: z.number().int().min(1).max(MAX_ID),
  })
  .meta({
    id: 'TimeEntry',
    description:
      'A time entry. All keys are always present; a running entry has `end_time`, `total_hours` and `total_earned` equal to `null`. All timestamps are UTC.',
    examples: [TIME_ENTRY_EXAMPLE],
  });

export const statsSchema = z
  .object({
    total_hours_today: hours,
    total_earned_today: money,
    total_hours_week: hours,
    total_earned_week: money,
    total_hours_month: hours,
    total_earned_month: money,
    unpaid_amount: money.meta({ description: 'Earnings of `not_paid` entries.' }),
    invoiced_amount: money.meta({
      description: 'Earnings of `invoiced_not_approved` and `invoiced_approved` entries.',
    }),
    paid_amount: money.meta({ description: 'Earnings of `paid` entries.' }),
  })
  .meta({
    id: 'Stats',
    description:
      "Hours and earnings of completed entries for the user's current day, ISO week (Monday to Sunday) and month, in the user's timezone, and the amounts by payment status (over all time, or the `period`). Money is in the user's currency.",
    examples: [
      {
        total_hours_today: 8.5,
        total_earned_today: 425,
        total_hours_week: 40,
        total_earned_week: 2000,
        total_hours_month: 160,
        total_earned_month: 8000,
        unpaid_amount: 3000,
        invoiced_amount: 2000,
        paid_amount: 3000,
      },
    ],
  });

export const settingsSchema = z
  .object({
    default_hourly_rate: rate,
    currency: z
      .string()
      .meta({ pattern: '^[A-Z]{3}$', description: 'ISO 4217, upper-case.', examples: ['USD'] }),
    timezone: z.string().meta({
      pattern: TIMEZONE_PATTERN.source,
      description: 'Exactly as it was set: `"UTC"`, `"UTC-3"`, `"UTC+05:30"` or an IANA name.',
      examples: ['UTC'],
    }),
  })
  .meta({
    id: 'Settings',
    description: "The user's settings, created with the server's defaults on first access.",
    examples: [{ default_hourly_rate: 50, currency: 'USD', timezone: 'UTC' }],
  });

export const batchUpdateResultSchema = z
  .object({
    message: z.string(),
    updated_count: z.number().int().min(0).max(MAX_BATCH_IDS),
  })
  .meta({
    id: 'BatchUpdateResult',
    description: '`updated_count` counts distinct entries (a repeated id counts once).',
    examples: [{ message: 'Updated 3 entries to paid.', updated_count: 3 }],
  });

export const problemSchema = z
  .object({
    type: z
      .string()
      .meta({ description: 'Always `about:blank`: the status says what kind of problem it is.' }),
    title: z.string().meta({ description: 'The HTTP status phrase.' }),
    status: z.number().int().min(400).max(599),
    detail: z.string().meta({ description: 'A sentence for people that names the problem.' }),
    code: z.enum(PROBLEM_CODES).meta({ description: 'Names the problem for programs.' }),
    request_id: z.string().meta({
      description:
        'The id of this request, as in the `X-Request-Id` response header: quote it when reporting a problem, it leads to the server log line of the request.',
      examples: ['3f2c9a4e-8d1b-4c7e-9a51-2b6f0e4d7c18'],
    }),
    errors: z
      .array(z.object({ path: z.string(), message: z.string() }))
      .optional()
      .meta({
        description:
          "Validation failures only: each field's dotted path (`entry_ids.3`; `entry_id` for the URL's id) and what is wrong with it.",
      }),
    active_entry: timeEntrySchema
      .nullable()
      .optional()
      .meta({ description: 'A 409 about a second running timer only: the entry already running.' }),
  })
  .meta({
    id: 'Problem',
    description: 'RFC 9457 problem details, sent as `application/problem+json`.',
    examples: [
      {
        type: 'about:blank',
        title: 'Bad Request',
        status: 400,
        detail: 'Invalid hourly_rate: must be a number (not a string)',
        code: 'validation_failed',
        request_id: '3f2c9a4e-8d1b-4c7e-9a51-2b6f0e4d7c18',
        errors: [{ path: 'hourly_rate', message: 'must be a number (not a string)' }],
      },
    ],
  });

// ---- invoice links ---------------------------------------------------------

export const MIN_INVOICE_LINK_DAYS = 1;
export const MAX_INVOICE_LINK_DAYS = 365;
export const DEFAULT_INVOICE_LINK_DAYS = 30;

/** POST /generate-invoice-link: the list's filters (null means "no filter") and the link's lifetime. */
export const generateInvoiceLinkSchema = z
  .object({
    start_date: dateFilterSchema.nullish(),
    end_date: dateFilterSchema.nullish(),
    payment_status: paymentStatusSchema.nullish(),
    expires_in_days: z
      .number({ error: typeError('an integer number of days') })
      .int({ error: 'must be an integer' })
      .min(MIN_INVOICE_LINK_DAYS, {
        error: `must be from ${MIN_INVOICE_LINK_DAYS} to ${MAX_INVOICE_LINK_DAYS}`,
      })
      .max(MAX_INVOICE_LINK_DAYS, {
        error: `must be from ${MIN_INVOICE_LINK_DAYS} to ${MAX_INVOICE_LINK_DAYS}`,
      })
      .nullish()
      .meta({
        description: `Days until the link expires; ${DEFAULT_INVOICE_LINK_DAYS} when absent or null.`,
      }),
  })
  .meta({
    id: 'GenerateInvoiceLink',
    description:
      "Every field is optional; an empty body is `{}`. The dates filter on `date` as the list's do (inclusive; `YYYY-MM-DD`, or a date-time whose local date in the user's timezone is used); `start_date` after `end_date` is a 400. The link covers the completed entries that match now.",
    examples: [
      { start_date: '2024-01-01', end_date: '2024-01-31', payment_status: 'not_paid', expires_in_days: 30 },
    ],
  });

/** `/invoice-links/{link_id}`: any string; one that is not a link id of the user is a 404. */
export const invoiceLinkPathSchema = z.object({
  link_id: z.string().meta({
    description: 'An invoice link id (a UUID), as the list and the create answer give it.',
    examples: ['0b9f3c1e-5d2a-4f6b-9a8c-7e1d2c3b4a59'],
  }),
});

/** `/public/invoice/{token}`: any string; a wrong one is the same 401 whatever it looks like. */
export const invoiceTokenPathSchema = z.object({
  token: z.string().meta({
    description: 'The token of a shared invoice link (the last segment of its `public_url`).',
    examples: ['q2xv1T0rj8cUu0b2jRk3bq0pWcK5wJ7mH1Ykq8yKq6E'],
  }),
});

const linkTotals = {
  entry_count: z.number().int().min(0).meta({ description: 'Completed entries the link shows now.' }),
  total_hours: hours.meta({ description: "The entries' exact total duration, rounded once to 2 decimals." }),
  total_earned: money.meta({ description: "The sum of the entries' `total_earned`." }),
  currency: z.string().meta({
    pattern: '^[A-Z]{3}$',
    description: "The owner's currency when the link was made.",
    examples: ['USD'],
  }),
};

export const invoiceLinkCreatedSchema = z
  .object({
    id: z.string().meta({ description: 'The link id, for the list and for revoking it.' }),
    public_url: z.string().meta({
      description:
        'Where anyone with the link sees the invoice: `<PUBLIC_APP_URL or the request origin>/public/invoice/<token>`. The token is shown only here.',
      examples: ['https://time.example.com/public/invoice/q2xv1T0rj8cUu0b2jRk3bq0pWcK5wJ7mH1Ykq8yKq6E'],
    }),
    expires_at: utcTimestamp,
    ...linkTotals,
  })
  .meta({
    id: 'InvoiceLinkCreated',
    description: 'A new invoice link. Totals follow the stats rules; the token is in `public_url` only.',
    examples: [
      {
        id: '0b9f3c1e-5d2a-4f6b-9a8c-7e1d2c3b4a59',
        public_url: 'https://time.example.com/public/invoice/q2xv1T0rj8cUu0b2jRk3bq0pWcK5wJ7mH1Ykq8yKq6E',
        expires_at: '2024-03-01T12:00:00',
        entry_count: 3,
        total_hours: 24,
        total_earned: 1200,
        currency: 'USD',
      },
    ],
  });

export const invoiceLinkSchema = z
  .object({
    id: z.string(),
    created_at: utcTimestamp,
    expires_at: utcTimestamp,
    revoked: z.boolean(),
    filters: z.object({
      start_date: z.string().nullable().meta({ format: 'date' }),
      end_date: z.string().nullable().meta({ format: 'date' }),
      payment_status: z.enum(PAYMENT_STATUSES).nullable(),
    }),
    ...linkTotals,
  })
  .meta({
    id: 'InvoiceLink',
    description:
      "One of the user's invoice links, never its token. Totals are of its entries as they are now (a deleted entry no longer counts).",
    examples: [
      {
        id: '0b9f3c1e-5d2a-4f6b-9a8c-7e1d2c3b4a59',
        created_at: '2024-02-01T12:00:00',
        expires_at: '2024-03-02T12:00:00',
        revoked: false,
        filters: { start_date: '2024-01-01', end_date: '2024-01-31', payment_status: 'not_paid' },
        entry_count: 3,
        total_hours: 24,
        total_earned: 1200,
        currency: 'USD',
      },
    ],
  });

export type InvoiceLinkCreated = z.infer<typeof invoiceLinkCreatedSchema>;
export type InvoiceLink = z.infer<typeof invoiceLinkSchema>;
export type GenerateInvoiceLinkInput = z.input<typeof generateInvoiceLinkSchema>;

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

// ---- undo: deleted entries (issue 14) -------------------------------------

/** POST /entries/batch-delete and /entries/batch-restore: the batch update's ids. */
export const batchEntryIdsSchema = batchUpdatePaymentStatusSchema.pick({ entry_ids: true }).meta({
  id: 'BatchEntryIds',
  description: "1–1000 of the user's entry ids (a repeated id counts once).",
  examples: [{ entry_ids: [1, 2, 3] }],
});

/** GET /entries/deleted: pages as the list's. */
export const listDeletedEntriesQuerySchema = listEntriesQuerySchema.pick({ skip: true, limit: true });

export const deletedTimeEntrySchema = timeEntrySchema
  .extend({
    deleted_at: utcTimestamp.meta({ description: 'When the entry was deleted (UTC).' }),
    restorable_until: utcTimestamp.meta({
      description: `Until when it can be restored (UTC): \`deleted_at\` + ${DELETED_ENTRY_RETENTION_DAYS} days (${DELETED_ENTRY_RETENTION_DAYS * 24} hours).`,
    }),
  })
  .meta({
    id: 'DeletedTimeEntry',
    description:
      'A deleted entry as it was when deleted, with when it was deleted and until when it can be restored.',
    examples: [
      { ...TIME_ENTRY_EXAMPLE, deleted_at: '2024-01-23T10:00:00', restorable_until: '2024-02-22T10:00:00' },
    ],
  });

export const batchDeleteResultSchema = z
  .object({ deleted_count: z.number().int().min(1).max(MAX_BATCH_IDS) })
  .meta({
    id: 'BatchDeleteResult',
    description: '`deleted_count` counts distinct entries (a repeated id counts once).',
    examples: [{ deleted_count: 3 }],
  });

export type DeletedTimeEntry = z.infer<typeof deletedTimeEntrySchema>;
export type BatchDeleteResult = z.infer<typeof batchDeleteResultSchema>;

// ---- reports (GET /reports/summary) ----------------------------------------

/** GET /reports/summary answers at most this many rows (periods); a longer range is a 400. */
export const MAX_REPORT_ROWS = 400;

export const REPORT_GROUPS = ['day', 'week', 'month'] as const;
export type ReportGroup = (typeof REPORT_GROUPS)[number];

export const reportQuerySchema = z.object({
  start_date: dateFilterSchema.meta({
    description:
      "The first day of the report (inclusive): `YYYY-MM-DD`, or an ISO 8601 date-time whose local date in `timezone` (default: the user's) is used.",
    examples: ['2024-01-01'],
  }),
  end_date: dateFilterSchema.meta({
    description: 'The last day of the report (inclusive), in the same forms; not before `start_date`.',
    examples: ['2024-03-31'],
  }),
  group_by: z.enum(REPORT_GROUPS, { error: 'must be one of "day", "week", "month"' }).default('day').meta({
    description:
      'The length of each row: a day, an ISO week (Monday to Sunday) or a calendar month. Default `day`.',
  }),
  payment_status: paymentStatusSchema
    .optional()
    .meta({ description: 'Only entries with this payment status count.' }),
  timezone: timezoneSchema.optional().meta({
    description:
      "Overrides the user's timezone for this request: it only decides the local date of a date-time `start_date`/`end_date`. Entries are grouped by their `date`, their local date when they were recorded.",
    examples: ['America/New_York'],
  }),
});

export const reportRowSchema = z
  .object({
    period_start: z.string().meta({ format: 'date', description: 'First day of the row (inclusive).' }),
    period_end: z.string().meta({ format: 'date', description: 'Last day of the row (inclusive).' }),
    entries: z
      .number()
      .int()
      .min(0)
      .meta({ description: 'Entries dated in the row, a running timer included (as the list counts them).' }),
    hours: hours.meta({
      description: "Completed entries' exact total duration, rounded once (per row) to 2 decimals.",
    }),
    earned: money.meta({ description: "The sum of the completed entries' `total_earned`." }),
    unpaid: money.meta({ description: 'Earnings of `not_paid` entries.' }),
    invoiced: money.meta({
      description: 'Earnings of `invoiced_not_approved` and `invoiced_approved` entries.',
    }),
    paid: money.meta({ description: 'Earnings of `paid` entries.' }),
  })
  .meta({ id: 'ReportRow', description: 'The totals of one day, week or month of the report.' });

export const reportSchema = z
  .object({
    start_date: z.string().meta({ format: 'date', description: 'The first day of the report.' }),
    end_date: z.string().meta({ format: 'date', description: 'The last day of the report.' }),
    group_by: z.enum(REPORT_GROUPS),
    rows: z.array(reportRowSchema).max(MAX_REPORT_ROWS).meta({
      description:
        'One row per period from `start_date` to `end_date`, oldest first, including periods without work. The first and last rows are clipped to the range: `group_by=week` from a Wednesday starts with a row from that Wednesday to Sunday.',
    }),
  })
  .meta({
    id: 'Report',
    description:
      "Hours and earnings per day, ISO week or month, split by payment status. Money is in the user's currency; earnings are sums of the entries' `total_earned`.",
    examples: [
      {
        start_date: '2024-01-01',
        end_date: '2024-01-10',
        group_by: 'week',
        rows: [
          {
            period_start: '2024-01-01',
            period_end: '2024-01-07',
            entries: 12,
            hours: 40.5,
            earned: 2025,
            unpaid: 1025,
            invoiced: 500,
            paid: 500,
          },
          {
            period_start: '2024-01-08',
            period_end: '2024-01-10',
            entries: 0,
            hours: 0,
            earned: 0,
            unpaid: 0,
            invoiced: 0,
            paid: 0,
          },
        ],
      },
    ],
  });

export type ReportQuery = z.infer<typeof reportQuerySchema>;
export type ReportQueryInput = z.input<typeof reportQuerySchema>;
export type Report = z.infer<typeof reportSchema>;
export type ReportRow = z.infer<typeof reportRowSchema>;
