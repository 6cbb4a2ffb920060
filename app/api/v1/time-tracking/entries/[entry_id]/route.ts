import { defineRoute, operation } from '@/lib/http/route';
import { API_BASE_PATH, DELETED_ENTRY_RETENTION_DAYS } from '@/lib/time-tracking/constants';
import { deleteEntry } from '@/lib/time-tracking/deleted-entries';
import { getEntryOrThrow, updateEntry } from '@/lib/time-tracking/entries';
import { entryPathSchema, timeEntrySchema, updateEntrySchema } from '@/lib/time-tracking/schemas';
import { serializeEntry } from '@/lib/time-tracking/serialize';

export const { GET, POST, PUT, DELETE, PATCH, OPTIONS } = defineRoute(`${API_BASE_PATH}/entries/{entry_id}`, {
  // GET /api/v1/time-tracking/entries/{entry_id} – one entry
  GET: operation({
    operationId: 'getEntry',
    tags: ['Entries'],
    summary: 'Get one entry',
    params: entryPathSchema,
    response: { status: 200, description: 'The entry.', schema: timeEntrySchema },
    problems: ['not_found'],
    handle: async ({ db, userId, params }) =>
      serializeEntry(await getEntryOrThrow(db, userId, params.entry_id)),
  }),

  // PUT /api/v1/time-tracking/entries/{entry_id} – partial update; a new start_time re-derives date
  PUT: operation({
    operationId: 'updateEntry',
    tags: ['Entries'],
    summary: 'Update an entry (partial)',
    params: entryPathSchema,
    body: updateEntrySchema,
    response: { status: 200, description: 'The updated entry.', schema: timeEntrySchema },
    problems: ['not_found', 'conflict'],
    handle: async ({ db, userId, params, body }) =>
      serializeEntry(await updateEntry(db, userId, params.entry_id, body)),
  }),

  // DELETE /api/v1/time-tracking/entries/{entry_id} – delete an entry
  DELETE: operation({
    operationId: 'deleteEntry',
    tags: ['Entries'],
    summary: 'Delete an entry',
    description: `A running entry may be deleted too. The entry disappears at once from the list, stats, reports, exports and invoice links, and can be restored for ${DELETED_ENTRY_RETENTION_DAYS} days (\`POST /entries/{entry_id}/restore\`).`,
    params: entryPathSchema,
    response: { status: 204, description: 'Deleted; no body.' },
    problems: ['not_found'],
    handle: ({ db, userId, params }) => deleteEntry(db, userId, params.entry_id),
  }),
});
