import { MigrationInterface, QueryRunner } from 'typeorm';

/** Admission rounds, seats per school and applications, in the enrollment schema. */
export class EnrollmentTables1732300001000 implements MigrationInterface {
  name = 'EnrollmentTables1732300001000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE admission_round (
        id uuid PRIMARY KEY,
        school_year text NOT NULL,
        grade integer NOT NULL CHECK (grade IN (1, 6, 10)),
        name text NOT NULL,
        opens_at timestamptz NOT NULL,
        closes_at timestamptz NOT NULL,
        max_wishes integer NOT NULL CHECK (max_wishes BETWEEN 1 AND 5),
        priority_categories jsonb NOT NULL,
        exam jsonb,
        required_documents jsonb NOT NULL DEFAULT '[]'::jsonb,
        seed_commitment text NOT NULL,
        seed_sealed text NOT NULL,
        seed_revealed text,
        status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'published')),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CHECK (closes_at > opens_at),
        UNIQUE (school_year, grade, name)
      )`);
    await q.query(`
      CREATE TABLE round_school (
        round_id uuid NOT NULL REFERENCES admission_round (id),
        school_id uuid NOT NULL,
        capacity integer NOT NULL CHECK (capacity >= 0),
        catchment_org_unit_ids uuid[] NOT NULL DEFAULT '{}',
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (round_id, school_id)
      )`);
    await q.query(`
      CREATE TABLE application (
        id uuid PRIMARY KEY,
        round_id uuid NOT NULL REFERENCES admission_round (id),
        applicant_hash text NOT NULL,
        applicant_pid_sealed text NOT NULL,
        applicant_pid_last4 text NOT NULL,
        applicant_name text NOT NULL,
        date_of_birth date NOT NULL,
        residence_org_unit_id uuid NOT NULL,
        wishes uuid[] NOT NULL,
        priority_categories text[] NOT NULL DEFAULT '{}',
        exam_scores jsonb,
        bonus_hundredths integer NOT NULL DEFAULT 0,
        channel text NOT NULL CHECK (channel IN ('online', 'portal', 'paper')),
        source text NOT NULL,
        external_id text,
        recorded_by text NOT NULL,
        status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'withdrawn')),
        revision integer NOT NULL DEFAULT 1,
        submitted_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    // One active application per applicant and round, found by the keyed hash, never the number.
    await q.query(
      `CREATE UNIQUE INDEX application_one_active ON application (round_id, applicant_hash) WHERE status = 'active'`,
    );
    await q.query(
      `CREATE UNIQUE INDEX application_portal_submission ON application (source, external_id) WHERE external_id IS NOT NULL`,
    );
    await q.query(`CREATE INDEX application_round ON application (round_id, status)`);
    await q.query(`CREATE INDEX application_wishes ON application USING gin (wishes)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE application`);
    await q.query(`DROP TABLE round_school`);
    await q.query(`DROP TABLE admission_round`);
  }
}

