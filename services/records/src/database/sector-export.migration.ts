import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Each term's results to the sector database (CSDL ngành): a class's signed term is queued in
 * the signing's transaction (`sector_export_queue`); the sender builds batches of the school's
 * queued classes (`sector_export_batch`, the records exactly as sent, so a resend is the same
 * batch) and keeps each record's answer (`sector_export_record`).
 */
export class RecordsSectorExport1768000000000 implements MigrationInterface {
  name = 'RecordsSectorExport1768000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE sector_export_queue (
        class_id uuid NOT NULL,
        term smallint NOT NULL CHECK (term IN (1, 2)),
        school_id uuid NOT NULL,
        school_year text NOT NULL,
        queued_at timestamptz NOT NULL,
        batched_at timestamptz,
        PRIMARY KEY (class_id, term)
      )`);
    await q.query(
      `CREATE INDEX sector_export_queue_pending ON sector_export_queue (queued_at) WHERE batched_at IS NULL`,
    );
    await q.query(`
      CREATE TABLE sector_export_batch (
        id uuid PRIMARY KEY,
        school_id uuid NOT NULL,
        school_year text NOT NULL,
        term smallint NOT NULL CHECK (term IN (1, 2)),
        batch jsonb NOT NULL,
        created_at timestamptz NOT NULL,
        attempts integer NOT NULL DEFAULT 0,
        last_attempt_at timestamptz,
        last_error text,
        provider text,
        answered_at timestamptz
      )`);
    await q.query(
      `CREATE INDEX sector_export_batch_school ON sector_export_batch (school_id, school_year, term)`,
    );
    await q.query(
      `CREATE INDEX sector_export_batch_unanswered ON sector_export_batch (created_at) WHERE answered_at IS NULL`,
    );
    await q.query(`
      CREATE TABLE sector_export_record (
        batch_id uuid NOT NULL REFERENCES sector_export_batch (id),
        position integer NOT NULL,
        student_id uuid NOT NULL,
        class_id uuid NOT NULL,
        status text NOT NULL CHECK (status IN ('pending', 'accepted', 'rejected')),
        reason text,
        answered_at timestamptz,
        PRIMARY KEY (batch_id, position)
      )`);
    await q.query(`CREATE INDEX sector_export_record_student ON sector_export_record (student_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE sector_export_record`);
    await q.query(`DROP TABLE sector_export_batch`);
    await q.query(`DROP TABLE sector_export_queue`);
  }
}
