import { AppError } from '@/lib/errors';

export const MAX_BODY_BYTES = 64 * 1024;

/** "64 KiB", "4 MiB": a body cap as the 413 and the document name it. */
export const describeBytes = (bytes: number) =>
  bytes >= 1024 * 1024 ? `${bytes / (1024 * 1024)} MiB` : `${bytes / 1024} KiB`;

const tooLarge = (maxBytes: number, advice: string) =>
  new AppError('payload_too_large', `The request body is larger than ${describeBytes(maxBytes)}; ${advice}.`);

/**
 * Reads the body's bytes, stopping as soon as they grow past the cap
 * (MAX_BODY_BYTES, or the operation's own `maxBodyBytes`):
 * `next start` accepts bodies of any size, and Content-Length may be absent
 * (chunked) or wrong, so the bytes themselves are counted.
 */
export async function readCappedBytes(
  request: Request,
  maxBytes = MAX_BODY_BYTES,
  advice = 'send a smaller body',
): Promise<Uint8Array> {
  const declared = request.headers.get('content-length');
  if (declared !== null && Number(declared) > maxBytes) throw tooLarge(maxBytes, advice);
  if (!request.body) return new Uint8Array(0);

  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => {});
      throw tooLarge(maxBytes, advice);
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

function utf8(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new AppError('invalid_json', 'The request body is not valid UTF-8.');
  }
}

/**
 * The JSON object in the body's bytes. An empty body counts as `{}` (the
 * frontend's "stop" call sends none); anything but a JSON object is a 400.
 */
export function jsonObjectOf(bytes: Uint8Array): Record<string, unknown> {
  const text = utf8(bytes);
  if (text.trim() === '') return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new AppError('invalid_json', 'The request body is not valid JSON.');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new AppError('invalid_json', 'The request body must be a JSON object.');
  }
  return parsed as Record<string, unknown>;
}
