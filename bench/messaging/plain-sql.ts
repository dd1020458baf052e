/**
 * PostgreSQL's own commit capacity for the writers' transaction shape (diagnostic of the drain
 * run): plain `pg` clients, no TypeORM, no schema validation, no relay, no Kafka.
 */
import { Client } from 'pg';
import { fmt } from '../kit/table';
import { clock } from '../kit/timing';
import { BENCH_TOPIC, orderEvent, SCHEMA, World } from './world';

/**
 * PostgreSQL's own commit capacity for the writers' transaction shape: `--writers` plain `pg`
 * clients, each looping BEGIN → INSERT business row → INSERT outbox row → COMMIT with named
 * prepared statements (no TypeORM, no schema validation, no relay, no Kafka). Whatever the
 * messaging library does, the full path cannot commit more events per second than this.
 */
export async function plainSqlWriters(world: World, events: number): Promise<number> {
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
