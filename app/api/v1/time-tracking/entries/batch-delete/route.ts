import { defineRoute, operation } from '@/lib/http/route';
import { API_BASE_PATH, DELETED_ENTRY_RETENTION_DAYS } from '@/lib/time-tracking/constants';
import { deleteEntries } from '@/lib/time-tracking/deleted-entries';
import { batchDeleteResultSchema, batchEntryIdsSchema } from '@/lib/time-tracking/schemas';

export const { GET, POST, PUT, DELETE, PATCH, OPTIONS } = defineRoute(
  `${API_BASE_PATH}/entries/batch-delete`,
  {
    // POST /api/v1/time-tracking/entries/batch-delete – delete many entries, all or nothing
    POST: operation({
      operationId: 'batchDeleteEntries',
      tags: ['Entries'],
      summary: 'Delete many entries',
      description: `All or nothing: if any id is missing or another user's, the answer is 404 naming the missing ids and nothing changes. Deleted entries can be restored for ${DELETED_ENTRY_RETENTION_DAYS} days (\`POST /entries/batch-restore\`).`,
      body: batchEntryIdsSchema,
      response: { status: 200, description: 'Every entry was deleted.', schema: batchDeleteResultSchema },
      idempotent: true,
      problems: ['not_found'],
      handle: async ({ db, userId, body }) => ({
        deleted_count: await deleteEntries(db, userId, body.entry_ids),
      }),
    }),
  },
);
