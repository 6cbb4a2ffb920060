import { ApiError } from '@/lib/http/errors';
import { withErrors } from '@/lib/http/handler';

// Any other /api path – a problem+json 404 instead of the framework's HTML page
const notFound = withErrors(async (request: Request) => {
  throw new ApiError('not_found', `There is no API endpoint at this path (${request.method}).`);
});

export { notFound as DELETE, notFound as GET, notFound as PATCH, notFound as POST, notFound as PUT };
