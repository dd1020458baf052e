import { AddressInfo, createServer, Server, Socket, connect } from 'node:net';

/**
 * A TCP endpoint in front of a real server (Redis, PostgreSQL, Kafka) that a test can make
 * misbehave the way networks do:
 * - `stall()`: connections stay open and nothing flows any more, new ones are accepted and
 *   never answered (a server frozen, a peer gone without closing the socket);
 * - `close()`: every connection is cut and the port refuses new ones (the server stopped).
 * Without a target it is a stalled endpoint from the start: it accepts and never answers.
 */
export class TcpProxy {
  private stalled: boolean;
  private readonly sockets = new Set<Socket>();

  private constructor(
    private readonly server: Server,
    private readonly target?: { host: string; port: number },
  ) {
    this.stalled = !target;
  }

  /** Listens on a free port of 127.0.0.1; `target` unset: never answers. */
  static async start(target?: { host: string; port: number }): Promise<TcpProxy> {
    const server = createServer();
    const proxy = new TcpProxy(server, target);
    server.on('connection', (client) => proxy.accept(client));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    return proxy;
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  /** host:port of the proxy. */
  get address(): string {
    return `127.0.0.1:${this.port}`;
  }

  /** Stops every byte in both directions; sockets stay open. */
  stall(): void {
    this.stalled = true;
    for (const s of this.sockets) {
      s.unpipe();
      s.pause();
    }
  }

  /** Cuts every connection and stops listening. */
  async close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    this.sockets.clear();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private accept(client: Socket): void {
    this.track(client);
    if (this.stalled || !this.target) {
      client.pause();
      return;
    }
    const upstream = connect(this.target.port, this.target.host);
    this.track(upstream);
    client.pipe(upstream);
    upstream.pipe(client);
    const end = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on('close', end);
    upstream.on('close', end);
  }

  private track(s: Socket): void {
    this.sockets.add(s);
    s.on('error', () => undefined);
    s.on('close', () => this.sockets.delete(s));
  }
}
