/**
 * Outbox → Kafka → idempotent consumer, end to end, measured side by side with raw kafkajs
 * produce → consume of the same payloads.
 *
 * Full path (the platform's own mechanisms from @qn/messaging, unchanged in behaviour):
 *   N concurrent writers, each business transaction = INSERT one business row + OutboxWriter
 *   .enqueue (JSON-schema validation, outbox row, NOTIFY) + COMMIT (synchronous_commit on);
 *   one OutboxRelay (idempotent producer, acks=all, per-key order); one EventConsumer whose
 *   handler inserts one effect row per event in the consumer's transaction (with the
 *   processed-event rows).
 * Baseline: a kafkajs producer with the same settings sends the same payload bytes, keys,
 *   headers and batch size (acks=-1) to a topic with the same partitions; a kafkajs consumer
 *   (eachBatch) reads them.
 *
 * Latency of an event = the moment the transaction that applied its effect committed (raw: the
 * moment its batch was handled) minus the moment its writer's transaction started (raw: the
 * moment the message was offered), both read from this process's clock
 * (performance.timeOrigin + performance.now()) — the start time travels in the payload (`t0`).
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { cpus } from 'node:os';
import { performance } from 'node:perf_hooks';
import { Client } from 'pg';
import { Kafka, KafkaMessage, logLevel, Partitioners, Producer } from 'kafkajs';
import { DataSource, EntityManager, MigrationInterface, QueryRunner } from 'typeorm';
import { EventCatalog, EventEnvelope, newEvent, prefixedTopic } from '@qn/contracts';
import { connectAndMigrate, createServiceDataSource } from '@qn/persistence';
import { ensureTopics, EventConsumer, EventHandler, messagingMigrations, OutboxRelay, OutboxWriter } from '@qn/messaging';

// ---------------------------------------------------------------------------------------------
// Options and results

export interface MessagingBenchOptions {
  /** Events per measured run (each of the four runs). */
  events: number;
  /** Concurrent writer transactions (each a business request). */
  writers: number;
  /**
   * Offered rate of the paced (latency) run, events/s. Default: the lower of 5,000/s and the
   * throughput the saturation run sustained.
   */
  ratePerSecond?: number;
  /** Partitions of the bench topic (full path and baseline alike). */
  partitions?: number;
  /** OutboxRelay batch size; the baseline producer sends batches of the same size. */
  relayBatchSize?: number;
  /** EventConsumer events per transaction. */
  consumerChunkSize?: number;
  /** Distinct message keys (aggregates); events of one key stay in order. */
  keys?: number;
  /** Events of an unmeasured warm-up run of the full path (JIT, pools, broker). 0 = none. */
  warmupEvents?: number;
  /** Which runs: saturation and paced, or one of them. */
  modes?: Array<'saturation' | 'paced'>;
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
  path: 'full' | 'raw';
  mode: 'saturation' | 'paced' | 'warmup';
  events: number;
  /** Paced runs: the rate asked for (events/s); null for saturation. */
  targetRate: number | null;
  /**
   * Offered load actually achieved (events/s): full path = events committed by the writers per
   * second (first write start → last writer commit); raw = messages offered per second.
   */
  offeredRate: number;
  /** events / (last effect committed − first write started), events/s. */
  throughput: number;
  durationMs: number;
  latencyMs: LatencyFigures;
  /** Paced runs: how late the last writer started compared with its schedule (ms). */
  maxScheduleLagMs: number;
  /** Largest outbox backlog seen (full path) — rows committed but not yet published. */
  maxOutboxBacklog: number | null;
  /** Mean payload size in bytes (the JSON message value). */
  payloadBytes: number;
  integrity: { expected: number; effects: number; distinct: number; lost: number; duplicates: number; businessRows: number | null; outboxLeft: number | null; ok: boolean };
}

