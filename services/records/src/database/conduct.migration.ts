import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Conduct (rèn luyện), absences and the homeroom teacher's remarks per learner and term, for
 * lower and upper secondary classes (Circular 22): entered by the homeroom teacher, printed on
 * the học bạ. Frozen once the class's term is confirmed (`class_term`).
 */
export class RecordsConduct1766000000000 implements MigrationInterface {
  name = 'RecordsConduct1766000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE conduct_term (
        class_id uuid NOT NULL,
        term smallint NOT NULL CHECK (term IN (1, 2)),
        student_id uuid NOT NULL,
        level text NOT NULL CHECK (level IN ('good', 'fair', 'pass', 'fail')),
        absent_sessions integer NOT NULL CHECK (absent_sessions BETWEEN 0 AND 400),
        remarks text,
        entered_by text NOT NULL,
        entered_at timestamptz NOT NULL,
        PRIMARY KEY (class_id, term, student_id)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE conduct_term`);
  }
}
