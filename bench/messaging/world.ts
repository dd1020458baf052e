/**
 * The bench world: its own event catalogue and tables, the orders its writers place, the
 * tracker that stamps when each event's effect committed, and the Kafka and PostgreSQL
 * housekeeping of a run.
 */
import { Client } from 'pg';
import { Kafka, Partitioners } from 'kafkajs';
import { DataSource, EntityManager, MigrationInterface, QueryRunner } from 'typeorm';
import { EventCatalog, EventEnvelope, newEvent, prefixedTopic } from '@qn/contracts';
import { ensureTopics } from '@qn/messaging';
import { v7 as uuidv7 } from 'uuid';
import { nearestRank, sortedCopy } from '../kit/stats';
import { clock, sleep } from '../kit/timing';
import type { LatencyFigures, MessagingBenchOptions } from './options';
import type { WriterPool } from './writers';

export { clock };

export const SCHEMA = 'bench';
export const BENCH_TOPIC = 'bench.orders.v1';
export const BENCH_EVENT = 'bench.order.placed';

export interface OrderPlaced {
  orderId: string;
  customerId: string;
  amount: number;
  note: string;
  /** clock() when the writer's transaction started (raw: when the message was offered). */
  t0: number;
  /** Index of the event in its run (paced runs: its slot in the schedule). */
  seq: number;
}

export function benchCatalog(partitions: number): EventCatalog {
  return new EventCatalog()
    .addTopic({
      name: BENCH_TOPIC,
      description: 'bench orders',
      partitions,
      compacted: false,
      keyOf: (e) => e.subjectId,
      keyDescription: 'customer id',
    })
    .addEvent({
      type: BENCH_EVENT,
      version: 1,
      topic: BENCH_TOPIC,
      description: 'an order was placed (benchmark)',
      schema: {
        type: 'object',
        required: ['orderId', 'customerId', 'amount', 'note', 't0', 'seq'],
        additionalProperties: false,
        properties: {
          orderId: { type: 'string', format: 'uuid' },
          customerId: { type: 'string', minLength: 1, maxLength: 64 },
          amount: { type: 'integer', minimum: 1 },
          note: { type: 'string', maxLength: 200 },
          t0: { type: 'number' },
          seq: { type: 'integer', minimum: 0 },
        },
      },
    });
}

const NOTE = 'school meal order, grade 7, Ha Long — benchmark payload padding to a realistic size';

export function orderEvent(i: number, keys: number, t0: number): EventEnvelope<OrderPlaced> {
  const customerId = `customer-${i % keys}`;
  return newEvent<OrderPlaced>({
    type: BENCH_EVENT,
    version: 1,
    source: 'bench',
    subjectId: customerId,
    // Business ids are UUIDv7 on the platform (time-ordered, index-friendly).
    data: { orderId: uuidv7(), customerId, amount: 1 + (i % 9973), note: NOTE, t0, seq: i },
  });
}

/** The business table the writers change and the effect table the consumer fills. */
export class BenchTables1900000000000 implements MigrationInterface {
  name = 'BenchTables1900000000000';
  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE bench_order (id uuid PRIMARY KEY, customer_id text NOT NULL, amount integer NOT NULL, created_at timestamptz NOT NULL DEFAULT now())`,
    );
    // No unique constraint on purpose: a duplicate effect must show up in the count.
    await q.query(
      `CREATE TABLE bench_effect (event_id uuid NOT NULL, order_id uuid NOT NULL, amount integer NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`,
    );
  }
  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE bench_effect`);
    await q.query(`DROP TABLE bench_order`);
  }
}

/** Percentiles by nearest rank on a sorted copy. */
export function latencyFigures(values: Float64Array | number[]): LatencyFigures {
  const n = values.length;
  if (n === 0) return { p50: NaN, p95: NaN, p99: NaN, max: NaN, mean: NaN };
  const sorted = sortedCopy(values);
  const at = (q: number) => nearestRank(sorted, q);
  let sum = 0;
  for (let i = 0; i < n; i++) sum += sorted[i];
  return { p50: at(0.5), p95: at(0.95), p99: at(0.99), max: sorted[n - 1], mean: sum / n };
}

/** Records, per event, when the transaction that applied it committed. */
export type Stamp = Pick<OrderPlaced, 't0' | 'seq'>;

