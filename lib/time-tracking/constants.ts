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

/**
 * The supported range of every stored instant and every `date`: 4-digit years.
 * An instant outside it is refused on input, and an instant or date the server
 * would derive outside it (a stop's end, a start's local date in the user's
 * zone) is a 400 rather than a row no request could send back.
 */
export const MIN_DATE = '1900-01-01';
export const MAX_DATE = '9999-12-31';
export const MIN_INSTANT_MS = Date.UTC(1900, 0, 1);
export const MAX_INSTANT_MS = Date.UTC(9999, 11, 31, 23, 59, 59);

/**
 * How far another machine's clock may be ahead of ours: a token's `exp`/`nbf`
 * (lib/auth/verify.ts) and a timer's explicit stop `end_time` may be this far
 * in the future.
 */
export const CLOCK_TOLERANCE_SECONDS = 5;

/**
 * How far back POST /sessions/start may put an explicit `start_time` (a timer
 * "started 15 minutes ago", forgotten over a weekend): at most this many days.
 */
export const MAX_LATE_START_DAYS = 31;

/**
 * Every amount of money an entry carries (`total_earned`) is below this, so
 * that with its 2 decimals it has at most 15 significant digits and the JSON
 * number the API sends is exactly the stored decimal (a double holds any
 * 15-digit decimal). An entry that would earn more is a 400.
 */
export const MAX_EXACT_AMOUNT = 10 ** 13;

/**
 * GET /settings answers with it whether the user has ever saved settings
 * ("true"/"false"): until then they are the server's defaults, and the page
 * proposes the browser's timezone.
 */
export const SETTINGS_SAVED_HEADER = 'X-Settings-Saved';

/** Where the API lives; every route file and the browser client build their paths on it. */
export const API_BASE_PATH = '/api/v1/time-tracking';

/** Where the public (token-less) endpoints live: the invoice a shared link shows. */
export const PUBLIC_API_BASE_PATH = '/api/v1/public';

/** Where a shared invoice is shown in the app: `<base>/public/invoice/<token>`. */
export const PUBLIC_INVOICE_PAGE_PATH = '/public/invoice';

/**
 * How long a deleted entry can be restored (POST /entries/{entry_id}/restore);
 * after that it is no longer shown or restored, and later deletes purge it.
 * Counted in hours of the database's clock (`deleted_at` + 30 × 24 h), the
 * same in every timezone.
 */
export const DELETED_ENTRY_RETENTION_DAYS = 30;
