import { SpanKind, trace } from '@opentelemetry/api';
import { Consumer, EachBatchPayload, IHeaders, Kafka, KafkaMessage, Producer } from 'kafkajs';
import { DataSource, EntityManager } from 'typeorm';
import { EventCatalog, EventEnvelope, OutsideSources, dlqTopicOf } from '@qn/contracts';
import { MessagingMetrics } from '../metrics';
import { contextFromKafkaHeaders } from '../trace-context';
import { isLostMembership, isTransientError, TransientError } from './transient';

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
  /** Attempts per event before it goes to the dead-letter topic (deterministic failures). */
  maxAttempts?: number;
  /** First retry delay of a deterministic failure; doubles per attempt. */
  retryBackoffMs?: number;
  /**
   * First wait after a transient fault (see `isTransientError`); doubles per retry up to
   * `transientBackoffMaxMs`. Transient retries never end in the dead-letter topic. Defaults
   * 200 ms and 10 s.
   */
  transientBackoffMs?: number;
  transientBackoffMaxMs?: number;
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

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** How often a partition blocked on a transient fault says so in the log. */
const BLOCKED_LOG_EVERY_MS = 30000;

/**
 * The batch in hand is left as it is (nothing resolved or committed past the failure): the
 * consumer stops or lost the partition, so this process or the partition's next owner reads
 * it again from the committed offset.
 */
class BatchAbandoned extends Error {}

/** What a batch offers to wait through a transient fault while keeping the group membership. */
interface BatchControl {
  topic: string;
  partition: number;
  heartbeat(): Promise<void>;
  isRunning(): boolean;
  isStale(): boolean;
}

/** Name, code and first line of an error, for logs: never the query parameters or payloads. */
function describeFault(err: unknown): string {
  if (!(err instanceof Error)) return String(err).slice(0, 200);
  const inner = (err as { driverError?: unknown }).driverError;
  const code = (err as { code?: unknown }).code;
  const name = inner instanceof Error ? `${err.name}/${inner.name}` : err.name;
  return `${name}${typeof code === 'string' ? ` ${code}` : ''}: ${err.message.split('\n')[0].slice(0, 200)}`;
}

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
 * 3. if a chunk fails on a transient fault (`isTransientError`: the database, Redis or Kafka
 *    unreachable, a deadlock…), the whole chunk is retried with capped exponential backoff for
 *    as long as it takes: the partition waits, nothing is dead-lettered or committed past it;
 * 4. if it fails otherwise, its events are retried one by one with backoff; an event that
 *    still fails (or that the handler rejects) goes to the dead-letter topic and the consumer
 *    goes on with the next;
 * 5. offsets are committed only after the transaction that applied them, or after the dead
 *    letter was published.
 */
export class EventConsumer {
  private consumer?: Consumer;
  private readonly maxAttempts: number;
  private readonly backoff: number;
  private readonly chunkSize: number;
  private readonly transientBackoff: number;
  private readonly transientBackoffMax: number;
  private stopping = false;