export class CompletionTracker {
  readonly latencies: Float64Array;
  /** Paced runs: commit time minus the event's slot in the schedule (includes writer lateness). */
  readonly fromSchedule: Float64Array;
  /** Paced runs: when slot 0 was due and the rate. */
  schedule?: { start: number; rate: number };
  count = 0;
  transactions = 0;
  last = 0;
  lastProgress = clock();
  private waiter?: () => void;

  constructor(readonly expected: number) {
    this.latencies = new Float64Array(expected);
    this.fromSchedule = new Float64Array(expected);
  }

  complete(stamps: Stamp[], at: number): void {
    const s = this.schedule;
    for (const { t0, seq } of stamps) {
      if (this.count < this.expected) {
        this.latencies[this.count] = at - t0;
        if (s) this.fromSchedule[this.count] = at - (s.start + (seq * 1000) / s.rate);
      }
      this.count++;
    }
    this.transactions++;
    this.last = at;
    this.lastProgress = at;
    if (this.count >= this.expected) this.waiter?.();
  }

  /** Resolves when every event completed; rejects when nothing completed for `stallMs`. */
  async done(stallMs: number, describe: () => Promise<string>): Promise<void> {
    while (this.count < this.expected) {
      const finished = new Promise<void>((r) => (this.waiter = r));
      await Promise.race([finished, sleep(500)]);
      this.waiter = undefined;
      if (this.count < this.expected && clock() - this.lastProgress > stallMs) {
        throw new Error(
          `stalled: ${this.count} of ${this.expected} events completed; ${await describe()}`,
        );
      }
    }
  }
}

/**
 * The consumer's data source, seen through a proxy that notes when each transaction commits:
 * the handler leaves the `t0`s of the events it applied on its transaction, and they are
 * stamped once `transaction()` has returned, i.e. after COMMIT.
 */
export function commitStampingDataSource(
  ds: DataSource,
  applied: WeakMap<EntityManager, Stamp[]>,
  tracker: () => CompletionTracker | undefined,
): DataSource {
  return new Proxy(ds, {
    get(target, prop) {
      if (prop === 'transaction') {
        return async (...args: unknown[]) => {
          const fn = args[args.length - 1] as (tx: EntityManager) => Promise<unknown>;
          let t0s: Stamp[] | undefined;
          const wrapped = async (tx: EntityManager) => {
            const out = await fn(tx);
            t0s = applied.get(tx);
            return out;
          };
          const rest = args.slice(0, -1) as [];
          const result = await (target.transaction as (...a: unknown[]) => Promise<unknown>).call(
            target,
            ...rest,
            wrapped,
          );
          if (t0s) tracker()?.complete(t0s, clock());
          return result;
        };
      }
      const value = Reflect.get(target, prop, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

export async function adminQuery(adminUrl: string, sql: string): Promise<void> {
  const c = new Client({ connectionString: adminUrl });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

/** What the runs of one bench share. */
export interface World {
  opts: Required<
    Omit<MessagingBenchOptions, 'ratePerSecond' | 'log' | 'adminDatabaseUrl' | 'brokers'>
  > & { ratePerSecond?: number };
  log: (line: string) => void;
  kafka: Kafka;
  prefix: string;
  dbUrl: string;
  writerPool: WriterPool;
  relayDs: DataSource;
  consumerDs: DataSource;
  /** Effects applied per consumer transaction, by transaction, for the commit stamp. */
  applied: WeakMap<EntityManager, Stamp[]>;
  tracker?: CompletionTracker;
  stamped: DataSource;
  runSeq: number;
  pendingStops: Array<Promise<unknown>>;
}

export const producerConfig = {
  createPartitioner: Partitioners.DefaultPartitioner,
  idempotent: true,
  maxInFlightRequests: 1,
  allowAutoTopicCreation: false,
  retry: { retries: 10, maxRetryTime: 5000 },
};

export async function deleteTopics(kafka: Kafka, prefix: string): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const topics = (await admin.listTopics()).filter((t) => t.startsWith(prefix));
    if (topics.length) await admin.deleteTopics({ topics, timeout: 15000 });
  } finally {
    await admin.disconnect();
  }
}

export async function createTopics(
  world: World,
  runPrefix: string,
): Promise<{ catalog: EventCatalog; topic: string }> {
  const catalog = benchCatalog(world.opts.partitions);
  const admin = world.kafka.admin();
  await admin.connect();
  try {
    await ensureTopics(admin, catalog, runPrefix);
  } finally {
    await admin.disconnect();
  }
  return { catalog, topic: prefixedTopic(runPrefix, BENCH_TOPIC) };
}
