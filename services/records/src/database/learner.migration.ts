import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Who each learner is, as enrollment's learner register last said (`enrollment.learner.identity-recorded`
 * on `enrollment.learner-identities.v1`): what a học bạ prints at its head. Personal data: only
 * the học bạ use cases read it, never a log line. The personal identification number itself
 * stays in enrollment (its last four digits only, for display).
 */
export class RecordsLearner1765100000000 implements MigrationInterface {
  name = 'RecordsLearner1765100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE learner (
        student_id uuid PRIMARY KEY,
        full_name text NOT NULL CHECK (length(full_name) BETWEEN 1 AND 150),
        date_of_birth date NOT NULL,
        gender text CHECK (gender IN ('male', 'female')),
        ethnicity text,
        personal_id_last4 text CHECK (personal_id_last4 ~ '^[0-9]{4}$'),
        recorded_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE learner`);
  }
}
