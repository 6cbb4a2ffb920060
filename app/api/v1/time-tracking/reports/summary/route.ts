import { defineRoute, operation } from '@/lib/http/route';
import { API_BASE_PATH } from '@/lib/time-tracking/constants';
import { getSummaryReport } from '@/lib/time-tracking/reports';
import { MAX_REPORT_ROWS, reportQuerySchema, reportSchema } from '@/lib/time-tracking/schemas';
import { serializeReport } from '@/lib/time-tracking/serialize';

export const { GET, POST, PUT, DELETE, PATCH, OPTIONS } = defineRoute(`${API_BASE_PATH}/reports/summary`, {
  // GET /api/v1/time-tracking/reports/summary – hours and earnings per day, week or month
  GET: operation({
    operationId: 'getSummaryReport',
    tags: ['Statistics'],
    summary: 'Hours and earnings per day, week or month',
    description: `One row per day, ISO week (Monday to Sunday) or calendar month from \`start_date\` to \`end_date\` (inclusive), periods without work included, the first and last clipped to the range. Entries count by their \`date\` (their local date in the user's timezone). Hours and earnings follow the stats' rules: only completed entries, earnings are sums of the entries' \`total_earned\`, hours rounded once per row. At most ${MAX_REPORT_ROWS} rows: a longer range is a 400.`,
    query: reportQuerySchema,
    response: { status: 200, description: 'The report.', schema: reportSchema },
    handle: async ({ db, userId, query }) => serializeReport(await getSummaryReport(db, userId, query)),
  }),
});
