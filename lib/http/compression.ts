// Compressed API responses (issue 14, "Compact responses"), docs/API.md
// "Compression".
//
// Where: at Node's response, for every request under /api/, installed from
// instrumentation.ts through the same request hook as ./forbidden-methods.ts
// (./server-hook.ts).
// Not in `serve` (./route.ts): under `next start` a route handler cannot set
// Content-Encoding (Next's send-response.js drops `content-encoding` and
// `content-length` from a handler's Response), and Next's own `compress`
// (gzip only) never applies to route handlers (it reads their Content-Type as
// an array and finds it not compressible: vercel/next.js#98007). Next's
// `compress` stays on for the pages and static files; if a later Next does
// compress an API response, it arrives here with Content-Encoding set and is
// passed on untouched, so nothing is compressed twice.
//
// What: a response whose Content-Type is JSON (application/json,
// application/problem+json, any +json) or CSV, with a status other than
// 204/304, to anything but HEAD:
// - always gets `Vary: Accept-Encoding` (its body could have been compressed);
// - is compressed when its body reaches COMPRESSION_THRESHOLD_BYTES: brotli
//   (quality BROTLI_QUALITY) or gzip (level GZIP_LEVEL), whichever the client
//   prefers by its Accept-Encoding q-values (brotli on a tie), identity when it
//   accepts neither; Content-Length is removed (chunked);
// - when smaller, is sent as it is, with its Content-Length.
// Streamed bodies (a large list page, the CSV export) go through the same
// streaming zlib transform as they are written, with Node's backpressure, so
// their memory stays bounded; compressed bytes leave as zlib produces them.
import type http from 'node:http';
import zlib from 'node:zlib';
import { onServerRequest } from './server-hook';

/** Bodies below this many bytes are sent uncompressed. */
export const COMPRESSION_THRESHOLD_BYTES = 1024;
/** Brotli's quality for dynamic content: 5 is smaller than gzip 6 for less CPU (docs/PERFORMANCE.md); 11, the default, costs ~100× more. */
export const BROTLI_QUALITY = 5;
export const GZIP_LEVEL = 6;

export type Encoding = 'br' | 'gzip' | 'identity';

/** The q-value of each coding an Accept-Encoding header names (lower-case; `*` included). */
function qValues(header: string): Map<string, number> {
  const values = new Map<string, number>();
  for (const part of header.split(',')) {
    const [name = '', ...params] = part.trim().split(';');
    const coding = name.trim().toLowerCase();
    if (!coding) continue;
    let q = 1;
    for (const param of params) {
      const [key, value] = param.split('=').map((s) => s.trim());
      if (key?.toLowerCase() === 'q') {
        const parsed = Number(value);
        q = value && /^[0-9.]+$/.test(value) && parsed >= 0 && parsed <= 1 ? parsed : 0;
      }
    }
    values.set(coding, Math.max(q, values.get(coding) ?? 0));
  }
  return values;
}

/**
 * The coding for a response, from the request's Accept-Encoding: brotli or
 * gzip, the one with the higher q (brotli on a tie); a coding the header does
 * not name takes `*`'s q; q=0 is "not acceptable". No header: identity.
 */
export function negotiateEncoding(acceptEncoding: string | string[] | undefined): Encoding {
  const header = Array.isArray(acceptEncoding) ? acceptEncoding.join(',') : acceptEncoding;
  if (!header?.trim()) return 'identity';
  const q = qValues(header);
  const star = q.get('*') ?? 0;
  const br = q.get('br') ?? star;
  const gzip = q.get('gzip') ?? q.get('x-gzip') ?? star;
  if (br > 0 && br >= gzip) return 'br';
  if (gzip > 0) return 'gzip';
  return 'identity';
}

/** JSON (plain, problem+json, any +json) and CSV: the API's bodies worth compressing. */
export function isCompressibleType(contentType: unknown): boolean {
  const value = headerText(contentType).split(';')[0]?.trim().toLowerCase() ?? '';
  return value === 'application/json' || value.endsWith('+json') || value === 'text/csv';
}

