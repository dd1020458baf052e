import { createServer, IncomingMessage, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import {
  LocalPopulationRegister,
  RegisterPerson,
} from '../../src/shared/ports/identity/local-population-register';

export type StubMode = 'ok' | 'down' | 'hang' | 'garbage' | 'partial';

const STATUS = { verified: 'MATCH', mismatch: 'MISMATCH', 'not-found': 'NOT_FOUND' } as const;

/**
 * The sector gateway's identity API as a local HTTP server: the outside system in tests. It
 * answers `POST /identity/v1/verifications` as the documented shape says, from a register of
 * persons; `mode` makes it fail (503), never answer, answer garbage or forget a ref.
 */
export class IdentityGatewayStub {
  mode: StubMode = 'ok';
  readonly requests: Array<{ headers: IncomingMessage['headers']; body: unknown }> = [];
  private readonly register: LocalPopulationRegister;
  private server?: Server;

  constructor(
    persons: RegisterPerson[],
    readonly apiKey = 'stub-key',
    readonly maxBatch = 100,
  ) {
    this.register = new LocalPopulationRegister(persons, maxBatch);
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}`;
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        void (async () => {
          if (this.mode === 'hang') return;
          const send = (status: number, body: unknown) => {
            res.writeHead(status, { 'content-type': 'application/json' });
            res.end(JSON.stringify(body));
          };
          if (req.method !== 'POST' || req.url !== '/identity/v1/verifications')
            return send(404, { title: 'not found' });
          if (req.headers.authorization !== `Bearer ${this.apiKey}`)
            return send(401, { title: 'unauthorized' });
          if (this.mode === 'down') return send(503, { title: 'maintenance' });
          let body: {
            requests: Array<{
              ref: string;
              personalId: string;
              fullName: string;
              dateOfBirth: string;
            }>;
          };
          try {
            body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
          } catch {
            return send(400, { title: 'bad json' });
          }
          this.requests.push({ headers: req.headers, body });
          if (!Array.isArray(body.requests) || body.requests.length > this.maxBatch)
            return send(400, { title: 'too many' });
          if (this.mode === 'garbage') return send(200, { answers: 'nope' });
          const answers = await this.register.verify(body.requests);
          const results = answers.map((a) => ({ ref: a.ref, status: STATUS[a.result] }));
          send(200, { results: this.mode === 'partial' ? results.slice(1) : results });
        })();
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return this;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) =>
      this.server ? this.server.close(() => resolve()) : resolve(),
    );
  }
}
