import { defineRoute, operation } from '@/lib/http/route';
import { API_BASE_PATH } from '@/lib/time-tracking/constants';
import { timeEntrySchema } from '@/lib/time-tracking/schemas';
import { serializeEntry } from '@/lib/time-tracking/serialize';
import { getActiveSession } from '@/lib/time-tracking/sessions';

export const { GET, POST, PUT, DELETE, PATCH, OPTIONS } = defineRoute(`${API_BASE_PATH}/sessions/active`, {
  // GET /api/v1/time-tracking/sessions/active – the running entry, or null
  GET: operation({
    operationId: 'getActiveSession',
    tags: ['Sessions'],
    summary: 'The running entry, if any',
    response: {
      status: 200,
      description: 'The running entry, or `null` when no timer runs.',
      schema: timeEntrySchema.nullable(),
    },
    async handle({ db, userId }) {
      const active = await getActiveSession(db, userId);
      return active ? serializeEntry(active) : null;
    },
  }),
});