/** A header's value as one string (Next appends some as arrays). */
function headerText(value: unknown): string {
  if (Array.isArray(value)) return value.join(', ');
  return value === undefined || value === null ? '' : String(value);
}

/** Adds Accept-Encoding to Vary, keeping what is there. */
function addVary(res: http.ServerResponse) {
  const current = headerText(res.getHeader('Vary'));
  const names = current
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (names.includes('*') || names.some((n) => n.toLowerCase() === 'accept-encoding')) return;
  res.setHeader('Vary', [...names, 'Accept-Encoding'].join(', '));
}

export function createEncoder(encoding: 'br' | 'gzip'): zlib.BrotliCompress | zlib.Gzip {
  return encoding === 'br'
    ? zlib.createBrotliCompress({
        params: {
          [zlib.constants.BROTLI_PARAM_QUALITY]: BROTLI_QUALITY,
          [zlib.constants.BROTLI_PARAM_MODE]: zlib.constants.BROTLI_MODE_TEXT,
        },
      })
    : zlib.createGzip({ level: GZIP_LEVEL });
}

type Chunk = string | Uint8Array;
type Callback = (error?: Error | null) => void;

const toBuffer = (chunk: Chunk, encoding?: BufferEncoding) =>
  typeof chunk === 'string' ? Buffer.from(chunk, encoding) : Buffer.from(chunk);

/**
 * Takes over `res` for one request: headers wait until the first 1 KB of body
 * (or its end) has been written, then the response is compressed, or passed on
 * as it is. Call it before anything writes to `res`.
 */
