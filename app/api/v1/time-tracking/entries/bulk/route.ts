import { z } from 'zod';
import { defineRoute, operation } from '@/lib/http/route';
import { API_BASE_PATH } from '@/lib/time-tracking/constants';
import { createEntries } from '@/lib/time-tracking/entries';
import { bulkCreateEntriesSchema, MAX_BULK_ENTRIES, timeEntrySchema } from '@/lib/time-tracking/schemas';
import { serializeEntry } from '@/lib/time-tracking/serialize';

/** Room for 1,000 entries with notes of about 4,000 characters each. */
const MAX_BULK_BODY_BYTES = 4 * 1024 * 1024;

export const { GET, POST, PUT, DELETE, PATCH, OPTIONS } = defineRoute(`${API_BASE_PATH}/entries/bulk`, {
  // POST /api/v1/time-tracking/entries/bulk – create up to 1,000 completed entries, all or nothing
  POST: operation({
    operationId: 'createEntriesInBulk',
    tags: ['Entries'],
    summary: 'Create many completed entries at once (import)',
    description: `1–${MAX_BULK_ENTRIES} entries, each validated exactly as \`POST /entries\` validates it; \`end_time\` is required (a bulk import never starts a timer). All or nothing: one invalid item is a 400 whose \`errors[].path\` names the item and field (\`entries.17.end_time\`), listing the errors of every item (up to 100), and nothing is created. 201 with the created entries in request order.`,
    body: bulkCreateEntriesSchema,
    maxBody: { bytes: MAX_BULK_BODY_BYTES, advice: 'split the import into smaller batches' },
    response: {
      status: 201,
      description: 'The created entries, in request order.',
      schema: z.array(timeEntrySchema),
    },
    idempotent: true,
    handle: async ({ db, userId, body }) =>
      (await createEntries(db, userId, body.entries)).map(serializeEntry),
  }),
});
