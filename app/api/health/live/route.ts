import { json, withErrors } from '@/lib/http/handler';

// GET /api/health/live – the process is up (touches nothing)
export const GET = withErrors(async () => json({ status: 'ok' }));
