import { EntityManager } from 'typeorm';
import { EventCatalog, EventEnvelope, prefixedTopic } from '@qn/contracts';
import { currentTraceHeaders } from '../trace-context';

/** LISTEN/NOTIFY channel the relay of a schema waits on. */
export const outboxChannel = (schema: string) => `qn_outbox_${schema}`;

/**
 * Writes integration events into the outbox inside the caller's transaction. Each event is
 * validated against its schema first: an invalid event throws EventValidationError, the
 * business transaction rolls back and nothing reaches Kafka.
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
    if (!tx.queryRunner?.isTransactionActive) {
      throw new Error('OutboxWriter.enqueue must run inside the transaction of the business change');
    }
    const trace = currentTraceHeaders();
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
      headers.push(JSON.stringify({ ...trace, 'event-type': event.type, 'event-version': String(event.version) }));
    }
    await tx.query(
      `INSERT INTO outbox (event_id, event_type, topic, message_key, payload, headers)
       SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::jsonb[])`,
      [ids, types, topics, keys, payloads, headers],
    );
    // Delivered at commit, coalesced per transaction: wakes the relay without polling.
    await tx.query(`SELECT pg_notify($1, '')`, [outboxChannel(this.schema)]);
  }
}
