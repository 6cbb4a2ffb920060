import type { NextRequest } from 'next/server';
import { NextResponse } from 'next/server';
import { AppError } from '@/lib/errors';
import { serve } from '@/lib/http/route';

// Runs before routing. A path with a malformed percent-escape ("/entries/%",
// "/entries/%ED%A0%80") makes the router fail to decode its parameters and
// answer a bare 500; answer a problem+json 400 instead.
export async function proxy(request: NextRequest) {
  try {
    decodeURIComponent(request.nextUrl.pathname);
  } catch {
    return serve(request, request.nextUrl.pathname, async () => {
      throw new AppError('validation_failed', 'The URL path contains a malformed percent-encoded sequence.');
    });
  }
  return NextResponse.next();
}

// Only paths with a percent sign: Next buffers the body of every request its
// proxy runs for (10 MB by default), which the API's streamed 64 KiB cap avoids.
export const config = { matcher: '/api/:path(.*%.*)' };
