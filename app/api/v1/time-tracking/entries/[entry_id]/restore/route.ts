import { defineRoute, operation } from '@/lib/http/route';
import { API_BASE_PATH, DELETED_ENTRY_RETENTION_DAYS } from '@/lib/time-tracking/constants';
import { restoreEntry } from '@/lib/time-tracking/deleted-entries';
import { entryPathSchema, timeEntrySchema } from '@/lib/time-tracking/schemas';
import { serializeEntry } from '@/lib/time-tracking/serialize';

export const { GET, POST, PUT, DELETE, PATCH, OPTIONS } = defineRoute(
  `${API_BASE_PATH}/entries/{entry_id}/restore`,
  {
    // POST /api/v1/time-tracking/entries/{entry_id}/restore – undo a delete
    POST: operation({
      operationId: 'restoreEntry',
      tags: ['Entries'],
      summary: 'Restore a deleted entry',
      description: `Brings back an entry deleted in the last ${DELETED_ENTRY_RETENTION_DAYS} days with its id and every field as it was (\`updated_at\` included). An entry that is already back (a retried restore) is answered 200 as well. 404 for an unknown id, another user's, or one deleted longer ago; 409 (with \`active_entry\`) when it is a running timer and another timer is running.`,
      params: entryPathSchema,
      response: { status: 200, description: 'The restored entry.', schema: timeEntrySchema },
      idempotent: true,
      problems: ['not_found', 'conflict'],
      handle: async ({ db, userId, params }) =>
        serializeEntry(await restoreEntry(db, userId, params.entry_id)),
    }),
  },
);
