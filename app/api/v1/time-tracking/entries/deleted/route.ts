import { z } from 'zod';
import { defineRoute, operation } from '@/lib/http/route';
import { API_BASE_PATH, DELETED_ENTRY_RETENTION_DAYS } from '@/lib/time-tracking/constants';
import { listDeletedEntries, RETENTION_MS } from '@/lib/time-tracking/deleted-entries';
import { deletedTimeEntrySchema, listDeletedEntriesQuerySchema } from '@/lib/time-tracking/schemas';
import { serializeDeletedEntry } from '@/lib/time-tracking/serialize';

export const { GET, POST, PUT, DELETE, PATCH, OPTIONS } = defineRoute(`${API_BASE_PATH}/entries/deleted`, {
  // GET /api/v1/time-tracking/entries/deleted – what can be restored, newest deletion first
  GET: operation({
    operationId: 'listDeletedEntries',
    tags: ['Entries'],
    summary: 'List deleted entries that can be restored',
    description: `A bare array of the entries deleted in the last ${DELETED_ENTRY_RETENTION_DAYS} days, newest deletion first (\`deleted_at\` desc, \`id\` desc), paged with \`skip\` and \`limit\` as the list is.`,
    query: listDeletedEntriesQuerySchema,
    response: {
      status: 200,
      description: 'The deleted entries on this page.',
      schema: z.array(deletedTimeEntrySchema),
    },
    handle: async ({ db, userId, query }) =>
      (await listDeletedEntries(db, userId, query)).map((row) => serializeDeletedEntry(row, RETENTION_MS)),
  }),
});
