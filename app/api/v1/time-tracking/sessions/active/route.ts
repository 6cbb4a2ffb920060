import { json, methodNotAllowed, withAuth } from '@/lib/http/handler';
import { serializeEntry } from '@/lib/time-tracking/serialize';
import { getActiveSession } from '@/lib/time-tracking/sessions';

// GET /api/v1/time-tracking/sessions/active – the running entry, or null
export const GET = withAuth(async ({ userId, db }) => {
  const active = await getActiveSession(db, userId);
  return json(active ? serializeEntry(active) : null);
});

// Any other method – 405 with Allow
const otherMethods = methodNotAllowed(['GET']);

export { otherMethods as POST, otherMethods as PUT, otherMethods as DELETE, otherMethods as PATCH };
