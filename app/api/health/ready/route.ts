import { pingDatabase } from '@/db/client';
import { openDatabase, serve } from '@/lib/http/route';

// GET /api/health/ready – the database answers (503 with Retry-After when it does not; logged at debug level)
export const GET = (request: Request) =>
  serve(
    request,
    '/api/health/ready',
    async () => {
      await pingDatabase(await openDatabase());
      return Response.json({ status: 'ok' });
    },
    'debug',
  );