/** Results of a round: offers, waiting lists, and the students that confirmed enrollment made. */
export class EnrollmentResults1732300002000 implements MigrationInterface {
  name = 'EnrollmentResults1732300002000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE offer (
        id uuid PRIMARY KEY,
        application_id uuid NOT NULL UNIQUE REFERENCES application (id),
        round_id uuid NOT NULL REFERENCES admission_round (id),
        school_id uuid NOT NULL,
        wish_rank integer NOT NULL,
        status text NOT NULL DEFAULT 'offered' CHECK (status IN ('offered', 'accepted', 'declined', 'confirmed')),
        made_at timestamptz NOT NULL DEFAULT now(),
        decided_at timestamptz
      )`);
    await q.query(`CREATE INDEX offer_round_school ON offer (round_id, school_id)`);
    await q.query(`
      CREATE TABLE waiting_list_entry (
        round_id uuid NOT NULL REFERENCES admission_round (id),
        school_id uuid NOT NULL,
        position integer NOT NULL,
        application_id uuid NOT NULL REFERENCES application (id),
        PRIMARY KEY (round_id, school_id, position)
      )`);
    await q.query(`
      CREATE TABLE student (
        id uuid PRIMARY KEY,
        applicant_hash text NOT NULL,
        full_name text NOT NULL,
        date_of_birth date NOT NULL,
        school_id uuid NOT NULL,
        grade integer NOT NULL,
        class_name text,
        school_year text NOT NULL,
        enrolled_on date NOT NULL,
        application_id uuid UNIQUE REFERENCES application (id)
      )`);
    await q.query(`CREATE INDEX student_applicant ON student (applicant_hash)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE student`);
    await q.query(`DROP TABLE waiting_list_entry`);
    await q.query(`DROP TABLE offer`);
  }
}

/** Transfers between schools (chuyển trường): request → approve → complete. */
export class EnrollmentTransfers1732300003000 implements MigrationInterface {
  name = 'EnrollmentTransfers1732300003000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE transfer (
        id uuid PRIMARY KEY,
        student_id uuid NOT NULL REFERENCES student (id),
        from_school_id uuid NOT NULL,
        to_school_id uuid NOT NULL,
        grade integer NOT NULL,
        school_year text NOT NULL,
        reason text NOT NULL,
        effective_date date NOT NULL,
        status text NOT NULL DEFAULT 'requested' CHECK (status IN ('requested', 'approved', 'rejected', 'completed')),
        requested_by text NOT NULL,
        decision_note text,
        requested_at timestamptz NOT NULL DEFAULT now(),
        decided_at timestamptz,
        completed_at timestamptz,
        CHECK (from_school_id <> to_school_id)
      )`);
    // One open transfer per student at a time.
    await q.query(
      `CREATE UNIQUE INDEX transfer_one_open ON transfer (student_id) WHERE status IN ('requested', 'approved')`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE transfer`);
  }
}

/** When a round's closing was announced (once). */
export class EnrollmentRoundClosed1732300004000 implements MigrationInterface {
  name = 'EnrollmentRoundClosed1732300004000';
  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE admission_round ADD COLUMN closed_announced_at timestamptz`);
  }
  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE admission_round DROP COLUMN closed_announced_at`);
  }
}

/**
 * Guardian relations (phụ huynh ↔ trẻ) for the family reach of the authorization policy: who may
 * see a child's applications, offers and transfers. Recorded when a signed-in family applies;
 * keyed by the applicant's keyed hash, so every application and student of the child follows.
 */
export class EnrollmentGuardians1732300005000 implements MigrationInterface {
  name = 'EnrollmentGuardians1732300005000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE guardian (
        guardian_subject text NOT NULL,
        applicant_hash text NOT NULL,
        source text NOT NULL CHECK (source IN ('application', 'import')),
        recorded_at timestamptz NOT NULL,
        PRIMARY KEY (guardian_subject, applicant_hash)
      )`);
    // Families that applied online before this table existed.
    await q.query(`
      INSERT INTO guardian (guardian_subject, applicant_hash, source, recorded_at)
      SELECT DISTINCT ON (recorded_by, applicant_hash) recorded_by, applicant_hash, 'application', submitted_at
        FROM application WHERE channel = 'online' ORDER BY recorded_by, applicant_hash, submitted_at`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE guardian`);
  }
}

/**
 * School rosters: every learner of a school year (not only those admitted here), classes (lớp),
 * teachers and staff, teaching assignments (phân công giảng dạy), imports and identity checks.
 * `student` becomes the learner register: one row per learner (by the keyed hash of the personal
 * id), its current school, grade and class; `student_year` keeps each school year's place.
 */
export class EnrollmentRosters1732300006000 implements MigrationInterface {
  name = 'EnrollmentRosters1732300006000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE student
        ADD COLUMN personal_id_sealed text,
        ADD COLUMN personal_id_last4 text,
        ADD COLUMN gender text CHECK (gender IN ('male', 'female')),
        ADD COLUMN ethnicity text,
        ADD COLUMN class_id uuid,
        ADD COLUMN status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'left', 'completed')),
        ADD COLUMN identity_result text CHECK (identity_result IN ('verified', 'mismatch', 'not-found')),
        ADD COLUMN identity_checked_at timestamptz`);
    // Admissions before this migration made a new student per admission: the latest stays active.
    await q.query(`
      UPDATE student s SET status = 'completed'
       WHERE EXISTS (SELECT 1 FROM student t WHERE t.applicant_hash = s.applicant_hash
                        AND (t.enrolled_on, t.id) > (s.enrolled_on, s.id))`);
    await q.query(
      `CREATE UNIQUE INDEX student_one_active ON student (applicant_hash) WHERE status = 'active'`,
    );
    await q.query(`
      CREATE TABLE staff_member (
        id uuid PRIMARY KEY,
        school_id uuid NOT NULL,
        personal_id_hash text NOT NULL,
        personal_id_sealed text NOT NULL,
        personal_id_last4 text NOT NULL,
        full_name text NOT NULL,
        date_of_birth date NOT NULL,
        gender text NOT NULL CHECK (gender IN ('male', 'female')),
        role text NOT NULL CHECK (role IN ('teacher', 'principal', 'vice-principal', 'staff')),
        account_subject text,
        active boolean NOT NULL DEFAULT true,
        revision integer NOT NULL DEFAULT 1,
        identity_result text CHECK (identity_result IN ('verified', 'mismatch', 'not-found')),
        identity_checked_at timestamptz,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    // A person works at one school at a time on the platform; an account is one person.
    await q.query(
      `CREATE UNIQUE INDEX staff_member_person ON staff_member (personal_id_hash) WHERE active`,
    );
    await q.query(
      `CREATE UNIQUE INDEX staff_member_account ON staff_member (account_subject) WHERE active AND account_subject IS NOT NULL`,
    );
    await q.query(`CREATE INDEX staff_member_school ON staff_member (school_id)`);
    await q.query(`
      CREATE TABLE school_class (
        id uuid PRIMARY KEY,
        school_id uuid NOT NULL,
        school_year text NOT NULL,
        grade integer NOT NULL CHECK (grade BETWEEN 1 AND 12),
        name text NOT NULL,
        homeroom_teacher_id uuid REFERENCES staff_member (id),
        revision integer NOT NULL DEFAULT 1,
        UNIQUE (school_id, school_year, name)
      )`);
    await q.query(`
      ALTER TABLE student ADD CONSTRAINT student_class FOREIGN KEY (class_id) REFERENCES school_class (id)`);
    await q.query(`
      CREATE TABLE student_year (
        student_id uuid NOT NULL REFERENCES student (id),
        school_year text NOT NULL,
        school_id uuid NOT NULL,
        grade integer NOT NULL CHECK (grade BETWEEN 1 AND 12),
        class_id uuid REFERENCES school_class (id),
        enrolled_on date NOT NULL,
        status text NOT NULL DEFAULT 'enrolled'
          CHECK (status IN ('enrolled', 'promoted', 'repeating', 'completed-level', 'left', 'transferred-out')),
        ended_on date,
        closed_at timestamptz,
        PRIMARY KEY (student_id, school_year, school_id)
      )`);
    // At one school at a time: one open row per learner and school year (an admission for next
    // year may come while this year is still open at the old school).
    await q.query(
      `CREATE UNIQUE INDEX student_year_one_open ON student_year (student_id, school_year) WHERE status = 'enrolled'`,
    );
    await q.query(`CREATE INDEX student_year_school ON student_year (school_id, school_year)`);
    await q.query(`
      INSERT INTO student_year (student_id, school_year, school_id, grade, enrolled_on, status)
      SELECT id, school_year, school_id, grade, enrolled_on,
             CASE WHEN status = 'active' THEN 'enrolled' ELSE 'completed-level' END
        FROM student`);
    await q.query(`
      CREATE TABLE teaching_assignment (
        class_id uuid NOT NULL REFERENCES school_class (id),
        subject_code text NOT NULL,
        staff_id uuid NOT NULL REFERENCES staff_member (id),
        assigned_at timestamptz NOT NULL,
        PRIMARY KEY (class_id, subject_code)
      )`);
    await q.query(`CREATE INDEX teaching_assignment_staff ON teaching_assignment (staff_id)`);
    // One row per applied file: the same file again (same checksum) is answered from here.
    await q.query(`
      CREATE TABLE roster_import (
        id uuid PRIMARY KEY,
        school_id uuid NOT NULL,
        school_year text NOT NULL,
        file_sha256 text NOT NULL,
        imported_by text NOT NULL,
        imported_at timestamptz NOT NULL,
        report jsonb NOT NULL,
        UNIQUE (school_id, school_year, file_sha256)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE roster_import`);
    await q.query(`DROP TABLE teaching_assignment`);
    await q.query(`DROP TABLE student_year`);
    await q.query(`ALTER TABLE student DROP CONSTRAINT student_class`);
    await q.query(`DROP TABLE school_class`);
    await q.query(`DROP TABLE staff_member`);
    await q.query(`DROP INDEX student_one_active`);
    await q.query(`
      ALTER TABLE student DROP COLUMN personal_id_sealed, DROP COLUMN personal_id_last4,
        DROP COLUMN gender, DROP COLUMN ethnicity, DROP COLUMN class_id, DROP COLUMN status,
        DROP COLUMN identity_result, DROP COLUMN identity_checked_at`);
  }
}

/**
 * What was sent to the sector database (CSDL ngành) and what it answered: one batch per call
 * (a school, a term), one item per learner record in it. The latest accepted item of a learner
 * (its fingerprint: the state sent) tells whether the learner changed since.
 */
export class EnrollmentSectorSync1732300007000 implements MigrationInterface {
  name = 'EnrollmentSectorSync1732300007000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE sector_sync_batch (
        id uuid PRIMARY KEY,
        school_id uuid NOT NULL,
        school_year text NOT NULL,
        term text NOT NULL,
        provider text NOT NULL,
        status text NOT NULL CHECK (status IN ('sending', 'answered', 'failed')),
        record_count integer NOT NULL,
        accepted_count integer NOT NULL DEFAULT 0,
        rejected_count integer NOT NULL DEFAULT 0,
        requested_by text NOT NULL,
        sent_at timestamptz NOT NULL,
        answered_at timestamptz,
        failure text
      )`);
    await q.query(`CREATE INDEX sector_sync_batch_school ON sector_sync_batch (school_id, term)`);
    await q.query(`
      CREATE TABLE sector_sync_item (
        batch_id uuid NOT NULL REFERENCES sector_sync_batch (id),
        student_id uuid NOT NULL REFERENCES student (id),
        change text NOT NULL CHECK (change IN ('enrolled', 'placed', 'left')),
        fingerprint text NOT NULL,
        status text NOT NULL CHECK (status IN ('pending', 'accepted', 'rejected', 'unsent')),
        reason text,
        PRIMARY KEY (batch_id, student_id)
      )`);
    await q.query(`CREATE INDEX sector_sync_item_student ON sector_sync_item (student_id, status)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE sector_sync_item`);
    await q.query(`DROP TABLE sector_sync_batch`);
  }
}

