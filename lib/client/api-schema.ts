// Generated from docs/openapi.json by scripts/openapi-types.ts (npm run openapi): do not edit.

export interface paths {
  '/public/invoice/{token}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * The entries of a shared invoice
     * @description No `Authorization` (one sent is ignored): the token is the credential. A bare array of the entries the link froze at creation, as they are now (a deleted entry is gone, a corrected one shows corrected; a reopened one is left out while it runs), oldest first (`date`, `start_time`, `id`). The headers carry what the page needs besides. An unknown, malformed, expired or revoked token is the same 401. Limited per client address.
     */
    get: operations['getPublicInvoice'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/batch-update-payment-status': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Set one payment status on many entries
     * @description All or nothing: if any id is missing or another user's, the answer is 404 naming the missing ids and nothing changes.
     */
    post: operations['batchUpdatePaymentStatus'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/entries': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * List the user's entries
     * @description A bare array, newest first (`date` desc, `start_time` desc, `id` desc). `X-Total-Count` is the number of matching entries, ignoring `skip` and `limit`. `start_date` after `end_date` is a 400.
     */
    get: operations['listEntries'];
    put?: never;
    /**
     * Create an entry
     * @description Without `end_time` the entry is a running timer: a 409 (with `active_entry`) if one is already running.
     */
    post: operations['createEntry'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/entries/{entry_id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Get one entry */
    get: operations['getEntry'];
    /** Update an entry (partial) */
    put: operations['updateEntry'];
    post?: never;
    /**
     * Delete an entry
     * @description A running entry may be deleted too. The entry disappears at once from the list, stats, reports, exports and invoice links, and can be restored for 30 days (`POST /entries/{entry_id}/restore`).
     */
    delete: operations['deleteEntry'];
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/entries/{entry_id}/restore': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Restore a deleted entry
     * @description Brings back an entry deleted in the last 30 days with its id and every field as it was (`updated_at` included). An entry that is already back (a retried restore) is answered 200 as well. 404 for an unknown id, another user's, or one deleted longer ago; 409 (with `active_entry`) when it is a running timer and another timer is running.
     */
    post: operations['restoreEntry'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/entries/batch-delete': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Delete many entries
     * @description All or nothing: if any id is missing or another user's, the answer is 404 naming the missing ids and nothing changes. Deleted entries can be restored for 30 days (`POST /entries/batch-restore`).
     */
    post: operations['batchDeleteEntries'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/entries/batch-restore': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Restore many deleted entries
     * @description All or nothing, as `POST /entries/{entry_id}/restore` for each: 404 naming the ids that were not deleted in the last 30 days by this user (entries already back count as restored), 409 when it would make a second running timer; either way nothing changes.
     */
    post: operations['batchRestoreEntries'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/entries/bulk': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Create many completed entries at once (import)
     * @description 1–1000 entries, each validated exactly as `POST /entries` validates it; `end_time` is required (a bulk import never starts a timer). All or nothing: one invalid item is a 400 whose `errors[].path` names the item and field (`entries.17.end_time`), listing the errors of every item (up to 100), and nothing is created. 201 with the created entries in request order.
     */
    post: operations['createEntriesInBulk'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/entries/deleted': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * List deleted entries that can be restored
     * @description A bare array of the entries deleted in the last 30 days, newest deletion first (`deleted_at` desc, `id` desc), paged with `skip` and `limit` as the list is.
     */
    get: operations['listDeletedEntries'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/entries/export': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Export the user's entries as CSV
     * @description Every completed entry matching the list's filters (no row limit), newest first, as RFC 4180 CSV: a UTF-8 byte-order mark, a header row, CRLF line ends. Running timers are left out. Columns: `id`, `date`, `start_local` and `end_local` ("YYYY-MM-DD HH:MM:SS" in the user's timezone now), `timezone`, `start_utc` and `end_utc` (ISO 8601 with `Z`), `hours`, `hourly_rate`, `earned` (exact decimals), `currency`, `payment_status`, `notes`. A cell starting with `=`, `+`, `-`, `@`, tab or carriage return is prefixed with `'` so that spreadsheets do not run it as a formula. The file is streamed page by page, so it is not one snapshot: an entry changed during the download may show old or new values. A failure mid-file cuts the connection.
     */
    get: operations['exportEntries'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/generate-invoice-link': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Create a shareable invoice link
     * @description Freezes the selection: the link covers the completed entries that match the filters now, and shows them as they are when it is opened. No matching entry is a 400. The token is in `public_url` and is shown only in this answer (and in a replay of it with the same `Idempotency-Key`).
     */
    post: operations['generateInvoiceLink'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/invoice-links': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * List the user's invoice links
     * @description Newest first, at most 500, revoked and expired ones included. Totals are of each link’s entries as they are now. Never the token.
     */
    get: operations['listInvoiceLinks'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/invoice-links/{link_id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post?: never;
    /**
     * Revoke an invoice link
     * @description The link stays in the list as `revoked`; its public URL answers 401 at once. Revoking it again is a 204 too. An unknown, malformed or another user's id is a 404.
     */
    delete: operations['revokeInvoiceLink'];
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/openapi.json': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * This OpenAPI document
     * @description Public (no token) and cacheable; send `If-None-Match` with the `ETag` to get a 304.
     */
    get: operations['getOpenApiDocument'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/reports/summary': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Hours and earnings per day, week or month
     * @description One row per day, ISO week (Monday to Sunday) or calendar month from `start_date` to `end_date` (inclusive), periods without work included, the first and last clipped to the range. Entries count by their `date` (their local date in the user's timezone). Hours and earnings follow the stats' rules: only completed entries, earnings are sums of the entries' `total_earned`, hours rounded once per row. At most 400 rows: a longer range is a 400.
     */
    get: operations['getSummaryReport'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/sessions/{entry_id}/stop': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Stop the timer
     * @description Stopping an entry that is already stopped returns it unchanged (two tabs may both press "stop"); an explicit `end_time` different from the stored one is then a 409. An `end_time` not after `start_time` is a 400.
     */
    post: operations['stopSession'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/sessions/active': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The running entry, if any */
    get: operations['getActiveSession'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/sessions/start': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Start the timer
     * @description The new entry starts now (to the second), or at `start_time` for a timer started late (at most 31 days ago; its `date` is the local date of that start). At most one running entry per user: a second start is a 409 whose body carries `active_entry`.
     */
    post: operations['startSession'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/settings': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * The user's settings
     * @description Created with the server's defaults on first access. `X-Settings-Saved: false` says the user has never saved settings (they are the server's defaults), so a client can propose a timezone.
     */
    get: operations['getSettings'];
    /**
     * Change settings
     * @description Changing the timezone does not move the `date` of existing entries. Saving, even `{}`, marks the settings as saved (`X-Settings-Saved` of GET).
     */
    put: operations['updateSettings'];
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/stats': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Hours and earnings
     * @description Only completed entries count. Earnings are the sum of the entries’ `total_earned`; hours are the exact total duration, rounded once.
     */
    get: operations['getStats'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
}
export type webhooks = Record<string, never>;
export interface components {
  schemas: {
    /**
     * @description 1–1000 of the user's entry ids and the status to give them all.
     * @example {
     *       "entry_ids": [
     *         1,
     *         2,
     *         3
     *       ],
     *       "payment_status": "paid"
     *     }
     */
    BatchUpdatePaymentStatus: {
      entry_ids: number[];
      payment_status: components['schemas']['PaymentStatus'];
    };
    /**
     * @description Where the entry is in the invoicing cycle.
     * @enum {string}
     */
    PaymentStatus: 'not_paid' | 'invoiced_not_approved' | 'invoiced_approved' | 'paid';
    /**
     * @description `start_time` is required. Without `end_time` (or with `null`) the entry is a running timer. `hourly_rate` defaults to the user's `default_hourly_rate`, `payment_status` to `not_paid`. `date`, when absent or `null`, is the local date of `start_time` in the user's timezone; an explicit `date` more than one day away from it is a 400. `null` means the default for every field. Unknown and read-only fields are ignored.
     * @example {
     *       "start_time": "2024-01-22T09:00:00Z",
     *       "end_time": "2024-01-22T17:00:00Z",
     *       "hourly_rate": 50,
     *       "notes": "Design review"
     *     }
     */
    CreateTimeEntry: {
      /**
       * @description An ISO 8601 date-time. With `Z` or an offset it is that instant; without an offset it is UTC, so a timestamp from a response can be sent back unchanged. Fractions of a second are truncated.
       * @example 2024-01-22T09:00:00Z
       */
      start_time: string;
      date?: string | null;
      end_time?: string | null;
      hourly_rate?: number | null;
      payment_status?: components['schemas']['PaymentStatus'] | null;
      notes?: string | null;
    };
    /**
     * @description A partial update: every field is optional. When `start_time` changes and `date` is not sent, `date` is derived again. `end_time: null` turns the entry back into a running timer; `notes: null` clears the notes; `null` for any other field is a 400. Unknown and read-only fields are ignored, so a whole entry may be sent back.
     * @example {
     *       "end_time": "2024-01-22T18:00:00",
     *       "notes": "Design review and follow-up"
     *     }
     */
    UpdateTimeEntry: {
      /**
       * Format: date
       * @description A calendar date, `YYYY-MM-DD`.
       * @example 2024-01-22
       */
      date?: string;
      /**
       * @description An ISO 8601 date-time. With `Z` or an offset it is that instant; without an offset it is UTC, so a timestamp from a response can be sent back unchanged. Fractions of a second are truncated.
       * @example 2024-01-22T09:00:00Z
       */
      start_time?: string;
      end_time?: string | null;
      /**
       * @description An hourly rate: a JSON number (not a string) ≥ 0 with at most 4 decimals, stored exactly.
       * @example 50
       */
      hourly_rate?: number;
      payment_status?: components['schemas']['PaymentStatus'];
      notes?: string | null;
    };
    /**
     * @description 1–1000 of the user's entry ids (a repeated id counts once).
     * @example {
     *       "entry_ids": [
     *         1,
     *         2,
     *         3
     *       ]
     *     }
     */
    BatchEntryIds: {
      entry_ids: number[];
    };
    /**
     * @description 1–1000 completed entries, each as POST /entries takes it (`end_time` required).
     * @example {
     *       "entries": [
     *         {
     *           "start_time": "2024-01-22T09:00:00Z",
     *           "end_time": "2024-01-22T12:00:00Z",
     *           "notes": "Design review"
     *         },
     *         {
     *           "start_time": "2024-01-23T13:00:00Z",
     *           "end_time": "2024-01-23T17:30:00Z",
     *           "hourly_rate": 65
     *         }
     *       ]
     *     }
     */
    BulkCreateTimeEntries: {
      entries: components['schemas']['CreateTimeEntry'][];
    };
    /**
     * @description Every field is optional; an empty body is `{}`. The dates filter on `date` as the list's do (inclusive; `YYYY-MM-DD`, or a date-time whose local date in the user's timezone is used); `start_date` after `end_date` is a 400. The link covers the completed entries that match now.
     * @example {
     *       "start_date": "2024-01-01",
     *       "end_date": "2024-01-31",
     *       "payment_status": "not_paid",
     *       "expires_in_days": 30
     *     }
     */
    GenerateInvoiceLink: {
      start_date?: string | null;
      end_date?: string | null;
      payment_status?: components['schemas']['PaymentStatus'] | null;
      /** @description Days until the link expires; 30 when absent or null. */
      expires_in_days?: number | null;
    };
    /**
     * @description Optional; an empty body is `{}`. `end_time` stops the timer at an earlier moment; by default it stops now, but at least one second after `start_time`.
     * @example {}
     * @example {
     *       "end_time": "2024-01-22T17:00:00Z"
     *     }
     */
    StopSession: {
      end_time?: string | null;
    };
    /**
     * @description Every field is optional; an empty body is `{}`. `start_time` (default: now) starts the timer at an earlier moment, for a timer started late: at most 31 days ago and not in the future (one up to 5 seconds ahead, another clock's now, starts now); like every timestamp it is truncated to the second. `hourly_rate` defaults to the user's settings; `timezone` (default: the user's setting) is used for this entry's `date` only, the local date of the start.
     * @example {
     *       "hourly_rate": 50,
     *       "notes": "Sprint planning",
     *       "timezone": "America/New_York"
     *     }
     * @example {
     *       "start_time": "2024-01-22T08:45:00Z",
     *       "notes": "Design review"
     *     }
     */
    StartSession: {
      start_time?: string | null;
      hourly_rate?: number | null;
      notes?: string | null;
      timezone?: string | null;
    };
    /**
     * @description Any subset of the three settings; `null` for a field is a 400.
     * @example {
     *       "default_hourly_rate": 65,
     *       "currency": "eur",
     *       "timezone": "UTC+05:30"
     *     }
     */
    UpdateSettings: {
      /**
       * @description An hourly rate: a JSON number (not a string) ≥ 0 with at most 4 decimals, stored exactly.
       * @example 50
       */
      default_hourly_rate?: number;
      /**
       * @description An ISO 4217 currency code, case-insensitive (stored upper-case).
       * @example USD
       */
      currency?: string;
      /**
       * @description `"UTC"`, a fixed offset `"UTC-3"`, `"UTC+5:30"`, `"UTC+05:30"` (hours 0–14, minutes 00, 30 or 45), or an IANA name such as `"America/New_York"` (DST-aware). Stored and returned exactly as given.
       * @example UTC
       * @example UTC-3
       * @example UTC+05:30
       * @example America/New_York
       */
      timezone?: string;
    };
    /**
     * @description RFC 9457 problem details, sent as `application/problem+json`.
     * @example {
     *       "type": "about:blank",
     *       "title": "Bad Request",
     *       "status": 400,
     *       "detail": "Invalid hourly_rate: must be a number (not a string)",
     *       "code": "validation_failed",
     *       "request_id": "3f2c9a4e-8d1b-4c7e-9a51-2b6f0e4d7c18",
     *       "errors": [
     *         {
     *           "path": "hourly_rate",
     *           "message": "must be a number (not a string)"
     *         }
     *       ]
     *     }
     */
    Problem: {
      /** @description Always `about:blank`: the status says what kind of problem it is. */
      type: string;
      /** @description The HTTP status phrase. */
      title: string;
      status: number;
      /** @description A sentence for people that names the problem. */
      detail: string;
      /**
       * @description Names the problem for programs.
       * @enum {string}
       */
      code:
        | 'validation_failed'
        | 'invalid_json'
        | 'unauthorized'
        | 'invoice_link_invalid'
        | 'not_found'
        | 'method_not_allowed'
        | 'conflict'
        | 'idempotency_key_in_use'
        | 'payload_too_large'
        | 'idempotency_key_reused'
        | 'rate_limited'
        | 'too_many_in_flight'
        | 'internal_error'
        | 'database_unavailable'
        | 'auth_not_configured'
        | 'auth_unavailable';
      /**
       * @description The id of this request, as in the `X-Request-Id` response header: quote it when reporting a problem, it leads to the server log line of the request.
       * @example 3f2c9a4e-8d1b-4c7e-9a51-2b6f0e4d7c18
       */
      request_id: string;
      /** @description Validation failures only: each field's dotted path (`entry_ids.3`; `entry_id` for the URL's id) and what is wrong with it. */
      errors?: {
        path: string;
        message: string;
      }[];
      /** @description A 409 about a second running timer only: the entry already running. */
      active_entry?: components['schemas']['TimeEntry'] | null;
    };
    /**
     * @description A time entry. All keys are always present; a running entry has `end_time`, `total_hours` and `total_earned` equal to `null`. All timestamps are UTC.
     * @example {
     *       "id": 1,
     *       "date": "2024-01-22",
     *       "start_time": "2024-01-22T09:00:00",
     *       "end_time": "2024-01-22T17:00:00",
     *       "hourly_rate": 50,
     *       "total_hours": 8,
     *       "total_earned": 400,
     *       "payment_status": "not_paid",
     *       "notes": "Design review",
     *       "created_at": "2024-01-22T09:00:00",
     *       "updated_at": "2024-01-22T17:00:00",
     *       "user_id": 123
     *     }
     */
    TimeEntry: {
      id: number;
      /**
       * Format: date
       * @description The local calendar date of the work in the user's timezone, `YYYY-MM-DD`.
       * @example 2024-01-22
       */
      date: string;
      /**
       * @description UTC, to the second, without an offset (naive UTC): add `Z` to read it as an instant.
       * @example 2024-01-22T09:00:00
       */
      start_time: string;
      end_time: string | null;
      /**
       * @description At most 4 decimals.
       * @example 50
       */
      hourly_rate: number;
      total_hours: number | null;
      total_earned: number | null;
      /** @enum {string} */
      payment_status: 'not_paid' | 'invoiced_not_approved' | 'invoiced_approved' | 'paid';
      notes: string | null;
      /**
       * @description UTC, to the second, without an offset (naive UTC): add `Z` to read it as an instant.
       * @example 2024-01-22T09:00:00
       */
      created_at: string;
      /**
       * @description UTC, to the second, without an offset (naive UTC): add `Z` to read it as an instant.
       * @example 2024-01-22T09:00:00
       */
      updated_at: string;
      user_id: number;
    };
    /**
     * @description `updated_count` counts distinct entries (a repeated id counts once).
     * @example {
     *       "message": "Updated 3 entries to paid.",
     *       "updated_count": 3
     *     }
     */
    BatchUpdateResult: {
      message: string;
      updated_count: number;
    };
    /**
     * @description `deleted_count` counts distinct entries (a repeated id counts once).
     * @example {
     *       "deleted_count": 3
     *     }
     */
    BatchDeleteResult: {
      deleted_count: number;
    };
    /**
     * @description A deleted entry as it was when deleted, with when it was deleted and until when it can be restored.
     * @example {
     *       "id": 1,
     *       "date": "2024-01-22",
     *       "start_time": "2024-01-22T09:00:00",
     *       "end_time": "2024-01-22T17:00:00",
     *       "hourly_rate": 50,
     *       "total_hours": 8,
     *       "total_earned": 400,
     *       "payment_status": "not_paid",
     *       "notes": "Design review",
     *       "created_at": "2024-01-22T09:00:00",
     *       "updated_at": "2024-01-22T17:00:00",
     *       "user_id": 123,
     *       "deleted_at": "2024-01-23T10:00:00",
     *       "restorable_until": "2024-02-22T10:00:00"
     *     }
     */
    DeletedTimeEntry: {
      id: number;
      /**
       * Format: date
       * @description The local calendar date of the work in the user's timezone, `YYYY-MM-DD`.
       * @example 2024-01-22
       */
      date: string;
      /**
       * @description UTC, to the second, without an offset (naive UTC): add `Z` to read it as an instant.
       * @example 2024-01-22T09:00:00
       */
      start_time: string;
      end_time: string | null;
      /**
       * @description At most 4 decimals.
       * @example 50
       */
      hourly_rate: number;
      total_hours: number | null;
      total_earned: number | null;
      /** @enum {string} */
      payment_status: 'not_paid' | 'invoiced_not_approved' | 'invoiced_approved' | 'paid';
      notes: string | null;
      /**
       * @description UTC, to the second, without an offset (naive UTC): add `Z` to read it as an instant.
       * @example 2024-01-22T09:00:00
       */
      created_at: string;
      /**
       * @description UTC, to the second, without an offset (naive UTC): add `Z` to read it as an instant.
       * @example 2024-01-22T09:00:00
       */
      updated_at: string;
      user_id: number;
      /**
       * @description When the entry was deleted (UTC).
       * @example 2024-01-22T09:00:00
       */
      deleted_at: string;
      /**
       * @description Until when it can be restored (UTC): `deleted_at` + 30 days (720 hours).
       * @example 2024-01-22T09:00:00
       */
      restorable_until: string;
    };
    /**
     * @description A new invoice link. Totals follow the stats rules; the token is in `public_url` only.
     * @example {
     *       "id": "0b9f3c1e-5d2a-4f6b-9a8c-7e1d2c3b4a59",
     *       "public_url": "https://time.example.com/public/invoice/q2xv1T0rj8cUu0b2jRk3bq0pWcK5wJ7mH1Ykq8yKq6E",
     *       "expires_at": "2024-03-01T12:00:00",
     *       "entry_count": 3,
     *       "total_hours": 24,
     *       "total_earned": 1200,
     *       "currency": "USD"
     *     }
     */
    InvoiceLinkCreated: {
      /** @description The link id, for the list and for revoking it. */
      id: string;
      /**
       * @description Where anyone with the link sees the invoice: `<PUBLIC_APP_URL or the request origin>/public/invoice/<token>`. The token is shown only here.
       * @example https://time.example.com/public/invoice/q2xv1T0rj8cUu0b2jRk3bq0pWcK5wJ7mH1Ykq8yKq6E
       */
      public_url: string;
      /**
       * @description UTC, to the second, without an offset (naive UTC): add `Z` to read it as an instant.
       * @example 2024-01-22T09:00:00
       */
      expires_at: string;
      /** @description Completed entries the link shows now. */
      entry_count: number;
      /**
       * @description The entries' exact total duration, rounded once to 2 decimals.
       * @example 8
       */
      total_hours: number;
      /**
       * @description The sum of the entries' `total_earned`.
       * @example 400
       */
      total_earned: number;
      /**
       * @description The owner's currency when the link was made.
       * @example USD
       */
      currency: string;
    };
    /**
     * @description One of the user's invoice links, never its token. Totals are of its entries as they are now (a deleted entry no longer counts).
     * @example {
     *       "id": "0b9f3c1e-5d2a-4f6b-9a8c-7e1d2c3b4a59",
     *       "created_at": "2024-02-01T12:00:00",
     *       "expires_at": "2024-03-02T12:00:00",
     *       "revoked": false,
     *       "filters": {
     *         "start_date": "2024-01-01",
     *         "end_date": "2024-01-31",
     *         "payment_status": "not_paid"
     *       },
     *       "entry_count": 3,
     *       "total_hours": 24,
     *       "total_earned": 1200,
     *       "currency": "USD"
     *     }
     */
    InvoiceLink: {
      id: string;
      /**
       * @description UTC, to the second, without an offset (naive UTC): add `Z` to read it as an instant.
       * @example 2024-01-22T09:00:00
       */
      created_at: string;
      /**
       * @description UTC, to the second, without an offset (naive UTC): add `Z` to read it as an instant.
       * @example 2024-01-22T09:00:00
       */
      expires_at: string;
      revoked: boolean;
      filters: {
        /** Format: date */
        start_date: string | null;
        /** Format: date */
        end_date: string | null;
        payment_status: ('not_paid' | 'invoiced_not_approved' | 'invoiced_approved' | 'paid') | null;
      };
      /** @description Completed entries the link shows now. */
      entry_count: number;
      /**
       * @description The entries' exact total duration, rounded once to 2 decimals.
       * @example 8
       */
      total_hours: number;
      /**
       * @description The sum of the entries' `total_earned`.
       * @example 400
       */
      total_earned: number;
      /**
       * @description The owner's currency when the link was made.
       * @example USD
       */
      currency: string;
    };
    /**
     * @description Hours and earnings per day, ISO week or month, split by payment status. Money is in the user's currency; earnings are sums of the entries' `total_earned`.
     * @example {
     *       "start_date": "2024-01-01",
     *       "end_date": "2024-01-10",
     *       "group_by": "week",
     *       "rows": [
     *         {
     *           "period_start": "2024-01-01",
     *           "period_end": "2024-01-07",
     *           "entries": 12,
     *           "hours": 40.5,
     *           "earned": 2025,
     *           "unpaid": 1025,
     *           "invoiced": 500,
     *           "paid": 500
     *         },
     *         {
     *           "period_start": "2024-01-08",
     *           "period_end": "2024-01-10",
     *           "entries": 0,
     *           "hours": 0,
     *           "earned": 0,
     *           "unpaid": 0,
     *           "invoiced": 0,
     *           "paid": 0
     *         }
     *       ]
     *     }
     */
    Report: {
      /**
       * Format: date
       * @description The first day of the report.
       */
      start_date: string;
      /**
       * Format: date
       * @description The last day of the report.
       */
      end_date: string;
      /** @enum {string} */
      group_by: 'day' | 'week' | 'month';
      /** @description One row per period from `start_date` to `end_date`, oldest first, including periods without work. The first and last rows are clipped to the range: `group_by=week` from a Wednesday starts with a row from that Wednesday to Sunday. */
      rows: components['schemas']['ReportRow'][];
    };
    /** @description The totals of one day, week or month of the report. */
    ReportRow: {
      /**
       * Format: date
       * @description First day of the row (inclusive).
       */
      period_start: string;
      /**
       * Format: date
       * @description Last day of the row (inclusive).
       */
      period_end: string;
      /** @description Entries dated in the row, a running timer included (as the list counts them). */
      entries: number;
      /**
       * @description Completed entries' exact total duration, rounded once (per row) to 2 decimals.
       * @example 8
       */
      hours: number;
      /**
       * @description The sum of the completed entries' `total_earned`.
       * @example 400
       */
      earned: number;
      /**
       * @description Earnings of `not_paid` entries.
       * @example 400
       */
      unpaid: number;
      /**
       * @description Earnings of `invoiced_not_approved` and `invoiced_approved` entries.
       * @example 400
       */
      invoiced: number;
      /**
       * @description Earnings of `paid` entries.
       * @example 400
       */
      paid: number;
    };
    /**
     * @description The user's settings, created with the server's defaults on first access.
     * @example {
     *       "default_hourly_rate": 50,
     *       "currency": "USD",
     *       "timezone": "UTC"
     *     }
     */
    Settings: {
      /**
       * @description At most 4 decimals.
       * @example 50
       */
      default_hourly_rate: number;
      /**
       * @description ISO 4217, upper-case.
       * @example USD
       */
      currency: string;
      /**
       * @description Exactly as it was set: `"UTC"`, `"UTC-3"`, `"UTC+05:30"` or an IANA name.
       * @example UTC
       */
      timezone: string;
    };
    /**
     * @description Hours and earnings of completed entries for the user's current day, ISO week (Monday to Sunday) and month, in the user's timezone, and the amounts by payment status (over all time, or the `period`). Money is in the user's currency.
     * @example {
     *       "total_hours_today": 8.5,
     *       "total_earned_today": 425,
     *       "total_hours_week": 40,
     *       "total_earned_week": 2000,
     *       "total_hours_month": 160,
     *       "total_earned_month": 8000,
     *       "unpaid_amount": 3000,
     *       "invoiced_amount": 2000,
     *       "paid_amount": 3000
     *     }
     */
    Stats: {
      /**
       * @description Hours, rounded half-up to 2 decimals.
       * @example 8
       */
      total_hours_today: number;
      /**
       * @description Money, rounded half-up to cents (2 decimals).
       * @example 400
       */
      total_earned_today: number;
      /**
       * @description Hours, rounded half-up to 2 decimals.
       * @example 8
       */
      total_hours_week: number;
      /**
       * @description Money, rounded half-up to cents (2 decimals).
       * @example 400
       */
      total_earned_week: number;
      /**
       * @description Hours, rounded half-up to 2 decimals.
       * @example 8
       */
      total_hours_month: number;
      /**
       * @description Money, rounded half-up to cents (2 decimals).
       * @example 400
       */
      total_earned_month: number;
      /**
       * @description Earnings of `not_paid` entries.
       * @example 400
       */
      unpaid_amount: number;
      /**
       * @description Earnings of `invoiced_not_approved` and `invoiced_approved` entries.
       * @example 400
       */
      invoiced_amount: number;
      /**
       * @description Earnings of `paid` entries.
       * @example 400
       */
      paid_amount: number;
    };
  };
  responses: {
    /** @description Method Not Allowed: `method_not_allowed`: The path does not have this method; `Allow` lists the ones it has. */
    Problem405: {
      headers: {
        /** @description The methods the path has. */
        Allow: string;
        /** @description Present when the body is compressed: bodies of 1024 bytes or more, in the coding the request's `Accept-Encoding` prefers (`br` on a tie); absent for smaller bodies and when neither is accepted. */
        'Content-Encoding'?: 'br' | 'gzip';
        /** @description Includes `Accept-Encoding`, compressed or not (a cache must key the answer on it). Sent by the Node server (`next start`, the Docker image) with every JSON or CSV answer; a platform that compresses by itself sets its own. */
        Vary?: string;
        [name: string]: unknown;
      };
      content: {
        'application/problem+json': components['schemas']['Problem'];
      };
    };
    /** @description Bad Request: `validation_failed`: Failed validation (`errors` names each field), an id that is not an integer from 1 to 2147483647, or a malformed path. `invalid_json`: The body is not valid UTF-8 JSON, or not a JSON object. */
    Problem400: {
      headers: {
        /** @description Present when the body is compressed: bodies of 1024 bytes or more, in the coding the request's `Accept-Encoding` prefers (`br` on a tie); absent for smaller bodies and when neither is accepted. */
        'Content-Encoding'?: 'br' | 'gzip';
        /** @description Includes `Accept-Encoding`, compressed or not (a cache must key the answer on it). Sent by the Node server (`next start`, the Docker image) with every JSON or CSV answer; a platform that compresses by itself sets its own. */
        Vary?: string;
        [name: string]: unknown;
      };
      content: {
        'application/problem+json': components['schemas']['Problem'];
      };
    };
    /** @description Unauthorized: `unauthorized`: The bearer token is missing, malformed, expired, or does not name a user. `invoice_link_invalid`: The public invoice link is unknown, malformed, expired or revoked: the same answer for each. Its `WWW-Authenticate` names no scheme a client could answer (the token is in the URL). */
    Problem401: {
      headers: {
        /** @description The Bearer challenge; `error="invalid_token"` when a token was sent. For `invoice_link_invalid`: `InvoiceLink realm="public-invoice"`, a challenge no client answers (the token is in the URL). */
        'WWW-Authenticate': string;
        /** @description Present when the body is compressed: bodies of 1024 bytes or more, in the coding the request's `Accept-Encoding` prefers (`br` on a tie); absent for smaller bodies and when neither is accepted. */
        'Content-Encoding'?: 'br' | 'gzip';
        /** @description Includes `Accept-Encoding`, compressed or not (a cache must key the answer on it). Sent by the Node server (`next start`, the Docker image) with every JSON or CSV answer; a platform that compresses by itself sets its own. */
        Vary?: string;
        [name: string]: unknown;
      };
      content: {
        'application/problem+json': components['schemas']['Problem'];
      };
    };
    /** @description Too Many Requests: `rate_limited`: The caller (the user, or the client address on a public endpoint) made more requests this minute than the limit allows. Comes with `Retry-After` and the `RateLimit` and `RateLimit-Policy` headers. `too_many_in_flight`: The user already has as many requests in progress as allowed (a large list page counts until its body is sent). Comes with `Retry-After`. */
    Problem429: {
      headers: {
        /** @description Seconds to wait before retrying (to the end of the window, for `rate_limited`). */
        'Retry-After': number;
        /** @description For `rate_limited`: the limit, per IETF draft-ietf-httpapi-ratelimit-headers (`q` requests per `w` seconds). */
        'RateLimit-Policy'?: string;
        /** @description For `rate_limited`: requests left (`r`) and seconds until the window ends (`t`). Every response under a limit carries it. */
        RateLimit?: string;
        /** @description Present when the body is compressed: bodies of 1024 bytes or more, in the coding the request's `Accept-Encoding` prefers (`br` on a tie); absent for smaller bodies and when neither is accepted. */
        'Content-Encoding'?: 'br' | 'gzip';
        /** @description Includes `Accept-Encoding`, compressed or not (a cache must key the answer on it). Sent by the Node server (`next start`, the Docker image) with every JSON or CSV answer; a platform that compresses by itself sets its own. */
        Vary?: string;
        [name: string]: unknown;
      };
      content: {
        'application/problem+json': components['schemas']['Problem'];
      };
    };
    /** @description Internal Server Error: `internal_error`: A bug. The body never carries SQL, parameters or a stack trace. */
    Problem500: {
      headers: {
        /** @description Present when the body is compressed: bodies of 1024 bytes or more, in the coding the request's `Accept-Encoding` prefers (`br` on a tie); absent for smaller bodies and when neither is accepted. */
        'Content-Encoding'?: 'br' | 'gzip';
        /** @description Includes `Accept-Encoding`, compressed or not (a cache must key the answer on it). Sent by the Node server (`next start`, the Docker image) with every JSON or CSV answer; a platform that compresses by itself sets its own. */
        Vary?: string;
        [name: string]: unknown;
      };
      content: {
        'application/problem+json': components['schemas']['Problem'];
      };
    };
    /** @description Service Unavailable: `database_unavailable`: The database is unreachable, or did not finish the statement in time (it was cancelled, so nothing was changed). Comes with `Retry-After`. `auth_not_configured`: The server has no token verification key configured. `auth_unavailable`: The identity provider's signing keys cannot be fetched. Comes with `Retry-After`. */
    Problem503: {
      headers: {
        /** @description Seconds to wait before retrying. */
        'Retry-After'?: number;
        /** @description Present when the body is compressed: bodies of 1024 bytes or more, in the coding the request's `Accept-Encoding` prefers (`br` on a tie); absent for smaller bodies and when neither is accepted. */
        'Content-Encoding'?: 'br' | 'gzip';
        /** @description Includes `Accept-Encoding`, compressed or not (a cache must key the answer on it). Sent by the Node server (`next start`, the Docker image) with every JSON or CSV answer; a platform that compresses by itself sets its own. */
        Vary?: string;
        [name: string]: unknown;
      };
      content: {
        'application/problem+json': components['schemas']['Problem'];
      };
    };
    /** @description Not Found: `not_found`: The entry does not exist or is another user's (the two are indistinguishable). */
    Problem404: {
      headers: {
        /** @description Present when the body is compressed: bodies of 1024 bytes or more, in the coding the request's `Accept-Encoding` prefers (`br` on a tie); absent for smaller bodies and when neither is accepted. */
        'Content-Encoding'?: 'br' | 'gzip';
        /** @description Includes `Accept-Encoding`, compressed or not (a cache must key the answer on it). Sent by the Node server (`next start`, the Docker image) with every JSON or CSV answer; a platform that compresses by itself sets its own. */
        Vary?: string;
        [name: string]: unknown;
      };
      content: {
        'application/problem+json': components['schemas']['Problem'];
      };
    };
    /** @description Conflict: `conflict`: A second running timer (the body carries the running entry as `active_entry`), or a stop with a different `end_time` on a stopped entry. Concurrent edits of the same entries wait for each other instead; only a write the database kept rolling back as a deadlock or serialization failure, after the server retried it, is a 409 (nothing was changed; repeat it). `idempotency_key_in_use`: A request with the same `Idempotency-Key` is still running. Comes with `Retry-After`; the retry then gets its stored answer. */
    Problem409: {
      headers: {
        /** @description With `idempotency_key_in_use`: seconds to wait before retrying. */
        'Retry-After'?: number;
        /** @description Present when the body is compressed: bodies of 1024 bytes or more, in the coding the request's `Accept-Encoding` prefers (`br` on a tie); absent for smaller bodies and when neither is accepted. */
        'Content-Encoding'?: 'br' | 'gzip';
        /** @description Includes `Accept-Encoding`, compressed or not (a cache must key the answer on it). Sent by the Node server (`next start`, the Docker image) with every JSON or CSV answer; a platform that compresses by itself sets its own. */
        Vary?: string;
        [name: string]: unknown;
      };
      content: {
        'application/problem+json': components['schemas']['Problem'];
      };
    };
    /** @description Content Too Large: `payload_too_large`: The body is larger than 64 KiB. */
    Problem413: {
      headers: {
        /** @description Present when the body is compressed: bodies of 1024 bytes or more, in the coding the request's `Accept-Encoding` prefers (`br` on a tie); absent for smaller bodies and when neither is accepted. */
        'Content-Encoding'?: 'br' | 'gzip';
        /** @description Includes `Accept-Encoding`, compressed or not (a cache must key the answer on it). Sent by the Node server (`next start`, the Docker image) with every JSON or CSV answer; a platform that compresses by itself sets its own. */
        Vary?: string;
        [name: string]: unknown;
      };
      content: {
        'application/problem+json': components['schemas']['Problem'];
      };
    };
    /** @description Unprocessable Content: `idempotency_key_reused`: The `Idempotency-Key` was already used (in the last 24 hours) for a different request: another method, path or body. */
    Problem422: {
      headers: {
        /** @description Present when the body is compressed: bodies of 1024 bytes or more, in the coding the request's `Accept-Encoding` prefers (`br` on a tie); absent for smaller bodies and when neither is accepted. */
        'Content-Encoding'?: 'br' | 'gzip';
        /** @description Includes `Accept-Encoding`, compressed or not (a cache must key the answer on it). Sent by the Node server (`next start`, the Docker image) with every JSON or CSV answer; a platform that compresses by itself sets its own. */
        Vary?: string;
        [name: string]: unknown;
      };
      content: {
        'application/problem+json': components['schemas']['Problem'];
      };
    };
  };
  parameters: never;
  requestBodies: never;
  headers: never;
  pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
  getPublicInvoice: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description The token of a shared invoice link (the last segment of its `public_url`). */
        token: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The invoice's entries. */
      200: {
        headers: {
          /** @description The owner's currency (ISO 4217) when the link was made. */
          'X-Invoice-Currency': string;
          /** @description The owner's timezone when the link was made: show the times in it. */
          'X-Invoice-Timezone': string;
          /** @description The start of the period, when the link has one. */
          'X-Invoice-Start-Date'?: string;
          /** @description The end of the period, when the link has one. */
          'X-Invoice-End-Date'?: string;
          /** @description When the link expires (UTC, naive, as every timestamp of the API). */
          'X-Invoice-Expires-At': string;
          /** @description Present when the body is compressed: bodies of 1024 bytes or more, in the coding the request's `Accept-Encoding` prefers (`br` on a tie); absent for smaller bodies and when neither is accepted. */
          'Content-Encoding'?: 'br' | 'gzip';
          /** @description Includes `Accept-Encoding`, compressed or not (a cache must key the answer on it). Sent by the Node server (`next start`, the Docker image) with every JSON or CSV answer; a platform that compresses by itself sets its own. */
          Vary?: string;
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['TimeEntry'][];
        };
      };
      400: components['responses']['Problem400'];
      401: components['responses']['Problem401'];
      429: components['responses']['Problem429'];
      500: components['responses']['Problem500'];
      503: components['responses']['Problem503'];
    };
  };
  batchUpdatePaymentStatus: {
    parameters: {
      query?: never;
      header?: {
        /** @description Makes the request safe to retry: the same key and body within 24 hours is answered with the stored first answer (`Idempotent-Replayed: true`) and changes nothing. Up to 255 printable ASCII characters, per user; a structured-field string (`"…"`) or bare. A malformed key is a 400. */
        'Idempotency-Key'?: string;
      };
      path?: never;
      cookie?: never;
    };
    /** @description At most 64 KiB; a larger body is a 413. */
    requestBody: {
      content: {
        'application/json': components['schemas']['BatchUpdatePaymentStatus'];
      };
    };
    responses: {
      /** @description Every entry was updated. */
      200: {
        headers: {
          /** @description Present when this is the stored answer to an earlier request with the same `Idempotency-Key`. */
          'Idempotent-Replayed'?: 'true';
          /** @description Present when the body is compressed: bodies of 1024 bytes or more, in the coding the request's `Accept-Encoding` prefers (`br` on a tie); absent for smaller bodies and when neither is accepted. */
          'Content-Encoding'?: 'br' | 'gzip';
          /** @description Includes `Accept-Encoding`, compressed or not (a cache must key the answer on it). Sent by the Node server (`next start`, the Docker image) with every JSON or CSV answer; a platform that compresses by itself sets its own. */
          Vary?: string;
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['BatchUpdateResult'];
        };
      };
      400: components['responses']['Problem400'];
      401: components['responses']['Problem401'];
      404: components['responses']['Problem404'];
      409: components['responses']['Problem409'];
      413: components['responses']['Problem413'];
      422: components['responses']['Problem422'];
      429: components['responses']['Problem429'];
      500: components['responses']['Problem500'];
      503: components['responses']['Problem503'];
    };
  };
  listEntries: {
    parameters: {
      query?: {
        start_date?: string;
        end_date?: string;
        payment_status?: components['schemas']['PaymentStatus'];
        /** @description How many of the matching entries to skip. */
        skip?: number;
        /** @description At most this many entries (the frontend sends 1000). */
        limit?: number;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The entries on this page. */
      200: {
        headers: {
          /** @description How many entries match the filters. */
          'X-Total-Count': number;
          /** @description Present when the body is compressed: bodies of 1024 bytes or more, in the coding the request's `Accept-Encoding` prefers (`br` on a tie); absent for smaller bodies and when neither is accepted. */
          'Content-Encoding'?: 'br' | 'gzip';
          /** @description Includes `Accept-Encoding`, compressed or not (a cache must key the answer on it). Sent by the Node server (`next start`, the Docker image) with every JSON or CSV answer; a platform that compresses by itself sets its own. */
          Vary?: string;
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['TimeEntry'][];
        };
      };
      400: components['responses']['Problem400'];
      401: components['responses']['Problem401'];
      429: components['responses']['Problem429'];
      500: components['responses']['Problem500'];
      503: components['responses']['Problem503'];
    };
  };
  createEntry: {
    parameters: {
      query?: never;
      header?: {
        /** @description Makes the request safe to retry: the same key and body within 24 hours is answered with the stored first answer (`Idempotent-Replayed: true`) and changes nothing. Up to 255 printable ASCII characters, per user; a structured-field string (`"…"`) or bare. A malformed key is a 400. */
        'Idempotency-Key'?: string;
      };
      path?: never;
      cookie?: never;
    };
    /** @description At most 64 KiB; a larger body is a 413. */
    requestBody: {
      content: {
        'application/json': components['schemas']['CreateTimeEntry'];
      };
    };
    responses: {
      /** @description The created entry. */
      201: {
        headers: {
          /** @description Present when this is the stored answer to an earlier request with the same `Idempotency-Key`. */
          'Idempotent-Replayed'?: 'true';
          /** @description Present when the body is compressed: bodies of 1024 bytes or more, in the coding the request's `Accept-Encoding` prefers (`br` on a tie); absent for smaller bodies and when neither is accepted. */
          'Content-Encoding'?: 'br' | 'gzip';
          /** @description Includes `Accept-Encoding`, compressed or not (a cache must key the answer on it). Sent by the Node server (`next start`, the Docker image) with every JSON or CSV answer; a platform that compresses by itself sets its own. */
          Vary?: string;
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['TimeEntry'];
        };
      };
      400: components['responses']['Problem400'];
      401: components['responses']['Problem401'];
      409: components['responses']['Problem409'];
      413: components['responses']['Problem413'];
      422: components['responses']['Problem422'];
      429: components['responses']['Problem429'];
      500: components['responses']['Problem500'];
      503: components['responses']['Problem503'];
    };
  };
  getEntry: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description A time entry id, 1–2147483647. */
        entry_id: number;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The entry. */
      200: {
        headers: {
          /** @description Present when the body is compressed: bodies of 1024 bytes or more, in the coding the request's `Accept-Encoding` prefers (`br` on a tie); absent for smaller bodies and when neither is accepted. */
          'Content-Encoding'?: 'br' | 'gzip';
          /** @description Includes `Accept-Encoding`, compressed or not (a cache must key the answer on it). Sent by the Node server (`next start`, the Docker image) with every JSON or CSV answer; a platform that compresses by itself sets its own. */
          Vary?: string;
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['TimeEntry'];
        };
      };
      400: components['responses']['Problem400'];
      401: components['responses']['Problem401'];
      404: components['responses']['Problem404'];
      429: components['responses']['Problem429'];
      500: components['responses']['Problem500'];
      503: components['responses']['Problem503'];
    };
  };
  updateEntry: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description A time entry id, 1–2147483647. */
        entry_id: number;
      };
      cookie?: never;
    };
    /** @description At most 64 KiB; a larger body is a 413. */
    requestBody: {
      content: {
        'application/json': components['schemas']['UpdateTimeEntry'];
      };
    };
    responses: {
      /** @description The updated entry. */
      200: {
        headers: {
          /** @description Present when the body is compressed: bodies of 1024 bytes or more, in the coding the request's `Accept-Encoding` prefers (`br` on a tie); absent for smaller bodies and when neither is accepted. */
          'Content-Encoding'?: 'br' | 'gzip';
          /** @description Includes `Accept-Encoding`, compressed or not (a cache must key the answer on it). Sent by the Node server (`next start`, the Docker image) with every JSON or CSV answer; a platform that compresses by itself sets its own. */
          Vary?: string;
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['TimeEntry'];
        };
      };
      400: components['responses']['Problem400'];
      401: components['responses']['Problem401'];
      404: components['responses']['Problem404'];
      409: components['responses']['Problem409'];
      413: components['responses']['Problem413'];
      429: components['responses']['Problem429'];
      500: components['responses']['Problem500'];
      503: components['responses']['Problem503'];
    };
  };
  deleteEntry: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description A time entry id, 1–2147483647. */
        entry_id: number;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Deleted; no body. */
      204: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      400: components['responses']['Problem400'];
      401: components['responses']['Problem401'];
      404: components['responses']['Problem404'];
      429: components['responses']['Problem429'];
      500: components['responses']['Problem500'];
      503: components['responses']['Problem503'];
    };
  };
  restoreEntry: {
    parameters: {
      query?: never;
      header?: {
        /** @description Makes the request safe to retry: the same key and body within 24 hours is answered with the stored first answer (`Idempotent-Replayed: true`) and changes nothing. Up to 255 printable ASCII characters, per user; a structured-field string (`"…"`) or bare. A malformed key is a 400. */
        'Idempotency-Key'?: string;
      };
      path: {
        /** @description A time entry id, 1–2147483647. */
        entry_id: number;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The restored entry. */
      200: {
        headers: {
          /** @description Present when this is the stored answer to an earlier request with the same `Idempotency-Key`. */
          'Idempotent-Replayed'?: 'true';
          /** @description Present when the body is compressed: bodies of 1024 bytes or more, in the coding the request's `Accept-Encoding` prefers (`br` on a tie); absent for smaller bodies and when neither is accepted. */
          'Content-Encoding'?: 'br' | 'gzip';
          /** @description Includes `Accept-Encoding`, compressed or not (a cache must key the answer on it). Sent by the Node server (`next start`, the Docker image) with every JSON or CSV answer; a platform that compresses by itself sets its own. */
          Vary?: string;
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['TimeEntry'];
        };
      };
      400: components['responses']['Problem400'];
      401: components['responses']['Problem401'];
      404: components['responses']['Problem404'];
      409: components['responses']['Problem409'];
      422: components['responses']['Problem422'];
      429: components['responses']['Problem429'];
      500: components['responses']['Problem500'];
      503: components['responses']['Problem503'];
    };
  };
  batchDeleteEntries: {
    parameters: {
      query?: never;
      header?: {
        /** @description Makes the request safe to retry: the same key and body within 24 hours is answered with the stored first answer (`Idempotent-Replayed: true`) and changes nothing. Up to 255 printable ASCII characters, per user; a structured-field string (`"…"`) or bare. A malformed key is a 400. */
        'Idempotency-Key'?: string;
      };
      path?: never;
      cookie?: never;
    };
    /** @description At most 64 KiB; a larger body is a 413. */
    requestBody: {
      content: {
        'application/json': components['schemas']['BatchEntryIds'];
      };
    };
    responses: {
      /** @description Every entry was deleted. */
      200: {
        headers: {
          /** @description Present when this is the stored answer to an earlier request with the same `Idempotency-Key`. */
          'Idempotent-Replayed'?: 'true';
          /** @description Present when the body is compressed: bodies of 1024 bytes or more, in the coding the request's `Accept-Encoding` prefers (`br` on a tie); absent for smaller bodies and when neither is accepted. */
          'Content-Encoding'?: 'br' | 'gzip';
          /** @description Includes `Accept-Encoding`, compressed or not (a cache must key the answer on it). Sent by the Node server (`next start`, the Docker image) with every JSON or CSV answer; a platform that compresses by itself sets its own. */
          Vary?: string;
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['BatchDeleteResult'];
        };
      };
      400: components['responses']['Problem400'];
      401: components['responses']['Problem401'];
      404: components['responses']['Problem404'];
      409: components['responses']['Problem409'];
      413: components['responses']['Problem413'];
      422: components['responses']['Problem422'];
      429: components['responses']['Problem429'];
      500: components['responses']['Problem500'];
      503: components['responses']['Problem503'];
    };
  };
  batchRestoreEntries: {
    parameters: {
      query?: never;
      header?: {
        /** @description Makes the request safe to retry: the same key and body within 24 hours is answered with the stored first answer (`Idempotent-Replayed: true`) and changes nothing. Up to 255 printable ASCII characters, per user; a structured-field string (`"…"`) or bare. A malformed key is a 400. */
        'Idempotency-Key'?: string;
      };
      path?: never;
      cookie?: never;
    };
    /** @description At most 64 KiB; a larger body is a 413. */
    requestBody: {
      content: {
        'application/json': components['schemas']['BatchEntryIds'];
      };
    };
    responses: {
      /** @description The restored entries, by id. */
      200: {
        headers: {
          /** @description Present when this is the stored answer to an earlier request with the same `Idempotency-Key`. */
          'Idempotent-Replayed'?: 'true';
          /** @description Present when the body is compressed: bodies of 1024 bytes or more, in the coding the request's `Accept-Encoding` prefers (`br` on a tie); absent for smaller bodies and when neither is accepted. */
          'Content-Encoding'?: 'br' | 'gzip';
          /** @description Includes `Accept-Encoding`, compressed or not (a cache must key the answer on it). Sent by the Node server (`next start`, the Docker image) with every JSON or CSV answer; a platform that compresses by itself sets its own. */
          Vary?: string;
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['TimeEntry'][];
        };
      };
      400: components['responses']['Problem400'];
      401: components['responses']['Problem401'];
      404: components['responses']['Problem404'];
      409: components['responses']['Problem409'];
      413: components['responses']['Problem413'];
      422: components['responses']['Problem422'];
      429: components['responses']['Problem429'];
      500: components['responses']['Problem500'];
      503: components['responses']['Problem503'];
    };
  };
  createEntriesInBulk: {
    parameters: {
      query?: never;
      header?: {
        /** @description Makes the request safe to retry: the same key and body within 24 hours is answered with the stored first answer (`Idempotent-Replayed: true`) and changes nothing. Up to 255 printable ASCII characters, per user; a structured-field string (`"…"`) or bare. A malformed key is a 400. */
        'Idempotency-Key'?: string;
      };
      path?: never;
      cookie?: never;
    };
    /** @description At most 4 MiB; a larger body is a 413. */
    requestBody: {
      content: {
        'application/json': components['schemas']['BulkCreateTimeEntries'];
      };
    };
    responses: {
      /** @description The created entries, in request order. */
      201: {
        headers: {
          /** @description Present when this is the stored answer to an earlier request with the same `Idempotency-Key`. */
          'Idempotent-Replayed'?: 'true';
          /** @description Present when the body is compressed: bodies of 1024 bytes or more, in the coding the request's `Accept-Encoding` prefers (`br` on a tie); absent for smaller bodies and when neither is accepted. */
          'Content-Encoding'?: 'br' | 'gzip';
          /** @description Includes `Accept-Encoding`, compressed or not (a cache must key the answer on it). Sent by the Node server (`next start`, the Docker image) with every JSON or CSV answer; a platform that compresses by itself sets its own. */
          Vary?: string;
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['TimeEntry'][];
        };
      };
      400: components['responses']['Problem400'];
      401: components['responses']['Problem401'];
      409: components['responses']['Problem409'];
      413: components['responses']['Problem413'];
      422: components['responses']['Problem422'];
      429: components['responses']['Problem429'];
      500: components['responses']['Problem500'];
      503: components['responses']['Problem503'];
    };
  };
  listDeletedEntries: {
    parameters: {
      query?: {
        /** @description How many of the matching entries to skip. */
        skip?: number;
        /** @description At most this many entries (the frontend sends 1000). */
        limit?: number;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The deleted entries on this page. */
      200: {
        headers: {
          /** @description Present when the body is compressed: bodies of 1024 bytes or more, in the coding the request's `Accept-Encoding` prefers (`br` on a tie); absent for smaller bodies and when neither is accepted. */
          'Content-Encoding'?: 'br' | 'gzip';
          /** @description Includes `Accept-Encoding`, compressed or not (a cache must key the answer on it). Sent by the Node server (`next start`, the Docker image) with every JSON or CSV answer; a platform that compresses by itself sets its own. */
          Vary?: string;
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['DeletedTimeEntry'][];
        };
      };
      400: components['responses']['Problem400'];
      401: components['responses']['Problem401'];
      429: components['responses']['Problem429'];
      500: components['responses']['Problem500'];
      503: components['responses']['Problem503'];
    };
  };
  exportEntries: {
    parameters: {
      query?: {
        start_date?: string;
        end_date?: string;
        payment_status?: components['schemas']['PaymentStatus'];
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The CSV file (`text/csv; charset=utf-8`), as an attachment. */
      200: {
        headers: {
          /** @description An attachment with a filename naming the date range. */
          'Content-Disposition': string;
          /** @description Present when the body is compressed: bodies of 1024 bytes or more, in the coding the request's `Accept-Encoding` prefers (`br` on a tie); absent for smaller bodies and when neither is accepted. */
          'Content-Encoding'?: 'br' | 'gzip';
          /** @description Includes `Accept-Encoding`, compressed or not (a cache must key the answer on it). Sent by the Node server (`next start`, the Docker image) with every JSON or CSV answer; a platform that compresses by itself sets its own. */
          Vary?: string;
          [name: string]: unknown;
        };
        content: {
          'text/csv': string;
        };
      };
      400: components['responses']['Problem400'];
      401: components['responses']['Problem401'];
      429: components['responses']['Problem429'];
      500: components['responses']['Problem500'];
      503: components['responses']['Problem503'];
    };
  };
  generateInvoiceLink: {
    parameters: {
      query?: never;
      header?: {
        /** @description Makes the request safe to retry: the same key and body within 24 hours is answered with the stored first answer (`Idempotent-Replayed: true`) and changes nothing. Up to 255 printable ASCII characters, per user; a structured-field string (`"…"`) or bare. A malformed key is a 400. */
        'Idempotency-Key'?: string;
      };
      path?: never;
      cookie?: never;
    };
    /** @description At most 64 KiB; a larger body is a 413. */
    requestBody?: {
      content: {
        'application/json': components['schemas']['GenerateInvoiceLink'];
      };
    };
    responses: {
      /** @description The new link. */
      201: {
        headers: {
          /** @description Present when this is the stored answer to an earlier request with the same `Idempotency-Key`. */
          'Idempotent-Replayed'?: 'true';
          /** @description Present when the body is compressed: bodies of 1024 bytes or more, in the coding the request's `Accept-Encoding` prefers (`br` on a tie); absent for smaller bodies and when neither is accepted. */
          'Content-Encoding'?: 'br' | 'gzip';
          /** @description Includes `Accept-Encoding`, compressed or not (a cache must key the answer on it). Sent by the Node server (`next start`, the Docker image) with every JSON or CSV answer; a platform that compresses by itself sets its own. */
          Vary?: string;
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['InvoiceLinkCreated'];
        };
      };
      400: components['responses']['Problem400'];
      401: components['responses']['Problem401'];
      409: components['responses']['Problem409'];
      413: components['responses']['Problem413'];
      422: components['responses']['Problem422'];
      429: components['responses']['Problem429'];
      500: components['responses']['Problem500'];
      503: components['responses']['Problem503'];
    };
  };
  listInvoiceLinks: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The links. */
      200: {
        headers: {
          /** @description Present when the body is compressed: bodies of 1024 bytes or more, in the coding the request's `Accept-Encoding` prefers (`br` on a tie); absent for smaller bodies and when neither is accepted. */
          'Content-Encoding'?: 'br' | 'gzip';
          /** @description Includes `Accept-Encoding`, compressed or not (a cache must key the answer on it). Sent by the Node server (`next start`, the Docker image) with every JSON or CSV answer; a platform that compresses by itself sets its own. */
          Vary?: string;
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['InvoiceLink'][];
        };
      };
      401: components['responses']['Problem401'];
      429: components['responses']['Problem429'];
      500: components['responses']['Problem500'];
      503: components['responses']['Problem503'];
    };
  };
  revokeInvoiceLink: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description An invoice link id (a UUID), as the list and the create answer give it. */
        link_id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Revoked; no body. */
      204: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      400: components['responses']['Problem400'];
      401: components['responses']['Problem401'];
      404: components['responses']['Problem404'];
      429: components['responses']['Problem429'];
      500: components['responses']['Problem500'];
      503: components['responses']['Problem503'];
    };
  };
  getOpenApiDocument: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The OpenAPI 3.1 document. */
      200: {
        headers: {
          /** @description A strong validator of the document. */
          ETag: string;
          'Cache-Control': string;
          /** @description Present when the body is compressed: bodies of 1024 bytes or more, in the coding the request's `Accept-Encoding` prefers (`br` on a tie); absent for smaller bodies and when neither is accepted. */
          'Content-Encoding'?: 'br' | 'gzip';
          /** @description Includes `Accept-Encoding`, compressed or not (a cache must key the answer on it). Sent by the Node server (`next start`, the Docker image) with every JSON or CSV answer; a platform that compresses by itself sets its own. */
          Vary?: string;
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            openapi: string;
            info: {
              title: string;
              version: string;
            } & {
              [key: string]: unknown;
            };
            paths: {
              [key: string]: unknown;
            };
          } & {
            [key: string]: unknown;
          };
        };
      };
      /** @description The document has not changed since the `ETag` sent in `If-None-Match`. */
      304: {
        headers: {
          ETag: string;
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  getSummaryReport: {
    parameters: {
      query: {
        /** @description The first day of the report (inclusive): `YYYY-MM-DD`, or an ISO 8601 date-time whose local date in `timezone` (default: the user's) is used. */
        start_date: string;
        /** @description The last day of the report (inclusive), in the same forms; not before `start_date`. */
        end_date: string;
        /** @description The length of each row: a day, an ISO week (Monday to Sunday) or a calendar month. Default `day`. */
        group_by?: 'day' | 'week' | 'month';
        /** @description Only entries with this payment status count. */
        payment_status?: components['schemas']['PaymentStatus'];
        /** @description Overrides the user's timezone for this request: it only decides the local date of a date-time `start_date`/`end_date`. Entries are grouped by their `date`, their local date when they were recorded. */
        timezone?: string;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The report. */
      200: {
        headers: {
          /** @description Present when the body is compressed: bodies of 1024 bytes or more, in the coding the request's `Accept-Encoding` prefers (`br` on a tie); absent for smaller bodies and when neither is accepted. */
          'Content-Encoding'?: 'br' | 'gzip';
          /** @description Includes `Accept-Encoding`, compressed or not (a cache must key the answer on it). Sent by the Node server (`next start`, the Docker image) with every JSON or CSV answer; a platform that compresses by itself sets its own. */
          Vary?: string;
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Report'];
        };
      };
      400: components['responses']['Problem400'];
      401: components['responses']['Problem401'];
      429: components['responses']['Problem429'];
      500: components['responses']['Problem500'];
      503: components['responses']['Problem503'];
    };
  };
  stopSession: {
    parameters: {
      query?: never;
      header?: {
        /** @description Makes the request safe to retry: the same key and body within 24 hours is answered with the stored first answer (`Idempotent-Replayed: true`) and changes nothing. Up to 255 printable ASCII characters, per user; a structured-field string (`"…"`) or bare. A malformed key is a 400. */
        'Idempotency-Key'?: string;
      };
      path: {
        /** @description A time entry id, 1–2147483647. */
        entry_id: number;
      };
      cookie?: never;
    };
    /** @description At most 64 KiB; a larger body is a 413. */
    requestBody?: {
      content: {
        'application/json': components['schemas']['StopSession'];
      };
    };
    responses: {
      /** @description The completed entry with its totals. */
      200: {
        headers: {
          /** @description Present when this is the stored answer to an earlier request with the same `Idempotency-Key`. */
          'Idempotent-Replayed'?: 'true';
          /** @description Present when the body is compressed: bodies of 1024 bytes or more, in the coding the request's `Accept-Encoding` prefers (`br` on a tie); absent for smaller bodies and when neither is accepted. */
          'Content-Encoding'?: 'br' | 'gzip';
          /** @description Includes `Accept-Encoding`, compressed or not (a cache must key the answer on it). Sent by the Node server (`next start`, the Docker image) with every JSON or CSV answer; a platform that compresses by itself sets its own. */
          Vary?: string;
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['TimeEntry'];
        };
      };
      400: components['responses']['Problem400'];
      401: components['responses']['Problem401'];
      404: components['responses']['Problem404'];
      409: components['responses']['Problem409'];
      413: components['responses']['Problem413'];
      422: components['responses']['Problem422'];
      429: components['responses']['Problem429'];
      500: components['responses']['Problem500'];
      503: components['responses']['Problem503'];
    };
  };
  getActiveSession: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The running entry, or `null` when no timer runs. */
      200: {
        headers: {
          /** @description Present when the body is compressed: bodies of 1024 bytes or more, in the coding the request's `Accept-Encoding` prefers (`br` on a tie); absent for smaller bodies and when neither is accepted. */
          'Content-Encoding'?: 'br' | 'gzip';
          /** @description Includes `Accept-Encoding`, compressed or not (a cache must key the answer on it). Sent by the Node server (`next start`, the Docker image) with every JSON or CSV answer; a platform that compresses by itself sets its own. */
          Vary?: string;
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['TimeEntry'] | null;
        };
      };
      401: components['responses']['Problem401'];
      429: components['responses']['Problem429'];
      500: components['responses']['Problem500'];
      503: components['responses']['Problem503'];
    };
  };
  startSession: {
    parameters: {
      query?: never;
      header?: {
        /** @description Makes the request safe to retry: the same key and body within 24 hours is answered with the stored first answer (`Idempotent-Replayed: true`) and changes nothing. Up to 255 printable ASCII characters, per user; a structured-field string (`"…"`) or bare. A malformed key is a 400. */
        'Idempotency-Key'?: string;
      };
      path?: never;
      cookie?: never;
    };
    /** @description At most 64 KiB; a larger body is a 413. */
    requestBody?: {
      content: {
        'application/json': components['schemas']['StartSession'];
      };
    };
    responses: {
      /** @description The new running entry. */
      201: {
        headers: {
          /** @description Present when this is the stored answer to an earlier request with the same `Idempotency-Key`. */
          'Idempotent-Replayed'?: 'true';
          /** @description Present when the body is compressed: bodies of 1024 bytes or more, in the coding the request's `Accept-Encoding` prefers (`br` on a tie); absent for smaller bodies and when neither is accepted. */
          'Content-Encoding'?: 'br' | 'gzip';
          /** @description Includes `Accept-Encoding`, compressed or not (a cache must key the answer on it). Sent by the Node server (`next start`, the Docker image) with every JSON or CSV answer; a platform that compresses by itself sets its own. */
          Vary?: string;
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['TimeEntry'];
        };
      };
      400: components['responses']['Problem400'];
      401: components['responses']['Problem401'];
      409: components['responses']['Problem409'];
      413: components['responses']['Problem413'];
      422: components['responses']['Problem422'];
      429: components['responses']['Problem429'];
      500: components['responses']['Problem500'];
      503: components['responses']['Problem503'];
    };
  };
  getSettings: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The settings. */
      200: {
        headers: {
          /** @description `false` until the user first saves settings with PUT (the values are then the defaults of DEFAULT_HOURLY_RATE, DEFAULT_CURRENCY and DEFAULT_TIMEZONE). */
          'X-Settings-Saved': 'true' | 'false';
          /** @description Present when the body is compressed: bodies of 1024 bytes or more, in the coding the request's `Accept-Encoding` prefers (`br` on a tie); absent for smaller bodies and when neither is accepted. */
          'Content-Encoding'?: 'br' | 'gzip';
          /** @description Includes `Accept-Encoding`, compressed or not (a cache must key the answer on it). Sent by the Node server (`next start`, the Docker image) with every JSON or CSV answer; a platform that compresses by itself sets its own. */
          Vary?: string;
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Settings'];
        };
      };
      401: components['responses']['Problem401'];
      429: components['responses']['Problem429'];
      500: components['responses']['Problem500'];
      503: components['responses']['Problem503'];
    };
  };
  updateSettings: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** @description At most 64 KiB; a larger body is a 413. */
    requestBody: {
      content: {
        'application/json': components['schemas']['UpdateSettings'];
      };
    };
    responses: {
      /** @description The full settings after the change. */
      200: {
        headers: {
          /** @description Present when the body is compressed: bodies of 1024 bytes or more, in the coding the request's `Accept-Encoding` prefers (`br` on a tie); absent for smaller bodies and when neither is accepted. */
          'Content-Encoding'?: 'br' | 'gzip';
          /** @description Includes `Accept-Encoding`, compressed or not (a cache must key the answer on it). Sent by the Node server (`next start`, the Docker image) with every JSON or CSV answer; a platform that compresses by itself sets its own. */
          Vary?: string;
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Settings'];
        };
      };
      400: components['responses']['Problem400'];
      401: components['responses']['Problem401'];
      413: components['responses']['Problem413'];
      429: components['responses']['Problem429'];
      500: components['responses']['Problem500'];
      503: components['responses']['Problem503'];
    };
  };
  getStats: {
    parameters: {
      query?: {
        /** @description Limits `unpaid_amount`, `invoiced_amount` and `paid_amount` to the current day, ISO week, month or year; without it they cover all time. */
        period?: 'day' | 'week' | 'month' | 'year';
        /** @description Overrides the user's timezone for this request. */
        timezone?: string;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The statistics. */
      200: {
        headers: {
          /** @description Present when the body is compressed: bodies of 1024 bytes or more, in the coding the request's `Accept-Encoding` prefers (`br` on a tie); absent for smaller bodies and when neither is accepted. */
          'Content-Encoding'?: 'br' | 'gzip';
          /** @description Includes `Accept-Encoding`, compressed or not (a cache must key the answer on it). Sent by the Node server (`next start`, the Docker image) with every JSON or CSV answer; a platform that compresses by itself sets its own. */
          Vary?: string;
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Stats'];
        };
      };
      400: components['responses']['Problem400'];
      401: components['responses']['Problem401'];
      429: components['responses']['Problem429'];
      500: components['responses']['Problem500'];
      503: components['responses']['Problem503'];
    };
  };
}
