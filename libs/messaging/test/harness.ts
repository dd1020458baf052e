import { Kafka, Producer, Partitioners, KafkaMessage } from 'kafkajs';
import { DataSource } from 'typeorm';
import { EventCatalog, newEvent, prefixedTopic } from '@qn/contracts';
import { createServiceDataSource, connectAndMigrate } from '@qn/persistence';
import {
  createTestDatabase,
  testId,
  testKafka,
  TestPrincipals,
  TestDatabase,
  deleteTopicsWithPrefix,
} from '@qn/testing';
import {
  ensureTopics,
  messagingMigrations,
  OutboxWriter,
  OutboxRelay,
  EventConsumer,
  EventHandler,
  RejectedEventError,
} from '../src';

/** A small catalogue for the mechanism tests: one fact topic, one event type. */
export function ledgerCatalog(): EventCatalog {
  return new EventCatalog()
    .addTopic({
      name: 'test.ledger.v1',
      description: 'test facts',
      partitions: 3,
      compacted: false,
      keyOf: (e) => e.subjectId,
      keyDescription: 'account id',
    })
    .addEvent({
      type: 'test.ledger.credited',
      version: 1,
      topic: 'test.ledger.v1',
      description: 'an account was credited',
      schema: {
        type: 'object',
        required: ['account', 'amount'],
        additionalProperties: false,
        properties: {
          account: { type: 'string', minLength: 1 },
          amount: { type: 'integer', minimum: 1 },
        },
      },
    });
}

export const credited = (account: string, amount: number) =>
  newEvent({
    type: 'test.ledger.credited',
    version: 1,
    source: 'test',
    subjectId: account,
    data: { account, amount },
  });

/** One isolated world per suite: its own database, topic prefix and consumer groups. */
export class Harness {
  readonly id = testId();
  readonly prefix = `t${this.id}.`;
  readonly catalog = ledgerCatalog();
  readonly topic = prefixedTopic(this.prefix, 'test.ledger.v1');
  // The admin principal: these tests exercise the mechanisms on a catalogue of their own.
  readonly kafka: Kafka = testKafka(`test-${this.id}`, TestPrincipals.admin, {
    retry: undefined,
  });
  db!: TestDatabase;
  ds!: DataSource;
  producer!: Producer;
  private readonly closers: Array<() => Promise<unknown>> = [];

  async setUp(): Promise<void> {
    this.db = await createTestDatabase('messaging');
    this.ds = createServiceDataSource({
      url: this.db.url,
      schema: 'svc',
      entities: [],
      migrations: messagingMigrations,
      poolSize: 10,
    });
    await connectAndMigrate(this.ds);
    // The effect a handler makes: one row per credit. Its count is what "exactly once" means.
    await this.ds.query(
      `CREATE TABLE ledger_effect (event_id uuid NOT NULL, account text NOT NULL, amount integer NOT NULL)`,
    );
    const admin = this.kafka.admin();
    await admin.connect();
    await ensureTopics(admin, this.catalog, this.prefix);
    await admin.disconnect();
    this.producer = this.newProducer();
    await this.producer.connect();
  }

  newProducer(): Producer {
    return this.kafka.producer({
      idempotent: true,
      maxInFlightRequests: 1,
      createPartitioner: Partitioners.DefaultPartitioner,
    });
  }

  onTearDown(fn: () => Promise<unknown>) {
    this.closers.push(fn);
  }

  async tearDown(): Promise<void> {
    for (const fn of this.closers.reverse()) await fn().catch(() => undefined);
    await this.producer?.disconnect().catch(() => undefined);
    await this.ds?.destroy().catch(() => undefined);
    await this.db?.drop();
    await deleteTopicsWithPrefix(this.prefix);
  }

  writer(): OutboxWriter {
    return new OutboxWriter(this.catalog, 'svc', this.prefix);
  }

  relay(producer = this.producer, ds = this.ds): OutboxRelay {
    const relay = new OutboxRelay({
      dataSource: ds,
      producer,
      schema: 'svc',
      databaseUrl: this.db.url,
      pollIntervalMs: 200,
    });
    this.onTearDown(() => relay.stop());
    return relay;
  }

  /** Handler that records each credit as one row of ledger_effect. */
  readonly recordCredit: EventHandler = async (events, tx) => {
    for (const e of events) {
      const d = creditOf(e.event.data);
      if (d.account === 'poison') throw new Error('cannot credit the poison account');
      if (d.account === 'closed')
        throw new RejectedEventError('account closed: credits are refused');
      await tx.query(`INSERT INTO ledger_effect (event_id, account, amount) VALUES ($1, $2, $3)`, [
        e.event.id,
        d.account,
        d.amount,
      ]);
    }
  };

  async consumer(
    handler: EventHandler = this.recordCredit,
    group = `${this.prefix}ledger`,
    options: { chunkSize?: number } = {},
  ): Promise<EventConsumer> {
    const consumer = new EventConsumer({
      kafka: this.kafka,
      producer: this.producer,
      dataSource: this.ds,
      catalog: this.catalog,
      groupId: group,
      topics: [this.topic],
      handler,
      maxAttempts: 3,
      retryBackoffMs: 20,
      sessionTimeoutMs: 6000,
      ...options,
    });
    await consumer.start();
    this.onTearDown(() => consumer.stop());
    return consumer;
  }

  async effects(): Promise<Array<{ event_id: string; account: string; amount: number }>> {
    return this.ds.query(`SELECT event_id, account, amount FROM ledger_effect ORDER BY account`);
  }

  async outboxCount(): Promise<number> {
    const [{ n }] = await this.ds.query(`SELECT count(*)::int AS n FROM outbox`);
    return n;
  }

  /** Reads every message of a topic from the beginning until `count` arrived. */
  async readTopic(topic: string, count: number, timeoutMs = 20000): Promise<KafkaMessage[]> {
    const consumer = this.kafka.consumer({
      groupId: `${this.prefix}reader-${testId()}`,
      sessionTimeout: 6000,
      heartbeatInterval: 500,
    });
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    const got: KafkaMessage[] = [];
    try {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`only ${got.length} of ${count} messages on ${topic}`)),
          timeoutMs,
        );
        void consumer.run({
          eachMessage: async ({ message }) => {
            got.push(message);
            if (got.length >= count) {
              clearTimeout(timer);
              resolve();
            }
          },
        });
      });
    } finally {
      await consumer.disconnect();
    }
    return got;
  }
}

/** A test credit's data, read without a cast (the catalogue's schema checked it already). */
export function creditOf(data: unknown): { account: string; amount: number; pupilName?: string } {
  if (
    typeof data === 'object' &&
    data !== null &&
    'account' in data &&
    typeof data.account === 'string' &&
    'amount' in data &&
    typeof data.amount === 'number'
  ) {
    const credit = { account: data.account, amount: data.amount };
    return 'pupilName' in data && typeof data.pupilName === 'string'
      ? { ...credit, pupilName: data.pupilName }
      : credit;
  }
  throw new Error(`not a credit: ${JSON.stringify(data)}`);
}
