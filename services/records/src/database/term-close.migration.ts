import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A class's term close (khoá sổ): after every subject's teacher confirmed their marks
 * (`gradebook_term.status`), the homeroom teacher confirms the class, then the principal signs.
 */
export class RecordsTermClose1765000000000 implements MigrationInterface {
  name = 'RecordsTermClose1765000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE class_term (
        class_id uuid NOT NULL,
        term smallint NOT NULL CHECK (term IN (1, 2)),
        school_id uuid NOT NULL,
        school_year text NOT NULL,
        grade integer NOT NULL CHECK (grade BETWEEN 1 AND 12),
        status text NOT NULL CHECK (status IN ('confirmed', 'signed')),
        subject_codes text[] NOT NULL,
        confirmed_by text NOT NULL,
        confirmed_at timestamptz NOT NULL,
        signed_by text,
        signed_at timestamptz,
        PRIMARY KEY (class_id, term)
      )`);
    await q.query(`CREATE INDEX class_term_school ON class_term (school_id, school_year, term)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE class_term`);
  }
}
