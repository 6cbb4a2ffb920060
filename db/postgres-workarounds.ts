import { Socket } from 'node:net';
import type postgres from 'postgres';

// Work-arounds for three ways postgres.js 3.4.9 mishandles a connection that
// dies under it. Each was reproduced with the hardening suite's TcpProxy (see
// docs/SECURITY.md, "Database outage"); line numbers are those of
// node_modules/postgres/cjs/src/connection.js. They live here, not in a patch
// of node_modules, so that CI runs the driver as published.

/**
 * 1. A query dispatched between a socket's 'error' and its 'close' is lost.
 *
 * On a reset (RST) Node emits 'error' on the next tick but 'close' only once the
 * handle is closed, a later phase of the event loop (under load we measured
 * 70 ms between them). The driver's error() (l. 381) rejects the queries the
 * connection holds, but the connection stays in the pool's open/busy queue
 * until closed() (l. 436) moves it out. A request arriving in between is handed
 * that connection: its query is written to the destroyed socket (and dropped),
 * and closed() fails pending queries only when the close was clean
 * (`!hadError && (query || sent.length) && error(...)`, l. 453). The query then
 * never settles; worse, when the pool reopens that connection, the startup's
 * ReadyForQuery (l. 544) resolves it with an empty result, and a query left in
 * `sent` keeps the reopened connection waiting for an answer that never comes,
 * which takes its place in the pool for good.
 *
 * This socket reports every 'close' as clean, so closed() always fails what the
 * connection still holds (CONNECTION_CLOSED, a 503). Nothing else reads the
 * flag but the reconnect back-off counter, which `backoff: () => 0` ignores.
 * (Closing the window instead, by emitting 'close' right after 'error', was
 * tried: closed() then runs before the driver's pending setImmediate write and
 * cancels it without clearing `nextWriteTimer` (l. 440), after which nothing
 * that connection writes is ever flushed.) Used through the driver's documented
 * `socket` option.
 */
export class FailPendingOnCloseSocket extends Socket {
  // biome-ignore lint/suspicious/noExplicitAny: the signature of EventEmitter.emit
  override emit(event: string | symbol, ...args: any[]): boolean {
    return event === 'close' ? super.emit('close', false) : super.emit(event, ...args);
  }
}

let nextHost = 0;

/**
 * The `socket` option: what the driver itself would open (l. 134, 348-356),
 * as a FailPendingOnCloseSocket. With TLS the driver wraps this socket in a
 * TLSSocket of its own (l. 289), which the fix cannot reach; the query guard
 * below covers that case.
 */
export function openSocket(options: { host: string[]; port: number[]; path?: string | false }): Socket {
  const socket = new FailPendingOnCloseSocket();
  if (options.path) return socket.connect(options.path);
  const index = nextHost++ % options.host.length;
  const host = options.host[index]!;
  const port = options.port[index] ?? options.port[0]!;
  // The driver reads these for TLS (SNI and certificate checks, l. 277).
  Object.assign(socket, { host, port });
  return socket.connect(port, host);
}

/**
 * 2. fetch_types: a discarded promise.
 *
 * With `fetch_types` on (the default) every new connection first reads the
 * array types from pg_type, from an async function whose promise nobody holds
 * (l. 564). A connection that dies during that query (which the outage tests do
 * routinely) turns its rejection into an unhandledRejection: every one the
 * server logged in the outage runs was this (porsager/postgres#1192, #1205,
 * #1223). The client is therefore created with `fetch_types: false`, which also
 * saves that round trip on each new connection. What it was for, serialising
 * JavaScript arrays passed as parameters (the batch update's `= any($1::int[])`),
 * is provided here for the built-in types, whose array OIDs are fixed.
 */
const ARRAY_TYPE_OIDS: Record<string, number> = {
  bool: 1000,
  int2: 1005,
  int4: 1007,
  int8: 1016,
  text: 1009,
  varchar: 1015,
  float4: 1021,
  float8: 1022,
  numeric: 1231,
  uuid: 2951,
  date: 1182,
  timestamp: 1115,
  timestamptz: 1185,
};

