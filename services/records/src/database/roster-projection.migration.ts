import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The records service's view of the school rosters, projected from enrollment's events
 * (`enrollment.students.v1`, `enrollment.school-rosters.v1`): classes, staff members and their
 * sign-in accounts, teaching assignments, each learner's school years and classes, guardians,
 * graduation candidate lists. Ids only, like the events: names and personal identification
 * numbers stay in enrollment. No foreign keys between the tables: the two topics arrive in no
 * order relative to each other, so a row may name a class or staff member not projected yet.
 */
export class RecordsRosterProjection1764800000000 implements MigrationInterface {
  name = 'RecordsRosterProjection1764800000000';

  async up(q: QueryRunner): Promise<void> {
    // revision 0: a placeholder, known only from a teaching assignment or a placement that came
    // before its `class.formed`; the first `class.formed` (revision >= 1) completes it.
    await q.query(`
      CREATE TABLE roster_class (
        id uuid PRIMARY KEY,
        school_id uuid NOT NULL,
        school_year text NOT NULL,
        grade integer CHECK (grade BETWEEN 1 AND 12),
        name text,
        homeroom_staff_id uuid,
        revision integer NOT NULL DEFAULT 0 CHECK (revision >= 0),
        changed_at timestamptz,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX roster_class_school ON roster_class (school_id, school_year)`);
    await q.query(`CREATE INDEX roster_class_homeroom ON roster_class (homeroom_staff_id)`);
    // account_subject: the identity provider's `sub` of the person's sign-in account, what ties
    // a token to the staff record (the teachers' reach of their classes).
    await q.query(`
      CREATE TABLE roster_staff_member (
        id uuid PRIMARY KEY,
        school_id uuid NOT NULL,
        role text NOT NULL CHECK (role IN ('teacher', 'principal', 'vice-principal', 'staff')),
        account_subject text,
        active boolean NOT NULL,
        revision integer NOT NULL CHECK (revision >= 1),
        changed_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(
      `CREATE INDEX roster_staff_member_account ON roster_staff_member (account_subject) WHERE active`,
    );
    // One teacher per class and subject (a class belongs to one school year).
    await q.query(`
      CREATE TABLE roster_teaching_assignment (
        class_id uuid NOT NULL,
        subject_code text NOT NULL,
        school_id uuid NOT NULL,
        school_year text NOT NULL,
        staff_id uuid NOT NULL,
        assigned_at timestamptz NOT NULL,
        PRIMARY KEY (class_id, subject_code)
      )`);
    await q.query(
      `CREATE INDEX roster_teaching_assignment_staff ON roster_teaching_assignment (staff_id)`,
    );
    // A learner's school years: one row per school and year (a transfer gives the year two).
    await q.query(`
      CREATE TABLE roster_learner_year (
        student_id uuid NOT NULL,
        school_year text NOT NULL,
        school_id uuid NOT NULL,
        grade integer NOT NULL CHECK (grade BETWEEN 1 AND 12),
        class_id uuid,
        status text NOT NULL CHECK (status IN
          ('enrolled', 'promoted', 'repeating', 'completed-level', 'left', 'transferred-out')),
        reason text,
        enrolled_on date,
        ended_on date,
        transferred_to_school_id uuid,
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (student_id, school_year, school_id)
      )`);
    await q.query(`CREATE INDEX roster_learner_year_class ON roster_learner_year (class_id)`);
    await q.query(`
      CREATE TABLE roster_guardian (
        guardian_subject text NOT NULL,
        student_id uuid NOT NULL,
        basis text NOT NULL,
        linked_at timestamptz NOT NULL,
        PRIMARY KEY (guardian_subject, student_id)
      )`);
    await q.query(`CREATE INDEX roster_guardian_student ON roster_guardian (student_id)`);
    // A school's latest list of graduation candidates per level and year (a new list replaces it).
    await q.query(`
      CREATE TABLE roster_graduation_list (
        school_id uuid NOT NULL,
        school_year text NOT NULL,
        level text NOT NULL CHECK (level IN ('lower-secondary', 'upper-secondary')),
        student_ids uuid[] NOT NULL,
        listed_at timestamptz NOT NULL,
        PRIMARY KEY (school_id, school_year, level)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE roster_graduation_list`);
    await q.query(`DROP TABLE roster_guardian`);
    await q.query(`DROP TABLE roster_learner_year`);
    await q.query(`DROP TABLE roster_teaching_assignment`);
    await q.query(`DROP TABLE roster_staff_member`);
    await q.query(`DROP TABLE roster_class`);
  }
}
