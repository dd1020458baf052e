import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { foldHeader } from './domain/roster-file';
import {
  ClassChange,
  HeldClass,
  HeldLearner,
  HeldStaff,
  LearnerChange,
  RosterContext,
  RosterSnapshot,
  StaffChange,
  AssignmentChange,
} from './domain/roster-plan';

/** A learner or staff member as written: the personal id already hashed and sealed. */
export interface SealedPerson {
  hash: string;
  sealed: string;
  last4: string;
}

/**
 * The roster tables (student, student_year, school_class, staff_member, teaching_assignment,
 * guardian, roster_import): the snapshot an import is planned against, and its changes written in
 * bulk (one statement per table and kind, `unnest` of arrays), inside the import's transaction.
 */
@Injectable()
export class RosterRepository {
  /** Locks the school's roster of the year for one import at a time (other schools go on). */
  async lockSchoolYear(tx: EntityManager, schoolId: string, schoolYear: string): Promise<void> {
    await tx.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [
      `roster:${schoolId}:${schoolYear}`,
    ]);
  }

  async snapshot(
    tx: EntityManager,
    ctx: RosterContext,
    hashes: string[],
    accounts: string[],
  ): Promise<RosterSnapshot> {
    const classes: Array<HeldClass> = await tx.query(
      `SELECT id, name, grade, homeroom_teacher_id AS "homeroomTeacherId", revision
         FROM school_class WHERE school_id = $1 AND school_year = $2`,
      [ctx.schoolId, ctx.schoolYear],
    );
    const staff: Array<HeldStaff & { hash: string }> = await tx.query(
      `SELECT id, personal_id_hash AS hash, school_id AS "schoolId", full_name AS "fullName",
              to_char(date_of_birth, 'YYYY-MM-DD') AS "dateOfBirth", role,
              account_subject AS account, revision
         FROM staff_member WHERE active AND (personal_id_hash = ANY($1) OR school_id = $2)`,
      [hashes, ctx.schoolId],
    );
    const learners: Array<
      HeldLearner & { hash: string; ySchool: string | null; yGrade: number; yClass: string | null }
    > = await tx.query(
      `SELECT DISTINCT ON (s.applicant_hash) s.id, s.applicant_hash AS hash, s.full_name AS "fullName",
              to_char(s.date_of_birth, 'YYYY-MM-DD') AS "dateOfBirth",
              y.school_id AS "ySchool", y.grade AS "yGrade", y.class_id AS "yClass"
         FROM student s
         LEFT JOIN student_year y ON y.student_id = s.id AND y.school_year = $2 AND y.status = 'enrolled'
        WHERE s.applicant_hash = ANY($1)
        ORDER BY s.applicant_hash, (s.status = 'active') DESC, s.enrolled_on DESC`,
      [hashes, ctx.schoolYear],
    );
    const holders: Array<{ account: string; id: string }> = await tx.query(
      `SELECT account_subject AS account, id FROM staff_member WHERE active AND account_subject = ANY($1)`,
      [accounts],
    );
    const assignments: Array<{ classId: string; subject: string; staffId: string }> =
      await tx.query(
        `SELECT a.class_id AS "classId", a.subject_code AS subject, a.staff_id AS "staffId"
           FROM teaching_assignment a JOIN school_class c ON c.id = a.class_id
          WHERE c.school_id = $1 AND c.school_year = $2`,
        [ctx.schoolId, ctx.schoolYear],
      );
    return {
      classes: new Map(classes.map((c) => [foldHeader(c.name), c])),
      staff: new Map(staff.map(({ hash, ...s }) => [hash, s])),
      learners: new Map(
        learners.map((l) => [
          l.hash,
          {
            id: l.id,
            fullName: l.fullName,
            dateOfBirth: l.dateOfBirth,
            thisYear: l.ySchool
              ? { schoolId: l.ySchool, grade: l.yGrade, classId: l.yClass }
              : null,
          },
        ]),
      ),
      accounts: new Map(holders.map((h) => [h.account, h.id])),
      assignments: new Map(assignments.map((a) => [`${a.classId}|${a.subject}`, a.staffId])),
    };
  }

  async writeStaff(
    tx: EntityManager,
    schoolId: string,
    changes: StaffChange[],
    sealed: Map<string, SealedPerson>,
  ): Promise<void> {
    const created = changes.filter((c) => c.isNew);
    if (created.length)
      await tx.query(
        `INSERT INTO staff_member (id, school_id, personal_id_hash, personal_id_sealed, personal_id_last4,
                                   full_name, date_of_birth, gender, role, account_subject, revision)
         SELECT u.id, $1, u.hash, u.sealed, u.last4, u.name, u.dob, u.gender, u.role, u.account, 1
           FROM unnest($2::uuid[], $3::text[], $4::text[], $5::text[], $6::text[], $7::date[], $8::text[], $9::text[], $10::text[])
             AS u(id, hash, sealed, last4, name, dob, gender, role, account)`,
        [
          schoolId,
          created.map((c) => c.id),
          created.map((c) => sealed.get(c.id)!.hash),
          created.map((c) => sealed.get(c.id)!.sealed),
          created.map((c) => sealed.get(c.id)!.last4),
          created.map((c) => c.row.fullName),
          created.map((c) => c.row.dateOfBirth),
          created.map((c) => c.row.gender),
          created.map((c) => c.row.role),
          created.map((c) => c.row.account),
        ],
      );
    const updated = changes.filter((c) => !c.isNew);
    if (updated.length)
      await tx.query(
        `UPDATE staff_member s SET role = u.role, account_subject = u.account, revision = u.revision, updated_at = now()
           FROM unnest($1::uuid[], $2::text[], $3::text[], $4::int[]) AS u(id, role, account, revision)
          WHERE s.id = u.id`,
        [
          updated.map((c) => c.id),
          updated.map((c) => c.row.role),
          updated.map((c) => c.row.account),
          updated.map((c) => c.revision),
        ],
      );
  }

  async writeClasses(tx: EntityManager, ctx: RosterContext, changes: ClassChange[]): Promise<void> {
    if (!changes.length) return;
    await tx.query(
      `INSERT INTO school_class (id, school_id, school_year, grade, name, homeroom_teacher_id, revision)
       SELECT u.id, $1, $2, u.grade, u.name, u.homeroom, u.revision
         FROM unnest($3::uuid[], $4::int[], $5::text[], $6::uuid[], $7::int[]) AS u(id, grade, name, homeroom, revision)
       ON CONFLICT (id) DO UPDATE SET homeroom_teacher_id = EXCLUDED.homeroom_teacher_id, revision = EXCLUDED.revision`,
      [
        ctx.schoolId,
        ctx.schoolYear,
        changes.map((c) => c.id),
        changes.map((c) => c.grade),
        changes.map((c) => c.name),
        changes.map((c) => c.homeroomTeacherId),
        changes.map((c) => c.revision),
      ],
    );
  }

  async writeLearners(
    tx: EntityManager,
    ctx: RosterContext,
    changes: LearnerChange[],
    classNames: Map<string, string>,
    sealed: Map<string, SealedPerson>,
    enrolledOn: string,
  ): Promise<void> {
    if (!changes.length) return;
    const created = changes.filter((c) => c.kind === 'new');
    if (created.length)
      await tx.query(
        `INSERT INTO student (id, applicant_hash, personal_id_sealed, personal_id_last4, full_name, date_of_birth,
                              gender, ethnicity, school_id, grade, class_id, class_name, school_year, enrolled_on)
         SELECT u.id, u.hash, u.sealed, u.last4, u.name, u.dob, u.gender, u.ethnicity, $1, u.grade, u.class_id,
                u.class_name, $2, $3
           FROM unnest($4::uuid[], $5::text[], $6::text[], $7::text[], $8::text[], $9::date[], $10::text[],
                       $11::text[], $12::int[], $13::uuid[], $14::text[])
             AS u(id, hash, sealed, last4, name, dob, gender, ethnicity, grade, class_id, class_name)`,
        [
          ctx.schoolId,
          ctx.schoolYear,
          enrolledOn,
          created.map((c) => c.id),
          created.map((c) => sealed.get(c.id)!.hash),
          created.map((c) => sealed.get(c.id)!.sealed),
          created.map((c) => sealed.get(c.id)!.last4),
          created.map((c) => c.row.fullName),
          created.map((c) => c.row.dateOfBirth),
          created.map((c) => c.row.gender),
          created.map((c) => c.row.ethnicity),
          created.map((c) => c.row.grade),
          created.map((c) => c.classId),
          created.map((c) => (c.classId ? classNames.get(c.classId)! : null)),
        ],
      );
    const known = changes.filter((c) => c.kind !== 'new');
    if (known.length)
      await tx.query(
        `UPDATE student s SET school_id = $1, school_year = $2, grade = u.grade, class_id = u.class_id,
                class_name = u.class_name, status = 'active',
                gender = COALESCE(s.gender, u.gender), ethnicity = COALESCE(s.ethnicity, u.ethnicity),
                enrolled_on = CASE WHEN s.school_year = $2 AND s.school_id = $1 THEN s.enrolled_on ELSE $3::date END
           FROM unnest($4::uuid[], $5::int[], $6::uuid[], $7::text[], $8::text[], $9::text[])
             AS u(id, grade, class_id, class_name, gender, ethnicity)
          WHERE s.id = u.id`,
        [
          ctx.schoolId,
          ctx.schoolYear,
          enrolledOn,
          known.map((c) => c.id),
          known.map((c) => c.row.grade),
          known.map((c) => c.classId),
          known.map((c) => (c.classId ? classNames.get(c.classId)! : null)),
          known.map((c) => c.row.gender),
          known.map((c) => c.row.ethnicity),
        ],
      );
    await tx.query(
      `INSERT INTO student_year (student_id, school_year, school_id, grade, class_id, enrolled_on)
       SELECT u.id, $1, $2, u.grade, u.class_id, $3 FROM unnest($4::uuid[], $5::int[], $6::uuid[]) AS u(id, grade, class_id)
       ON CONFLICT (student_id, school_year, school_id) DO UPDATE
         SET grade = EXCLUDED.grade, class_id = EXCLUDED.class_id, status = 'enrolled', ended_on = NULL`,
      [
        ctx.schoolYear,
        ctx.schoolId,
        enrolledOn,
        changes.map((c) => c.id),
        changes.map((c) => c.row.grade),
        changes.map((c) => c.classId),
      ],
    );
  }

  async writeAssignments(tx: EntityManager, changes: AssignmentChange[], at: Date): Promise<void> {
    if (!changes.length) return;
    await tx.query(
      `INSERT INTO teaching_assignment (class_id, subject_code, staff_id, assigned_at)
       SELECT u.class_id, u.subject, u.staff_id, $1 FROM unnest($2::uuid[], $3::text[], $4::uuid[]) AS u(class_id, subject, staff_id)
       ON CONFLICT (class_id, subject_code) DO UPDATE SET staff_id = EXCLUDED.staff_id, assigned_at = EXCLUDED.assigned_at`,
      [
        at,
        changes.map((c) => c.classId),
        changes.map((c) => c.subjectCode),
        changes.map((c) => c.staffId),
      ],
    );
  }

  /** Guardian relations from the file; returns those not recorded before (the rest are no news). */
  async linkGuardians(
    tx: EntityManager,
    links: Array<{ studentId: string; account: string; hash: string }>,
    at: Date,
  ): Promise<Array<{ studentId: string; account: string }>> {
    if (!links.length) return [];
    const added: Array<{ account: string; hash: string }> = await tx.query(
      `INSERT INTO guardian (guardian_subject, applicant_hash, source, recorded_at)
       SELECT u.account, u.hash, 'import', $1 FROM unnest($2::text[], $3::text[]) AS u(account, hash)
       ON CONFLICT DO NOTHING RETURNING guardian_subject AS account, applicant_hash AS hash`,
      [at, links.map((l) => l.account), links.map((l) => l.hash)],
    );
    const isNew = new Set(added.map((a) => `${a.account}|${a.hash}`));
    return links.filter((l) => isNew.has(`${l.account}|${l.hash}`));
  }

  async findImport(
    tx: EntityManager,
    ctx: RosterContext,
    sha256: string,
  ): Promise<{ id: string; report: unknown } | undefined> {
    const [row]: Array<{ id: string; report: unknown }> = await tx.query(
      `SELECT id, report FROM roster_import WHERE school_id = $1 AND school_year = $2 AND file_sha256 = $3`,
      [ctx.schoolId, ctx.schoolYear, sha256],
    );
    return row;
  }

  async recordImport(
    tx: EntityManager,
    id: string,
    ctx: RosterContext,
    sha256: string,
    by: string,
    at: Date,
    report: unknown,
  ): Promise<void> {
    await tx.query(
      `INSERT INTO roster_import (id, school_id, school_year, file_sha256, imported_by, imported_at, report)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [id, ctx.schoolId, ctx.schoolYear, sha256, by, at, JSON.stringify(report)],
    );
  }
}
