import { createServer, IncomingMessage, Server } from 'node:http';
import { gunzipSync } from 'node:zlib';

/**
 * A minimal OTLP/HTTP trace receiver for tests: accepts what `@opentelemetry/exporter-trace-otlp-http`
 * posts (JSON, optionally gzip) to `/v1/traces` and keeps every request body, so a test can read
 * the spans a service really exported.
 */
export class OtlpCollector {
  readonly bodies: string[] = [];
  private server?: Server;

  constructor(readonly port: number) {}

  get endpoint(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** The service environment that exports every span here, promptly. */
  env(): Record<string, string> {
    return {
      OTEL_EXPORTER_OTLP_ENDPOINT: this.endpoint,
      OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
      OTEL_TRACES_SAMPLER: 'always_on',
      OTEL_BSP_SCHEDULE_DELAY: '200',
    };
  }

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      void readBody(req).then(
        (body) => {
          if (req.url?.startsWith('/v1/traces')) this.bodies.push(body);
          res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
        },
        () => res.writeHead(400).end(),
      );
    });
    await new Promise<void>((resolve) => this.server!.listen(this.port, '127.0.0.1', resolve));
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) =>
      this.server ? this.server.close(() => resolve()) : resolve(),
    );
  }

  /** Every exported span, flattened to `{ name, attributes }` with attribute values as strings. */
  spans(): Array<{ name: string; attributes: Record<string, string> }> {
    const out: Array<{ name: string; attributes: Record<string, string> }> = [];
    for (const body of this.bodies) {
      const doc = JSON.parse(body) as {
        resourceSpans?: Array<{
          scopeSpans?: Array<{
            spans?: Array<{ name: string; attributes?: Array<{ key: string; value: unknown }> }>;
          }>;
        }>;
      };
      for (const rs of doc.resourceSpans ?? [])
        for (const ss of rs.scopeSpans ?? [])
          for (const s of ss.spans ?? [])
            out.push({
              name: s.name,
              attributes: Object.fromEntries(
                (s.attributes ?? []).map((a) => [a.key, JSON.stringify(a.value)]),
              ),
            });
    }
    return out;
  }
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  const raw = Buffer.concat(chunks);
  return (req.headers['content-encoding'] === 'gzip' ? gunzipSync(raw) : raw).toString('utf8');
}
