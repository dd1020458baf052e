/** One run of the full path: writers → outbox → relay → Kafka → idempotent consumer. */
import { performance } from 'node:perf_hooks';
import { Client } from 'pg';
import { Producer } from 'kafkajs';
import { Registry } from 'prom-client';
import { EventCatalog } from '@qn/contracts';
import {
  EventConsumer,
  EventHandler,
  MessagingMetrics,
  outboxChannel,
  OutboxRelay,
} from '@qn/messaging';
import { clock, sleep } from '../kit/timing';
import type { RunFigures } from './options';
import {
  CompletionTracker,
  createTopics,
  latencyFigures,
  OrderPlaced,
  producerConfig,
  SCHEMA,
  World,
} from './world';
import type { WriterFigures } from './writers';
import { describeRun } from './report';

/** Event-loop utilisation and CPU time of this process over a run. */
export interface EluCpu {
  elu: number;
  cpu: { user: number; system: number };
}

/** Starts measuring this process; the returned function reads the figures. */
export function eluCpuMeter(): () => EluCpu {
  const elu0 = performance.eventLoopUtilization();
  const cpu0 = process.cpuUsage();
  return () => ({
    elu: performance.eventLoopUtilization(elu0).utilization,
    cpu: process.cpuUsage(cpu0),
  });
}

export async function fullPathRun(
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
  const consumer = await startConsumer(world, producer, catalog, topic, runPrefix);
  const metrics = MessagingMetrics.for(new Registry());
  const relay = relayOf(world, producer, metrics);
  // Drain: the relay starts only once the writers are done, so relay + Kafka + consumer work
  // through a full outbox at their own pace — the capacity of the path after the writers.
  if (mode !== 'drain') await startRelay(relay);
  let drainStart = 0;
  const wakeUps = await wakeUpCounter(world.dbUrl);
  // Where events queue: committed by writers but not yet published (outbox backlog), and
  // published but not yet applied (consumer backlog). Read from counters, not from the database.
  const counters = new Int32Array(new SharedArrayBuffer(8)); // [next ticket, committed]
  const backlog = sampleBacklogs(counters, metrics, tracker);
  let w: WriterFigures;
  let eluCpu: EluCpu = { elu: 0, cpu: { user: 0, system: 0 } };
  const meter = eluCpuMeter();
  try {
    const start = clock() + 5;
    if (rate) tracker.schedule = { start, rate };
    w = await world.writerPool.run({ runPrefix, events, rate, start }, counters);
    if (mode === 'drain') {
      drainStart = clock();
      await startRelay(relay);
    }
    await tracker.done(
      opts.stallTimeoutMs,
      async () =>
        `outbox holds ${(await world.relayDs.query(`SELECT count(*)::int AS n FROM outbox`))[0].n} rows`,
    );
  } finally {
    eluCpu = meter();
    await backlog.stop();
    world.tracker = undefined;
    await relay.stop().catch(() => undefined);
    await wakeUps.stop();
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
  const integrity = await checkIntegrity(world, events);
  const figures = fullFigures({
    name,
    mode,
    events,
    rate,
    since: mode === 'drain' ? drainStart : w.firstStart,
    w,
    tracker,
    backlog,
    wakeUps: wakeUps.count,
    eluCpu,
    relayBatches:
      (await metrics.relayBatchSeconds.get()).values.find((v) => v.metricName?.endsWith('_count'))
        ?.value ?? null,
    integrity,
  });
  log(`${name}: ${describeRun(figures)}`);
  return figures;
}

function fullFigures(r: {
  name: string;
  mode: RunFigures['mode'];
  events: number;
  rate: number | null;
  /** When the measured span starts: the first write (drain: the relay's start). */
  since: number;
  w: WriterFigures;
  tracker: CompletionTracker;
  backlog: { maxOutbox: number; maxConsumer: number };
  wakeUps: number;
  eluCpu: EluCpu;
  relayBatches: number | null;
  integrity: RunFigures['integrity'];
}): RunFigures {
  const { events, rate, tracker } = r;
  const durationMs = tracker.last - r.since;
  return {
    name: r.name,
    path: 'full',
    mode: r.mode,
    events,
    targetRate: rate,
    offeredRate: (events * 1000) / (r.w.lastCommit - r.w.firstStart),
    throughput: (events * 1000) / durationMs,
    durationMs,
    // A drain run's events wait in the outbox on purpose: its latencies mean nothing.
    latencyMs: latencyFigures(
      r.mode === 'drain' ? [] : tracker.latencies.subarray(0, Math.min(tracker.count, events)),
    ),
    latencyFromScheduleMs: rate
      ? latencyFigures(tracker.fromSchedule.subarray(0, Math.min(tracker.count, events)))
      : null,
    maxScheduleLagMs: r.w.maxLag,
    maxOutboxBacklog: r.backlog.maxOutbox,
    maxConsumerBacklog: r.backlog.maxConsumer,
    relayWakeUps: r.wakeUps,
    eventLoopUtilization: r.eluCpu.elu,
    processCpuMicrosPerEvent: (r.eluCpu.cpu.user + r.eluCpu.cpu.system) / events,
    relayBatches: r.relayBatches,
    consumerTransactions: tracker.transactions,
    payloadBytes: r.w.payloadBytes,
    integrity: r.integrity,
  };
}

/** The idempotent consumer; its handler inserts one effect row per event in its transaction. */
async function startConsumer(
  world: World,
  producer: Producer,
  catalog: EventCatalog,
  topic: string,
  runPrefix: string,
): Promise<EventConsumer> {
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
    chunkSize: world.opts.consumerChunkSize,
    maxAttempts: 3,
    retryBackoffMs: 50,
    sessionTimeoutMs: 15000,
    log: { info: () => undefined, warn: world.log, error: world.log },
  });
  await consumer.start();
  return consumer;
}

