import type { NextRequest } from 'next/server';
import { NextResponse } from 'next/server';
import { ApiError, problemResponse } from '@/lib/http/errors';

// Runs before routing. A path with a malformed percent-escape ("/entries/%",
// "/entries/%ED%A0%80") makes the router fail to decode its parameters and
// answer a bare 500; answer a problem+json 400 instead.
export function proxy(request: NextRequest) {
  try {
    decodeURIComponent(request.nextUrl.pathname);
  } catch {
    return problemResponse(
      new ApiError('validation_failed', 'The URL path contains a malformed percent-encoded sequence.'),
    );
  }
  return NextResponse.next();
}

// Only paths with a percent sign: Next buffers the body of every request its
// proxy runs for (10 MB by default), which the API's streamed 64 KiB cap avoids.
export const config = { matcher: '/api/:path(.*%.*)' };
