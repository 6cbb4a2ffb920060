import { json, methodNotAllowed, parseBody, parseParam, withAuth } from '@/lib/http/handler';
import { entryIdParamSchema, stopSessionSchema } from '@/lib/time-tracking/schemas';
import { serializeEntry } from '@/lib/time-tracking/serialize';
import { stopSession } from '@/lib/time-tracking/sessions';

// POST /api/v1/time-tracking/sessions/{id}/stop – stop the timer (idempotent)
export const POST = withAuth<{ entryId: string }>(async ({ request, params, userId, db }) => {
  const id = parseParam(params.entryId, entryIdParamSchema, 'entry_id');
  const input = await parseBody(request, stopSessionSchema);
  return json(serializeEntry(await stopSession(db, userId, id, input)));
});

// Any other method – 405 with Allow
const otherMethods = methodNotAllowed(['POST']);

export { otherMethods as GET, otherMethods as PUT, otherMethods as DELETE, otherMethods as PATCH };
