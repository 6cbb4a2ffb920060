import { env } from '@/lib/env';

const HOST = /^[A-Za-z0-9.-]+(:\d{1,5})?$|^\[[0-9A-Fa-f:.]+\](:\d{1,5})?$/;

/**
 * The origin the client used: what links handed back to it (the invoice's
 * public_url) should start with when PUBLIC_APP_URL is unset. Not
 * `new URL(request.url).origin`: under `next start` that is the address the
 * server listens on (`http://localhost:3000`), whatever Host the client sent.
 * So the Host header, and behind RATE_LIMIT_TRUST_PROXY proxies their
 * X-Forwarded-Host and X-Forwarded-Proto (the first entry: the client's).
 * A value that is not a plain host falls back to request.url. The caller
 * chooses these headers, but the answer goes only back to that caller.
 */
export function requestOrigin(request: Request): string {
  const url = new URL(request.url);
  const trusted = env().RATE_LIMIT_TRUST_PROXY > 0;
  const first = (name: string) => request.headers.get(name)?.split(',')[0]?.trim() || undefined;
  const host = (trusted && first('x-forwarded-host')) || request.headers.get('host') || undefined;
  const forwardedProto = trusted ? first('x-forwarded-proto')?.toLowerCase() : undefined;
  const protocol =
    forwardedProto === 'https' || forwardedProto === 'http' ? `${forwardedProto}:` : url.protocol;
  return host && HOST.test(host) ? `${protocol}//${host}` : url.origin;
}
