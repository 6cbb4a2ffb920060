import { REFERENCE_CSP, REFERENCE_HTML } from '@/lib/openapi/reference';

// GET /docs – the interactive API reference (Swagger UI), every asset served by this app
export function GET(): Response {
  return new Response(REFERENCE_HTML, {
    headers: {
      'Content-Type': 'text/html; charset=utf-8',
      'Content-Security-Policy': REFERENCE_CSP,
      'Cache-Control': 'no-cache',
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
    },
  });
}
