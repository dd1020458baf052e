import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Signed học bạ: one row per version of a learner's record of a school year. A version is never
 * changed or deleted (a trigger refuses it): a correction is the next version.
 */
export class RecordsSchoolRecords1767000000000 implements MigrationInterface {
  name = 'RecordsSchoolRecords1767000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE school_record_version (
        record_id text NOT NULL,
        version integer NOT NULL CHECK (version >= 1),
        student_id uuid NOT NULL,
        school_id uuid NOT NULL,
        school_year text NOT NULL,
        class_id uuid NOT NULL,
        grade integer NOT NULL CHECK (grade BETWEEN 1 AND 12),
        record_hash text NOT NULL CHECK (record_hash ~ '^[0-9a-f]{64}$'),
        -- The signed JWS (General JSON Serialization): its payload is the document's RFC 8785 bytes.
        jws jsonb NOT NULL,
        -- What the document was built from (for a correction, which changes some of it).
        input jsonb NOT NULL,
        reason text,
        signed_by text NOT NULL,
        signed_at timestamptz NOT NULL,
        PRIMARY KEY (record_id, version),
        CHECK ((version = 1) = (reason IS NULL))
      )`);
    await q.query(
      `CREATE INDEX school_record_version_learner ON school_record_version (student_id, school_year)`,
    );
    await q.query(
      `CREATE INDEX school_record_version_school ON school_record_version (school_id, school_year)`,
    );
    await q.query(`
      CREATE FUNCTION school_record_version_is_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'a signed record version is immutable: a correction is a new version'
          USING ERRCODE = 'integrity_constraint_violation';
      END $$`);
    await q.query(`
      CREATE TRIGGER school_record_version_immutable BEFORE UPDATE OR DELETE ON school_record_version
        FOR EACH ROW EXECUTE FUNCTION school_record_version_is_immutable()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE school_record_version`);
    await q.query(`DROP FUNCTION school_record_version_is_immutable()`);
  }
}
