import { Consumer, KafkaMessage, Producer } from 'kafkajs';
import { Client } from 'pg';
import { randomUUID } from 'node:crypto';
import { EventEnvelope, platformCatalog } from '@qn/contracts';
import { callApi, PlatformEnv, ServiceProcess, testKafka, testPort, waitFor } from '@qn/testing';

/**
 * The credentials service as its own process on a test database and topic prefix. The registry
 * (the org tree) is played by a Kafka producer with its principal; a reader collects what the
 * service publishes on a topic.
 */
export class CredentialsWorld {
  readonly env = new PlatformEnv();
  readonly url: string;
  service!: ServiceProcess;
  db!: Client;
  private readonly port = testPort();
  private readonly producers = new Map<string, Producer>();
  private readonly readers: Consumer[] = [];

  constructor() {
    this.url = `http://127.0.0.1:${this.port}`;
  }

  async start(env: Record<string, string> = {}): Promise<void> {
    await this.env.setUp();
    this.service = new ServiceProcess('credentials', {
      ...this.env.envFor('credentials', this.port),
      ...env,
    }).start();
    await this.service.ready(this.url);
    this.db = new Client({ connectionString: this.env.db.url });
    await this.db.connect();
    await this.db.query(`SET search_path TO credentials`);
  }

  async stop(): Promise<void> {
    for (const r of this.readers) await r.disconnect().catch(() => undefined);
    for (const p of this.producers.values()) await p.disconnect().catch(() => undefined);
    await this.db?.end().catch(() => undefined);
    await this.service?.stop();
    await this.env.tearDown();
  }

  /** Publishes events as their owner would: validated, to the catalogue's topic and key. */
  async publish(events: EventEnvelope[]): Promise<void> {
    for (const e of events) {
      platformCatalog.assertValid(e);
      const { topic, key } = platformCatalog.route(e);
      let p = this.producers.get(e.source);
      if (!p) {
        p = testKafka(`credentials-test-${e.source}`, e.source).producer();
        await p.connect();
        this.producers.set(e.source, p);
      }
      await p.send({
        topic: `${this.env.prefix}${topic}`,
        messages: [{ key, value: JSON.stringify(e) }],
      });
    }
  }

  /** Everything published on a topic (from its beginning), collected as it comes. */
  async read(topic: string): Promise<Array<{ key: string; event: EventEnvelope }>> {
    const seen: Array<{ key: string; event: EventEnvelope }> = [];
    const consumer = testKafka('credentials-test-reader', 'admin').consumer({
      groupId: `${this.env.prefix}reader-${randomUUID()}`,
    });
    this.readers.push(consumer);
    await consumer.connect();
    await consumer.subscribe({ topic: `${this.env.prefix}${topic}`, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ message }: { message: KafkaMessage }) =>
        void seen.push({
          key: message.key?.toString() ?? '',
          event: JSON.parse(message.value!.toString()) as EventEnvelope,
        }),
    });
    return seen;
  }

  async rows<T = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T[]> {
    return (await this.db.query(sql, params)).rows as T[];
  }

  until<T = Record<string, unknown>>(
    sql: string,
    params: unknown[],
    ok: (rows: T[]) => boolean,
    description = sql,
  ): Promise<T[]> {
    return waitFor(
      async () => {
        const rows = await this.rows<T>(sql, params);
        return ok(rows) ? rows : undefined;
      },
      { timeoutMs: 30000, description },
    );
  }

  call(method: string, path: string, token: string, body?: unknown) {
    return callApi(this.url, method, path, token, body);
  }

  async ok(method: string, path: string, token: string, body?: unknown) {
    const r = await this.call(method, path, token, body);
    if (r.status >= 300)
      throw new Error(`${method} ${path}: ${r.status} ${JSON.stringify(r.body)}`);
    return r;
  }
}