function arrayElement(value: unknown): string {
  if (value === null || value === undefined) return 'NULL';
  if (Array.isArray(value)) return arrayLiteral(value);
  const text =
    value instanceof Date
      ? value.toISOString()
      : typeof value === 'boolean'
        ? value
          ? 't'
          : 'f'
        : String(value);
  return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/** A Postgres array literal: `{"1","2"}`; nested arrays become nested braces. */
export function arrayLiteral(values: unknown[]): string {
  return `{${values.map(arrayElement).join(',')}}`;
}

/**
 * For the driver's `types` option: array parameters of the built-in types.
 * Only parameters: array columns still come back as text (Drizzle parses those
 * of its array columns itself; this schema has none).
 */
export const arrayParameterTypes = Object.fromEntries(
  Object.entries(ARRAY_TYPE_OIDS).map(([name, oid]) => [
    `${name}_array`,
    {
      to: oid,
      from: [] as number[],
      serialize: (value: unknown) => (Array.isArray(value) ? arrayLiteral(value) : value),
      parse: (value: string) => value,
    },
  ]),
);

/**
 * 3. Anything else that leaves a query unanswered: the guard.
 *
 * The first fix cannot reach a TLS socket, a network that drops packets without
 * a reset keeps a query waiting until TCP gives up (minutes), and the driver
 * has more corners of this kind (a clean close during startup retries forever,
 * porsager/postgres#1193). So every query the server sends is held to a
 * deadline, and a result that cannot be a real one is refused:
 *
 * - a query sent to Postgres and not answered within `deadlineMs` fails with
 *   QUERY_TIMEOUT (a 503), and `onConnectionLost` is called: that connection is
 *   gone or wedged, and the pool holding it must be replaced;
 * - a query still waiting for a connection when the deadline passes fails the
 *   same way, without replacing anything (that is load, not a lost connection);
 * - a result with no command tag (every statement's CommandComplete carries one)
 *   is the empty one the driver hands a lost query when its connection is
 *   reopened: it fails with CONNECTION_LOST instead of reading as "no rows".
 *
 * The cost on the normal path is a timer per query, no round trip.
 */
export class DatabaseConnectionError extends Error {
  constructor(
    readonly code: 'QUERY_TIMEOUT' | 'CONNECTION_LOST',
    message: string,
  ) {
    super(message);
    this.name = 'DatabaseConnectionError';
  }
}

interface DriverQuery {
  /** Set by the driver when it hands the query to a connection (connection.js l. 167). */
  state?: unknown;
}

function isLostQueryResult(result: unknown): boolean {
  return Array.isArray(result) && 'command' in result && (result as { command: unknown }).command === null;
}

function guard<T>(query: PromiseLike<T> & DriverQuery, deadlineMs: number, onConnectionLost: () => void) {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => {
      const sent = Boolean(query.state);
      reject(
        new DatabaseConnectionError(
          'QUERY_TIMEOUT',
          sent
            ? `No answer from Postgres within ${deadlineMs} ms`
            : `No free connection to Postgres within ${deadlineMs} ms`,
        ),
      );
      if (sent) onConnectionLost();
    }, deadlineMs);
    query.then(
      (result) => {
        clearTimeout(timer);
        if (!isLostQueryResult(result)) return resolve(result);
        reject(new DatabaseConnectionError('CONNECTION_LOST', 'The connection was lost during the query'));
        onConnectionLost();
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}

/**
 * Makes every `client.unsafe(...)` (all Drizzle sends) a guarded query. Drizzle
 * awaits the result, or calls `.values()` on it and awaits that; the driver's
 * own `begin()` (Drizzle's `db.transaction()`) sends BEGIN with `.execute()`.
 * The statements inside a transaction go through the transaction's own `sql`,
 * which this does not reach: only BEGIN waits under the deadline there.
 */
export function guardQueries(
  client: postgres.Sql,
  options: { deadlineMs: number; onConnectionLost: () => void },
): void {
  const unsafe = client.unsafe.bind(client);
  client.unsafe = ((...args: Parameters<typeof client.unsafe>) => {
    const query = unsafe(...args);
    let pending: Promise<unknown> | undefined;
    const settle = () => {
      pending ??= guard(query, options.deadlineMs, options.onConnectionLost);
      return pending;
    };
    const guarded = {
      values() {
        query.values();
        return guarded;
      },
      execute() {
        query.execute();
        return guarded;
      },
      // biome-ignore lint/suspicious/noThenProperty: a thenable is what Drizzle awaits
      then(onFulfilled?: (value: unknown) => unknown, onRejected?: (reason: unknown) => unknown) {
        return settle().then(onFulfilled, onRejected);
      },
    };
    return guarded;
  }) as unknown as typeof client.unsafe;
}
