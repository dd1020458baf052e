import { MigrationInterface, QueryRunner } from 'typeorm';
import { createStateTable, MOVED_CHANNEL, tablesOf } from '../projections/projection.repository';

/**
 * The projection's schema (projections/projection.repository.ts): generations, state,
 * checkpoints, parked events, and the NOTIFY of its moves. Class names are recorded in deployed
 * databases: never rename them.
 */
export class ProjectionTables1764200000000 implements MigrationInterface {
  name = 'ProjectionTables1764200000000';
  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE projection_state (
        id integer PRIMARY KEY CHECK (id = 1),
        active_generation integer NOT NULL,
        building_generation integer,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE projection_generation (
        generation integer PRIMARY KEY,
        status text NOT NULL,
        catalogue_fingerprint text NOT NULL,
        version bigint NOT NULL DEFAULT 0,
        events_applied bigint NOT NULL DEFAULT 0,
        last_event_at timestamptz,
        last_applied_at timestamptz,
        targets jsonb,
        progress jsonb,
        created_at timestamptz NOT NULL DEFAULT now(),
        activated_at timestamptz
      )`);
    await q.query(`
      CREATE TABLE projection_checkpoint (
        generation integer NOT NULL,
        topic text NOT NULL,
        partition integer NOT NULL,
        "offset" bigint NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (generation, topic, partition)
      )`);
    await q.query(`
      CREATE TABLE parked_event (
        generation integer NOT NULL,
        event_id uuid NOT NULL,
        topic text NOT NULL,
        partition integer NOT NULL,
        "offset" bigint NOT NULL,
        event jsonb NOT NULL,
        missing uuid[] NOT NULL,
        attempts integer NOT NULL DEFAULT 1,
        parked_at timestamptz NOT NULL DEFAULT now(),
        last_tried_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (generation, event_id)
      )`);
  }
  async down(q: QueryRunner): Promise<void> {
    for (const t of ['parked_event', 'projection_checkpoint', 'projection_generation'])
      await q.query(`DROP TABLE ${t}`);
    await q.query(`DROP TABLE projection_state`);
  }
}
export class ProjectionMovedNotify1764200000100 implements MigrationInterface {
  name = 'ProjectionMovedNotify1764200000100';
  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION kpi_notify_moved() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_notify('${MOVED_CHANNEL}', TG_TABLE_NAME);
        RETURN NULL;
      END $$`);
    for (const table of ['org_unit_replica', 'projection_generation', 'projection_state'])
      await q.query(
        `CREATE TRIGGER ${table}_moved AFTER INSERT OR UPDATE OR DELETE ON ${table} FOR EACH STATEMENT EXECUTE FUNCTION kpi_notify_moved()`,
      );
  }
  async down(q: QueryRunner): Promise<void> {
    for (const table of ['org_unit_replica', 'projection_generation', 'projection_state'])
      await q.query(`DROP TRIGGER ${table}_moved ON ${table}`);
    await q.query(`DROP FUNCTION kpi_notify_moved()`);
  }
}

/**
 * The timelines of latest-state elements (`how: latest` / `ends`) for the generations that
 * exist already; new generations get the table from createGenerationTables.
 */
export class ProjectionStateTimelines1764200000200 implements MigrationInterface {
  name = 'ProjectionStateTimelines1764200000200';
  async up(q: QueryRunner): Promise<void> {
    const rows: Array<{ generation: number }> = await q.query(
      `SELECT generation FROM projection_generation ORDER BY generation`,
    );
    for (const { generation } of rows) await createStateTable(q.manager, generation);
  }
  async down(q: QueryRunner): Promise<void> {
    const rows: Array<{ generation: number }> = await q.query(
      `SELECT generation FROM projection_generation ORDER BY generation`,
    );
    for (const { generation } of rows)
      await q.query(`DROP TABLE IF EXISTS ${tablesOf(generation).state}`);
  }
}
