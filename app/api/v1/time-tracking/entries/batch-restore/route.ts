import { z } from 'zod';
import { defineRoute, operation } from '@/lib/http/route';
import { API_BASE_PATH, DELETED_ENTRY_RETENTION_DAYS } from '@/lib/time-tracking/constants';
import { restoreEntries } from '@/lib/time-tracking/deleted-entries';
import { batchEntryIdsSchema, timeEntrySchema } from '@/lib/time-tracking/schemas';
import { serializeEntry } from '@/lib/time-tracking/serialize';

export const { GET, POST, PUT, DELETE, PATCH, OPTIONS } = defineRoute(
  `${API_BASE_PATH}/entries/batch-restore`,
  {
    // POST /api/v1/time-tracking/entries/batch-restore – restore many deleted entries, all or nothing
    POST: operation({
      operationId: 'batchRestoreEntries',
      tags: ['Entries'],
      summary: 'Restore many deleted entries',
      description: `All or nothing, as \`POST /entries/{entry_id}/restore\` for each: 404 naming the ids that were not deleted in the last ${DELETED_ENTRY_RETENTION_DAYS} days by this user (entries already back count as restored), 409 when it would make a second running timer; either way nothing changes.`,
      body: batchEntryIdsSchema,
      response: {
        status: 200,
        description: 'The restored entries, by id.',
        schema: z.array(timeEntrySchema),
      },
      idempotent: true,
      problems: ['not_found', 'conflict'],
      handle: async ({ db, userId, body }) =>
        (await restoreEntries(db, userId, body.entry_ids)).map(serializeEntry),
    }),
  },
);
