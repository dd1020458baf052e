import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Primary classes' terms (grades 1-5, Circular 27) go to the sector database too. Until now the
 * signing queued secondary classes only: a primary class term signed before this change is queued
 * now, so no signed term is left out. Again: no change (the queue's key is the class term).
 */
export class RecordsPrimarySectorExport1768100000000 implements MigrationInterface {
  name = 'RecordsPrimarySectorExport1768100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `INSERT INTO sector_export_queue (class_id, term, school_id, school_year, queued_at)
       SELECT class_id, term, school_id, school_year, COALESCE(signed_at, now())
         FROM class_term WHERE status = 'signed' AND grade BETWEEN 1 AND 5
       ON CONFLICT DO NOTHING`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    // What was queued and not sent yet goes back to not being queued; what was sent stays sent.
    await q.query(
      `DELETE FROM sector_export_queue q USING class_term ct
        WHERE ct.class_id = q.class_id AND ct.term = q.term AND ct.grade BETWEEN 1 AND 5
          AND q.batched_at IS NULL`,
    );
  }
}