/**
 * Contested claims: a family that is not the child's recorded guardian applying for a child who
 * already has an active application gets the same 201 as anyone (no "this id has applied"
 * oracle). Its application is kept as a claim, outside the round (the one-active index and the
 * round's counts see only `active`), until a school both families applied to, or the
 * department, decides.
 */
export class EnrollmentContestedApplications1732300008000 implements MigrationInterface {
  name = 'EnrollmentContestedApplications1732300008000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE application DROP CONSTRAINT application_status_check`);
    await q.query(`
      ALTER TABLE application
        ADD CONSTRAINT application_status_check
          CHECK (status IN ('active', 'withdrawn', 'contested', 'refused')),
        -- True while the application is a claim nobody has upheld: only its claimant (and the
        -- schools) see it, and it takes no part in the round.
        ADD COLUMN claim boolean NOT NULL DEFAULT false,
        ADD COLUMN claimant_subject text,
        ADD COLUMN contests_application_id uuid REFERENCES application (id),
        ADD COLUMN decided_by text,
        ADD COLUMN decided_at timestamptz,
        ADD COLUMN decision_reason text,
        ADD CONSTRAINT application_claim_has_claimant CHECK (NOT claim OR claimant_subject IS NOT NULL)`);
    // One open claim per family, child and round: a second one is refused (the family knows).
    await q.query(
      `CREATE UNIQUE INDEX application_one_open_claim ON application (round_id, applicant_hash, claimant_subject) WHERE status = 'contested'`,
    );
    await q.query(
      `CREATE INDEX application_contests ON application (contests_application_id) WHERE contests_application_id IS NOT NULL`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM application WHERE claim`);
    await q.query(`DROP INDEX application_contests`);
    await q.query(`DROP INDEX application_one_open_claim`);
    await q.query(`
      ALTER TABLE application
        DROP CONSTRAINT application_claim_has_claimant,
        DROP COLUMN decision_reason, DROP COLUMN decided_at, DROP COLUMN decided_by,
        DROP COLUMN contests_application_id, DROP COLUMN claimant_subject, DROP COLUMN claim,
        DROP CONSTRAINT application_status_check`);
    await q.query(
      `UPDATE application SET status = 'withdrawn' WHERE status IN ('contested', 'refused')`,
    );
    await q.query(
      `ALTER TABLE application ADD CONSTRAINT application_status_check CHECK (status IN ('active', 'withdrawn'))`,
    );
  }
}

/**
 * Grades 6 and 10: the exception to the entry age a family declares (Circular 32/2020, Art. 33):
 * an enumerated category and an optional reference to its evidence, never free text.
 */
export class EnrollmentAgeExceptions1732300009000 implements MigrationInterface {
  name = 'EnrollmentAgeExceptions1732300009000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE application
        ADD COLUMN age_exception text CHECK (age_exception IN ('repeated-or-late-start',
          'ethnic-minority', 'disability', 'especially-difficult-circumstances',
          'returned-from-abroad', 'skipped-grade')),
        ADD COLUMN age_exception_evidence text CHECK (length(age_exception_evidence) <= 100),
        ADD CONSTRAINT application_evidence_has_exception
          CHECK (age_exception_evidence IS NULL OR age_exception IS NOT NULL)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE application
        DROP CONSTRAINT application_evidence_has_exception,
        DROP COLUMN age_exception_evidence, DROP COLUMN age_exception`);
  }
}