export interface MessagingBenchResult {
  machine: { cpus: number; cpuModel: string; node: string };
  options: Required<Pick<MessagingBenchOptions, 'events' | 'writers' | 'partitions' | 'relayBatchSize' | 'consumerChunkSize' | 'keys' | 'warmupEvents'>>;
  runs: RunFigures[];
  /** The three target figures (null when the run that gives one was not made). */
  figures: {
    fullPathThroughput: number | null;
    rawThroughput: number | null;
    throughputRatio: number | null;
    pacedRate: number | null;
    pacedP50Ms: number | null;
    pacedP99Ms: number | null;
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
}

export function benchCatalog(partitions: number): EventCatalog {
  return new EventCatalog()
    .addTopic({ name: BENCH_TOPIC, description: 'bench orders', partitions, compacted: false, keyOf: (e) => e.subjectId, keyDescription: 'customer id' })
    .addEvent({
      type: BENCH_EVENT,
      version: 1,
      topic: BENCH_TOPIC,
      description: 'an order was placed (benchmark)',
      schema: {
        type: 'object',
        required: ['orderId', 'customerId', 'amount', 'note', 't0'],
        additionalProperties: false,
        properties: {
          orderId: { type: 'string', format: 'uuid' },
          customerId: { type: 'string', minLength: 1, maxLength: 64 },
          amount: { type: 'integer', minimum: 1 },
          note: { type: 'string', maxLength: 200 },
          t0: { type: 'number' },
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
    data: { orderId: randomUUID(), customerId, amount: 1 + (i % 9973), note: NOTE, t0 },
  });
}

/** The business table the writers change and the effect table the consumer fills. */
class BenchTables1900000000000 implements MigrationInterface {
  name = 'BenchTables1900000000000';
  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE bench_order (id uuid PRIMARY KEY, customer_id text NOT NULL, amount integer NOT NULL, created_at timestamptz NOT NULL DEFAULT now())`);
    // No unique constraint on purpose: a duplicate effect must show up in the count.
    await q.query(`CREATE TABLE bench_effect (event_id uuid NOT NULL, order_id uuid NOT NULL, amount integer NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
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
class CompletionTracker {
  readonly latencies: Float64Array;
  count = 0;
  last = 0;
  lastProgress = clock();
  private waiter?: () => void;

  constructor(readonly expected: number) {
    this.latencies = new Float64Array(expected);
  }

  complete(t0s: number[], at: number): void {
    for (const t0 of t0s) {
      if (this.count < this.expected) this.latencies[this.count] = at - t0;
      this.count++;
    }
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
        throw new Error(`stalled: ${this.count} of ${this.expected} events completed; ${await describe()}`);
      }
    }
  }
}

/**
 * The consumer's data source, seen through a proxy that notes when each transaction commits:
 * the handler leaves the `t0`s of the events it applied on its transaction, and they are
 * stamped once `transaction()` has returned, i.e. after COMMIT.
 */
function commitStampingDataSource(ds: DataSource, applied: WeakMap<EntityManager, number[]>, tracker: () => CompletionTracker | undefined): DataSource {
  return new Proxy(ds, {
    get(target, prop) {
      if (prop === 'transaction') {
        return async (...args: unknown[]) => {
          const fn = args[args.length - 1] as (tx: EntityManager) => Promise<unknown>;
          let t0s: number[] | undefined;
          const wrapped = async (tx: EntityManager) => {
            const out = await fn(tx);
            t0s = applied.get(tx);
            return out;
          };
          const rest = args.slice(0, -1) as [];
          const result = await (target.transaction as (...a: unknown[]) => Promise<unknown>).call(target, ...rest, wrapped);
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
  opts: Required<Omit<MessagingBenchOptions, 'ratePerSecond' | 'log' | 'adminDatabaseUrl' | 'brokers'>> & { ratePerSecond?: number };
  log: (line: string) => void;
  kafka: Kafka;
  prefix: string;
  dbUrl: string;
  writerDs: DataSource;
  relayDs: DataSource;
  consumerDs: DataSource;
  /** Effects applied per consumer transaction, by transaction, for the commit stamp. */
  applied: WeakMap<EntityManager, number[]>;
  tracker?: CompletionTracker;
  stamped: DataSource;
  runSeq: number;
}

const producerConfig = { createPartitioner: Partitioners.DefaultPartitioner, idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false, retry: { retries: 10, maxRetryTime: 5000 } };

export async function runMessagingBench(input: MessagingBenchOptions): Promise<MessagingBenchResult> {
  const opts: World['opts'] = {
    events: input.events,
    writers: input.writers,
    ratePerSecond: input.ratePerSecond,
    partitions: input.partitions ?? 3,
    relayBatchSize: input.relayBatchSize ?? 1000,
    consumerChunkSize: input.consumerChunkSize ?? 500,
    keys: input.keys ?? 1000,
    warmupEvents: input.warmupEvents ?? Math.min(5000, Math.ceil(input.events / 10)),
    modes: input.modes ?? ['saturation', 'paced'],
    baseline: input.baseline ?? true,
    stallTimeoutMs: input.stallTimeoutMs ?? 30000,
  };
  const log = input.log ?? (() => undefined);
  const adminUrl = input.adminDatabaseUrl ?? process.env.TEST_ADMIN_DATABASE_URL ?? process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const brokers = input.brokers ?? (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',').map((b) => b.trim());
  const id = randomBytes(4).toString('hex');
  const dbName = `qn_bench_${id}`;
  const prefix = `bench${id}.`;
  const kafka = new Kafka({ clientId: `qn-bench-${id}`, brokers, logLevel: logLevel.NOTHING, retry: { retries: 8, initialRetryTime: 100 } });

  log(`setting up database ${dbName} and topic prefix ${prefix}`);
  await adminQuery(adminUrl, `CREATE DATABASE "${dbName}"`);
  const u = new URL(adminUrl);
  u.pathname = `/${dbName}`;
  const dbUrl = u.toString();
  const ds = (poolSize: number, applicationName: string) =>
    createServiceDataSource({ url: dbUrl, schema: SCHEMA, entities: [], migrations: [...messagingMigrations, BenchTables1900000000000], poolSize, applicationName });
  const writerDs = ds(opts.writers, 'bench-writers');
  const relayDs = ds(2, 'bench-relay');
  const consumerDs = ds(2, 'bench-consumer');
  const world: World = { opts, log, kafka, prefix, dbUrl, writerDs, relayDs, consumerDs, applied: new WeakMap(), stamped: consumerDs, runSeq: 0 };
  world.stamped = commitStampingDataSource(consumerDs, world.applied, () => world.tracker);
  const runs: RunFigures[] = [];
  try {
    await connectAndMigrate(writerDs);
    await relayDs.initialize();
    await consumerDs.initialize();

    if (opts.warmupEvents > 0) {
      log(`warm-up: ${opts.warmupEvents} events through the full path (not measured)`);
      await fullPathRun(world, 'warmup', opts.warmupEvents, null);
    }
    let rate = opts.ratePerSecond;
    if (opts.modes.includes('saturation')) {
      runs.push(await fullPathRun(world, 'saturation', opts.events, null));
      if (opts.baseline) runs.push(await rawRun(world, 'saturation', opts.events, null));
      rate ??= Math.min(TARGETS.throughputPerSecond, Math.floor(runs[0].throughput));
    }
    if (opts.modes.includes('paced')) {
      rate ??= TARGETS.throughputPerSecond;
      runs.push(await fullPathRun(world, 'paced', opts.events, rate));
      if (opts.baseline) runs.push(await rawRun(world, 'paced', opts.events, rate));
    }
  } finally {
    for (const d of [writerDs, relayDs, consumerDs]) if (d.isInitialized) await d.destroy().catch(() => undefined);
    await adminQuery(adminUrl, `DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`).catch((e: Error) => log(`could not drop ${dbName}: ${e.message}`));
    await deleteTopics(kafka, prefix).catch((e: Error) => log(`could not delete topics ${prefix}*: ${e.message}`));
  }
  return summarize(opts, runs);
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

async function createTopics(world: World, runPrefix: string): Promise<{ catalog: EventCatalog; topic: string }> {
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
async function fullPathRun(world: World, mode: RunFigures['mode'], events: number, rate: number | null): Promise<RunFigures> {
  const { opts, log } = world;
  const runPrefix = `${world.prefix}r${world.runSeq++}.`;
  const name = `full path, ${mode === 'paced' ? `paced ${rate}/s` : mode}`;
  log(`${name}: ${events} events, ${opts.writers} writers`);
  const { catalog, topic } = await createTopics(world, runPrefix);
  const producer = world.kafka.producer(producerConfig);
  await producer.connect();
  const tracker = new CompletionTracker(events);
  world.tracker = tracker;
  const handler: EventHandler = async (batch, tx) => {
    // One effect row per event, one statement per chunk, in the consumer's transaction.
    const data = batch.map((e) => e.event.data as OrderPlaced);
    await tx.query(`INSERT INTO bench_effect (event_id, order_id, amount) SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::int[])`, [
      batch.map((e) => e.event.id),
      data.map((d) => d.orderId),
      data.map((d) => d.amount),
    ]);
    world.applied.set(tx, data.map((d) => d.t0));
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
  const relay = new OutboxRelay({ dataSource: world.relayDs, producer, schema: SCHEMA, databaseUrl: world.dbUrl, batchSize: opts.relayBatchSize, log: { info: () => undefined, warn: log, error: log } });
  relay.start();
  const leaderBy = clock() + 10000;
  while (!relay.isLeader) {
    if (clock() > leaderBy) throw new Error('the outbox relay did not become active');
    await sleep(5);
  }

  const writer = new OutboxWriter(catalog, SCHEMA, runPrefix);
  let maxBacklog = 0;
  let sampling = true;
  const sampler = (async () => {
    while (sampling) {
      await sleep(250);
      if (!sampling) break;
      const [{ n }] = await world.relayDs.query(`SELECT count(*)::int AS n FROM outbox`);
      maxBacklog = Math.max(maxBacklog, n);
    }
  })();
  let w: WriterFigures;
  try {
    w = await runWriters(world, writer, events, rate);
    await tracker.done(opts.stallTimeoutMs, async () => `outbox holds ${(await world.relayDs.query(`SELECT count(*)::int AS n FROM outbox`))[0].n} rows`);
  } finally {
    sampling = false;
    await sampler;
    world.tracker = undefined;
    await relay.stop().catch(() => undefined);
    await consumer.stop().catch(() => undefined);
    await producer.disconnect().catch(() => undefined);
  }
  // Integrity: every event has exactly one effect, nothing is left behind.
  await sleep(200);
  const [counts] = await world.consumerDs.query(
    `SELECT (SELECT count(*)::int FROM bench_effect) AS effects, (SELECT count(DISTINCT event_id)::int FROM bench_effect) AS distinct,
            (SELECT count(*)::int FROM bench_order) AS orders, (SELECT count(*)::int FROM outbox) AS outbox`,
  );
  await world.consumerDs.query(`TRUNCATE bench_effect, bench_order, processed_event`);
  const durationMs = tracker.last - w.firstStart;
  const integrity = {
    expected: events,
    effects: counts.effects,
    distinct: counts.distinct,
    lost: events - counts.distinct,
    duplicates: counts.effects - counts.distinct,
    businessRows: counts.orders,
    outboxLeft: counts.outbox,
    ok: counts.effects === events && counts.distinct === events && counts.orders === events && counts.outbox === 0,
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
    latencyMs: latencyFigures(tracker.latencies.subarray(0, Math.min(tracker.count, events))),
    maxScheduleLagMs: w.maxLag,
    maxOutboxBacklog: maxBacklog,
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

/**
 * The writers: `writers` loops, each taking the next event and running one business
 * transaction for it. Paced: event i is due at start + i/rate and its writer waits until then
 * (a writer that is late starts at once; the lag is reported).
 */
async function runWriters(world: World, writer: OutboxWriter, events: number, rate: number | null): Promise<WriterFigures> {
  const { opts } = world;
  let next = 0;
  let maxLag = 0;
  let lastCommit = 0;
  let bytes = 0;
  const start = clock() + 5;
  let firstStart = Infinity;
  const loop = async () => {
    for (;;) {
      const i = next++;
      if (i >= events) return;
      if (rate) {
        const due = start + (i * 1000) / rate;
        const wait = due - clock();
        if (wait > 0.5) await sleep(wait);
        maxLag = Math.max(maxLag, clock() - due);
      }
      const t0 = clock();
      if (t0 < firstStart) firstStart = t0;
      const event = orderEvent(i, opts.keys, t0);
      await world.writerDs.transaction(async (tx) => {
        await tx.query(`INSERT INTO bench_order (id, customer_id, amount) VALUES ($1, $2, $3)`, [event.data.orderId, event.data.customerId, event.data.amount]);
        await writer.enqueue(tx, event);
      });
      const t1 = clock();
      if (t1 > lastCommit) lastCommit = t1;
      if (i < 1000) bytes += Buffer.byteLength(JSON.stringify(event));
    }
  };
  await Promise.all(Array.from({ length: opts.writers }, loop));
  return { firstStart, lastCommit, maxLag, payloadBytes: bytes / Math.min(events, 1000) };
}

/** One run of the baseline: kafkajs producer → kafkajs consumer, same bytes, keys, batches. */
async function rawRun(world: World, mode: 'saturation' | 'paced', events: number, rate: number | null): Promise<RunFigures> {
  const { opts, log } = world;
  const runPrefix = `${world.prefix}r${world.runSeq++}.`;
  const name = `raw kafkajs, ${mode === 'paced' ? `paced ${rate}/s` : mode}`;
  log(`${name}: ${events} messages, batches of ${opts.relayBatchSize}`);
  const { topic } = await createTopics(world, runPrefix);
  const producer = world.kafka.producer(producerConfig);
  await producer.connect();
  const tracker = new CompletionTracker(events);
  const seen = new Set<string>();
  let duplicates = 0;
  const consumer = world.kafka.consumer({ groupId: `${runPrefix}raw-consumer`, sessionTimeout: 15000, heartbeatInterval: 1000, maxBytesPerPartition: 4 * 1024 * 1024 });
  await consumer.connect();
  await consumer.subscribe({ topics: [topic], fromBeginning: true });
  const joined = new Promise<void>((resolve) => consumer.on(consumer.events.GROUP_JOIN, () => resolve()));
  await consumer.run({
    eachBatch: async ({ batch }) => {
      const t0s: number[] = [];
      for (const m of batch.messages as KafkaMessage[]) {
        const e = JSON.parse(m.value!.toString('utf8')) as EventEnvelope<OrderPlaced>;
        if (seen.has(e.id)) duplicates++;
        else seen.add(e.id);
        t0s.push(e.data.t0);
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
  const due = (i: number) => start + (i * 1000) / rate!;
  let lastOffered = 0;
  try {
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
    await consumer.disconnect().catch(() => undefined);
    await producer.disconnect().catch(() => undefined);
  }
  const durationMs = tracker.last - start;
  const figures: RunFigures = {
    name,
    path: 'raw',
    mode,
    events,
    targetRate: rate,
    offeredRate: (events * 1000) / (lastOffered - start),
    throughput: (events * 1000) / durationMs,
    durationMs,
    latencyMs: latencyFigures(tracker.latencies.subarray(0, Math.min(tracker.count, events))),
    maxScheduleLagMs: rate ? Math.max(0, maxLag) : 0,
    maxOutboxBacklog: null,
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

const fmt = (n: number | null | undefined, digits = 0) => (n === null || n === undefined || !Number.isFinite(n) ? 'n/a' : n.toFixed(digits));

function describeRun(r: RunFigures): string {
  return `${fmt(r.throughput)} ev/s, offered ${fmt(r.offeredRate)} ev/s, p50 ${fmt(r.latencyMs.p50, 1)} ms, p99 ${fmt(r.latencyMs.p99, 1)} ms, ${r.integrity.ok ? 'no loss, no duplicates' : `INTEGRITY FAILED ${JSON.stringify(r.integrity)}`}`;
}

function summarize(opts: World['opts'], runs: RunFigures[]): MessagingBenchResult {
  const find = (path: RunFigures['path'], mode: RunFigures['mode']) => runs.find((r) => r.path === path && r.mode === mode);
  const fullSat = find('full', 'saturation');
  const rawSat = find('raw', 'saturation');
  const fullPaced = find('full', 'paced');
  const ratio = fullSat && rawSat ? fullSat.throughput / rawSat.throughput : null;
  const verdict = (target: string, value: number | null, ok: (v: number) => boolean): Verdict => ({ target, value, pass: value === null ? null : ok(value) });
  return {
    machine: { cpus: cpus().length, cpuModel: cpus()[0]?.model ?? 'unknown', node: process.version },
    options: {
      events: opts.events,
      writers: opts.writers,
      partitions: opts.partitions,
      relayBatchSize: opts.relayBatchSize,
      consumerChunkSize: opts.consumerChunkSize,
      keys: opts.keys,
      warmupEvents: opts.warmupEvents,
    },
    runs,
    figures: {
      fullPathThroughput: fullSat?.throughput ?? null,
      rawThroughput: rawSat?.throughput ?? null,
      throughputRatio: ratio,
      pacedRate: fullPaced?.targetRate ?? null,
      pacedP50Ms: fullPaced?.latencyMs.p50 ?? null,
      pacedP99Ms: fullPaced?.latencyMs.p99 ?? null,
    },
    targets: {
      throughput: verdict(`>= ${TARGETS.throughputPerSecond} events/s sustained (saturation run)`, fullSat?.throughput ?? null, (v) => v >= TARGETS.throughputPerSecond),
      p99: verdict(`p99 < ${TARGETS.p99Ms} ms (paced run)`, fullPaced?.latencyMs.p99 ?? null, (v) => v < TARGETS.p99Ms),
      ratio: verdict(`>= ${TARGETS.ratio * 100}% of raw kafkajs throughput`, ratio, (v) => v >= TARGETS.ratio),
    },
    integrityOk: runs.every((r) => r.integrity.ok),
  };
}

/** The human-readable report: a table, the three target figures, integrity, a JSON line. */
export function formatReport(result: MessagingBenchResult): string {
  const o = result.options;
  const lines: string[] = [];
  lines.push(
    `Messaging bench — ${result.machine.cpus} CPU cores (${result.machine.cpuModel}), Node ${result.machine.node}; ${o.events} events per run, ${o.writers} writers, ${o.partitions} partitions, relay batch ${o.relayBatchSize}, consumer chunk ${o.consumerChunkSize}, ${o.keys} keys`,
  );
  lines.push('');
  const head = ['run', 'events', 'offered/s', 'throughput/s', 'p50 ms', 'p95 ms', 'p99 ms', 'max ms', 'bytes', 'max outbox', 'loss', 'dup'];
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
    String(r.integrity.lost),
    String(r.integrity.duplicates),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  lines.push(line(head));
  lines.push(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const row of rows) lines.push(line(row));
  lines.push('');
  lines.push('Saturation runs measure throughput (writers as fast as they can); paced runs measure latency at a fixed offered rate.');
  lines.push('Latency = consumer transaction committed (raw: batch handled) − writer transaction started (raw: message offered), same process clock.');
  lines.push('');
  const f = result.figures;
  const mark = (v: Verdict) => (v.pass === null ? 'n/a ' : v.pass ? 'PASS' : 'FAIL');
  lines.push(`[${mark(result.targets.throughput)}] full-path sustained throughput: ${fmt(f.fullPathThroughput)} events/s (target ${result.targets.throughput.target})`);
  lines.push(`[${mark(result.targets.p99)}] full-path e2e latency at ${fmt(f.pacedRate)} events/s offered: p50 ${fmt(f.pacedP50Ms, 1)} ms, p99 ${fmt(f.pacedP99Ms, 1)} ms (target ${result.targets.p99.target})`);
  lines.push(
    `[${mark(result.targets.ratio)}] full path / raw kafkajs throughput: ${f.throughputRatio === null ? 'n/a' : `${(f.throughputRatio * 100).toFixed(1)}%`} (${fmt(f.fullPathThroughput)} / ${fmt(f.rawThroughput)} events/s; target ${result.targets.ratio.target})`,
  );
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
    const [k, v] = a.includes('=') ? a.slice(2).split('=', 2) : [a.slice(2), argv[i + 1]?.startsWith('--') || argv[i + 1] === undefined ? 'true' : argv[++i]];
    args.set(k, v);
  }
  const num = (arg: string, envName: string, def?: number) => {
    const raw = args.get(arg) ?? env[envName];
    if (raw === undefined || raw === '') return def;
    const n = Number(raw.replace(/_/g, ''));
    if (!Number.isFinite(n) || n <= 0) throw new Error(`--${arg} / ${envName} must be a positive number, got ${raw}`);
    return n;
  };
  if (args.has('help')) {
    console.log(`usage: messaging-bench [--events N] [--writers N] [--rate N] [--partitions N] [--relay-batch N] [--chunk N] [--keys N] [--warmup N] [--mode saturation|paced|both] [--no-baseline] [--quiet]
env: BENCH_EVENTS BENCH_WRITERS BENCH_RATE BENCH_PARTITIONS BENCH_RELAY_BATCH BENCH_CHUNK BENCH_KEYS BENCH_WARMUP BENCH_MODE DATABASE_URL KAFKA_BROKERS`);
    process.exit(0);
  }
  const mode = args.get('mode') ?? env.BENCH_MODE ?? 'both';
  if (!['both', 'saturation', 'paced'].includes(mode)) throw new Error(`--mode must be saturation, paced or both`);
  const warmup = args.get('warmup') ?? env.BENCH_WARMUP;
  return {
    events: num('events', 'BENCH_EVENTS', 50000)!,
    writers: num('writers', 'BENCH_WRITERS', 48)!,
    ratePerSecond: num('rate', 'BENCH_RATE'),
    partitions: num('partitions', 'BENCH_PARTITIONS'),
    relayBatchSize: num('relay-batch', 'BENCH_RELAY_BATCH'),
    consumerChunkSize: num('chunk', 'BENCH_CHUNK'),
    keys: num('keys', 'BENCH_KEYS'),
    warmupEvents: warmup === undefined ? undefined : Number(warmup),
    modes: mode === 'both' ? ['saturation', 'paced'] : [mode as 'saturation' | 'paced'],
    baseline: !args.has('no-baseline') && env.BENCH_BASELINE !== '0',
    quiet: args.has('quiet'),
  };
}

async function main(): Promise<void> {
  const { quiet, ...opts } = parseArgs(process.argv.slice(2));
  const started = Date.now();
  const result = await runMessagingBench({ ...opts, log: quiet ? undefined : (l) => console.error(`[bench +${((Date.now() - started) / 1000).toFixed(1)}s] ${l}`) });
  console.log(formatReport(result));
  process.exitCode = result.integrityOk ? 0 : 1;
}

if (require.main === module) {
  main().catch((err: Error) => {
    console.error(`messaging bench failed: ${err.stack ?? err.message}`);
    process.exit(2);
  });
}
