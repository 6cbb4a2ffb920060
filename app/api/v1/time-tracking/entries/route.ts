import { z } from 'zod';
import { defineRoute, operation } from '@/lib/http/route';
import { API_BASE_PATH } from '@/lib/time-tracking/constants';
import { createEntry, listEntries } from '@/lib/time-tracking/entries';
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
      const { json, total } = await listEntries(db, userId, query);
      return new Response(json, {
        headers: { 'Content-Type': 'application/json', 'X-Total-Count': String(total) },
      });
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