/**
 * Catchments finer than a commune (after the 2025 merger one commune can hold several schools of
 * a level): a school's tuyến may list villages / residential groups / streets of a commune, and
 * an application records the applicant's locality.
 */
export class EnrollmentResidentialAreas1732300010000 implements MigrationInterface {
  name = 'EnrollmentResidentialAreas1732300010000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE round_school
        ADD COLUMN catchment_localities jsonb NOT NULL DEFAULT '[]'
          CHECK (jsonb_typeof(catchment_localities) = 'array')`);
    await q.query(`
      ALTER TABLE application
        ADD COLUMN residence_locality text CHECK (length(residence_locality) BETWEEN 1 AND 100)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE application DROP COLUMN residence_locality`);
    await q.query(`ALTER TABLE round_school DROP COLUMN catchment_localities`);
  }
}

/**
 * A family's page reads its children's applications across every round: by the child's keyed
 * hash (the guardian relation) and by the family's own claims, neither of which the round-keyed
 * indexes serve.
 */
export class EnrollmentFamilyReads1732300011000 implements MigrationInterface {
  name = 'EnrollmentFamilyReads1732300011000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX application_applicant ON application (applicant_hash)`);
    await q.query(
      `CREATE INDEX application_claimant ON application (claimant_subject) WHERE claimant_subject IS NOT NULL`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX application_claimant`);
    await q.query(`DROP INDEX application_applicant`);
  }
}

export const enrollmentMigrations = [
  EnrollmentTables1732300001000,
  EnrollmentResults1732300002000,
  EnrollmentTransfers1732300003000,
  EnrollmentRoundClosed1732300004000,
  EnrollmentGuardians1732300005000,
  EnrollmentRosters1732300006000,
  EnrollmentSectorSync1732300007000,
  EnrollmentContestedApplications1732300008000,
  EnrollmentAgeExceptions1732300009000,
  EnrollmentResidentialAreas1732300010000,
  EnrollmentFamilyReads1732300011000,
];
