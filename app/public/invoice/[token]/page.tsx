import type { Metadata } from 'next';
import { PublicInvoice } from './public-invoice';

export const metadata: Metadata = {
  title: 'Invoice',
  // A shared link is for the people it was sent to, not for search engines.
  robots: { index: false, follow: false },
  referrer: 'no-referrer',
};

// GET /public/invoice/[token] – a shared invoice, for anyone with the link (no sign-in)
export default async function PublicInvoicePage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  return <PublicInvoice token={token} />;
}
