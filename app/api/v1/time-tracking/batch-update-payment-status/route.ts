import { json, methodNotAllowed, parseBody, withAuth } from '@/lib/http/handler';
import { batchUpdatePaymentStatus } from '@/lib/time-tracking/entries';
import { batchUpdatePaymentStatusSchema } from '@/lib/time-tracking/schemas';

// POST /api/v1/time-tracking/batch-update-payment-status – set one status on many entries, all or nothing
export const POST = withAuth(async ({ request, userId, db }) => {
  const input = await parseBody(request, batchUpdatePaymentStatusSchema);
  const { updatedCount, paymentStatus } = await batchUpdatePaymentStatus(db, userId, input);
  return json({
    message: `Updated ${updatedCount} ${updatedCount === 1 ? 'entry' : 'entries'} to ${paymentStatus}.`,
    updated_count: updatedCount,
  });
});

// Any other method – 405 with Allow
const otherMethods = methodNotAllowed(['POST']);

export { otherMethods as GET, otherMethods as PUT, otherMethods as DELETE, otherMethods as PATCH };
