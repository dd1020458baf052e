import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issuing diplomas: who the learners are (enrollment's identities), what records said about
 * their graduation, the lists the schools propose and the competent authority approves, the
 * authorities' public keys, the status lists and the credentials themselves.
 */
export class CredentialsIssuance1769100000000 implements MigrationInterface {
  name = 'CredentialsIssuance1769100000000';

  async up(q: QueryRunner): Promise<void> {
    // Personal data (the name and date of birth a diploma prints): read only by issuance.
    await q.query(`
      CREATE TABLE learner (
        student_id uuid PRIMARY KEY,
        full_name text NOT NULL CHECK (length(full_name) BETWEEN 1 AND 150),
        date_of_birth date NOT NULL,
        gender text CHECK (gender IN ('male', 'female')),
        ethnicity text,
        recorded_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    // records.graduation-eligibility.assessed: the latest assessment per learner, level and year.
    await q.query(`
      CREATE TABLE graduation_candidate (
        student_id uuid NOT NULL,
        level text NOT NULL CHECK (level IN ('lower-secondary', 'upper-secondary')),
        school_year text NOT NULL,
        school_id uuid NOT NULL,
        outcome text NOT NULL CHECK (outcome IN ('eligible', 'not-eligible', 'pending')),
        reason text,
        record_id text NOT NULL,
        record_version int NOT NULL,
        record_hash text NOT NULL,
        assessed_at timestamptz NOT NULL,
        PRIMARY KEY (student_id, level, school_year)
      )`);
    await q.query(
      `CREATE INDEX graduation_candidate_school ON graduation_candidate (school_id, level, school_year)`,
    );
    // Danh sách đề nghị công nhận tốt nghiệp: proposed by the school, approved by the authority's decision.
    await q.query(`
      CREATE TABLE graduation_list (
        id uuid PRIMARY KEY,
        school_id uuid NOT NULL,
        level text NOT NULL CHECK (level IN ('lower-secondary', 'upper-secondary')),
        school_year text NOT NULL,
        graduation_year int NOT NULL,
        authority_id uuid NOT NULL,
        state text NOT NULL CHECK (state IN ('proposed', 'approved')),
        proposed_by text NOT NULL,
        proposed_at timestamptz NOT NULL,
        decision_reference text,
        decided_on date,
        approved_by text,
        approved_at timestamptz
      )`);
    await q.query(
      `CREATE INDEX graduation_list_school ON graduation_list (school_id, school_year)`,
    );
    await q.query(`
      CREATE TABLE graduation_list_member (
        list_id uuid NOT NULL REFERENCES graduation_list (id),
        student_id uuid NOT NULL,
        level text NOT NULL,
        record_id text NOT NULL,
        record_version int NOT NULL,
        record_hash text NOT NULL,
        -- Set when the diploma is issued: what a retried approval skips.
        entry_id uuid REFERENCES register_entry (id),
        PRIMARY KEY (list_id, student_id),
        UNIQUE (student_id, level)
      )`);
    // Cơ quan cấp văn bằng: the issuers a verifier trusts, and their public keys.
    await q.query(`
      CREATE TABLE issuing_authority (
        id uuid PRIMARY KEY,
        name text NOT NULL,
        issuer_iri text NOT NULL UNIQUE,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE authority_key (
        verification_method_id text PRIMARY KEY,
        authority_id uuid NOT NULL REFERENCES issuing_authority (id),
        public_key_multibase text NOT NULL,
        activated_at timestamptz NOT NULL DEFAULT now(),
        -- Retired keys sign nothing new; what they signed stays valid.
        retired_at timestamptz
      )`);
    // Registers issued here number their entries themselves; serials run per kind and year.
    await q.query(
      `ALTER TABLE original_register ADD COLUMN last_entry_number int NOT NULL DEFAULT 0`,
    );
    await q.query(`
      CREATE TABLE serial_counter (
        kind text NOT NULL,
        graduation_year int NOT NULL,
        last_serial int NOT NULL,
        PRIMARY KEY (kind, graduation_year)
      )`);
    // Bitstring status lists (131,072 entries each), per authority and purpose, allocated in step.
    await q.query(`
      CREATE TABLE status_list (
        id uuid PRIMARY KEY,
        authority_id uuid NOT NULL REFERENCES issuing_authority (id),
        purpose text NOT NULL CHECK (purpose IN ('revocation', 'suspension')),
        sequence int NOT NULL,
        bits bytea NOT NULL,
        allocated int NOT NULL DEFAULT 0,
        -- The signed BitstringStatusListCredential as served publicly, re-signed on each change.
        credential jsonb NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (authority_id, purpose, sequence)
      )`);
    await q.query(`
      CREATE TABLE credential (
        id uuid PRIMARY KEY,
        entry_id uuid NOT NULL REFERENCES register_entry (id),
        version int NOT NULL,
        document jsonb NOT NULL,
        credential_hash text NOT NULL UNIQUE,
        revocation_list_id uuid NOT NULL REFERENCES status_list (id),
        suspension_list_id uuid NOT NULL REFERENCES status_list (id),
        status_index int NOT NULL,
        issued_at timestamptz NOT NULL,
        superseded_at timestamptz,
        UNIQUE (entry_id, version)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of [
      'credential',
      'status_list',
      'serial_counter',
      'authority_key',
      'issuing_authority',
      'graduation_list_member',
      'graduation_list',
      'graduation_candidate',
      'learner',
    ])
      await q.query(`DROP TABLE ${t}`);
    await q.query(`ALTER TABLE original_register DROP COLUMN last_entry_number`);
  }
}
