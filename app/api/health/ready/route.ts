import { pingDatabase } from '@/db/client';
import { openDatabase, plainRoute } from '@/lib/http/route';

// GET /api/health/ready – the database answers (503 with Retry-After when it does not; logged at debug level)
export const { GET, POST, PUT, DELETE, PATCH, OPTIONS } = plainRoute(
  '/api/health/ready',
  {
    GET: async () => {
      await pingDatabase(await openDatabase());
      return Response.json({ status: 'ok' });
    },
  },
  'debug',
);
