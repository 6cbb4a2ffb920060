// Facts about the data that the database schema (db/schema.ts) and the wire
// schemas (schemas.ts) both rely on. Pure: no imports.

export const PAYMENT_STATUSES = ['not_paid', 'invoiced_not_approved', 'invoiced_approved', 'paid'] as const;
export type PaymentStatus = (typeof PAYMENT_STATUSES)[number];

/** Ids (entries and users) are Postgres `integer`s from 1 up. */
export const MAX_ID = 2147483647;
export const MAX_RATE = 1_000_000_000;
/** Decimal places a rate may have; numeric(14, 4) stores them exactly. */
export const RATE_DECIMALS = 4;
export const MAX_NOTES_LENGTH = 10_000;
export const MAX_BATCH_IDS = 1000;

/** Where the API lives; every route file and the browser client build their paths on it. */
export const API_BASE_PATH = '/api/v1/time-tracking';
