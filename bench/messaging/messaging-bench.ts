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
import { Kafka, logLevel } from 'kafkajs';
import { DataSource } from 'typeorm';
import { connectAndMigrate, createServiceDataSource } from '@qn/persistence';
import { testKafkaSasl, TestPrincipals } from '@qn/testing';
import { messagingMigrations } from '@qn/messaging';
import { parseArgs } from './args';
import { fullPathRun } from './full-path';
import { MessagingBenchOptions, MessagingBenchResult, RunFigures, TARGETS } from './options';
import { plainSqlWriters } from './plain-sql';
import { rawRun } from './raw-path';
import { formatReport, summarize } from './report';
import {
  adminQuery,
  BenchTables1900000000000,
  commitStampingDataSource,
  deleteTopics,
  SCHEMA,
  World,
} from './world';
import { inThreadWriterPool, threadWriterPool, WriterPool } from './writers';

export * from './options';
export { benchCatalog, clock, latencyFigures } from './world';
export { formatReport } from './report';

export async function runMessagingBench(
  input: MessagingBenchOptions,
): Promise<MessagingBenchResult> {
  const opts = resolveOptions(input);
  const log = input.log ?? (() => undefined);
  const adminUrl =
    input.adminDatabaseUrl ??
    process.env.TEST_ADMIN_DATABASE_URL ??
    process.env.DATABASE_URL ??
    'postgres://postgres@127.0.0.1:5432/postgres';
  const id = randomBytes(4).toString('hex');
  const dbName = `qn_bench_${id}`;
  const prefix = `bench${id}.`;
  const kafka = benchKafka(id, input.brokers);

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
  const world: World = {
    opts,
    log,
    kafka,
    prefix,
    dbUrl,
    writerPool: undefined as unknown as WriterPool,
    relayDs: ds(2, 'bench-relay'),
    consumerDs: ds(2, 'bench-consumer'),
    applied: new WeakMap(),
    stamped: undefined as unknown as DataSource,
    runSeq: 0,
    pendingStops: [],
  };
  world.stamped = commitStampingDataSource(world.consumerDs, world.applied, () => world.tracker);
  try {
    await connectAndMigrate(migrator);
    await migrator.destroy();
    world.writerPool = await writerPoolOf(world, writerDs);
    await world.relayDs.initialize();
    await world.consumerDs.initialize();
    const { runs, plainSql } = await runAll(world);
    return summarize(opts, runs, plainSql);
  } finally {
    await Promise.all(world.pendingStops);
    await world.writerPool?.close().catch(() => undefined);
    for (const d of [writerDs, world.relayDs, world.consumerDs, migrator])
      if (d.isInitialized) await d.destroy().catch(() => undefined);
    await adminQuery(adminUrl, `DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`).catch(
      (e: Error) => log(`could not drop ${dbName}: ${e.message}`),
    );
    await deleteTopics(kafka, prefix).catch((e: Error) =>
      log(`could not delete topics ${prefix}*: ${e.message}`),
    );
  }
}

function resolveOptions(input: MessagingBenchOptions): World['opts'] {
  return {
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
}

/** The admin principal: the bench has a catalogue of its own, outside the platform's ACLs. */
function benchKafka(id: string, brokers?: string[]): Kafka {
  const sasl = testKafkaSasl(TestPrincipals.admin);
  return new Kafka({
    clientId: `qn-bench-${id}`,
    brokers:
      brokers ?? (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',').map((b) => b.trim()),
    logLevel: logLevel.NOTHING,
    retry: { retries: 8, initialRetryTime: 100 },
    ...(sasl ? { sasl } : {}),
  });
}

function writerPoolOf(world: World, writerDs: DataSource): Promise<WriterPool> {
  const { opts } = world;
  return opts.writerThreads > 0
    ? threadWriterPool(
        {
          dbUrl: world.dbUrl,
          writers: opts.writers,
          threads: opts.writerThreads,
          keys: opts.keys,
          partitions: opts.partitions,
        },
        world.log,
      )
    : inThreadWriterPool(writerDs, opts);
}

/** Warm-up, then saturation (full path and baselines), paced, and the drain diagnostics. */
async function runAll(world: World): Promise<{ runs: RunFigures[]; plainSql: number | null }> {
  const { opts, log } = world;
  const runs: RunFigures[] = [];
  let plainSql: number | null = null;
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
  return { runs, plainSql };
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

if (require.main === module) {
  main().catch((err: Error) => {
    console.error(`messaging bench failed: ${err.stack ?? err.message}`);
    process.exit(2);
  });
}
