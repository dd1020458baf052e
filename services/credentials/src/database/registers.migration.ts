import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Original registers (sổ gốc cấp văn bằng, Circular 21/2019/TT-BGDĐT) and their entries: every
 * diploma issued is an entry with its entry number (số vào sổ gốc) and serial (số hiệu văn bằng).
 * Registers are either kept here from the start (`issued`: entries written when a diploma is
 * issued) or digitised from the paper archive (`historic`: entries imported with the scanned
 * page they came from and a review state, since old books are damaged). Holder names and dates
 * of birth are personal data: only the register use cases read them, never a log line.
 */
export class CredentialsRegisters1769000000000 implements MigrationInterface {
  name = 'CredentialsRegisters1769000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE original_register (
        id uuid PRIMARY KEY,
        kind text NOT NULL CHECK (kind IN ('lower-secondary-diploma', 'upper-secondary-diploma')),
        -- The competent authority (cơ quan cấp): an org unit when it still exists, its name as printed always.
        authority_id uuid,
        authority_name text NOT NULL CHECK (length(authority_name) BETWEEN 1 AND 300),
        -- The school the book covers, when it covers one (historic lower-secondary books did).
        school_id uuid,
        school_name text,
        graduation_year int NOT NULL CHECK (graduation_year BETWEEN 1945 AND 2200),
        register_code text NOT NULL CHECK (length(register_code) BETWEEN 1 AND 100),
        origin text NOT NULL CHECK (origin IN ('issued', 'historic')),
        -- Historic books: how many entries the paper book holds (the archive inventory), the
        -- denominator of "share digitised", and where the book is kept.
        expected_entries int CHECK (expected_entries >= 0),
        archive_reference text,
        created_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (kind, register_code)
      )`);
    await q.query(
      `CREATE INDEX original_register_school_year ON original_register (school_id, graduation_year)`,
    );
    await q.query(`
      CREATE TABLE register_entry (
        id uuid PRIMARY KEY,
        register_id uuid NOT NULL REFERENCES original_register (id),
        kind text NOT NULL CHECK (kind IN ('lower-secondary-diploma', 'upper-secondary-diploma')),
        entry_number text NOT NULL CHECK (length(entry_number) BETWEEN 1 AND 50),
        -- Unreadable on a damaged historic page: null until the review finds it.
        serial_number text CHECK (length(serial_number) BETWEEN 1 AND 50),
        -- The learner (enrollment's student id) for entries issued here; null for historic ones.
        learner_id uuid,
        holder_full_name text NOT NULL CHECK (length(holder_full_name) BETWEEN 1 AND 150),
        holder_date_of_birth date,
        holder_place_of_birth text,
        holder_gender text CHECK (holder_gender IN ('male', 'female')),
        holder_ethnicity text,
        school_id uuid,
        school_name text NOT NULL,
        graduation_year int NOT NULL,
        classification text,
        decision_reference text,
        issued_on date,
        origin text NOT NULL CHECK (origin IN ('issued', 'historic')),
        -- Provenance of a historic entry: the scanned page it was read from.
        scan_reference text,
        review_state text NOT NULL CHECK (review_state IN ('unreviewed', 'confirmed', 'disputed')),
        review_note text,
        reviewed_by text,
        reviewed_at timestamptz,
        status text NOT NULL DEFAULT 'valid' CHECK (status IN ('valid', 'suspended', 'revoked')),
        status_reason text,
        status_decision_reference text,
        status_changed_at timestamptz,
        version int NOT NULL DEFAULT 1 CHECK (version >= 1),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (register_id, entry_number),
        CHECK (origin = 'historic' OR serial_number IS NOT NULL)
      )`);
    // A serial is printed on one blank only (phôi văn bằng): never two entries of a kind with it.
    await q.query(
      `CREATE UNIQUE INDEX register_entry_serial ON register_entry (kind, serial_number) WHERE serial_number IS NOT NULL`,
    );
    // One diploma of a level per learner: issuing twice is refused by the database too.
    await q.query(
      `CREATE UNIQUE INDEX register_entry_learner ON register_entry (kind, learner_id) WHERE learner_id IS NOT NULL`,
    );
    await q.query(
      `CREATE INDEX register_entry_school_year ON register_entry (school_id, graduation_year)`,
    );
    // Every change of an entry, kept forever (corrections, status, review): who, when, why, what.
    await q.query(`
      CREATE TABLE register_entry_change (
        id uuid PRIMARY KEY,
        entry_id uuid NOT NULL REFERENCES register_entry (id),
        version int NOT NULL,
        change text NOT NULL CHECK (change IN ('entered', 'imported', 'reviewed', 'corrected', 'suspended', 'revoked', 'reinstated', 'reissued')),
        decision_reference text,
        reason text,
        -- Names of the fields a correction changed with their previous values.
        previous jsonb,
        changed_by text NOT NULL,
        changed_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(
      `CREATE INDEX register_entry_change_entry ON register_entry_change (entry_id, changed_at)`,
    );
    await q.query(`
      CREATE FUNCTION register_entry_change_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'register_entry_change rows are kept as written';
      END $$`);
    await q.query(`
      CREATE TRIGGER register_entry_change_immutable BEFORE UPDATE OR DELETE ON register_entry_change
      FOR EACH ROW EXECUTE FUNCTION register_entry_change_immutable()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE register_entry_change`);
    await q.query(`DROP FUNCTION register_entry_change_immutable()`);
    await q.query(`DROP TABLE register_entry`);
    await q.query(`DROP TABLE original_register`);
  }
}
