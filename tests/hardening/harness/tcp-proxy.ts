import { createConnection, createServer, type Socket } from 'node:net';

/**
 * A TCP proxy the test controls, between the app and Postgres: `cut()` drops
 * every connection and refuses new ones (an outage of the database without
 * touching the machine's shared server), `restore()` lets traffic through
 * again. It counts the bytes the app sends, to show when no query was made.
 */
export class TcpProxy {
  private server = createServer((client) => this.accept(client));
  private sockets = new Set<Socket>();
  private isCut = false;
  bytesFromApp = 0;
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
    if (this.isCut) {
      client.resetAndDestroy();
      return;
    }
    const upstream = createConnection(this.targetPort, this.targetHost);
    this.sockets.add(client);
    this.sockets.add(upstream);
    client.on('data', (chunk) => {
      this.bytesFromApp += chunk.length;
    });
    client.pipe(upstream);
    upstream.pipe(client);
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

  cut() {
    this.isCut = true;
    for (const socket of this.sockets) socket.resetAndDestroy();
    this.sockets.clear();
  }

  restore() {
    this.isCut = false;
  }

  get openConnections() {
    return this.sockets.size / 2;
  }

  async close() {
    this.cut();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
