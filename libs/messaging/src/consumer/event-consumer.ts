import { context, SpanKind, trace } from '@opentelemetry/api';
import { Consumer, EachBatchPayload, IHeaders, Kafka, KafkaMessage, Producer } from 'kafkajs';
import { DataSource, EntityManager } from 'typeorm';
import { EventCatalog, EventEnvelope, OutsideSources, dlqTopicOf } from '@qn/contracts';
import { MessagingMetrics } from '../metrics';
import { contextFromKafkaHeaders } from '../trace-context';

/** An event taken from Kafka, with where it came from. */
export interface ConsumedEvent<T = unknown> {
  event: EventEnvelope<T>;
  topic: string;
  partition: number;
  offset: string;
  headers: IHeaders;
}

/**
 * Applies events inside the consumer's transaction. It receives only events this group has not
 * processed before; everything it writes through `tx` commits together with their
 * processed-event rows, or not at all.
 */
export type EventHandler = (events: ConsumedEvent[], tx: EntityManager) => Promise<void>;

export interface EventConsumerOptions {
  kafka: Kafka;
  /** Producer for dead-letter messages. */
  producer: Producer;
  dataSource: DataSource;
  catalog: EventCatalog;
  /**
   * `source` names this service trusts per outside role (e.g. its admission portals); an
   * event whose source may not publish its type (catalogue `publishers`) is dead-lettered.
   */
  outsideSources?: OutsideSources;
  /** Full consumer group id (already prefixed). */
  groupId: string;
  /** Full topic names (already prefixed). */
  topics: string[];
  handler: EventHandler;
  /**
   * false: no processed-event rows; the handler itself makes a redelivered or republished
   * event a no-op, in the same transaction as its effect (e.g. a projection that stores its
   * offsets and each subject's last event id with its values). Default true.
   */
  deduplicate?: boolean;
  fromBeginning?: boolean;
  /** Attempts per event before it goes to the dead-letter topic. */
  maxAttempts?: number;
  /** First retry delay; doubles per attempt. */
  retryBackoffMs?: number;
  /** Events applied per transaction. */
  chunkSize?: number;
  sessionTimeoutMs?: number;
  heartbeatIntervalMs?: number;
  /**
   * How long the broker may hold an empty fetch (default 1000 ms). A fetch in flight cannot be
   * cancelled, so this bounds how long `stop()` waits to leave the group; data that arrives is
   * returned at once whatever the value.
   */
  maxWaitTimeMs?: number;
  metrics?: MessagingMetrics;
  log?: { info: (m: string) => void; warn: (m: string) => void; error: (m: string) => void };
}

/**
 * Thrown by a handler for an event that can never be applied (a business rule refuses it: an
 * unknown source, a closed deadline). It goes to the dead-letter topic at once with this
 * reason instead of being retried; the rest of the chunk is applied.
 */
export class RejectedEventError extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'RejectedEventError';
  }
}

/** Why a message went to the dead-letter topic; also its `x-dlq-reason` header. */
export class DeadLetterReason {
  constructor(
    readonly kind:
      'malformed' | 'schema-invalid' | 'forbidden-source' | 'rejected' | 'handler-failed',
    readonly detail: string,
  ) {}
  toString() {
    return `${this.kind}: ${this.detail}`;
  }
}