  constructor(private readonly o: EventConsumerOptions) {
    this.maxAttempts = o.maxAttempts ?? 4;
    this.backoff = o.retryBackoffMs ?? 200;
    this.chunkSize = o.chunkSize ?? 500;
    this.transientBackoff = o.transientBackoffMs ?? 200;
    this.transientBackoffMax = Math.max(this.transientBackoff, o.transientBackoffMaxMs ?? 10000);
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
    // KafkaJS restarts a consumer that crashed on a retriable error only; after a non-retriable
    // one (a coordinator that lost track of the member, a group error) it stays stopped while
    // the service looks healthy. Rejoin instead, with backoff, until stopped.
    consumer.on(consumer.events.CRASH, ({ payload }) => {
      if (this.stopping || this.consumer !== consumer || payload.restart) return;
      this.o.log?.error(
        `consumer ${this.o.groupId}: crashed (${describeFault(payload.error)}); rejoining the group`,
      );
      void this.rejoin(consumer);
    });
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

  /** Whether the consumer is started and not stopped (it rejoins by itself after a crash). */
  isRunning(): boolean {
    return !this.stopping && this.consumer !== undefined;
  }

  /** A new member of the group in place of a crashed one, retried with backoff until it joins. */
  private async rejoin(crashed: Consumer): Promise<void> {
    await crashed.disconnect().catch(() => undefined);
    let delay = 1000;
    while (!this.stopping && this.consumer === crashed) {
      await new Promise((r) => setTimeout(r, delay));
      if (this.stopping || this.consumer !== crashed) return;
      try {
        await this.start();
        this.o.log?.info(`consumer ${this.o.groupId}: rejoined the group`);
        return;
      } catch (err) {
        this.o.log?.error(
          `consumer ${this.o.groupId}: could not rejoin (${describeFault(err)}); again in ${delay} ms`,
        );
        const failed = this.consumer;
        if (failed && failed !== crashed) await failed.disconnect().catch(() => undefined);
        this.consumer = crashed;
        delay = Math.min(delay * 2, 30000);
      }
    }
  }

  /** Finishes the batch in hand, commits its offsets and leaves the group. */
  async stop(): Promise<void> {
    this.stopping = true;
    const c = this.consumer;
    // Kept until disconnected: the batch in hand still commits its offsets.
    if (c) await c.disconnect();
    if (this.consumer === c) this.consumer = undefined;
  }

  /**
   * Commits "next to read" = offset + 1 for the group (kafkajs offsets are decimal strings). A
   * commit the group refuses because it moved on without this member is not an error of the
   * batch: it was applied, its owner now gets it again (a no-op), and KafkaJS rejoins.
   */
  private async commit(topic: string, partition: number, offset: string): Promise<void> {
    try {
      await this.consumer?.commitOffsets([
        { topic, partition, offset: (BigInt(offset) + 1n).toString() },
      ]);
    } catch (err) {
      if (!isLostMembership(err)) throw err;
      this.o.log?.info(
        `consumer ${this.o.groupId}: ${topic}/${partition} commit refused (${describeFault(err)}): the group moved on; rejoining`,
      );
    }
  }

  private async onBatch({
    batch,
    resolveOffset,
    heartbeat,
    isRunning,
    isStale,
  }: EachBatchPayload): Promise<void> {
    const { topic, partition } = batch;
    const ctl: BatchControl = { topic, partition, heartbeat, isRunning, isStale };
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
    try {
      for (const message of batch.messages) {
        const parsed = this.parse(message);
        if (parsed instanceof DeadLetterReason) {
          // Bad messages are parked in order with the good ones around them.
          await settle();
          await this.flush(valid, ctl, resolve);
          valid = [];
          await this.deadLetter(ctl, message, parsed);
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
            await this.flush(chunk, ctl, resolve);
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
        await this.flush(valid, ctl, resolve);
        resolve(valid[valid.length - 1].offset);
      }
    } catch (err) {
      if (!(err instanceof BatchAbandoned)) throw err;
      await settle().catch(() => undefined);
      // What was resolved before the failure is done (applied or dead-lettered) and may be
      // committed; nothing after it was resolved. A stale batch's commit would be refused.
      if (resolved !== undefined && !isStale())
        await this.commit(topic, partition, resolved).catch(() => undefined);
      return;
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

  /**
   * Runs `work` until it succeeds, waiting through transient faults with capped exponential
   * backoff (`everyFailure`: through any failure). Meanwhile the partition is blocked: the
   * caller resolves nothing past it. Throws BatchAbandoned when the consumer stops or loses
   * the partition, and a non-transient error as it is.
   *
   * The batch is held in `eachBatch` rather than with kafkajs `pause()`: holding it keeps
   * every later message of the partition unread without seeking, and the heartbeats sent
   * while waiting keep the group from handing the partition to another member.
   */
  private async throughTransient<T>(
    ctl: BatchControl,
    what: string,
    work: () => Promise<T>,
    everyFailure = false,
  ): Promise<T> {
    const labels = { group: this.o.groupId, topic: ctl.topic };
    const where = `consumer ${this.o.groupId}: ${ctl.topic}/${ctl.partition}`;
    let delay = this.transientBackoff;
    let since: number | undefined;
    let loggedAt = 0;
    let retries = 0;
    try {
      for (;;) {
        try {
          const result = await work();
          if (since !== undefined)
            this.o.log?.info(
              `${where}: ${what} succeeded after ${retries} retries over ${Math.round((Date.now() - since) / 1000)} s of a transient fault`,
            );
          return result;
        } catch (err) {
          if (!everyFailure && !isTransientError(err)) throw err;
          const now = Date.now();
          if (since === undefined) {
            since = now;
            this.o.metrics?.consumerBlocked.set({ ...labels, partition: String(ctl.partition) }, 1);
          }
          if (now - loggedAt >= BLOCKED_LOG_EVERY_MS) {
            loggedAt = now;
            this.o.log?.warn(
              `${where}: ${what} failed on a transient fault, blocked for ${Math.round((now - since) / 1000)} s (${retries} retries, next in ${delay} ms): ${describeFault(err)}`,
            );
          }
          await this.waitHoldingPartition(ctl, delay);
          retries++;
          this.o.metrics?.consumerTransientRetries.inc(labels);
          delay = Math.min(delay * 2, this.transientBackoffMax);
        }
      }
    } finally {
      if (since !== undefined)
        this.o.metrics?.consumerBlocked.set({ ...labels, partition: String(ctl.partition) }, 0);
    }
  }

  /** Sleeps `ms` in slices, heartbeating so the group keeps the partition here. */
  private async waitHoldingPartition(ctl: BatchControl, ms: number): Promise<void> {
    const until = Date.now() + ms;
    const slice = Math.max(50, Math.min(this.o.heartbeatIntervalMs ?? 1000, 1000));
    for (;;) {
      if (this.stopping || !ctl.isRunning() || ctl.isStale()) throw new BatchAbandoned();
      try {
        await ctl.heartbeat();
      } catch (err) {
        // A rebalance (or a lost membership) wants this batch ended now; a broker that does
        // not answer is another transient fault to wait through.
        if (
          !isTransientError(err) ||
          /REBALANCE|MEMBER|GENERATION/.test(String((err as { type?: unknown }).type))
        )
          throw new BatchAbandoned();
      }
      const left = until - Date.now();
      if (left <= 0) return;
      await sleep(Math.min(left, slice));
    }
  }

  private parse(message: KafkaMessage): EventEnvelope | DeadLetterReason {
    if (!message.value) return new DeadLetterReason('malformed', 'empty message value');
    let json: unknown;
    try {
      json = JSON.parse(message.value.toString('utf8'));
    } catch {
      // Not the parser's message: it quotes the value around the fault (a name, a date of
      // birth), and the reason goes to the log and to the dead letter's headers.
      return new DeadLetterReason('malformed', `not JSON (${message.value.length} bytes)`);
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

  /**
   * Applies a run of valid events: the whole chunk in one transaction (through transient
   * faults), else, when it fails for another reason, one by one, `done` marking each.
   */
  private async flush(
    events: Array<ConsumedEvent & { raw: KafkaMessage }>,
    ctl: BatchControl,
    done: (offset: string) => void,
  ): Promise<void> {
    if (events.length === 0) return;
    const { topic } = ctl;
    try {
      await this.throughTransient(ctl, `chunk of ${events.length}`, () =>
        this.apply(events, topic),
      );
      return;
    } catch (err) {
      if (err instanceof BatchAbandoned) throw err;
      if (events.length > 1)
        this.o.log?.warn(
          `consumer ${this.o.groupId}: chunk of ${events.length} failed (${describeFault(err)}); retrying one by one`,
        );
    }
    for (const e of events) {
      let lastError: unknown;
      for (let attempt = 1; attempt <= this.maxAttempts; attempt++) {
        try {
          // Transient faults are waited out here too: they do not count as attempts.
          await this.throughTransient(ctl, `event at offset ${e.offset}`, () =>
            this.apply([e], topic),
          );
          lastError = undefined;
          break;
        } catch (err) {
          if (err instanceof BatchAbandoned) throw err;
          lastError = err;
          if (err instanceof RejectedEventError) break;
          if (attempt < this.maxAttempts && !this.stopping)
            await sleep(this.backoff * 2 ** (attempt - 1));
        }
      }
      if (lastError instanceof RejectedEventError) {
        await this.deadLetter(ctl, e.raw, new DeadLetterReason('rejected', lastError.message));
      } else if (lastError) {
        await this.deadLetter(
          ctl,
          e.raw,
          new DeadLetterReason(
            'handler-failed',
            `${(lastError as Error).message} (after ${this.maxAttempts} attempts)`,
          ),
        );
      }
      done(e.offset);
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
        // A connection that cannot be had is never the events' fault, whatever PostgreSQL
        // answered (refused, role not permitted to log in, too many connections).
        let began = false;
        try {
          await this.o.dataSource.transaction(async (tx) => {
            began = true;
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
        } catch (err) {
          // Failing before the transaction began is getting no connection at all.
          if (!began && !(err instanceof TransientError))
            throw new TransientError(`no database connection: ${describeFault(err)}`, {
              cause: err,
            });
          throw err;
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

  /**
   * Publishes a dead letter. Until the broker took it, the partition waits (any failure is
   * retried like a transient fault): committing past an unpublished dead letter would lose
   * the message.
   */
  private async deadLetter(
    ctl: BatchControl,
    message: KafkaMessage,
    reason: DeadLetterReason,
  ): Promise<void> {
    const { topic, partition } = ctl;
    this.o.log?.warn(
      `consumer ${this.o.groupId}: message ${topic}/${partition}@${message.offset} dead-lettered: ${reason}`,
    );
    // A child's personal data never reaches a dead-letter topic (the catalogue says which events
    // carry it); the original stays on its topic at the offset the headers name.
    const copy = this.o.catalog.deadLetterCopy(message.value);
    const send = () =>
      this.o.producer.send({
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
    await this.throughTransient(ctl, `dead letter of offset ${message.offset}`, send, true);
    this.o.metrics?.consumed.inc({ group: this.o.groupId, topic, result: 'dead_lettered' });
  }
}
