import { createConnection, createServer, Server, Socket } from 'node:net';

/**
 * A TCP proxy a fault test puts between a service and a dependency (Redis, PostgreSQL) to make
 * that dependency misbehave for the service alone, without touching what other tests share:
 * - `pass`: bytes flow both ways;
 * - `stall`: connections stay open but nothing flows (a paused or overloaded server; what is
 *   sent meanwhile is held and delivered on `pass`);
 * - `cut`: every connection is reset and new ones are refused (a server gone or unreachable).
 */
export class TcpProxy {
  private server?: Server;
  private mode: 'pass' | 'stall' | 'cut' = 'pass';
  private readonly pairs = new Set<{ client: Socket; upstream: Socket }>();

  constructor(
    readonly port: number,
    private readonly target: { host: string; port: number },
  ) {}

  async start(): Promise<void> {
    this.server = createServer((client) => {
      if (this.mode === 'cut') return void client.destroy();
      const upstream = createConnection(this.target);
      const pair = { client, upstream };
      this.pairs.add(pair);
      const end = () => {
        this.pairs.delete(pair);
        client.destroy();
        upstream.destroy();
      };
      client.on('error', end).on('close', end);
      upstream.on('error', end).on('close', end);
      client.on('data', (b) => this.forward(upstream, client, b));
      upstream.on('data', (b) => this.forward(client, upstream, b));
      if (this.mode === 'stall') {
        client.pause();
        upstream.pause();
      }
    });
    await new Promise<void>((resolve) => this.server!.listen(this.port, '127.0.0.1', resolve));
  }

  private forward(to: Socket, from: Socket, b: Buffer) {
    if (!to.write(b)) {
      from.pause();
      to.once('drain', () => this.mode === 'pass' && from.resume());
    }
  }

  /** Lets bytes flow again (held data is delivered). */
  pass(): void {
    this.mode = 'pass';
    for (const p of this.pairs) {
      p.client.resume();
      p.upstream.resume();
    }
  }

  /** Holds every byte in both directions; connections stay open. */
  stall(): void {
    this.mode = 'stall';
    for (const p of this.pairs) {
      p.client.pause();
      p.upstream.pause();
    }
  }

  /** Resets every connection and refuses new ones until `pass`. */
  cut(): void {
    this.mode = 'cut';
    for (const p of [...this.pairs]) {
      p.client.resetAndDestroy();
      p.upstream.destroy();
    }
    this.pairs.clear();
  }

  async stop(): Promise<void> {
    this.cut();
    await new Promise<void>((resolve) =>
      this.server ? this.server.close(() => resolve()) : resolve(),
    );
  }
}
