// Where a request is still Node's (http.IncomingMessage / ServerResponse),
// before Next.js turns it into a `Request` for a route handler: what
// ./forbidden-methods.ts and ./compression.ts need and a handler cannot do.
// Installed from instrumentation.ts, before the server takes requests; it
// wraps http.Server.prototype.emit, so it sees the requests of every server of
// the process (`next start`, the standalone server.js).
import http from 'node:http';

/** Returns true when it answered the request itself. */
type RequestHook = (req: http.IncomingMessage, res: http.ServerResponse) => unknown;

/**
 * Runs `hook` on every request before it is passed on, once per process for
 * each `name` (a second install is ignored). A hook that answered the request
 * itself returns true, and the request goes no further. Hooks installed later
 * run first.
 */
export function onServerRequest(name: string, hook: RequestHook): void {
  const installed = Symbol.for(`time-tracking.${name}`);
  const proto = http.Server.prototype as http.Server & { [key: symbol]: true | undefined };
  if (proto[installed]) return;
  proto[installed] = true;
  const emit = proto.emit;
  proto.emit = function (this: http.Server, event: string | symbol, ...args: unknown[]) {
    if (event === 'request') {
      const [req, res] = args as [http.IncomingMessage, http.ServerResponse];
      if (hook(req, res) === true) return true;
    }
    return Reflect.apply(emit, this, [event, ...args]);
  } as typeof proto.emit;
}
