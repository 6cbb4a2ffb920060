import { json, methodNotAllowed, parseQuery, withAuth } from '@/lib/http/handler';
import { statsQuerySchema } from '@/lib/time-tracking/schemas';
import { getStats } from '@/lib/time-tracking/stats';

// GET /api/v1/time-tracking/stats – hours and earnings for today, this week and this month
export const GET = withAuth(async ({ request, userId, db }) => {
  const query = parseQuery(request, statsQuerySchema);
  return json(await getStats(db, userId, query));
});

// Any other method – 405 with Allow
const otherMethods = methodNotAllowed(['GET']);

export { otherMethods as POST, otherMethods as PUT, otherMethods as DELETE, otherMethods as PATCH };
