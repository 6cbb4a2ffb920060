import { z } from 'zod';
import { defineRoute, openDatabase, publicOperation } from '@/lib/http/route';
import { PUBLIC_API_BASE_PATH } from '@/lib/time-tracking/constants';
import { readPublicInvoice } from '@/lib/time-tracking/invoices';
import { invoiceTokenPathSchema, timeEntrySchema } from '@/lib/time-tracking/schemas';
import { formatUtc } from '@/lib/time-tracking/timezone';

export const { GET, POST, PUT, DELETE, PATCH, OPTIONS } = defineRoute(
  `${PUBLIC_API_BASE_PATH}/invoice/{token}`,
  {
    // GET /api/v1/public/invoice/{token} – the entries of a shared invoice link, for anyone holding the link
    GET: publicOperation({
      operationId: 'getPublicInvoice',
      tags: ['Invoice links'],
      summary: 'The entries of a shared invoice',
      description:
        'No `Authorization` (one sent is ignored): the token is the credential. A bare array of the entries the link froze at creation, as they are now (a deleted entry is gone, a corrected one shows corrected; a reopened one is left out while it runs), oldest first (`date`, `start_time`, `id`). The headers carry what the page needs besides. An unknown, malformed, expired or revoked token is the same 401. Limited per client address.',
      params: invoiceTokenPathSchema,
      rateLimit: 'address',
      response: {
        status: 200,
        description: "The invoice's entries.",
        schema: z.array(timeEntrySchema),
        headers: z.object({
          'X-Invoice-Currency': z.string().meta({
            description: "The owner's currency (ISO 4217) when the link was made.",
            examples: ['USD'],
          }),
          'X-Invoice-Timezone': z.string().meta({
            description: "The owner's timezone when the link was made: show the times in it.",
            examples: ['UTC-3'],
          }),
          'X-Invoice-Start-Date': z
            .string()
            .optional()
            .meta({ format: 'date', description: 'The start of the period, when the link has one.' }),
          'X-Invoice-End-Date': z
            .string()
            .optional()
            .meta({ format: 'date', description: 'The end of the period, when the link has one.' }),
          'X-Invoice-Expires-At': z.string().meta({
            description: 'When the link expires (UTC, naive, as every timestamp of the API).',
            examples: ['2024-03-02T12:00:00'],
          }),
        }),
      },
      problems: ['invoice_link_invalid', 'database_unavailable', 'internal_error'],
      async handle({ params }) {
        const invoice = await readPublicInvoice(await openDatabase(), params.token);
        const headers: Record<string, string> = {
          'Content-Type': 'application/json',
          'X-Invoice-Currency': invoice.currency,
          'X-Invoice-Timezone': invoice.timezone,
          'X-Invoice-Expires-At': formatUtc(invoice.expiresAt),
          // The page's address holds the token: never send it on as a Referer.
          'Referrer-Policy': 'no-referrer',
        };
        if (invoice.startDate) headers['X-Invoice-Start-Date'] = invoice.startDate;
        if (invoice.endDate) headers['X-Invoice-End-Date'] = invoice.endDate;
        return new Response(invoice.json, { headers });
      },
    }),
  },
);