export function compressResponse(req: http.IncomingMessage, res: http.ServerResponse) {
  if (req.method === 'HEAD') return;
  const encoding = negotiateEncoding(req.headers['accept-encoding']);
  const original = {
    write: res.write,
    end: res.end,
    writeHead: res.writeHead,
    flushHeaders: res.flushHeaders,
  };
  type State = 'pending' | 'identity' | 'compressing';
  let state: State = 'pending';
  const current = (): State => state;
  let buffered: Buffer[] = [];
  let bufferedBytes = 0;
  let encoder: zlib.BrotliCompress | zlib.Gzip | undefined;

  const write = (chunk: Buffer | string, cb?: Callback) =>
    Reflect.apply(original.write, res, cb ? [chunk, cb] : [chunk]) as boolean;
  const end = (cb?: () => void) => Reflect.apply(original.end, res, cb ? [cb] : []);

  /** Whether the body may be compressed: otherwise it is passed on as it is, without Vary. */
  function eligible() {
    return (
      res.statusCode !== 204 &&
      res.statusCode !== 304 &&
      res.statusCode >= 200 &&
      isCompressibleType(res.getHeader('Content-Type')) &&
      !headerText(res.getHeader('Content-Encoding'))
    );
  }

  /** Decides once the body is known to be `final` (ended) or at least the threshold. */
  function decide(final: boolean) {
    const ok = eligible();
    if (ok) addVary(res);
    if (ok && encoding !== 'identity' && !(final && bufferedBytes < COMPRESSION_THRESHOLD_BYTES)) {
      state = 'compressing';
      res.setHeader('Content-Encoding', encoding);
      res.removeHeader('Content-Length');
      encoder = createEncoder(encoding);
      const stream = encoder;
      stream.on('data', (data: Buffer) => {
        if (!write(data)) stream.pause();
      });
      stream.on('drain', () => res.emit('drain'));
      stream.on('error', (error) => res.destroy(error));
      res.on('drain', () => stream.resume());
      res.once('close', () => {
        if (!res.writableFinished) stream.destroy();
      });
      for (const chunk of buffered) stream.write(chunk);
    } else {
      state = 'identity';
      // A whole small body goes out with its length (not chunked); anything
      // else as it would have without this layer: Node frames the ended body
      // itself (no Content-Length on a 204).
      if (final) {
        if (ok && !res.hasHeader('Content-Length') && !res.hasHeader('Transfer-Encoding')) {
          res.setHeader('Content-Length', bufferedBytes);
        }
        return;
      }
      for (const chunk of buffered) write(chunk);
    }
    buffered = [];
  }

  res.writeHead = function (this: http.ServerResponse, ...args: unknown[]) {
    if (state !== 'pending' || this.headersSent) return Reflect.apply(original.writeHead, this, args);
    // Held until the body decides: the status and headers are applied now.
    const [status, second, third] = args as [number, unknown, unknown];
    this.statusCode = status;
    if (typeof second === 'string') this.statusMessage = second;
    const headers = typeof second === 'string' ? third : second;
    if (Array.isArray(headers)) {
      for (let i = 0; i + 1 < headers.length; i += 2) this.setHeader(String(headers[i]), headers[i + 1]);
    } else if (headers && typeof headers === 'object') {
      for (const [name, value] of Object.entries(headers)) {
        if (value !== undefined) this.setHeader(name, value as string);
      }
    }
    return this;
  } as typeof res.writeHead;

  res.flushHeaders = function (this: http.ServerResponse) {
    if (state !== 'pending') Reflect.apply(original.flushHeaders, this, []);
  };

  res.write = function (this: http.ServerResponse, chunk: Chunk, ...rest: unknown[]) {
    const cb = rest.find((r) => typeof r === 'function') as Callback | undefined;
    const enc = typeof rest[0] === 'string' ? (rest[0] as BufferEncoding) : undefined;
    if (state === 'pending') {
      const buffer = toBuffer(chunk, enc);
      buffered.push(buffer);
      bufferedBytes += buffer.length;
      if (bufferedBytes >= COMPRESSION_THRESHOLD_BYTES) decide(false);
      else {
        cb?.();
        return true;
      }
      if (current() === 'identity') return true;
      const ok = (encoder as zlib.Gzip).writableLength < (encoder as zlib.Gzip).writableHighWaterMark;
      if (cb) process.nextTick(cb);
      return ok;
    }
    if (state === 'compressing') return (encoder as zlib.Gzip).write(toBuffer(chunk, enc), cb);
    return Reflect.apply(original.write, this, [chunk, ...rest]) as boolean;
  } as typeof res.write;

  res.end = function (this: http.ServerResponse, ...args: unknown[]) {
    const cb = args.find((a) => typeof a === 'function') as (() => void) | undefined;
    const chunk = typeof args[0] === 'function' ? undefined : (args[0] as Chunk | undefined);
    const enc = typeof args[1] === 'string' ? (args[1] as BufferEncoding) : undefined;
    if (state === 'pending') {
      if (chunk !== undefined && chunk !== null) {
        const buffer = toBuffer(chunk, enc);
        buffered.push(buffer);
        bufferedBytes += buffer.length;
      }
      decide(true);
      if (current() === 'identity') {
        const body = Buffer.concat(buffered);
        buffered = [];
        return Reflect.apply(original.end, this, cb ? [body, cb] : [body]);
      }
    } else if (state === 'compressing' && chunk !== undefined && chunk !== null) {
      (encoder as zlib.Gzip).write(toBuffer(chunk, enc));
    }
    if (current() === 'compressing') {
      const stream = encoder as zlib.Gzip;
      stream.once('end', () => end(cb));
      stream.end();
      return this;
    }
    return Reflect.apply(original.end, this, args);
  } as typeof res.end;

  // Next's pipe calls `res.flush()` after each chunk when there is one (for the
  // `compression` package, whose wrapper, installed after this one, shadows it
  // under `next start`); elsewhere this sends what was written so far.
  (res as http.ServerResponse & { flush?: () => void }).flush = () => {
    if (state !== 'compressing' || !encoder) return;
    encoder.flush(
      encoder instanceof zlib.Gzip ? zlib.constants.Z_SYNC_FLUSH : zlib.constants.BROTLI_OPERATION_FLUSH,
    );
  };
}

/**
 * Compresses every response under /api/ (compressResponse), once per process,
 * from instrumentation.ts, before the server takes requests (./server-hook.ts).
 */
export function installApiCompression() {
  onServerRequest('api-compression', (req, res) => {
    if (req.url?.startsWith('/api/')) compressResponse(req, res);
  });
}
