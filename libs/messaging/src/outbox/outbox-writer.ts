import {
  DataSource,
  EntityManager,
  EntitySubscriberInterface,
  QueryRunner,
  TransactionCommitEvent,
  TransactionRollbackEvent,
} from 'typeorm';
import { EventCatalog, EventEnvelope, prefixedTopic } from '@qn/contracts';
import { eventTraceHeaders } from '../trace-context';

/** LISTEN/NOTIFY channel the relay of a schema waits on. */
export const outboxChannel = (schema: string) => `qn_outbox_${schema}`;

/** Least time between two wake-ups of one channel sent by one data source. */
const NOTIFY_SPACING_MS = 5;

/** Key in `QueryRunner.data` under which a transaction notes the outbox channels it wrote to. */
const PENDING_CHANNELS = 'qnOutboxChannels';

/**
 * Wakes the relay after the transactions that enqueued events have committed.
 *
 * Why not `pg_notify` inside the business transaction: PostgreSQL serialises the commits of all
 * notifying transactions (a global lock held through the commit's WAL flush), which caps the
 * writers at a few thousand transactions per second however many run at once. Here the
 * business commit carries no NOTIFY; after it, one `pg_notify` per channel is sent on its own,
 * at most one in flight per data source and channel — commits that land while one is in
 * flight are covered by one more sent when it returns (and at least NOTIFY_SPACING_MS after
 * the previous one), so every committed row is followed by a notification issued after its
 * commit, at most a few milliseconds later. A lost notification (crash right after commit) only
 * delays publication until the relay's fallback poll, exactly as before.
 */
class CommitNotifier implements EntitySubscriberInterface {
  private readonly inFlight = new Set<string>();
  private readonly again = new Set<string>();

  constructor(private readonly dataSource: DataSource) {}

  afterTransactionCommit(event: TransactionCommitEvent): void {
    // A released savepoint also broadcasts this; the transaction itself is still open then.
    if (event.queryRunner.isTransactionActive) return;
    const channels = takeChannels(event.queryRunner);
    // Not returned: the business request does not wait for the wake-up.
    if (channels) for (const channel of channels) this.notify(channel);
  }

  afterTransactionRollback(event: TransactionRollbackEvent): void {
    if (!event.queryRunner.isTransactionActive) takeChannels(event.queryRunner);
  }

  private notify(channel: string): void {
    if (this.inFlight.has(channel)) {
      this.again.add(channel);
      return;
    }
    this.inFlight.add(channel);
    const sentAt = Date.now();
    this.dataSource
      .query(`SELECT pg_notify($1, '')`, [channel])
      .catch(() => undefined) // the relay's fallback poll covers it
      .finally(() => {
        if (!this.again.delete(channel) || !this.dataSource.isInitialized) {
          this.inFlight.delete(channel);
          return;
        }
        // Commits landed meanwhile: one more wake-up, spaced so that a busy writer sends at
        // most one per NOTIFY_SPACING_MS (each NOTIFY is a serialised commit of its own).
        const resend = () => {
          this.inFlight.delete(channel);
          if (this.dataSource.isInitialized) this.notify(channel);
        };
        const wait = sentAt + NOTIFY_SPACING_MS - Date.now();
        if (wait > 0) setTimeout(resend, wait).unref();
        else resend();
      });
  }
}

function takeChannels(runner: QueryRunner): Set<string> | undefined {
  const data = runner.data as Record<string, Set<string> | undefined>;
  const channels = data[PENDING_CHANNELS];
  delete data[PENDING_CHANNELS];
  return channels;
}

const notifiers = new WeakMap<DataSource, CommitNotifier>();

/** The data source's notifier, registered as a subscriber (again after a re-initialisation). */
function notifierOf(dataSource: DataSource): CommitNotifier {
  let n = notifiers.get(dataSource);
  if (!n) notifiers.set(dataSource, (n = new CommitNotifier(dataSource)));
  if (!dataSource.subscribers.includes(n)) dataSource.subscribers.push(n);
  return n;
}

/**
 * Writes integration events into the outbox inside the caller's transaction. Each event is
 * validated against its schema first: an invalid event throws EventValidationError, the
 * business transaction rolls back and nothing reaches Kafka. Once the transaction has
 * committed, the relay is woken (see CommitNotifier). Every event is written with a trace
 * context (`eventTraceHeaders`), also when no request or consumer started one.
 */
export class OutboxWriter {
  constructor(
    private readonly catalog: EventCatalog,
    private readonly schema: string,
    private readonly topicPrefix: string,
  ) {}

  async enqueue(tx: EntityManager, events: EventEnvelope | EventEnvelope[]): Promise<void> {
    const list = Array.isArray(events) ? events : [events];
    if (list.length === 0) return;
    const runner = tx.queryRunner;
    if (!runner?.isTransactionActive) {
      throw new Error(
        'OutboxWriter.enqueue must run inside the transaction of the business change',
      );
    }
    const trace = eventTraceHeaders();
    const ids: string[] = [];
    const types: string[] = [];
    const topics: string[] = [];
    const keys: string[] = [];
    const payloads: string[] = [];
    const headers: string[] = [];
    for (const event of list) {
      this.catalog.assertValid(event);
      const route = this.catalog.route(event);
      ids.push(event.id);
      types.push(event.type);
      topics.push(prefixedTopic(this.topicPrefix, route.topic));
      keys.push(route.key);
      payloads.push(JSON.stringify(event));
      headers.push(
        JSON.stringify({
          ...trace,
          'event-type': event.type,
          'event-version': String(event.version),
        }),
      );
    }
    if (list.length === 1) {
      // The common case (one event per request): plain VALUES, cheaper to plan than unnest
      // (and prepared once per connection by @qn/persistence's client).
      await tx.query(
        `INSERT INTO outbox (event_id, event_type, topic, message_key, payload, headers) VALUES ($1, $2, $3, $4, $5, $6)`,
        [ids[0], types[0], topics[0], keys[0], payloads[0], headers[0]],
      );
    } else {
      await tx.query(
        `INSERT INTO outbox (event_id, event_type, topic, message_key, payload, headers)
         SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::jsonb[])`,
        [ids, types, topics, keys, payloads, headers],
      );
    }
    // The relay is woken after COMMIT, not from inside the transaction (see CommitNotifier).
    notifierOf(runner.dataSource);
    const data = runner.data as Record<string, Set<string> | undefined>;
    (data[PENDING_CHANNELS] ??= new Set()).add(outboxChannel(this.schema));
  }
}
