import { requestOrigin } from '@/lib/http/origin';
import { defineRoute, operation } from '@/lib/http/route';
import { API_BASE_PATH } from '@/lib/time-tracking/constants';
import { createInvoiceLink, publicInvoiceUrl } from '@/lib/time-tracking/invoices';
import { generateInvoiceLinkSchema, invoiceLinkCreatedSchema } from '@/lib/time-tracking/schemas';
import { serializeCreatedInvoiceLink } from '@/lib/time-tracking/serialize';

export const { GET, POST, PUT, DELETE, PATCH, OPTIONS } = defineRoute(
  `${API_BASE_PATH}/generate-invoice-link`,
  {
    // POST /api/v1/time-tracking/generate-invoice-link – share the completed entries matching the filters
    POST: operation({
      operationId: 'generateInvoiceLink',
      tags: ['Invoice links'],
      summary: 'Create a shareable invoice link',
      description:
        'Freezes the selection: the link covers the completed entries that match the filters now, and shows them as they are when it is opened. No matching entry is a 400. The token is in `public_url` and is shown only in this answer (and in a replay of it with the same `Idempotency-Key`).',
      body: generateInvoiceLinkSchema,
      bodyOptional: true,
      response: { status: 201, description: 'The new link.', schema: invoiceLinkCreatedSchema },
      idempotent: true,
      handle: async ({ db, userId, body, request }) => {
        const link = await createInvoiceLink(db, userId, body);
        return serializeCreatedInvoiceLink(link, publicInvoiceUrl(link.token, requestOrigin(request)));
      },
    }),
  },
);
