import { defineRoute, operation } from '@/lib/http/route';
import { API_BASE_PATH, MAX_LATE_START_DAYS } from '@/lib/time-tracking/constants';
import { startSessionSchema, timeEntrySchema } from '@/lib/time-tracking/schemas';
import { serializeEntry } from '@/lib/time-tracking/serialize';
import { startSession } from '@/lib/time-tracking/sessions';

export const { GET, POST, PUT, DELETE, PATCH, OPTIONS } = defineRoute(`${API_BASE_PATH}/sessions/start`, {
  // POST /api/v1/time-tracking/sessions/start – start the timer
  POST: operation({
    operationId: 'startSession',
    tags: ['Sessions'],
    summary: 'Start the timer',
    description: `The new entry starts now (to the second), or at \`start_time\` for a timer started late (at most ${MAX_LATE_START_DAYS} days ago; its \`date\` is the local date of that start). At most one running entry per user: a second start is a 409 whose body carries \`active_entry\`.`,
    body: startSessionSchema,
    bodyOptional: true,
    response: { status: 201, description: 'The new running entry.', schema: timeEntrySchema },
    idempotent: true,
    problems: ['conflict'],
    handle: async ({ db, userId, body }) => serializeEntry(await startSession(db, userId, body)),
  }),
});
