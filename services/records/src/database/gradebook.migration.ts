import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The electronic gradebook (sổ điểm điện tử): one row per learner, class, subject and term with
 * the assessments as entered (canonical text: a score "8.5", or "Đ" / "CĐ" for a commented
 * subject), and the state of each class × subject × term (open while teachers enter marks,
 * confirmed by the subject teacher at term close; then nothing changes in place).
 */
export class RecordsGradebook1764900000000 implements MigrationInterface {
  name = 'RecordsGradebook1764900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE gradebook_term (
        class_id uuid NOT NULL,
        subject_code text NOT NULL,
        term smallint NOT NULL CHECK (term IN (1, 2)),
        school_id uuid NOT NULL,
        school_year text NOT NULL,
        grade integer NOT NULL CHECK (grade BETWEEN 1 AND 12),
        status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'confirmed')),
        confirmed_by text,
        confirmed_at timestamptz,
        revision integer NOT NULL DEFAULT 1,
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (class_id, subject_code, term)
      )`);
    await q.query(
      `CREATE INDEX gradebook_term_school ON gradebook_term (school_id, school_year, term)`,
    );
    await q.query(`
      CREATE TABLE term_mark (
        class_id uuid NOT NULL,
        subject_code text NOT NULL,
        term smallint NOT NULL,
        student_id uuid NOT NULL,
        regular text[] NOT NULL DEFAULT '{}',
        mid_term text,
        end_of_term text,
        entered_by text NOT NULL,
        entered_at timestamptz NOT NULL,
        PRIMARY KEY (class_id, subject_code, term, student_id),
        FOREIGN KEY (class_id, subject_code, term) REFERENCES gradebook_term (class_id, subject_code, term)
      )`);
    await q.query(`CREATE INDEX term_mark_student ON term_mark (student_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE term_mark`);
    await q.query(`DROP TABLE gradebook_term`);
  }
}
