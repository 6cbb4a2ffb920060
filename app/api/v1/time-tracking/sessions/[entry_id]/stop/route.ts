import { defineRoute, operation } from '@/lib/http/route';
import { API_BASE_PATH } from '@/lib/time-tracking/constants';
import { entryPathSchema, stopSessionSchema, timeEntrySchema } from '@/lib/time-tracking/schemas';
import { serializeEntry } from '@/lib/time-tracking/serialize';
import { stopSession } from '@/lib/time-tracking/sessions';

export const { GET, POST, PUT, DELETE, PATCH, OPTIONS } = defineRoute(
  `${API_BASE_PATH}/sessions/{entry_id}/stop`,
  {
    // POST /api/v1/time-tracking/sessions/{entry_id}/stop – stop the timer (idempotent)
    POST: operation({
      operationId: 'stopSession',
      tags: ['Sessions'],
      summary: 'Stop the timer',
      description:
        'Stopping an entry that is already stopped returns it unchanged (two tabs may both press "stop"); an explicit `end_time` different from the stored one is then a 409. An `end_time` not after `start_time` is a 400.',
      params: entryPathSchema,
      body: stopSessionSchema,
      bodyOptional: true,
      response: { status: 200, description: 'The completed entry with its totals.', schema: timeEntrySchema },
      idempotent: true,
      problems: ['not_found', 'conflict'],
      handle: async ({ db, userId, params, body }) =>
        serializeEntry(await stopSession(db, userId, params.entry_id, body)),
    }),
  },
);
