import { AppError } from '@/lib/errors';
import { methodOf } from '@/lib/http/forbidden-methods';
import { serve } from '@/lib/http/route';

// /api and any other path under it – a problem+json 404 instead of the framework's HTML page
const notFound = (request: Request) =>
  serve(request, '/api/{unknown}', async () => {
    throw new AppError('not_found', `There is no API endpoint at this path (${methodOf(request)}).`);
  });

export {
  notFound as DELETE,
  notFound as GET,
  notFound as OPTIONS,
  notFound as PATCH,
  notFound as POST,
  notFound as PUT,
};
