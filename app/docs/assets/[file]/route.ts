import { referenceAsset } from '@/lib/openapi/reference';

// GET /docs/assets/{file} – Swagger UI's files from node_modules/swagger-ui-dist (an allow-list) and its start script
export async function GET(request: Request, { params }: { params: Promise<{ file: string }> }) {
  const found = referenceAsset((await params).file);
  if (!found) {
    return new Response('Not found\n', {
      status: 404,
      headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' },
    });
  }
  const asset = await found;
  const headers = {
    ETag: asset.etag,
    // Revalidated after an hour: the files change only with the swagger-ui-dist version.
    'Cache-Control': 'public, max-age=3600',
    'X-Content-Type-Options': 'nosniff',
  };
  if (request.headers.get('if-none-match') === asset.etag)
    return new Response(null, { status: 304, headers });
  return new Response(asset.bytes, { headers: { ...headers, 'Content-Type': asset.type } });
}
