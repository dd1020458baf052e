/**
 * Outbox → Kafka → idempotent consumer, end to end, measured side by side with raw kafkajs
 * produce → consume of the same payloads.
 *
 * Full path (the platform's own mechanisms from @qn/messaging):
 *   N concurrent writers (on this thread or on worker threads), each business transaction =
 *   INSERT one business row + OutboxWriter.enqueue (JSON-schema validation, outbox row; the
 *   relay is woken after COMMIT) + COMMIT (synchronous_commit on); one OutboxRelay (idempotent
 *   producer, acks=all, per-key order); one EventConsumer whose handler inserts one effect row
 *   per event in the consumer's transaction (with the processed-event rows).
 * Runs: saturation (throughput), paced (latency at a fixed offered rate), and optionally a
 *   drain run (diagnostic: writers alone, then relay + Kafka + consumer alone).
 * Baseline: a kafkajs producer with the same settings sends the same payload bytes, keys,
 *   headers and batch size (acks=-1) to a topic with the same partitions; a kafkajs consumer
 *   (eachBatch) reads them.
 *
 * Latency of an event = the moment the transaction that applied its effect committed (raw: the
 * moment its batch was handled) minus the moment its writer's transaction started (raw: the
 * moment the message was offered), both read from this process's clock
 * (performance.timeOrigin + performance.now()) — the start time travels in the payload (`t0`).
 */
import { randomBytes } from 'node:crypto';
import { cpus } from 'node:os';
import { performance } from 'node:perf_hooks';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { Client } from 'pg';
import { Kafka, KafkaMessage, logLevel, Partitioners } from 'kafkajs';
import { DataSource, EntityManager, MigrationInterface, QueryRunner } from 'typeorm';
import { EventCatalog, EventEnvelope, newEvent, prefixedTopic } from '@qn/contracts';
import { connectAndMigrate, createServiceDataSource } from '@qn/persistence';
import { testKafkaSasl, TestPrincipals } from '@qn/testing';
import {
  ensureTopics,
  EventConsumer,
  EventHandler,
  MessagingMetrics,
  messagingMigrations,
  outboxChannel,
  OutboxRelay,
  OutboxWriter,
} from '@qn/messaging';
import { Registry } from 'prom-client';
import { v7 as uuidv7 } from 'uuid';

// ---------------------------------------------------------------------------------------------
// Options and results

export interface MessagingBenchOptions {
  /** Events per measured run (each of the four runs). */
  events: number;
  /** Concurrent writer transactions (each a business request). */
  writers: number;
  /**
   * Worker threads the writers run on (0 = this thread, the default). Like several service
   * instances writing at once, it keeps the writers' JavaScript off the thread that runs the
   * relay and the consumer. Needs the compiled bench (dist), not ts sources.
   */
  writerThreads?: number;
  /**
   * Offered rate of the paced (latency) run, events/s. Default: the lower of 5,000/s and the
   * throughput the saturation run sustained.
   */
  ratePerSecond?: number;
  /** Partitions of the bench topic (full path and baseline alike). */
  partitions?: number;
  /** OutboxRelay batch size; the baseline producer sends batches of the same size. */
  relayBatchSize?: number;
  /** OutboxRelay lingerMs: pause after a partial batch so that batches grow under load (default 25). */
  relayLingerMs?: number;
  /** EventConsumer events per transaction. */
  consumerChunkSize?: number;
  /** Distinct message keys (aggregates); events of one key stay in order. */
  keys?: number;
  /** Events of an unmeasured warm-up run of the full path (JIT, pools, broker). 0 = none. */
  warmupEvents?: number;
  /** Which runs: saturation and paced, or one of them. */
  modes?: Array<'saturation' | 'paced'>;
  /**
   * Also a drain run (diagnostic, default false): writers fill the outbox with the relay
   * stopped, then relay + Kafka + consumer empty it — the capacity downstream of the writers.
   */
  drainRun?: boolean;
  /** Run the raw kafkajs baseline next to the full path (default true). */
  baseline?: boolean;
  /** Admin URL of the PostgreSQL server (a database is created and dropped on it). */
  adminDatabaseUrl?: string;
  brokers?: string[];
  /** Gives up when no event completes for this long (ms). */
  stallTimeoutMs?: number;
  /** Progress lines; default silent. */
  log?: (line: string) => void;
}

export interface LatencyFigures {
  p50: number;
  p95: number;
  p99: number;
  max: number;
  mean: number;
}

export interface RunFigures {
  name: string;
  /** raw: batched sends like the relay's; raw-per-event: one send per event from concurrent writers, like the business transactions. */
  path: 'full' | 'raw' | 'raw-per-event';
  mode: 'saturation' | 'paced' | 'drain' | 'warmup';
  events: number;
  /** Paced runs: the rate asked for (events/s); null for saturation. */
  targetRate: number | null;
  /**
   * Offered load actually achieved (events/s): full path = events committed by the writers per
   * second (first write start → last writer commit); raw = messages offered per second.
   */
  offeredRate: number;
  /** events / (last effect committed − first write started), events/s (drain: from relay start). */
  throughput: number;
  durationMs: number;
  latencyMs: LatencyFigures;
  /**
   * Paced runs: latency counted from each event's slot in the schedule instead of from its
   * transaction start — includes any time the writers fell behind (coordinated omission).
   */
  latencyFromScheduleMs: LatencyFigures | null;
  /** Paced runs: how late the last writer started compared with its schedule (ms). */
  maxScheduleLagMs: number;
  /** Largest outbox backlog seen (full path, sampled every 100 ms): committed, not yet published. */
  maxOutboxBacklog: number | null;
  /** Largest consumer backlog seen (full path): published, not yet applied. */
  maxConsumerBacklog: number | null;
  /** Full path: relay batches (SELECT → send → DELETE cycles) and consumer transactions (diagnostic). */
  relayBatches: number | null;
  consumerTransactions: number | null;
  /** Full path: NOTIFY wake-ups the relay's channel received during the run (diagnostic). */
  relayWakeUps: number | null;
  /** Share of the run this process's event loop was busy (0..1): near 1 means Node is the limit. */
  eventLoopUtilization: number;
  /** CPU time of this process per event (µs, user + system, all threads). */
  processCpuMicrosPerEvent: number;
  /** Mean payload size in bytes (the JSON message value). */
  payloadBytes: number;
  integrity: {
    expected: number;
    effects: number;
    distinct: number;
    lost: number;
    duplicates: number;
    businessRows: number | null;
    outboxLeft: number | null;
    ok: boolean;
  };
}

