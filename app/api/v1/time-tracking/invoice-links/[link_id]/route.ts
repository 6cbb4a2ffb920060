import { defineRoute, operation } from '@/lib/http/route';
import { API_BASE_PATH } from '@/lib/time-tracking/constants';
import { revokeInvoiceLink } from '@/lib/time-tracking/invoices';
import { invoiceLinkPathSchema } from '@/lib/time-tracking/schemas';

export const { GET, POST, PUT, DELETE, PATCH, OPTIONS } = defineRoute(
  `${API_BASE_PATH}/invoice-links/{link_id}`,
  {
    // DELETE /api/v1/time-tracking/invoice-links/{link_id} – revoke a link: its token answers 401 from now on
    DELETE: operation({
      operationId: 'revokeInvoiceLink',
      tags: ['Invoice links'],
      summary: 'Revoke an invoice link',
      description:
        "The link stays in the list as `revoked`; its public URL answers 401 at once. Revoking it again is a 204 too. An unknown, malformed or another user's id is a 404.",
      params: invoiceLinkPathSchema,
      response: { status: 204, description: 'Revoked; no body.' },
      problems: ['not_found'],
      handle: ({ db, userId, params }) => revokeInvoiceLink(db, userId, params.link_id),
    }),
  },
);