function relayOf(world: World, producer: Producer, metrics: MessagingMetrics): OutboxRelay {
  return new OutboxRelay({
    dataSource: world.relayDs,
    producer,
    schema: SCHEMA,
    databaseUrl: world.dbUrl,
    batchSize: world.opts.relayBatchSize,
    lingerMs: world.opts.relayLingerMs,
    metrics,
    log: { info: () => undefined, warn: world.log, error: world.log },
  });
}

async function startRelay(relay: OutboxRelay): Promise<void> {
  relay.start();
  const leaderBy = clock() + 10000;
  while (!relay.isLeader) {
    if (clock() > leaderBy) throw new Error('the outbox relay did not become active');
    await sleep(1);
  }
}

/** Diagnostic: how many wake-ups the relay's channel carries. */
async function wakeUpCounter(dbUrl: string) {
  const listener = new Client({ connectionString: dbUrl });
  await listener.connect();
  const counter = {
    count: 0,
    stop: () => listener.end().catch(() => undefined),
  };
  listener.on('notification', () => counter.count++);
  await listener.query(`LISTEN "${outboxChannel(SCHEMA)}"`);
  return counter;
}

/** Samples the outbox and consumer backlogs every 100 ms, keeping the largest. */
function sampleBacklogs(
  counters: Int32Array,
  metrics: MessagingMetrics,
  tracker: CompletionTracker,
) {
  let sampling = true;
  const published = async () =>
    (await metrics.outboxPublished.get()).values.reduce((sum, v) => sum + v.value, 0);
  const backlog = {
    maxOutbox: 0,
    maxConsumer: 0,
    stop: async () => {
      sampling = false;
      await sampler;
    },
  };
  const sampler = (async () => {
    while (sampling) {
      await sleep(100);
      const p = await published();
      backlog.maxOutbox = Math.max(backlog.maxOutbox, Atomics.load(counters, 1) - p);
      backlog.maxConsumer = Math.max(backlog.maxConsumer, p - tracker.count);
    }
  })();
  return backlog;
}

/** Integrity: every event has exactly one effect, nothing is left behind; fresh tables after. */
async function checkIntegrity(world: World, events: number): Promise<RunFigures['integrity']> {
  await sleep(200);
  const [counts] = await world.consumerDs.query(
    `SELECT (SELECT count(*)::int FROM bench_effect) AS effects, (SELECT count(DISTINCT event_id)::int FROM bench_effect) AS distinct,
            (SELECT count(*)::int FROM bench_order) AS orders, (SELECT count(*)::int FROM outbox) AS outbox`,
  );
  // Fresh tables for the next run (the outbox is empty here; TRUNCATE also drops its dead rows).
  await world.consumerDs.query(
    `TRUNCATE bench_effect, bench_order, processed_event${counts.outbox === 0 ? ', outbox' : ''}`,
  );
  return {
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
}
