import { plainRoute } from '@/lib/http/route';

// GET /api/health/live – the process is up (touches nothing; logged at debug level)
export const { GET, POST, PUT, DELETE, PATCH, OPTIONS } = plainRoute(
  '/api/health/live',
  { GET: async () => Response.json({ status: 'ok' }) },
  'debug',
);
