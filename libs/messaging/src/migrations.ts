import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Tables of the messaging mechanisms, created in the owning service's schema (search_path):
 * - outbox: integration events committed with the business change, published by the relay;
 * - processed_event: one row per (consumer group, event id), written in the same transaction as
 *   the handler's effects, so a redelivered event has no second effect.
 * Every service lists `messagingMigrations` with its own migrations.
 */
export class MessagingTables1732300000000 implements MigrationInterface {
  name = 'MessagingTables1732300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE outbox (
        seq bigserial PRIMARY KEY,
        event_id uuid NOT NULL UNIQUE,
        event_type text NOT NULL,
        topic text NOT NULL,
        message_key text NOT NULL,
        payload text NOT NULL,
        headers jsonb NOT NULL DEFAULT '{}'::jsonb,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE processed_event (
        consumer_group text NOT NULL,
        event_id uuid NOT NULL,
        topic text NOT NULL,
        partition integer NOT NULL,
        "offset" bigint NOT NULL,
        processed_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (consumer_group, event_id)
      )`);
    await q.query(`CREATE INDEX processed_event_processed_at ON processed_event (processed_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE processed_event`);
    await q.query(`DROP TABLE outbox`);
  }
}

export const messagingMigrations = [MessagingTables1732300000000];