/** Groups events by type for handlers that treat each type on its own. */
export function byEventType(
  handlers: Record<string, (e: ConsumedEvent, tx: EntityManager) => Promise<void>>,
): EventHandler {
  return async (events, tx) => {
    for (const e of events) {
      const h = handlers[e.event.type];
      if (h) await context.with(contextFromKafkaHeaders(e.headers), () => h(e, tx));
    }
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Messages parsed between two turns of the event loop while a chunk is being applied. */
const YIELD_EVERY = 64;

/**
 * Idempotent consumer with retries and a dead-letter topic:
 * 1. each message is parsed and validated against the catalogue, and its `source` checked
 *    against who may publish its type; a malformed, schema-invalid or forbidden-source one goes
 *    straight to `<topic>.dlq` with the reason (retrying cannot fix it);
 * 2. valid events are applied in chunks, one transaction per chunk: processed-event rows
 *    (consumer group, event id) are inserted with ON CONFLICT DO NOTHING and only the new ones
 *    reach the handler, so redelivery has no second effect;
 * 3. if a chunk fails, its events are retried one by one with backoff; an event that still
 *    fails goes to the dead-letter topic and the consumer goes on with the next;
 * 4. offsets are committed only after the transaction that applied them.
 */
export class EventConsumer {
  private consumer?: Consumer;
  private readonly maxAttempts: number;
  private readonly backoff: number;
  private readonly chunkSize: number;
  private stopping = false;

  constructor(private readonly o: EventConsumerOptions) {
    this.maxAttempts = o.maxAttempts ?? 4;
    this.backoff = o.retryBackoffMs ?? 200;
    this.chunkSize = o.chunkSize ?? 500;
  }

  get groupId() {
    return this.o.groupId;
  }

  async start(): Promise<void> {
    this.stopping = false;
    const consumer = this.o.kafka.consumer({
      groupId: this.o.groupId,
      sessionTimeout: this.o.sessionTimeoutMs ?? 10000,
      heartbeatInterval: this.o.heartbeatIntervalMs ?? 1000,
      maxWaitTimeInMs: this.o.maxWaitTimeMs ?? 1000,
      maxBytesPerPartition: 4 * 1024 * 1024,
      retry: { retries: 10 },
    });
    this.consumer = consumer;
    await consumer.connect();
    await consumer.subscribe({
      topics: this.o.topics,
      fromBeginning: this.o.fromBeginning ?? true,
    });
    const joined = new Promise<void>((resolve) =>
      consumer.on(consumer.events.GROUP_JOIN, () => resolve()),
    );
    await consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: 1,
      eachBatch: (payload) => this.onBatch(payload),
    });
    await joined;
  }

  /** Finishes the batch in hand, commits its offsets and leaves the group. */
  async stop(): Promise<void> {
    this.stopping = true;
    const c = this.consumer;
    // Kept until disconnected: the batch in hand still commits its offsets.
    if (c) await c.disconnect();
    if (this.consumer === c) this.consumer = undefined;
  }

  /** Commits "next to read" = offset + 1 for the group (kafkajs offsets are decimal strings). */
  private async commit(topic: string, partition: number, offset: string): Promise<void> {
    await this.consumer?.commitOffsets([
      { topic, partition, offset: (BigInt(offset) + 1n).toString() },
    ]);
  }

  private async onBatch({
    batch,
    resolveOffset,
    heartbeat,
    isRunning,
    isStale,
  }: EachBatchPayload): Promise<void> {
    const { topic, partition } = batch;
    let resolved: string | undefined;
    const resolve = (offset: string) => {
      resolveOffset(offset);
      resolved = offset;
    };
    const m = this.o.metrics;
    // The chunk being applied while the next one is parsed: its transaction waits on
    // PostgreSQL, which leaves this process idle for the parsing (JSON and schema validation)
    // of the next. Chunks still apply one after the other, in offset order.
    let applying: Promise<void> | undefined;
    const settle = async () => {
      const a = applying;
      applying = undefined;
      await a;
    };
    let valid: Array<ConsumedEvent & { raw: KafkaMessage }> = [];
    let parsedSinceYield = 0;
    for (const message of batch.messages) {
      const parsed = this.parse(message);
      if (parsed instanceof DeadLetterReason) {
        // Bad messages are parked in order with the good ones around them.
        await settle();
        await this.flush(valid, topic, partition);
        valid = [];
        await this.deadLetter(topic, partition, message, parsed);
        resolve(message.offset);
        continue;
      }
      valid.push({
        event: parsed,
        topic,
        partition,
        offset: message.offset,
        headers: message.headers ?? {},
        raw: message,
      });
      if (valid.length >= this.chunkSize) {
        const chunk = valid;
        valid = [];
        await settle();
        applying = (async () => {
          await this.flush(chunk, topic, partition);
          resolve(chunk[chunk.length - 1].offset);
          await this.commit(topic, partition, chunk[chunk.length - 1].offset);
          await heartbeat();
        })();
        // Awaited before anything else happens; this keeps a failure from counting as unhandled meanwhile.
        applying.catch(() => undefined);
      } else if (applying && ++parsedSinceYield >= YIELD_EVERY) {
        // Let the transaction in flight read its answers and send its next statement.
        parsedSinceYield = 0;
        await new Promise<void>((r) => setImmediate(r));
      }
      if (!isRunning() || isStale()) break;
    }
    await settle();
    if (valid.length) {
      await this.flush(valid, topic, partition);
      resolve(valid[valid.length - 1].offset);
    }
    // Offsets go to Kafka after the transaction that applied the messages (and after
    // dead-lettered ones were published), so a restart resumes where it stopped; a crash in
    // between only redelivers what processed_event already makes a no-op.
    if (resolved !== undefined) await this.commit(topic, partition, resolved);
    const last = batch.lastOffset();
    m?.consumerLag.set(
      { group: this.o.groupId, topic, partition: String(partition) },
      Math.max(0, Number(batch.highWatermark) - Number(last) - 1),
    );
    await heartbeat();
  }

  private parse(message: KafkaMessage): EventEnvelope | DeadLetterReason {
    if (!message.value) return new DeadLetterReason('malformed', 'empty message value');
    let json: unknown;
    try {
      json = JSON.parse(message.value.toString('utf8'));
    } catch (err) {
      return new DeadLetterReason('malformed', `not JSON: ${(err as Error).message}`);
    }
    const result = this.o.catalog.validate(json);
    if (!result.ok)
      return new DeadLetterReason(
        'schema-invalid',
        result.issues.map((i) => `${i.path || '/'} ${i.message}`).join('; '),
      );
    // ACLs decide who may write the topic; this decides which source may claim the event
    // type, so a principal allowed on a topic still cannot speak for another publisher.
    const refusal = this.o.catalog.sourceRefusal(result.event, this.o.outsideSources);
    if (refusal) return new DeadLetterReason('forbidden-source', refusal);
    return result.event;
  }

  /** Applies a run of valid events: the whole chunk in one transaction, else one by one. */
  private async flush(
    events: Array<ConsumedEvent & { raw: KafkaMessage }>,
    topic: string,
    partition: number,
  ): Promise<void> {
    if (events.length === 0) return;
    try {
      await this.apply(events, topic);
      return;
    } catch (err) {
      if (events.length === 1) {
        // fall through to the retry path for this single event
      } else {
        this.o.log?.warn(
          `consumer ${this.o.groupId}: chunk of ${events.length} failed (${(err as Error).message}); retrying one by one`,
        );
      }
    }
    for (const e of events) {
      let lastError: unknown;
      for (let attempt = 1; attempt <= this.maxAttempts; attempt++) {
        try {
          await this.apply([e], topic);
          lastError = undefined;
          break;
        } catch (err) {
          lastError = err;
          if (err instanceof RejectedEventError) break;
          if (attempt < this.maxAttempts && !this.stopping)
            await sleep(this.backoff * 2 ** (attempt - 1));
        }
      }
      if (lastError instanceof RejectedEventError) {
        await this.deadLetter(
          topic,
          partition,
          e.raw,
          new DeadLetterReason('rejected', lastError.message),
        );
      } else if (lastError) {
        await this.deadLetter(
          topic,
          partition,
          e.raw,
          new DeadLetterReason(
            'handler-failed',
            `${(lastError as Error).message} (after ${this.maxAttempts} attempts)`,
          ),
        );
      }
    }
  }

  private async apply(events: ConsumedEvent[], topic: string): Promise<void> {
    const m = this.o.metrics;
    const end = m?.handlerSeconds.startTimer({ group: this.o.groupId, topic });
    const unique = [...new Map(events.map((e) => [e.event.id, e])).values()];
    const tracer = trace.getTracer('@qn/messaging');
    const links = unique
      .slice(0, 32)
      .map((e) => ({ context: trace.getSpanContext(contextFromKafkaHeaders(e.headers))! }))
      .filter((l) => l.context);
    let fresh: ConsumedEvent[] = [];
    await tracer.startActiveSpan(
      `${topic} process`,
      {
        kind: SpanKind.CONSUMER,
        links,
        attributes: {
          'messaging.system': 'kafka',
          'messaging.destination.name': topic,
          'messaging.consumer.group.name': this.o.groupId,
          'messaging.batch.message_count': unique.length,
        },
      },
      async (span) => {
        try {
          await this.o.dataSource.transaction(async (tx) => {
            if (this.o.deduplicate === false) {
              fresh = unique;
              await this.o.handler(fresh, tx);
              return;
            }
            const inserted: Array<{ event_id: string }> = await tx.query(
              `INSERT INTO processed_event (consumer_group, event_id, topic, partition, "offset")
             SELECT $1, * FROM unnest($2::uuid[], $3::text[], $4::int[], $5::bigint[])
             ON CONFLICT DO NOTHING RETURNING event_id`,
              [
                this.o.groupId,
                unique.map((e) => e.event.id),
                unique.map((e) => e.topic),
                unique.map((e) => e.partition),
                unique.map((e) => e.offset),
              ],
            );
            const ids = new Set(inserted.map((r) => r.event_id));
            fresh = unique.filter((e) => ids.has(e.event.id));
            if (fresh.length) await this.o.handler(fresh, tx);
          });
        } finally {
          span.end();
        }
      },
    );
    end?.();
    m?.consumed.inc({ group: this.o.groupId, topic, result: 'processed' }, fresh.length);
    if (events.length > fresh.length)
      m?.consumed.inc(
        { group: this.o.groupId, topic, result: 'duplicate' },
        events.length - fresh.length,
      );
  }

  private async deadLetter(
    topic: string,
    partition: number,
    message: KafkaMessage,
    reason: DeadLetterReason,
  ): Promise<void> {
    this.o.log?.warn(
      `consumer ${this.o.groupId}: message ${topic}/${partition}@${message.offset} dead-lettered: ${reason}`,
    );
    // A child's personal data never reaches a dead-letter topic (the catalogue says which events
    // carry it); the original stays on its topic at the offset the headers name.
    const copy = this.o.catalog.deadLetterCopy(message.value);
    await this.o.producer.send({
      topic: dlqTopicOf(topic),
      acks: -1,
      messages: [
        {
          key: message.key,
          value: copy.value,
          headers: {
            ...(message.headers ?? {}),
            'x-dlq-redacted': copy.redacted,
            'x-dlq-reason': reason.toString(),
            'x-dlq-reason-kind': reason.kind,
            'x-original-topic': topic,
            'x-original-partition': String(partition),
            'x-original-offset': message.offset,
            'x-consumer-group': this.o.groupId,
            'x-failed-at': new Date().toISOString(),
          },
        },
      ],
    });
    this.o.metrics?.consumed.inc({ group: this.o.groupId, topic, result: 'dead_lettered' });
  }
}
