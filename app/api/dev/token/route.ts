import { AppError } from '@/lib/errors';
import { serve } from '@/lib/http/route';

// POST /api/dev/token – a token for the demo user, in development only
const handler = (request: Request) =>
  serve(request, '/api/dev/token', async () => {
    // `next build` inlines NODE_ENV, so in a production build this route is
    // nothing but the catch-all's 404 (same words: it does not reveal itself).
    if (process.env.NODE_ENV !== 'development') {
      throw new AppError('not_found', `There is no API endpoint at this path (${request.method}).`);
    }
    if (request.method !== 'POST') {
      throw new AppError('method_not_allowed', `${request.method} is not supported here; use POST.`, {
        headers: { Allow: 'POST' },
      });
    }
    const { mintDemoToken } = await import('@/lib/auth/dev-token');
    return Response.json(await mintDemoToken());
  });

export { handler as DELETE, handler as GET, handler as PATCH, handler as POST, handler as PUT };
