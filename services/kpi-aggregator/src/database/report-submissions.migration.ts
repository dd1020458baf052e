import { MigrationInterface, QueryRunner } from 'typeorm';

/** Units' confirmations that they have reported (nộp báo cáo) for a report of a school year. */
export class ReportSubmissions1764200000000 implements MigrationInterface {
  name = 'ReportSubmissions1764200000000';
  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE report_submission (
        id uuid PRIMARY KEY,
        school_year text NOT NULL,
        report text NOT NULL CHECK (report IN ('semester-1', 'year-end')),
        org_unit_id uuid NOT NULL,
        submitted_by text NOT NULL,
        submitted_at timestamptz NOT NULL,
        note text,
        UNIQUE (school_year, report, org_unit_id)
      )`);
  }
  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE report_submission`);
  }
}
