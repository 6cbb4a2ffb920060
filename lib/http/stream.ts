// A JSON array body that is written as the client reads it, so that a large
// list page (1,000 entries with long notes can be 38 MB) never sits whole in
// the server's memory: docs/SECURITY.md, "Bounded cost per user".
//
// A page comes from the domain either whole (a string, the common case) or as
// its ids with each one's estimated size and a function that reads the JSON of
// some of them. The stream groups the ids into pieces of about `chunkBytes` and
// reads the next piece only when the client has taken the previous one (a
// ReadableStream's pull), so a slow reader holds back the database, not the
// server's memory. The bytes are the same either way: '[' + the entries
// joined by ',' + ']'.
//
// If reading a piece fails, the stream errors: the connection is cut before
// the closing ']' (and before the chunked encoding's last chunk), so the
// client sees a failed transfer, never a shorter array that looks complete.
// The status (200) is gone by then, and the failure is logged.
import { log } from '@/lib/log';

export interface JsonArrayPieces {
  ids: number[];
  sizes: number[];
  /** The JSON of these entries joined by ',' (those that no longer exist left out). */
  read: (ids: number[]) => Promise<string>;
}

/** Groups ids in order into runs whose sizes add up to about `chunkBytes` (at least one id each). */
export function groupBySize(ids: number[], sizes: number[], chunkBytes: number): number[][] {
  const groups: number[][] = [];
  let current: number[] = [];
  let bytes = 0;
  ids.forEach((id, index) => {
    const size = sizes[index] ?? 0;
    if (current.length > 0 && bytes + size > chunkBytes) {
      groups.push(current);
      current = [];
      bytes = 0;
    }
    current.push(id);
    bytes += size;
  });
  if (current.length > 0) groups.push(current);
  return groups;
}

/** Lets other requests run between two pieces (PGlite computes in this thread). */
const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Bodies written as the client reads them (jsonArrayStream's, the CSV export's). */
const streamedBodies = new WeakSet<ReadableStream>();

/**
 * Marks `stream` as a body written as the client reads it, so that whenBodyDone
 * holds the request's in-flight slot until it is over. Returns it.
 */
export function streamedBody<T>(stream: ReadableStream<T>): ReadableStream<T> {
  streamedBodies.add(stream);
  return stream;
}

/**
 * `response`, with `done` called once its body is over: at once for a body
 * already in memory, or when a streamed body has been sent, has failed, or was
 * abandoned by the client (lib/http/rate-limit.ts counts it in flight until then).
 */
export function whenBodyDone(request: Request, response: Response, done: () => void): Response {
  const body = response.body;
  if (!body || !streamedBodies.has(body)) {
    done();
    return response;
  }
  if (request.method === 'HEAD') {
    // Next.js answers HEAD with GET's handler and never reads (nor cancels) the body.
    void body.cancel();
    done();
    return new Response(null, {
      status: response.status,
      statusText: response.statusText,
      headers: response.headers,
    });
  }
  // The client went away (Next.js aborts the signal when the connection closes).
  request.signal.addEventListener('abort', done, { once: true });
  const reader = body.getReader();
  const watched = new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        try {
          const { done: finished, value } = await reader.read();
          if (finished) {
            done();
            controller.close();
          } else controller.enqueue(value);
        } catch (error) {
          done();
          controller.error(error);
        }
      },
      cancel(reason) {
        done();
        return reader.cancel(reason);
      },
    },
    { highWaterMark: 0 },
  );
  return new Response(watched, {
    status: response.status,
    statusText: response.statusText,
    headers: response.headers,
  });
}

/** The body of a JSON array read piece by piece as the client reads it. */
export function jsonArrayStream(
  pieces: JsonArrayPieces,
  chunkBytes: number,
  context: { route: string },
): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const groups = groupBySize(pieces.ids, pieces.sizes, chunkBytes);
  let next = 0;
  let wroteEntry = false;
  const stream = new ReadableStream<Uint8Array>(
    {
      start(controller) {
        controller.enqueue(encoder.encode('['));
      },
      async pull(controller) {
        // Several pieces may be empty (entries deleted since the page was chosen).
        while (next < groups.length) {
          const group = groups[next++] as number[];
          await yieldToEventLoop();
          let text: string;
          try {
            text = await pieces.read(group);
          } catch (error) {
            log().error(
              { route: context.route, error: error instanceof Error ? error.message : String(error) },
              'list stream aborted: a piece of the page could not be read',
            );
            controller.error(error);
            return;
          }
          if (text === '') continue;
          controller.enqueue(encoder.encode(wroteEntry ? `,${text}` : text));
          wroteEntry = true;
          return;
        }
        controller.enqueue(encoder.encode(']'));
        controller.close();
      },
    },
    // Pull one piece only once the previous one has been taken.
    { highWaterMark: 0 },
  );
  return streamedBody(stream);
}
