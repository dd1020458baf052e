import { AddressInfo, connect, createServer, Server, Socket } from 'node:net';

/**
 * A TCP endpoint in front of a real server (Redis, PostgreSQL, Kafka) that a test can make
 * misbehave the way networks do, for the one service pointed at it, without touching what other
 * tests share:
 * - `stall()`: connections stay open and nothing flows any more, new ones are accepted and never
 *   answered (a server frozen, a peer gone without closing the socket); `pass()` lets the held
 *   bytes through again;
 * - `cut()`: every connection is reset and new ones are refused until `pass()` (a server
 *   unreachable); `close()`: the same, for good (the port stops listening).
 * Without a target it is a stalled endpoint from the start: it accepts and never answers.
 */
export class TcpProxy {
  private mode: 'pass' | 'stall' | 'cut';
  private readonly pairs = new Set<{ client: Socket; upstream?: Socket }>();

  private constructor(
    private readonly server: Server,
    private readonly target?: { host: string; port: number },
  ) {
    this.mode = target ? 'pass' : 'stall';
  }

  /** Listens on `port` (default: a free one) of 127.0.0.1; `target` unset: never answers. */
  static async start(target?: { host: string; port: number }, port = 0): Promise<TcpProxy> {
    const server = createServer();
    const proxy = new TcpProxy(server, target);
    server.on('connection', (client) => proxy.accept(client));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve());
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

  /** Stops every byte in both directions; sockets stay open, what is sent is held. */
  stall(): void {
    this.mode = 'stall';
    for (const p of this.pairs) {
      p.client.pause();
      p.upstream?.pause();
    }
  }

  /** Lets bytes flow again (held data is delivered) and new connections through. */
  pass(): void {
    if (!this.target) return;
    this.mode = 'pass';
    for (const p of this.pairs) {
      p.client.resume();
      p.upstream?.resume();
    }
  }

  /** Resets every connection and refuses new ones until `pass()`. */
  cut(): void {
    this.mode = 'cut';
    for (const p of [...this.pairs]) {
      p.client.resetAndDestroy();
      p.upstream?.destroy();
    }
    this.pairs.clear();
  }

  /** Cuts every connection and stops listening. */
  async close(): Promise<void> {
    this.cut();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private accept(client: Socket): void {
    client.on('error', () => undefined);
    if (this.mode === 'cut') return void client.resetAndDestroy();
    const pair: { client: Socket; upstream?: Socket } = { client };
    this.pairs.add(pair);
    const end = () => {
      this.pairs.delete(pair);
      client.destroy();
      pair.upstream?.destroy();
    };
    client.on('close', end);
    if (!this.target) return void client.pause();
    const upstream = connect(this.target.port, this.target.host);
    pair.upstream = upstream;
    upstream.on('error', () => undefined).on('close', end);
    client.on('data', (b) => this.forward(upstream, client, b));
    upstream.on('data', (b) => this.forward(client, upstream, b));
    if (this.mode === 'stall') {
      client.pause();
      upstream.pause();
    }
  }

  /** Writes with back-pressure: the reading side waits while the writing side is full. */
  private forward(to: Socket, from: Socket, b: Buffer): void {
    if (!to.write(b)) {
      from.pause();
      to.once('drain', () => this.mode === 'pass' && from.resume());
    }
  }
}
