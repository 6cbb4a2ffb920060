import { serve } from '@/lib/http/route';

// GET /api/health/live – the process is up (touches nothing; logged at debug level)
export const GET = (request: Request) =>
  serve(request, '/api/health/live', async () => Response.json({ status: 'ok' }), 'debug');
