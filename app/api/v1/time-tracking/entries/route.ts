import { json, jsonText, methodNotAllowed, parseBody, parseQuery, withAuth } from '@/lib/http/handler';
import { createEntry, listEntries } from '@/lib/time-tracking/entries';
import { createEntrySchema, listEntriesQuerySchema } from '@/lib/time-tracking/schemas';
import { serializeEntry } from '@/lib/time-tracking/serialize';

// GET /api/v1/time-tracking/entries – the user's entries, newest first; total in X-Total-Count
export const GET = withAuth(async ({ request, userId, db }) => {
  const query = parseQuery(request, listEntriesQuerySchema);
  const { json: page, total } = await listEntries(db, userId, query);
  return jsonText(page, { headers: { 'X-Total-Count': String(total) } });
});

// POST /api/v1/time-tracking/entries – create an entry (without end_time it is a running timer)
export const POST = withAuth(async ({ request, userId, db }) => {
  const input = await parseBody(request, createEntrySchema);
  return json(serializeEntry(await createEntry(db, userId, input)), { status: 201 });
});

// Any other method – 405 with Allow
const otherMethods = methodNotAllowed(['GET', 'POST']);

export { otherMethods as PUT, otherMethods as DELETE, otherMethods as PATCH };
