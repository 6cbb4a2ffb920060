import { json, methodNotAllowed, parseBody, withAuth } from '@/lib/http/handler';
import { startSessionSchema } from '@/lib/time-tracking/schemas';
import { serializeEntry } from '@/lib/time-tracking/serialize';
import { startSession } from '@/lib/time-tracking/sessions';

// POST /api/v1/time-tracking/sessions/start – start the timer
export const POST = withAuth(async ({ request, userId, db }) => {
  const input = await parseBody(request, startSessionSchema);
  return json(serializeEntry(await startSession(db, userId, input)), { status: 201 });
});

// Any other method – 405 with Allow
const otherMethods = methodNotAllowed(['POST']);

export { otherMethods as GET, otherMethods as PUT, otherMethods as DELETE, otherMethods as PATCH };
