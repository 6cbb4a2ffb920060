import { z } from 'zod';
import { defineRoute, operation } from '@/lib/http/route';
import { jsonArrayStream } from '@/lib/http/stream';
import { API_BASE_PATH } from '@/lib/time-tracking/constants';
import { createEntry, LIST_CHUNK_BYTES, listEntries } from '@/lib/time-tracking/entries';
import { createEntrySchema, listEntriesQuerySchema, timeEntrySchema } from '@/lib/time-tracking/schemas';
import { serializeEntry } from '@/lib/time-tracking/serialize';

export const { GET, POST, PUT, DELETE, PATCH, OPTIONS } = defineRoute(`${API_BASE_PATH}/entries`, {
  // GET /api/v1/time-tracking/entries – the user's entries, newest first; total in X-Total-Count
  GET: operation({
    operationId: 'listEntries',
    tags: ['Entries'],
    summary: "List the user's entries",
    description:
      'A bare array, newest first (`date` desc, `start_time` desc, `id` desc). `X-Total-Count` is the number of matching entries, ignoring `skip` and `limit`. `start_date` after `end_date` is a 400.',
    query: listEntriesQuerySchema,
    response: {
      status: 200,
      description: 'The entries on this page.',
      schema: z.array(timeEntrySchema),
      headers: z.object({
        'X-Total-Count': z
          .number()
          .int()
          .min(0)
          .meta({ description: 'How many entries match the filters.', examples: [42] }),
      }),
    },
    async handle({ db, userId, query }) {
      const page = await listEntries(db, userId, query);
      const headers = { 'Content-Type': 'application/json', 'X-Total-Count': String(page.total) };
      // A large page is streamed piece by piece (lib/http/stream.ts); the bytes are the same.
      const body =
        'json' in page ? page.json : jsonArrayStream(page, LIST_CHUNK_BYTES, { route: 'listEntries' });
      return new Response(body, { headers });
    },
  }),

  // POST /api/v1/time-tracking/entries – create an entry (without end_time it is a running timer)
  POST: operation({
    operationId: 'createEntry',
    tags: ['Entries'],
    summary: 'Create an entry',
    description:
      'Without `end_time` the entry is a running timer: a 409 (with `active_entry`) if one is already running.',
    body: createEntrySchema,
    response: { status: 201, description: 'The created entry.', schema: timeEntrySchema },
    idempotent: true,
    problems: ['conflict'],
    handle: async ({ db, userId, body }) => serializeEntry(await createEntry(db, userId, body)),
  }),
});
