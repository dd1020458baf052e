/**
 * One run of the baseline: kafkajs producer → kafkajs consumer, same bytes and keys. `batched`
 * sends batches of the relay's size (the relay's side of the path); `per-event` sends one
 * message per call from as many concurrent writers as the full path has (the writers' side:
 * one event per request), saturation only.
 */
import { Consumer, KafkaMessage, Producer } from 'kafkajs';
import { EventEnvelope } from '@qn/contracts';
import { clock, sleep } from '../kit/timing';
import { EluCpu, eluCpuMeter } from './full-path';
import type { RunFigures } from './options';
import { describeRun } from './report';
import {
  BENCH_EVENT,
  CompletionTracker,
  createTopics,
  latencyFigures,
  OrderPlaced,
  orderEvent,
  producerConfig,
  Stamp,
  World,
} from './world';

const headers = { 'event-type': BENCH_EVENT, 'event-version': '1' };

/** What the raw consumer saw: distinct events and repeats. */
interface Seen {
  ids: Set<string>;
  duplicates: number;
}

/** What the sender did: bytes of the first 1,000 payloads, when the last was offered, how late. */
interface Sent {
  bytes: number;
  lastOffered: number;
  maxLag: number;
}

export async function rawRun(
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
  const seen: Seen = { ids: new Set(), duplicates: 0 };
  const consumer = await startRawConsumer(world, topic, runPrefix, tracker, seen);

  const start = clock() + 5;
  if (rate) tracker.schedule = { start, rate };
  const sent: Sent = { bytes: 0, lastOffered: 0, maxLag: 0 };
  const meter = eluCpuMeter();
  let eluCpu: EluCpu = { elu: 0, cpu: { user: 0, system: 0 } };
  try {
    let count = 0;
    if (style === 'per-event') count = await sendPerEvent(world, producer, topic, events, sent);
    count = await sendBatches(world, producer, topic, events, rate, start, count, sent);
    await tracker.done(opts.stallTimeoutMs, async () => `${count} sent`);
  } finally {
    eluCpu = meter();
    world.pendingStops.push(
      Promise.all([
        consumer.disconnect().catch(() => undefined),
        producer.disconnect().catch(() => undefined),
      ]),
    );
  }
  const figures = rawFigures({
    name,
    style,
    mode,
    events,
    rate,
    start,
    tracker,
    seen,
    sent,
    eluCpu,
  });
  log(`${name}: ${describeRun(figures)}`);
  return figures;
}

async function startRawConsumer(
  world: World,
  topic: string,
  runPrefix: string,
  tracker: CompletionTracker,
  seen: Seen,
): Promise<Consumer> {
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
        if (seen.ids.has(e.id)) seen.duplicates++;
        else seen.ids.add(e.id);
        t0s.push({ t0: e.data.t0, seq: e.data.seq });
      }
      tracker.complete(t0s, clock());
    },
  });
  await joined;
  return consumer;
}

/** One send per event from `writers` concurrent senders; returns how many were sent. */
async function sendPerEvent(
  world: World,
  producer: Producer,
  topic: string,
  events: number,
  sent: Sent,
): Promise<number> {
  let next = 0;
  let count = 0;
  const sender = async () => {
    for (let i = next++; i < events; i = next++) {
      const e = orderEvent(i, world.opts.keys, clock());
      const value = JSON.stringify(e);
      if (i < 1000) sent.bytes += Buffer.byteLength(value);
      await producer.send({ topic, acks: -1, messages: [{ key: e.subjectId, value, headers }] });
      sent.lastOffered = clock();
      count++;
    }
  };
  await Promise.all(Array.from({ length: world.opts.writers }, sender));
  return count;
}

/**
 * Batches of the relay's size from event `sent` on: at saturation as fast as they go, paced
 * everything due by now — as the relay takes what is committed. Returns how many were sent.
 */
async function sendBatches(
  world: World,
  producer: Producer,
  topic: string,
  events: number,
  rate: number | null,
  start: number,
  from: number,
  sent: Sent,
): Promise<number> {
  const batchSize = world.opts.relayBatchSize;
  const due = (i: number) => start + (i * 1000) / rate!;
  let done = from;
  while (done < events) {
    let count: number;
    let stamp: (i: number) => number;
    if (rate) {
      const dueCount = Math.min(events, Math.floor(((clock() - start) * rate) / 1000) + 1);
      if (dueCount <= done) {
        await sleep(due(done) - clock());
        continue;
      }
      count = Math.min(batchSize, dueCount - done);
      stamp = due;
      sent.maxLag = Math.max(sent.maxLag, clock() - due(done + count - 1));
    } else {
      count = Math.min(batchSize, events - done);
      const now = clock();
      stamp = () => now;
    }
    const messages = [];
    for (let i = done; i < done + count; i++) {
      const e = orderEvent(i, world.opts.keys, stamp(i));
      const value = JSON.stringify(e);
      if (i < 1000) sent.bytes += Buffer.byteLength(value);
      messages.push({ key: e.subjectId, value, headers });
    }
    sent.lastOffered = stamp(done + count - 1);
    await producer.sendBatch({ acks: -1, topicMessages: [{ topic, messages }] });
    done += count;
  }
  return done;
}

function rawFigures(r: {
  name: string;
  style: 'batched' | 'per-event';
  mode: 'saturation' | 'paced';
  events: number;
  rate: number | null;
  start: number;
  tracker: CompletionTracker;
  seen: Seen;
  sent: Sent;
  eluCpu: EluCpu;
}): RunFigures {
  const { events, rate, tracker, seen } = r;
  const durationMs = tracker.last - r.start;
  return {
    name: r.name,
    path: r.style === 'per-event' ? 'raw-per-event' : 'raw',
    mode: r.mode,
    events,
    targetRate: rate,
    offeredRate: (events * 1000) / (r.sent.lastOffered - r.start),
    throughput: (events * 1000) / durationMs,
    durationMs,
    latencyMs: latencyFigures(tracker.latencies.subarray(0, Math.min(tracker.count, events))),
    latencyFromScheduleMs: rate
      ? latencyFigures(tracker.fromSchedule.subarray(0, Math.min(tracker.count, events)))
      : null,
    maxScheduleLagMs: rate ? Math.max(0, r.sent.maxLag) : 0,
    maxOutboxBacklog: null,
    maxConsumerBacklog: null,
    relayWakeUps: null,
    eventLoopUtilization: r.eluCpu.elu,
    processCpuMicrosPerEvent: (r.eluCpu.cpu.user + r.eluCpu.cpu.system) / events,
    relayBatches: null,
    consumerTransactions: tracker.transactions,
    payloadBytes: r.sent.bytes / Math.min(events, 1000),
    integrity: {
      expected: events,
      effects: tracker.count,
      distinct: seen.ids.size,
      lost: events - seen.ids.size,
      duplicates: seen.duplicates,
      businessRows: null,
      outboxLeft: null,
      ok: seen.ids.size === events && seen.duplicates === 0,
    },
  };
}
