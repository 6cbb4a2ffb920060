import { json, methodNotAllowed, parseBody, parseParam, withAuth } from '@/lib/http/handler';
import { deleteEntry, getEntryOrThrow, updateEntry } from '@/lib/time-tracking/entries';
import { entryIdParamSchema, updateEntrySchema } from '@/lib/time-tracking/schemas';
import { serializeEntry } from '@/lib/time-tracking/serialize';

type Params = { entryId: string };

// GET /api/v1/time-tracking/entries/{id} – one entry
export const GET = withAuth<Params>(async ({ params, userId, db }) => {
  const id = parseParam(params.entryId, entryIdParamSchema, 'entry_id');
  return json(serializeEntry(await getEntryOrThrow(db, userId, id)));
});

// PUT /api/v1/time-tracking/entries/{id} – partial update; a new start_time re-derives date
export const PUT = withAuth<Params>(async ({ request, params, userId, db }) => {
  const id = parseParam(params.entryId, entryIdParamSchema, 'entry_id');
  const input = await parseBody(request, updateEntrySchema);
  return json(serializeEntry(await updateEntry(db, userId, id, input)));
});

// DELETE /api/v1/time-tracking/entries/{id} – delete an entry
export const DELETE = withAuth<Params>(async ({ params, userId, db }) => {
  const id = parseParam(params.entryId, entryIdParamSchema, 'entry_id');
  await deleteEntry(db, userId, id);
  return new Response(null, { status: 204 });
});

// Any other method – 405 with Allow
const otherMethods = methodNotAllowed(['GET', 'PUT', 'DELETE']);

export { otherMethods as POST, otherMethods as PATCH };
