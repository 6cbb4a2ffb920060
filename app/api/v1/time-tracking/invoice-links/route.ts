import { z } from 'zod';
import { defineRoute, operation } from '@/lib/http/route';
import { API_BASE_PATH } from '@/lib/time-tracking/constants';
import { listInvoiceLinks } from '@/lib/time-tracking/invoices';
import { invoiceLinkSchema } from '@/lib/time-tracking/schemas';
import { serializeInvoiceLink } from '@/lib/time-tracking/serialize';

export const { GET, POST, PUT, DELETE, PATCH, OPTIONS } = defineRoute(`${API_BASE_PATH}/invoice-links`, {
  // GET /api/v1/time-tracking/invoice-links – the user's invoice links, newest first (never their tokens)
  GET: operation({
    operationId: 'listInvoiceLinks',
    tags: ['Invoice links'],
    summary: "List the user's invoice links",
    description:
      'Newest first, at most 500, revoked and expired ones included. Totals are of each link’s entries as they are now. Never the token.',
    response: { status: 200, description: 'The links.', schema: z.array(invoiceLinkSchema) },
    handle: async ({ db, userId }) => (await listInvoiceLinks(db, userId)).map(serializeInvoiceLink),
  }),
});
