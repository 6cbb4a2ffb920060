import { defineRoute, operation } from '@/lib/http/route';
import { API_BASE_PATH } from '@/lib/time-tracking/constants';
import { batchUpdatePaymentStatus } from '@/lib/time-tracking/entries';
import { batchUpdatePaymentStatusSchema, batchUpdateResultSchema } from '@/lib/time-tracking/schemas';
import { serializeBatchUpdate } from '@/lib/time-tracking/serialize';

export const { GET, POST, PUT, DELETE, PATCH, OPTIONS } = defineRoute(
  `${API_BASE_PATH}/batch-update-payment-status`,
  {
    // POST /api/v1/time-tracking/batch-update-payment-status – set one status on many entries, all or nothing
    POST: operation({
      operationId: 'batchUpdatePaymentStatus',
      tags: ['Entries'],
      summary: 'Set one payment status on many entries',
      description:
        "All or nothing: if any id is missing or another user's, the answer is 404 naming the missing ids and nothing changes.",
      body: batchUpdatePaymentStatusSchema,
      response: { status: 200, description: 'Every entry was updated.', schema: batchUpdateResultSchema },
      idempotent: true,
      problems: ['not_found'],
      handle: async ({ db, userId, body }) =>
        serializeBatchUpdate(await batchUpdatePaymentStatus(db, userId, body)),
    }),
  },
);
