import { randomUUID } from 'node:crypto';
import type { Consumer, KafkaMessage, Producer } from 'kafkajs';
import { Client } from 'pg';
import { EventEnvelope, platformCatalog } from '@qn/contracts';
import { callApi } from './http';
import { testKafka } from './isolation';
import { PlatformEnv } from './platform-env';
import { testPort } from './ports';
import { ServiceProcess } from './service-process';
import { waitFor } from './wait';

/**
 * One service as its own process on a test database and topic prefix, with the other services
 * played by Kafka producers under their own principals, publishing the contracts' envelopes to
 * the topics and keys the catalogue routes them to; readers collect what it publishes; its
 * schema is queried directly. A service's test world extends it with the events it needs.
 */
export class ServiceWorld {
  readonly env = new PlatformEnv();
  readonly url: string;
  service!: ServiceProcess;
  db!: Client;
  private readonly port = testPort();
  private readonly producers = new Map<string, Producer>();
  private readonly consumers: Consumer[] = [];
  private readonly cleanups: Array<() => void> = [];

  constructor(readonly serviceName: string) {
    this.url = `http://127.0.0.1:${this.port}`;
  }

  /** `env`: more settings for the service (e.g. `LOG_LEVEL`). */
  async start(env: Record<string, string> = {}): Promise<void> {
    await this.env.setUp();
    this.service = new ServiceProcess(this.serviceName, {
      ...this.env.envFor(this.serviceName, this.port),
      ...env,
    }).start();
    await this.service.ready(this.url);
    this.db = new Client({ connectionString: this.env.db.url });
    await this.db.connect();
    await this.db.query(`SET search_path TO ${this.serviceName.replace(/-/g, '_')}`);
  }

  /** Something `stop` undoes last (a folder the test made). */
  onStop(cleanup: () => void): void {
    this.cleanups.push(cleanup);
  }

  async stop(): Promise<void> {
    for (const c of this.consumers) await c.disconnect().catch(() => undefined);
    for (const p of this.producers.values()) await p.disconnect().catch(() => undefined);
    await this.db?.end().catch(() => undefined);
    await this.service?.stop();
    await this.env.tearDown();
    for (const c of this.cleanups.splice(0)) c();
  }

  private async producer(principal: string): Promise<Producer> {
    let p = this.producers.get(principal);
    if (!p) {
      p = testKafka(`${this.serviceName}-test-${principal}`, principal).producer();
      await p.connect();
      this.producers.set(principal, p);
    }
    return p;
  }

  /** Publishes events as their owner would: validated, to the catalogue's topic and key, in order. */
  async publish(events: EventEnvelope[]): Promise<void> {
    for (const e of events) {
      platformCatalog.assertValid(e);
      const { topic, key } = platformCatalog.route(e);
      await (
        await this.producer(e.source)
      ).send({
        topic: `${this.env.prefix}${topic}`,
        messages: [{ key, value: JSON.stringify(e) }],
      });
    }
  }

  /** Sends a value the catalogue would refuse, as `principal`, to one of its topics. */
  async publishRaw(topic: string, key: string, value: string, principal: string): Promise<void> {
    await (
      await this.producer(principal)
    ).send({ topic: `${this.env.prefix}${topic}`, messages: [{ key, value }] });
  }

  /** Every message of a topic (from its beginning), handed to `each` as it comes. */
  async consume(topic: string, each: (message: KafkaMessage) => void): Promise<void> {
    const consumer = testKafka(`${this.serviceName}-test-reader`).consumer({
      groupId: `${this.env.prefix}reader-${randomUUID()}`,
    });
    this.consumers.push(consumer);
    await consumer.connect();
    await consumer.subscribe({ topic: `${this.env.prefix}${topic}`, fromBeginning: true });
    await consumer.run({ eachMessage: async ({ message }) => each(message) });
  }

  /** Everything published on a topic (from its beginning) with its key, collected as it comes. */
  async read(topic: string): Promise<Array<{ key: string; event: EventEnvelope }>> {
    const seen: Array<{ key: string; event: EventEnvelope }> = [];
    await this.consume(topic, (message) =>
      seen.push({
        key: message.key?.toString() ?? '',
        event: JSON.parse(message.value?.toString() ?? '{}') as EventEnvelope,
      }),
    );
    return seen;
  }

  async rows<T = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T[]> {
    return (await this.db.query(sql, params)).rows as T[];
  }

  /** Polls a query until `ok` holds for its rows. */
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

  /** Waits until the service has applied each event (its processed-event row is there). */
  async processed(events: EventEnvelope[]): Promise<void> {
    const ids = events.map((e) => e.id);
    await this.until(
      `SELECT event_id FROM processed_event WHERE event_id = ANY($1::uuid[])`,
      [ids],
      (rows) => rows.length === ids.length,
      `${ids.length} events processed`,
    );
  }

  call(method: string, path: string, token: string, body?: unknown) {
    return callApi(this.url, method, path, token, body);
  }

  /** A call that must succeed (a step of a scenario): anything else throws with the answer. */
  async ok(method: string, path: string, token: string, body?: unknown) {
    const r = await this.call(method, path, token, body);
    if (r.status >= 300)
      throw new Error(`${method} ${path}: ${r.status} ${JSON.stringify(r.body)}`);
    return r;
  }
}
