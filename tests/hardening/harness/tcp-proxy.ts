import { createConnection, createServer, type Socket } from 'node:net';

/**
 * A TCP proxy the test controls, between the app and Postgres: `cut()` drops
 * every connection and refuses new ones (an outage of the database without
 * touching the machine's shared server), `blackhole()` keeps every connection
 * open but silently drops what goes through it, old and new (a network that
 * loses packets without resetting anything), and `restore()` lets new
 * connections through again. It counts the bytes the app sends, to show when no
 * query was made.
 */
export class TcpProxy {
  private server = createServer((client) => this.accept(client));
  private sockets = new Set<Socket>();
  private mode: 'open' | 'cut' | 'blackhole' = 'open';
  /** Connections a blackhole swallowed: kept open and silent until close(). */
  private swallowed = new Set<Socket>();
  /** The app's ends of the connections (the others lead to Postgres). */
  private fromApp = new WeakSet<Socket>();
  bytesFromApp = 0;
  /** Armed by cutOnReply: the reply from Postgres that triggers a cut. */
  private replyTrigger?: { match: (chunk: Buffer) => boolean; fired: () => void };
  /**
   * Connections the app ended itself (a pool replaced, a connection given up
   * on, a cancel request's short connection, an idle one let go), not counting
   * those the proxy or Postgres cut.
   */
  closedByApp = 0;
  port = 0;

  constructor(
    private readonly targetHost: string,
    private readonly targetPort: number,
  ) {}

  async listen(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    const address = this.server.address();
    this.port = typeof address === 'object' && address ? address.port : 0;
    return this;
  }

  private accept(client: Socket) {
    this.fromApp.add(client);
    client.on('end', () => this.closedByApp++);
    if (this.mode === 'cut') {
      client.resetAndDestroy();
      return;
    }
    if (this.mode === 'blackhole') {
      this.swallow(client);
      return;
    }
    const upstream = createConnection(this.targetPort, this.targetHost);
    this.sockets.add(client);
    this.sockets.add(upstream);
    client.on('data', (chunk) => {
      this.bytesFromApp += chunk.length;
    });
    client.pipe(upstream);
    upstream.on('data', (chunk: Buffer) => {
      const trigger = this.replyTrigger;
      if (trigger?.match(chunk)) {
        // The database has done it; the app never hears so.
        this.replyTrigger = undefined;
        this.cut();
        trigger.fired();
        return;
      }
      if (!client.write(chunk)) {
        upstream.pause();
        client.once('drain', () => upstream.resume());
      }
    });
    const close = () => {
      client.destroy();
      upstream.destroy();
      this.sockets.delete(client);
      this.sockets.delete(upstream);
    };
    client.on('error', close);
    upstream.on('error', close);
    client.on('close', close);
    upstream.on('close', close);
  }

  /** Reads and discards everything, answers nothing, closes nothing. */
  private swallow(socket: Socket) {
    socket.unpipe();
    socket.removeAllListeners('data');
    socket.removeAllListeners('close');
    // unpipe() paused it, and a new 'data' listener does not resume a paused stream.
    socket.on('data', () => {}).resume();
    socket.on('error', () => {});
    socket.on('close', () => this.swallowed.delete(socket));
    this.swallowed.add(socket);
  }

  cut() {
    this.mode = 'cut';
    for (const socket of this.sockets) socket.resetAndDestroy();
    this.sockets.clear();
  }

  /**
   * From now on nothing gets through, and nothing says so: the connections stay
   * open, and new ones are accepted, but no byte reaches the other side.
   * `restore()` lets new connections through; the swallowed ones stay silent.
   */
  blackhole() {
    this.mode = 'blackhole';
    for (const socket of this.sockets) this.swallow(socket);
    this.sockets.clear();
  }

  /**
   * Cuts every connection (as `cut()`) instead of passing on the first chunk
   * from Postgres that `match` accepts: say, the answer to a COMMIT, so that the
   * write is durable but the app sees its connection die. Resolves when it fired.
   */
  cutOnReply(match: (chunk: Buffer) => boolean): Promise<void> {
    return new Promise((resolve) => {
      this.replyTrigger = { match, fired: resolve };
    });
  }

  restore() {
    this.mode = 'open';
  }

  get openConnections() {
    return this.sockets.size / 2;
  }

  /** Connections from the app that a blackhole swallowed and the app has not closed yet. */
  get silentConnections() {
    return [...this.swallowed].filter((socket) => this.fromApp.has(socket)).length;
  }

  async close() {
    this.cut();
    for (const socket of this.swallowed) socket.destroy();
    this.swallowed.clear();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
