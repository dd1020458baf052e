import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The primary gradebook (Thông tư 27/2020). Checkpoints are the gradebook's terms × mid|end:
 * term 1 mid = giữa HK I, term 1 end = cuối HK I, term 2 mid = giữa HK II, term 2 end = cuối năm
 * học. Per class, subject, term, checkpoint and learner: the level (T/H/C), the periodic test mark
 * (whole, where the circular holds a test) and a short comment; its state is the subject's
 * `gradebook_term` row, as for secondary marks. Per class, term, checkpoint and learner: the
 * homeroom teacher's levels (T/Đ/C) of each quality and competency, as one jsonb object; their
 * state is `primary_quality_term` (class × term: open, or confirmed by whom and when).
 */
export class RecordsPrimaryGradebook1765200000000 implements MigrationInterface {
  name = 'RecordsPrimaryGradebook1765200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE primary_subject_assessment (
        class_id uuid NOT NULL,
        subject_code text NOT NULL,
        term smallint NOT NULL CHECK (term IN (1, 2)),
        checkpoint text NOT NULL CHECK (checkpoint IN ('mid', 'end')),
        student_id uuid NOT NULL,
        level text NOT NULL CHECK (level IN ('T', 'H', 'C')),
        test_score smallint CHECK (test_score BETWEEN 0 AND 10),
        comment text CHECK (char_length(comment) <= 500 AND comment = normalize(comment, NFC)),
        entered_by text NOT NULL,
        entered_at timestamptz NOT NULL,
        PRIMARY KEY (class_id, subject_code, term, checkpoint, student_id),
        FOREIGN KEY (class_id, subject_code, term) REFERENCES gradebook_term (class_id, subject_code, term)
      )`);
    await q.query(
      `CREATE INDEX primary_subject_assessment_student ON primary_subject_assessment (student_id)`,
    );
    await q.query(`
      CREATE TABLE primary_quality_term (
        class_id uuid NOT NULL,
        term smallint NOT NULL CHECK (term IN (1, 2)),
        school_id uuid NOT NULL,
        school_year text NOT NULL,
        grade integer NOT NULL CHECK (grade BETWEEN 1 AND 5),
        status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'confirmed')),
        confirmed_by text,
        confirmed_at timestamptz,
        revision integer NOT NULL DEFAULT 1,
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (class_id, term)
      )`);
    await q.query(`
      CREATE TABLE primary_quality_assessment (
        class_id uuid NOT NULL,
        term smallint NOT NULL,
        checkpoint text NOT NULL CHECK (checkpoint IN ('mid', 'end')),
        student_id uuid NOT NULL,
        levels jsonb NOT NULL CHECK (jsonb_typeof(levels) = 'object'),
        entered_by text NOT NULL,
        entered_at timestamptz NOT NULL,
        PRIMARY KEY (class_id, term, checkpoint, student_id),
        FOREIGN KEY (class_id, term) REFERENCES primary_quality_term (class_id, term)
      )`);
    await q.query(
      `CREATE INDEX primary_quality_assessment_student ON primary_quality_assessment (student_id)`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE primary_quality_assessment`);
    await q.query(`DROP TABLE primary_quality_term`);
    await q.query(`DROP TABLE primary_subject_assessment`);
  }
}
