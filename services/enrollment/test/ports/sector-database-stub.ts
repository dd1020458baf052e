import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { LocalSectorDatabase } from '../../src/shared/ports/sector/local-sector-database';
import { SectorChangeBatch } from '../../src/shared/ports/sector-database';

/**
 * The sector database's API as a local HTTP server (the outside system in tests), in front of a
 * local sector database directory: `POST /sync/v1/change-batches` and
 * `GET /sync/v1/schools/:schoolId/roster-exports/:schoolYear`, as documented in
 * src/shared/ports/sector/http-sector-database.ts. `down` answers 503.
 */
export class SectorDatabaseStub {
  down = false;
  private server?: Server;
  private readonly local: LocalSectorDatabase;

  constructor(
    dir: string,
    readonly apiKey = 'stub-key',
    readonly maxBatch = 500,
  ) {
    this.local = new LocalSectorDatabase(dir, maxBatch);
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
          const json = (status: number, body: unknown) => {
            res.writeHead(status, { 'content-type': 'application/json' });
            res.end(JSON.stringify(body));
          };
          if (req.headers.authorization !== `Bearer ${this.apiKey}`) return json(401, {});
          if (this.down) return json(503, {});
          const exp = /^\/sync\/v1\/schools\/([^/]+)\/roster-exports\/([^/]+)$/.exec(req.url ?? '');
          if (req.method === 'GET' && exp) {
            const file = await this.local.fetchRosterExport(exp[1]!, exp[2]!);
            if (!file) return json(404, {});
            res.writeHead(200, {
              'content-type': file.contentType,
              'content-disposition': `attachment; filename="${file.fileName}"`,
            });
            return res.end(file.bytes);
          }
          if (req.method === 'POST' && req.url === '/sync/v1/change-batches') {
            const batch = JSON.parse(Buffer.concat(chunks).toString('utf8')) as SectorChangeBatch;
            if (req.headers['idempotency-key'] !== batch.batchId) return json(400, {});
            if (batch.records.length > this.maxBatch) return json(413, {});
            const answers = await this.local.submitChanges(batch);
            return json(200, {
              results: answers.map((a) =>
                a.status === 'accepted'
                  ? { ref: a.ref, status: 'ACCEPTED' }
                  : {
                      ref: a.ref,
                      status: 'REJECTED',
                      reason: a.reason.toUpperCase().replace(/-/g, '_'),
                    },
              ),
            });
          }
          json(404, {});
        })().catch(() => {
          res.writeHead(500);
          res.end();
        });
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