export interface MessagingBenchResult {
  machine: { cpus: number; cpuModel: string; node: string };
  options: Required<
    Pick<
      MessagingBenchOptions,
      | 'events'
      | 'writers'
      | 'writerThreads'
      | 'partitions'
      | 'relayBatchSize'
      | 'relayLingerMs'
      | 'consumerChunkSize'
      | 'keys'
      | 'warmupEvents'
    >
  >;
  runs: RunFigures[];
  /** The three target figures (null when the run that gives one was not made). */
  figures: {
    fullPathThroughput: number | null;
    rawThroughput: number | null;
    throughputRatio: number | null;
    rawPerEventThroughput: number | null;
    throughputRatioPerEvent: number | null;
    pacedRate: number | null;
    pacedP50Ms: number | null;
    pacedP99Ms: number | null;
    /** The paced p99 counted from each event's scheduled slot (includes writer lateness). */
    pacedP99FromScheduleMs: number | null;
    /**
     * Diagnostic (with the drain run): business transactions/s PostgreSQL alone commits for
     * the writers' two INSERTs, from as many plain `pg` clients — the most the full path could
     * carry on this machine before the relay, Kafka and the consumer take their share.
     */
    plainSqlTransactionsPerSecond: number | null;
  };
  targets: { throughput: Verdict; p99: Verdict; ratio: Verdict };
  integrityOk: boolean;
}

export interface Verdict {
  target: string;
  value: number | null;
  pass: boolean | null;
}

export const TARGETS = { throughputPerSecond: 5000, p99Ms: 250, ratio: 0.3 } as const;

// ---------------------------------------------------------------------------------------------
// The bench world: catalogue, tables, clock

const SCHEMA = 'bench';
const BENCH_TOPIC = 'bench.orders.v1';
const BENCH_EVENT = 'bench.order.placed';

/** One clock for writers, relay, consumer and baseline: ms since the epoch, sub-ms resolution. */
export const clock = () => performance.timeOrigin + performance.now();

