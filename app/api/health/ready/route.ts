import { pingDatabase } from '@/db/client';
import { json, openDatabase, withErrors } from '@/lib/http/handler';

// GET /api/health/ready – the database answers (503 with Retry-After when it does not)
export const GET = withErrors(async () => {
  await pingDatabase(await openDatabase());
  return json({ status: 'ok' });
});
