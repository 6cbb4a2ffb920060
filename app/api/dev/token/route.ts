import { AppError } from '@/lib/errors';
import { methodOf } from '@/lib/http/forbidden-methods';
import { serve } from '@/lib/http/route';

// POST /api/dev/token – a token for the demo user, signed with the local
// development secret: only on `next dev` with no real key configured.
const handler = (request: Request) =>
  serve(request, '/api/dev/token', async () => {
    const notFound = new AppError(
      'not_found',
      `There is no API endpoint at this path (${methodOf(request)}).`,
    );
    // `next build` inlines NODE_ENV, so in a production build this route is
    // nothing but the catch-all's 404 (same words: it does not reveal itself).
    if (process.env.NODE_ENV !== 'development') throw notFound;
    const { demoTokenAvailable, mintDemoToken } = await import('@/lib/auth/dev-token');
    // A development server holding a real key (AUTH_JWT_SECRET from .env, a
    // JWKS, a public key) never signs anything here: the same 404.
    if (!demoTokenAvailable()) throw notFound;
    if (methodOf(request) === 'OPTIONS')
      return new Response(null, { status: 204, headers: { Allow: 'POST' } });
    if (methodOf(request) !== 'POST') {
      throw new AppError('method_not_allowed', `${methodOf(request)} is not supported here; use POST.`, {
        headers: { Allow: 'POST' },
      });
    }
    return Response.json(await mintDemoToken());
  });

export {
  handler as DELETE,
  handler as GET,
  handler as OPTIONS,
  handler as PATCH,
  handler as POST,
  handler as PUT,
};