interface OrderPlaced {
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

function orderEvent(i: number, keys: number, t0: number): EventEnvelope<OrderPlaced> {
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
class BenchTables1900000000000 implements MigrationInterface {
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

// ---------------------------------------------------------------------------------------------
// Small helpers

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, Math.max(0, ms)));

/** Percentiles by nearest rank on a sorted copy. */
export function latencyFigures(values: Float64Array | number[]): LatencyFigures {
  const n = values.length;
  if (n === 0) return { p50: NaN, p95: NaN, p99: NaN, max: NaN, mean: NaN };
  const sorted = Float64Array.from(values).sort();
  const at = (q: number) => sorted[Math.min(n - 1, Math.max(0, Math.ceil(q * n) - 1))];
  let sum = 0;
  for (let i = 0; i < n; i++) sum += sorted[i];
  return { p50: at(0.5), p95: at(0.95), p99: at(0.99), max: sorted[n - 1], mean: sum / n };
}

/** Records, per event, when the transaction that applied it committed. */
type Stamp = Pick<OrderPlaced, 't0' | 'seq'>;

class CompletionTracker {
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
function commitStampingDataSource(
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

async function adminQuery(adminUrl: string, sql: string): Promise<void> {
  const c = new Client({ connectionString: adminUrl });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

// ---------------------------------------------------------------------------------------------
// The bench

interface World {
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

const producerConfig = {
  createPartitioner: Partitioners.DefaultPartitioner,
  idempotent: true,
  maxInFlightRequests: 1,
  allowAutoTopicCreation: false,
  retry: { retries: 10, maxRetryTime: 5000 },
};

export async function runMessagingBench(
  input: MessagingBenchOptions,
): Promise<MessagingBenchResult> {
  const opts: World['opts'] = {
    events: input.events,
    writers: input.writers,
    ratePerSecond: input.ratePerSecond,
    partitions: input.partitions ?? 3,
    relayBatchSize: input.relayBatchSize ?? 1000,
    relayLingerMs: input.relayLingerMs ?? 25,
    writerThreads: input.writerThreads ?? 0,
    consumerChunkSize: input.consumerChunkSize ?? 500,
    keys: input.keys ?? 1000,
    warmupEvents: input.warmupEvents ?? Math.min(5000, Math.ceil(input.events / 10)),
    modes: input.modes ?? ['saturation', 'paced'],
    baseline: input.baseline ?? true,
    drainRun: input.drainRun ?? false,
    stallTimeoutMs: input.stallTimeoutMs ?? 30000,
  };
  const log = input.log ?? (() => undefined);
  const adminUrl =
    input.adminDatabaseUrl ??
    process.env.TEST_ADMIN_DATABASE_URL ??
    process.env.DATABASE_URL ??
    'postgres://postgres@127.0.0.1:5432/postgres';
  const brokers =
    input.brokers ??
    (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',').map((b) => b.trim());
  const id = randomBytes(4).toString('hex');
  const dbName = `qn_bench_${id}`;
  const prefix = `bench${id}.`;
  // The admin principal: the bench has a catalogue of its own, outside the platform's ACLs.
  const sasl = testKafkaSasl(TestPrincipals.admin);
  const kafka = new Kafka({
    clientId: `qn-bench-${id}`,
    brokers,
    logLevel: logLevel.NOTHING,
    retry: { retries: 8, initialRetryTime: 100 },
    ...(sasl ? { sasl } : {}),
  });

  log(`setting up database ${dbName} and topic prefix ${prefix}`);
  await adminQuery(adminUrl, `CREATE DATABASE "${dbName}"`);
  const u = new URL(adminUrl);
  u.pathname = `/${dbName}`;
  const dbUrl = u.toString();
  const ds = (poolSize: number, applicationName: string) =>
    createServiceDataSource({
      url: dbUrl,
      schema: SCHEMA,
      entities: [],
      migrations: [...messagingMigrations, BenchTables1900000000000],
      poolSize,
      applicationName,
    });
  const writerDs = ds(opts.writers, 'bench-writers');
  const migrator = ds(3, 'bench-migrate'); // the migration lock holds one connection
  const relayDs = ds(2, 'bench-relay');
  const consumerDs = ds(2, 'bench-consumer');
  const world: World = {
    opts,
    log,
    kafka,
    prefix,
    dbUrl,
    writerPool: undefined as unknown as WriterPool,
    relayDs,
    consumerDs,
    applied: new WeakMap(),
    stamped: consumerDs,
    runSeq: 0,
    pendingStops: [],
  };
  world.stamped = commitStampingDataSource(consumerDs, world.applied, () => world.tracker);
  const runs: RunFigures[] = [];
  let plainSql: number | null = null;
  try {
    await connectAndMigrate(migrator);
    await migrator.destroy();
    world.writerPool =
      opts.writerThreads > 0
        ? await threadWriterPool(
            {
              dbUrl,
              writers: opts.writers,
              threads: opts.writerThreads,
              keys: opts.keys,
              partitions: opts.partitions,
            },
            log,
          )
        : await inThreadWriterPool(writerDs, opts);
    await relayDs.initialize();
    await consumerDs.initialize();

    if (opts.warmupEvents > 0) {
      log(`warm-up: ${opts.warmupEvents} events through the full path (not measured)`);
      await fullPathRun(world, 'warmup', opts.warmupEvents, null);
    }
    let rate = opts.ratePerSecond;
    if (opts.modes.includes('saturation')) {
      runs.push(await fullPathRun(world, 'saturation', opts.events, null));
      if (opts.baseline) {
        runs.push(await rawRun(world, 'saturation', opts.events, null));
        runs.push(await rawRun(world, 'saturation', opts.events, null, 'per-event'));
      }
      // The lower of 5,000/s and what the saturation run sustained (rounded down to 100/s).
      rate ??= Math.max(
        100,
        Math.min(TARGETS.throughputPerSecond, Math.floor(runs[0].throughput / 100) * 100),
      );
    }
    if (opts.modes.includes('paced')) {
      rate ??= TARGETS.throughputPerSecond;
      runs.push(await fullPathRun(world, 'paced', opts.events, rate));
      if (opts.baseline) runs.push(await rawRun(world, 'paced', opts.events, rate));
    }
    if (opts.drainRun) {
      runs.push(await fullPathRun(world, 'drain', opts.events, null));
      plainSql = await plainSqlWriters(world, opts.events);
    }
  } finally {
    await Promise.all(world.pendingStops);
    await world.writerPool?.close().catch(() => undefined);
    for (const d of [writerDs, relayDs, consumerDs, migrator])
      if (d.isInitialized) await d.destroy().catch(() => undefined);
    await adminQuery(adminUrl, `DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`).catch(
      (e: Error) => log(`could not drop ${dbName}: ${e.message}`),
    );
    await deleteTopics(kafka, prefix).catch((e: Error) =>
      log(`could not delete topics ${prefix}*: ${e.message}`),
    );
  }
  return summarize(opts, runs, plainSql);
}

async function deleteTopics(kafka: Kafka, prefix: string): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const topics = (await admin.listTopics()).filter((t) => t.startsWith(prefix));
    if (topics.length) await admin.deleteTopics({ topics, timeout: 15000 });
  } finally {
    await admin.disconnect();
  }
}

async function createTopics(
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

/** One run of the full path: writers → outbox → relay → Kafka → idempotent consumer. */
async function fullPathRun(
  world: World,
  mode: RunFigures['mode'],
  events: number,
  rate: number | null,
): Promise<RunFigures> {
  const { opts, log } = world;
  const runPrefix = `${world.prefix}r${world.runSeq++}.`;
  const name = `full path, ${mode === 'paced' ? `paced ${rate}/s` : mode === 'drain' ? 'drain (diagnostic)' : mode}`;
  log(`${name}: ${events} events, ${opts.writers} writers`);
  const { catalog, topic } = await createTopics(world, runPrefix);
  const producer = world.kafka.producer(producerConfig);
  await producer.connect();
  const tracker = new CompletionTracker(events);
  world.tracker = tracker;
  const handler: EventHandler = async (batch, tx) => {
    // One effect row per event, one statement per chunk, in the consumer's transaction.
    const data = batch.map((e) => e.event.data as OrderPlaced);
    await tx.query(
      `INSERT INTO bench_effect (event_id, order_id, amount) SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::int[])`,
      [batch.map((e) => e.event.id), data.map((d) => d.orderId), data.map((d) => d.amount)],
    );
    world.applied.set(
      tx,
      data.map((d) => ({ t0: d.t0, seq: d.seq })),
    );
  };
  const consumer = new EventConsumer({
    kafka: world.kafka,
    producer,
    dataSource: world.stamped,
    catalog,
    groupId: `${runPrefix}bench-consumer`,
    topics: [topic],
    handler,
    chunkSize: opts.consumerChunkSize,
    maxAttempts: 3,
    retryBackoffMs: 50,
    sessionTimeoutMs: 15000,
    log: { info: () => undefined, warn: log, error: log },
  });
  await consumer.start();
  const metrics = MessagingMetrics.for(new Registry());
  const relay = new OutboxRelay({
    dataSource: world.relayDs,
    producer,
    schema: SCHEMA,
    databaseUrl: world.dbUrl,
    batchSize: opts.relayBatchSize,
    lingerMs: opts.relayLingerMs,
    metrics,
    log: { info: () => undefined, warn: log, error: log },
  });
  const startRelay = async () => {
    relay.start();
    const leaderBy = clock() + 10000;
    while (!relay.isLeader) {
      if (clock() > leaderBy) throw new Error('the outbox relay did not become active');
      await sleep(1);
    }
  };
  // Drain: the relay starts only once the writers are done, so relay + Kafka + consumer work
  // through a full outbox at their own pace — the capacity of the path after the writers.
  if (mode !== 'drain') await startRelay();
  let drainStart = 0;

  // Diagnostic: how many wake-ups the relay's channel carries.
  const listener = new Client({ connectionString: world.dbUrl });
  await listener.connect();
  let wakeUps = 0;
  listener.on('notification', () => wakeUps++);
  await listener.query(`LISTEN "${outboxChannel(SCHEMA)}"`);
  // Where events queue: committed by writers but not yet published (outbox backlog), and
  // published but not yet applied (consumer backlog). Read from counters, not from the database.
  const counters = new Int32Array(new SharedArrayBuffer(8)); // [next ticket, committed]
  let maxBacklog = 0;
  let maxConsumerBacklog = 0;
  let sampling = true;
  const published = async () =>
    (await metrics.outboxPublished.get()).values.reduce((sum, v) => sum + v.value, 0);
  const sampler = (async () => {
    while (sampling) {
      await sleep(100);
      const p = await published();
      maxBacklog = Math.max(maxBacklog, Atomics.load(counters, 1) - p);
      maxConsumerBacklog = Math.max(maxConsumerBacklog, p - tracker.count);
    }
  })();
  let w: WriterFigures;
  let eluCpu = { elu: 0, cpu: { user: 0, system: 0 } };
  const elu0 = performance.eventLoopUtilization();
  const cpu0 = process.cpuUsage();
  try {
    const start = clock() + 5;
    if (rate) tracker.schedule = { start, rate };
    w = await world.writerPool.run({ runPrefix, events, rate, start }, counters);
    if (mode === 'drain') {
      drainStart = clock();
      await startRelay();
    }
    await tracker.done(
      opts.stallTimeoutMs,
      async () =>
        `outbox holds ${(await world.relayDs.query(`SELECT count(*)::int AS n FROM outbox`))[0].n} rows`,
    );
  } finally {
    eluCpu = {
      elu: performance.eventLoopUtilization(elu0).utilization,
      cpu: process.cpuUsage(cpu0),
    };
    sampling = false;
    await sampler;
    world.tracker = undefined;
    await relay.stop().catch(() => undefined);
    await listener.end().catch(() => undefined);
    // Leaving the group waits for the consumer's long-poll fetch (up to 5 s): done in the
    // background (the consumer is idle, its topic and group are this run's own) and awaited
    // at the end of the bench.
    world.pendingStops.push(
      consumer
        .stop()
        .catch(() => undefined)
        .then(() => producer.disconnect())
        .catch(() => undefined),
    );
  }
  // Integrity: every event has exactly one effect, nothing is left behind.
  await sleep(200);
  const [counts] = await world.consumerDs.query(
    `SELECT (SELECT count(*)::int FROM bench_effect) AS effects, (SELECT count(DISTINCT event_id)::int FROM bench_effect) AS distinct,
            (SELECT count(*)::int FROM bench_order) AS orders, (SELECT count(*)::int FROM outbox) AS outbox`,
  );
  // Fresh tables for the next run (the outbox is empty here; TRUNCATE also drops its dead rows).
  await world.consumerDs.query(
    `TRUNCATE bench_effect, bench_order, processed_event${counts.outbox === 0 ? ', outbox' : ''}`,
  );
  const durationMs = tracker.last - (mode === 'drain' ? drainStart : w.firstStart);
  const integrity = {
    expected: events,
    effects: counts.effects,
    distinct: counts.distinct,
    lost: events - counts.distinct,
    duplicates: counts.effects - counts.distinct,
    businessRows: counts.orders,
    outboxLeft: counts.outbox,
    ok:
      counts.effects === events &&
      counts.distinct === events &&
      counts.orders === events &&
      counts.outbox === 0,
  };
  const figures: RunFigures = {
    name,
    path: 'full',
    mode,
    events,
    targetRate: rate,
    offeredRate: (events * 1000) / (w.lastCommit - w.firstStart),
    throughput: (events * 1000) / durationMs,
    durationMs,
    // A drain run's events wait in the outbox on purpose: its latencies mean nothing.
    latencyMs: latencyFigures(
      mode === 'drain' ? [] : tracker.latencies.subarray(0, Math.min(tracker.count, events)),
    ),
    latencyFromScheduleMs: rate
      ? latencyFigures(tracker.fromSchedule.subarray(0, Math.min(tracker.count, events)))
      : null,
    maxScheduleLagMs: w.maxLag,
    maxOutboxBacklog: maxBacklog,
    maxConsumerBacklog,
    relayWakeUps: wakeUps,
    eventLoopUtilization: eluCpu.elu,
    processCpuMicrosPerEvent: (eluCpu.cpu.user + eluCpu.cpu.system) / events,
    relayBatches:
      (await metrics.relayBatchSeconds.get()).values.find((v) => v.metricName?.endsWith('_count'))
        ?.value ?? null,
    consumerTransactions: tracker.transactions,
    payloadBytes: w.payloadBytes,
    integrity,
  };
  log(`${name}: ${describeRun(figures)}`);
  return figures;
}

interface WriterFigures {
  firstStart: number;
  lastCommit: number;
  maxLag: number;
  payloadBytes: number;
}

interface WriterJob {
  runPrefix: string;
  events: number;
  rate: number | null;
  /** clock() of event 0's slot. */
  start: number;
}

/** Runs the writers of one run, on this thread or on worker threads. */
interface WriterPool {
  /** `counters` (shared): [0] next event to write, [1] events committed. */
  run(job: WriterJob, counters: Int32Array): Promise<WriterFigures>;
  close(): Promise<void>;
}

/**
 * The writers: `writers` loops, each taking the next event and running one business
 * transaction for it — INSERT the business row, OutboxWriter.enqueue, COMMIT. Paced: event i
 * is due at start + i/rate and its writer waits until then (a writer that is late starts at
 * once; the lag is reported).
 */
async function writeEvents(
  ds: DataSource,
  writer: OutboxWriter,
  job: WriterJob,
  writers: number,
  keys: number,
  counters: Int32Array,
): Promise<WriterFigures> {
  const { events, rate, start } = job;
  let maxLag = 0;
  let lastCommit = 0;
  let bytes = 0;
  let sampled = 0;
  let firstStart = Infinity;
  const loop = async () => {
    for (;;) {
      const i = Atomics.add(counters, 0, 1);
      if (i >= events) return;
      if (rate) {
        const due = start + (i * 1000) / rate;
        const wait = due - clock();
        if (wait > 0.5) await sleep(wait);
        maxLag = Math.max(maxLag, clock() - due);
      }
      const t0 = clock();
      if (t0 < firstStart) firstStart = t0;
      const event = orderEvent(i, keys, t0);
      await ds.transaction(async (tx) => {
        await tx.query(`INSERT INTO bench_order (id, customer_id, amount) VALUES ($1, $2, $3)`, [
          event.data.orderId,
          event.data.customerId,
          event.data.amount,
        ]);
        await writer.enqueue(tx, event);
      });
      const t1 = clock();
      Atomics.add(counters, 1, 1);
      if (t1 > lastCommit) lastCommit = t1;
      if (i < 1000) {
        bytes += Buffer.byteLength(JSON.stringify(event));
        sampled++;
      }
    }
  };
  await Promise.all(Array.from({ length: writers }, loop));
  return { firstStart, lastCommit, maxLag, payloadBytes: sampled ? bytes / sampled : NaN };
}

async function inThreadWriterPool(ds: DataSource, opts: World['opts']): Promise<WriterPool> {
  await ds.initialize();
  const catalog = benchCatalog(opts.partitions);
  return {
    run: (job, counters) =>
      writeEvents(
        ds,
        new OutboxWriter(catalog, SCHEMA, job.runPrefix),
        job,
        opts.writers,
        opts.keys,
        counters,
      ),
    close: () => ds.destroy(),
  };
}

interface WriterThreadData {
  kind: 'qn-bench-writers';
  dbUrl: string;
  writers: number;
  keys: number;
  partitions: number;
}

type FromWriterThread =
  | { type: 'ready'; clock: number }
  | { type: 'done'; figures: WriterFigures }
  | { type: 'failed'; message: string };

/** Worker threads running this very module (compiled), each with its own pool and writers. */
async function threadWriterPool(
  cfg: { dbUrl: string; writers: number; threads: number; keys: number; partitions: number },
  log: (l: string) => void,
): Promise<WriterPool> {
  if (!__filename.endsWith('.js'))
    throw new Error('writerThreads needs the compiled bench (bench/messaging/dist)');
  const workers: Worker[] = [];
  const replies = new Map<Worker, (m: FromWriterThread) => void>();
  const next = (w: Worker) => new Promise<FromWriterThread>((resolve) => replies.set(w, resolve));
  for (let t = 0; t < cfg.threads; t++) {
    const writers = Math.floor(cfg.writers / cfg.threads) + (t < cfg.writers % cfg.threads ? 1 : 0);
    const data: WriterThreadData = {
      kind: 'qn-bench-writers',
      dbUrl: cfg.dbUrl,
      writers,
      keys: cfg.keys,
      partitions: cfg.partitions,
    };
    const w = new Worker(__filename, { workerData: data });
    w.on('message', (m: FromWriterThread) => replies.get(w)?.(m));
    w.on('error', (err) => replies.get(w)?.({ type: 'failed', message: err.message }));
    workers.push(w);
  }
  for (const w of workers) {
    const m = await next(w);
    if (m.type !== 'ready') throw new Error(`writer thread did not start: ${JSON.stringify(m)}`);
    // Same process clock: the thread's reading must precede ours by the message latency only.
    const skew = clock() - m.clock;
    if (skew < -1 || skew > 50)
      log(`warning: writer thread clock differs by ${skew.toFixed(2)} ms`);
  }
  return {
    async run(job, counters) {
      const results = await Promise.all(
        workers.map((w) => {
          const reply = next(w);
          w.postMessage({ type: 'run', job, counters: counters.buffer });
          return reply;
        }),
      );
      const figures = results.map((m) => {
        if (m.type !== 'done')
          throw new Error(`writer thread failed: ${m.type === 'failed' ? m.message : m.type}`);
        return m.figures;
      });
      const sized = figures.filter((f) => Number.isFinite(f.payloadBytes));
      return {
        firstStart: Math.min(...figures.map((f) => f.firstStart)),
        lastCommit: Math.max(...figures.map((f) => f.lastCommit)),
        maxLag: Math.max(...figures.map((f) => f.maxLag)),
        payloadBytes: sized.reduce((a, f) => a + f.payloadBytes, 0) / sized.length,
      };
    },
    async close() {
      for (const w of workers) w.postMessage({ type: 'close' });
      await Promise.all(workers.map((w) => new Promise((r) => w.once('exit', r))));
    },
  };
}

/** Entry of a writer thread: a pool of its own, then one writeEvents per 'run' message. */
async function writerThreadMain(data: WriterThreadData): Promise<void> {
  const port = parentPort!;
  const ds = createServiceDataSource({
    url: data.dbUrl,
    schema: SCHEMA,
    entities: [],
    migrations: [],
    poolSize: data.writers,
    applicationName: 'bench-writers',
  });
  await ds.initialize();
  const catalog = benchCatalog(data.partitions);
  port.on(
    'message',
    (msg: { type: 'run'; job: WriterJob; counters: SharedArrayBuffer } | { type: 'close' }) => {
      if (msg.type === 'close') {
        void ds.destroy().finally(() => port.close());
        return;
      }
      writeEvents(
        ds,
        new OutboxWriter(catalog, SCHEMA, msg.job.runPrefix),
        msg.job,
        data.writers,
        data.keys,
        new Int32Array(msg.counters),
      ).then(
        (figures) => port.postMessage({ type: 'done', figures } satisfies FromWriterThread),
        (err: Error) =>
          port.postMessage({ type: 'failed', message: err.message } satisfies FromWriterThread),
      );
    },
  );
  port.postMessage({ type: 'ready', clock: clock() } satisfies FromWriterThread);
}

/**
 * One run of the baseline: kafkajs producer → kafkajs consumer, same bytes and keys. `batched`
 * sends batches of the relay's size (the relay's side of the path); `per-event` sends one
 * message per call from as many concurrent writers as the full path has (the writers' side:
 * one event per request), saturation only.
 */
/**
 * PostgreSQL's own commit capacity for the writers' transaction shape: `--writers` plain `pg`
 * clients, each looping BEGIN → INSERT business row → INSERT outbox row → COMMIT with named
 * prepared statements (no TypeORM, no schema validation, no relay, no Kafka). Whatever the
 * messaging library does, the full path cannot commit more events per second than this.
 */
async function plainSqlWriters(world: World, events: number): Promise<number> {
  const { writers, keys } = world.opts;
  const clients = await Promise.all(
    Array.from({ length: writers }, async () => {
      const c = new Client({ connectionString: world.dbUrl });
      await c.connect();
      await c.query(`SET search_path TO ${SCHEMA}`);
      return c;
    }),
  );
  let next = 0;
  const started = clock();
  try {
    await Promise.all(
      clients.map(async (c) => {
        for (let i = next++; i < events; i = next++) {
          const event = orderEvent(i, keys, clock());
          await c.query('BEGIN');
          await c.query({
            name: 'plain-order',
            text: `INSERT INTO bench_order (id, customer_id, amount) VALUES ($1, $2, $3)`,
            values: [event.data.orderId, event.data.customerId, event.data.amount],
          });
          await c.query({
            name: 'plain-outbox',
            text: `INSERT INTO outbox (event_id, event_type, topic, message_key, payload, headers) VALUES ($1, $2, $3, $4, $5, $6)`,
            values: [
              event.id,
              event.type,
              BENCH_TOPIC,
              event.data.customerId,
              JSON.stringify(event),
              '{}',
            ],
          });
          await c.query('COMMIT');
        }
      }),
    );
    const rate = events / ((clock() - started) / 1000);
    world.log(`PostgreSQL alone (plain pg, ${writers} clients): ${fmt(rate)} transactions/s`);
    return rate;
  } finally {
    await clients[0].query('TRUNCATE bench_order, outbox').catch(() => undefined);
    await Promise.all(clients.map((c) => c.end().catch(() => undefined)));
  }
}

async function rawRun(
  world: World,
  mode: 'saturation' | 'paced',
  events: number,
  rate: number | null,
  style: 'batched' | 'per-event' = 'batched',
): Promise<RunFigures> {
  const { opts, log } = world;
  const runPrefix = `${world.prefix}r${world.runSeq++}.`;
  const name = `raw kafkajs${style === 'per-event' ? ' one send per event' : ''}, ${mode === 'paced' ? `paced ${rate}/s` : mode}`;
  log(
    `${name}: ${events} messages, ${style === 'per-event' ? `${opts.writers} concurrent senders` : `batches of ${opts.relayBatchSize}`}`,
  );
  const { topic } = await createTopics(world, runPrefix);
  const producer = world.kafka.producer(producerConfig);
  await producer.connect();
  const tracker = new CompletionTracker(events);
  const seen = new Set<string>();
  let duplicates = 0;
  const consumer = world.kafka.consumer({
    groupId: `${runPrefix}raw-consumer`,
    sessionTimeout: 15000,
    heartbeatInterval: 1000,
    maxBytesPerPartition: 4 * 1024 * 1024,
  });
  await consumer.connect();
  await consumer.subscribe({ topics: [topic], fromBeginning: true });
  const joined = new Promise<void>((resolve) =>
    consumer.on(consumer.events.GROUP_JOIN, () => resolve()),
  );
  await consumer.run({
    eachBatch: async ({ batch }) => {
      const t0s: Stamp[] = [];
      for (const m of batch.messages as KafkaMessage[]) {
        const e = JSON.parse(m.value!.toString('utf8')) as EventEnvelope<OrderPlaced>;
        if (seen.has(e.id)) duplicates++;
        else seen.add(e.id);
        t0s.push({ t0: e.data.t0, seq: e.data.seq });
      }
      tracker.complete(t0s, clock());
    },
  });
  await joined;

  const headers = { 'event-type': BENCH_EVENT, 'event-version': '1' };
  let bytes = 0;
  let sent = 0;
  let maxLag = 0;
  const start = clock() + 5;
  if (rate) tracker.schedule = { start, rate };
  const due = (i: number) => start + (i * 1000) / rate!;
  let lastOffered = 0;
  const elu0 = performance.eventLoopUtilization();
  const cpu0 = process.cpuUsage();
  let eluCpu = { elu: 0, cpu: { user: 0, system: 0 } };
  try {
    if (style === 'per-event') {
      let next = 0;
      const sender = async () => {
        for (let i = next++; i < events; i = next++) {
          const e = orderEvent(i, opts.keys, clock());
          const value = JSON.stringify(e);
          if (i < 1000) bytes += Buffer.byteLength(value);
          await producer.send({
            topic,
            acks: -1,
            messages: [{ key: e.subjectId, value, headers }],
          });
          lastOffered = clock();
          sent++;
        }
      };
      await Promise.all(Array.from({ length: opts.writers }, sender));
    }
    while (sent < events) {
      let count: number;
      let stamp: (i: number) => number;
      if (rate) {
        // Everything due by now, up to one batch — as the relay takes what is committed.
        const dueCount = Math.min(events, Math.floor(((clock() - start) * rate) / 1000) + 1);
        if (dueCount <= sent) {
          await sleep(due(sent) - clock());
          continue;
        }
        count = Math.min(opts.relayBatchSize, dueCount - sent);
        stamp = due;
        maxLag = Math.max(maxLag, clock() - due(sent + count - 1));
      } else {
        count = Math.min(opts.relayBatchSize, events - sent);
        const now = clock();
        stamp = () => now;
      }
      const messages = [];
      for (let i = sent; i < sent + count; i++) {
        const e = orderEvent(i, opts.keys, stamp(i));
        const value = JSON.stringify(e);
        if (i < 1000) bytes += Buffer.byteLength(value);
        messages.push({ key: e.subjectId, value, headers });
      }
      lastOffered = stamp(sent + count - 1);
      await producer.sendBatch({ acks: -1, topicMessages: [{ topic, messages }] });
      sent += count;
    }
    await tracker.done(opts.stallTimeoutMs, async () => `${sent} sent`);
  } finally {
    eluCpu = {
      elu: performance.eventLoopUtilization(elu0).utilization,
      cpu: process.cpuUsage(cpu0),
    };
    world.pendingStops.push(
      Promise.all([
        consumer.disconnect().catch(() => undefined),
        producer.disconnect().catch(() => undefined),
      ]),
    );
  }
  const durationMs = tracker.last - start;
  const figures: RunFigures = {
    name,
    path: style === 'per-event' ? 'raw-per-event' : 'raw',
    mode,
    events,
    targetRate: rate,
    offeredRate: (events * 1000) / (lastOffered - start),
    throughput: (events * 1000) / durationMs,
    durationMs,
    latencyMs: latencyFigures(tracker.latencies.subarray(0, Math.min(tracker.count, events))),
    latencyFromScheduleMs: rate
      ? latencyFigures(tracker.fromSchedule.subarray(0, Math.min(tracker.count, events)))
      : null,
    maxScheduleLagMs: rate ? Math.max(0, maxLag) : 0,
    maxOutboxBacklog: null,
    maxConsumerBacklog: null,
    relayWakeUps: null,
    eventLoopUtilization: eluCpu.elu,
    processCpuMicrosPerEvent: (eluCpu.cpu.user + eluCpu.cpu.system) / events,
    relayBatches: null,
    consumerTransactions: tracker.transactions,
    payloadBytes: bytes / Math.min(events, 1000),
    integrity: {
      expected: events,
      effects: tracker.count,
      distinct: seen.size,
      lost: events - seen.size,
      duplicates,
      businessRows: null,
      outboxLeft: null,
      ok: seen.size === events && duplicates === 0,
    },
  };
  log(`${name}: ${describeRun(figures)}`);
  return figures;
}

const fmt = (n: number | null | undefined, digits = 0) =>
  n === null || n === undefined || !Number.isFinite(n) ? 'n/a' : n.toFixed(digits);

function describeRun(r: RunFigures): string {
  const diag =
    r.path === 'full'
      ? ` [event loop ${(r.eventLoopUtilization * 100).toFixed(0)}% busy, ${fmt(r.processCpuMicrosPerEvent)} µs Node CPU/event, ${r.relayWakeUps} wake-ups, ${r.relayBatches} relay batches, ${r.consumerTransactions} consumer tx, max outbox ${r.maxOutboxBacklog}, max consumer lag ${r.maxConsumerBacklog}]`
      : ` [${r.consumerTransactions} consumer batches]`;
  return `${fmt(r.throughput)} ev/s${diag}, offered ${fmt(r.offeredRate)} ev/s, p50 ${fmt(r.latencyMs.p50, 1)} ms, p99 ${fmt(r.latencyMs.p99, 1)} ms, ${r.integrity.ok ? 'no loss, no duplicates' : `INTEGRITY FAILED ${JSON.stringify(r.integrity)}`}`;
}

function summarize(
  opts: World['opts'],
  runs: RunFigures[],
  plainSql: number | null,
): MessagingBenchResult {
  const find = (path: RunFigures['path'], mode: RunFigures['mode']) =>
    runs.find((r) => r.path === path && r.mode === mode);
  const fullSat = find('full', 'saturation');
  const rawSat = find('raw', 'saturation');
  const fullPaced = find('full', 'paced');
  const ratio = fullSat && rawSat ? fullSat.throughput / rawSat.throughput : null;
  const rawPerEvent = find('raw-per-event', 'saturation');
  const ratioPerEvent = fullSat && rawPerEvent ? fullSat.throughput / rawPerEvent.throughput : null;
  const verdict = (target: string, value: number | null, ok: (v: number) => boolean): Verdict => ({
    target,
    value,
    pass: value === null ? null : ok(value),
  });
  return {
    machine: {
      cpus: cpus().length,
      cpuModel: cpus()[0]?.model ?? 'unknown',
      node: process.version,
    },
    options: {
      events: opts.events,
      writers: opts.writers,
      writerThreads: opts.writerThreads,
      partitions: opts.partitions,
      relayBatchSize: opts.relayBatchSize,
      relayLingerMs: opts.relayLingerMs,
      consumerChunkSize: opts.consumerChunkSize,
      keys: opts.keys,
      warmupEvents: opts.warmupEvents,
    },
    runs,
    figures: {
      fullPathThroughput: fullSat?.throughput ?? null,
      rawThroughput: rawSat?.throughput ?? null,
      throughputRatio: ratio,
      rawPerEventThroughput: rawPerEvent?.throughput ?? null,
      throughputRatioPerEvent: ratioPerEvent,
      pacedRate: fullPaced?.targetRate ?? null,
      pacedP50Ms: fullPaced?.latencyMs.p50 ?? null,
      pacedP99Ms: fullPaced?.latencyMs.p99 ?? null,
      pacedP99FromScheduleMs: fullPaced?.latencyFromScheduleMs?.p99 ?? null,
      plainSqlTransactionsPerSecond: plainSql,
    },
    targets: {
      throughput: verdict(
        `>= ${TARGETS.throughputPerSecond} events/s sustained (saturation run)`,
        fullSat?.throughput ?? null,
        (v) => v >= TARGETS.throughputPerSecond,
      ),
      p99: verdict(
        `p99 < ${TARGETS.p99Ms} ms (paced run)`,
        fullPaced?.latencyMs.p99 ?? null,
        (v) => v < TARGETS.p99Ms,
      ),
      ratio: verdict(
        `>= ${TARGETS.ratio * 100}% of raw kafkajs throughput`,
        ratio,
        (v) => v >= TARGETS.ratio,
      ),
    },
    integrityOk: runs.every((r) => r.integrity.ok),
  };
}

/** The human-readable report: a table, the three target figures, integrity, a JSON line. */
export function formatReport(result: MessagingBenchResult): string {
  const o = result.options;
  const lines: string[] = [];
  lines.push(
    `Messaging bench — ${result.machine.cpus} CPU cores (${result.machine.cpuModel}), Node ${result.machine.node}; ${o.events} events per run, ${o.writers} writers, ${o.partitions} partitions, relay batch ${o.relayBatchSize} (linger ${o.relayLingerMs} ms), consumer chunk ${o.consumerChunkSize}, ${o.keys} keys`,
  );
  lines.push('');
  const head = [
    'run',
    'events',
    'offered/s',
    'throughput/s',
    'p50 ms',
    'p95 ms',
    'p99 ms',
    'max ms',
    'bytes',
    'max outbox',
    'max cons. lag',
    'loss',
    'dup',
  ];
  const rows = result.runs.map((r) => [
    r.name,
    String(r.events),
    fmt(r.offeredRate),
    fmt(r.throughput),
    fmt(r.latencyMs.p50, 1),
    fmt(r.latencyMs.p95, 1),
    fmt(r.latencyMs.p99, 1),
    fmt(r.latencyMs.max, 1),
    fmt(r.payloadBytes),
    r.maxOutboxBacklog === null ? '-' : String(r.maxOutboxBacklog),
    r.maxConsumerBacklog === null ? '-' : String(r.maxConsumerBacklog),
    String(r.integrity.lost),
    String(r.integrity.duplicates),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  lines.push(line(head));
  lines.push(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const row of rows) lines.push(line(row));
  lines.push('');
  lines.push(
    'Saturation runs measure throughput (writers as fast as they can); paced runs measure latency at a fixed offered rate.',
  );
  lines.push(
    'Latency = consumer transaction committed (raw: batch handled) − writer transaction started (raw: message offered), same process clock.',
  );
  lines.push('');
  const f = result.figures;
  const mark = (v: Verdict) => (v.pass === null ? 'n/a ' : v.pass ? 'PASS' : 'FAIL');
  lines.push(
    `[${mark(result.targets.throughput)}] full-path sustained throughput: ${fmt(f.fullPathThroughput)} events/s (target ${result.targets.throughput.target})`,
  );
  lines.push(
    `[${mark(result.targets.p99)}] full-path e2e latency at ${fmt(f.pacedRate)} events/s offered: p50 ${fmt(f.pacedP50Ms, 1)} ms, p99 ${fmt(f.pacedP99Ms, 1)} ms; from the scheduled slot p99 ${fmt(f.pacedP99FromScheduleMs, 1)} ms (target ${result.targets.p99.target})`,
  );
  lines.push(
    `[${mark(result.targets.ratio)}] full path / raw kafkajs throughput: ${f.throughputRatio === null ? 'n/a' : `${(f.throughputRatio * 100).toFixed(1)}%`} (${fmt(f.fullPathThroughput)} / ${fmt(f.rawThroughput)} events/s; target ${result.targets.ratio.target})`,
  );
  if (f.throughputRatioPerEvent !== null && f.throughputRatioPerEvent !== undefined) {
    lines.push(
      `[info] full path / raw kafkajs with one send per event from ${o.writers} concurrent senders (as the business transactions produce): ${(f.throughputRatioPerEvent * 100).toFixed(1)}% (${fmt(f.fullPathThroughput)} / ${fmt(f.rawPerEventThroughput)} events/s)`,
    );
  }
  const drain = result.runs.find((r) => r.mode === 'drain');
  if (drain) {
    lines.push(
      `[diag] writers alone (drain run, relay stopped): ${fmt(drain.offeredRate)} business transactions/s; relay + Kafka + idempotent consumer on a full outbox: ${fmt(drain.throughput)} events/s` +
        (f.rawThroughput
          ? ` (${((drain.throughput / f.rawThroughput) * 100).toFixed(1)}% of raw kafkajs)`
          : ''),
    );
  }
  if (f.plainSqlTransactionsPerSecond) {
    lines.push(
      `[diag] PostgreSQL alone: ${o.writers} plain pg clients committing the writers' two INSERTs, one event per transaction: ${fmt(f.plainSqlTransactionsPerSecond)} transactions/s` +
        (f.rawThroughput
          ? ` = ${((f.plainSqlTransactionsPerSecond / f.rawThroughput) * 100).toFixed(1)}% of raw kafkajs: the ceiling of the full path's ratio on this machine`
          : ''),
    );
  }
  for (const r of result.runs) {
    if (r.targetRate && r.offeredRate < 0.97 * r.targetRate) {
      lines.push(
        `[note] ${r.name}: the writers held only ${fmt(r.offeredRate)} of ${r.targetRate} events/s (up to ${fmt(r.maxScheduleLagMs)} ms behind schedule) — the rate is at or past this machine's capacity.`,
      );
    }
  }
  lines.push(
    `[${result.integrityOk ? 'PASS' : 'FAIL'}] integrity: ${result.runs.map((r) => `${r.name}: ${r.integrity.distinct}/${r.integrity.expected} distinct, ${r.integrity.lost} lost, ${r.integrity.duplicates} duplicate`).join('; ')}`,
  );
  lines.push('');
  lines.push(`BENCH_JSON ${JSON.stringify(result)}`);
  return lines.join('\n');
}

// ---------------------------------------------------------------------------------------------
// CLI

function parseArgs(argv: string[]): MessagingBenchOptions & { quiet: boolean } {
  const env = process.env;
  const args = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (!a.startsWith('--')) throw new Error(`unexpected argument ${a}`);
    const [k, v] = a.includes('=')
      ? a.slice(2).split('=', 2)
      : [
          a.slice(2),
          argv[i + 1]?.startsWith('--') || argv[i + 1] === undefined ? 'true' : argv[++i],
        ];
    args.set(k, v);
  }
  const num = (arg: string, envName: string, def?: number) => {
    const raw = args.get(arg) ?? env[envName];
    if (raw === undefined || raw === '') return def;
    const n = Number(raw.replace(/_/g, ''));
    if (!Number.isFinite(n) || n <= 0)
      throw new Error(`--${arg} / ${envName} must be a positive number, got ${raw}`);
    return n;
  };
  if (args.has('help')) {
    console.log(`usage: messaging-bench [--events N] [--writers N] [--writer-threads N] [--rate N] [--partitions N] [--relay-batch N] [--linger MS] [--chunk N] [--keys N] [--warmup N] [--mode saturation|paced|both] [--no-baseline] [--no-drain] [--quiet]
env: BENCH_EVENTS BENCH_WRITERS BENCH_WRITER_THREADS BENCH_RATE BENCH_PARTITIONS BENCH_RELAY_BATCH BENCH_LINGER BENCH_CHUNK BENCH_KEYS BENCH_WARMUP BENCH_MODE BENCH_BASELINE=0 BENCH_DRAIN=0 DATABASE_URL KAFKA_BROKERS`);
    process.exit(0);
  }
  const mode = args.get('mode') ?? env.BENCH_MODE ?? 'both';
  if (!['both', 'saturation', 'paced'].includes(mode))
    throw new Error(`--mode must be saturation, paced or both`);
  const warmup = args.get('warmup') ?? env.BENCH_WARMUP;
  return {
    events: num('events', 'BENCH_EVENTS', 50000)!,
    writers: num('writers', 'BENCH_WRITERS', 32)!,
    writerThreads:
      (args.get('writer-threads') ?? env.BENCH_WRITER_THREADS) === undefined
        ? 1
        : Number(args.get('writer-threads') ?? env.BENCH_WRITER_THREADS),
    ratePerSecond: num('rate', 'BENCH_RATE'),
    partitions: num('partitions', 'BENCH_PARTITIONS'),
    relayBatchSize: num('relay-batch', 'BENCH_RELAY_BATCH'),
    relayLingerMs:
      (args.get('linger') ?? env.BENCH_LINGER) === undefined
        ? undefined
        : Number(args.get('linger') ?? env.BENCH_LINGER),
    consumerChunkSize: num('chunk', 'BENCH_CHUNK'),
    keys: num('keys', 'BENCH_KEYS'),
    warmupEvents: warmup === undefined ? undefined : Number(warmup),
    modes: mode === 'both' ? ['saturation', 'paced'] : [mode as 'saturation' | 'paced'],
    baseline: !args.has('no-baseline') && env.BENCH_BASELINE !== '0',
    drainRun: !args.has('no-drain') && env.BENCH_DRAIN !== '0',
    quiet: args.has('quiet'),
  };
}

async function main(): Promise<void> {
  // kafkajs 2.2.4 schedules a negative timeout on Node 24 (harmless); keep the output readable.
  process.removeAllListeners('warning');
  process.on('warning', (w) => {
    if (w.name !== 'TimeoutNegativeWarning') console.error(`${w.name}: ${w.message}`);
  });
  const { quiet, ...opts } = parseArgs(process.argv.slice(2));
  const started = Date.now();
  const result = await runMessagingBench({
    ...opts,
    log: quiet
      ? undefined
      : (l) => console.error(`[bench +${((Date.now() - started) / 1000).toFixed(1)}s] ${l}`),
  });
  console.log(formatReport(result));
  process.exitCode = result.integrityOk ? 0 : 1;
}

if (!isMainThread && (workerData as WriterThreadData | undefined)?.kind === 'qn-bench-writers') {
  void writerThreadMain(workerData as WriterThreadData);
} else if (require.main === module) {
  main().catch((err: Error) => {
    console.error(`messaging bench failed: ${err.stack ?? err.message}`);
    process.exit(2);
  });
}
