import { defineRoute, operation } from '@/lib/http/route';
import { API_BASE_PATH } from '@/lib/time-tracking/constants';
import { statsQuerySchema, statsSchema } from '@/lib/time-tracking/schemas';
import { serializeStats } from '@/lib/time-tracking/serialize';
import { getStats } from '@/lib/time-tracking/stats';

export const { GET, POST, PUT, DELETE, PATCH, OPTIONS } = defineRoute(`${API_BASE_PATH}/stats`, {
  // GET /api/v1/time-tracking/stats – hours and earnings for today, this week and this month
  GET: operation({
    operationId: 'getStats',
    tags: ['Statistics'],
    summary: 'Hours and earnings',
    description:
      'Only completed entries count. Earnings are the sum of the entries’ `total_earned`; hours are the exact total duration, rounded once.',
    query: statsQuerySchema,
    response: { status: 200, description: 'The statistics.', schema: statsSchema },
    handle: async ({ db, userId, query }) => serializeStats(await getStats(db, userId, query)),
  }),
});
