import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import {
  ClassFormedV1,
  GraduationCandidatesListedV1,
  GuardianLinkedV1,
  StaffMemberChangedV1,
  TeachingAssignedV1,
} from '@qn/contracts';
import { RejectedEventError } from '@qn/messaging';
import { LearnerYear } from './domain/learner-years';

/** What an event says about a class it names (a placement, an assignment, an enrolment). */
export interface ClassRef {
  classId: string;
  schoolId: string;
  schoolYear: string;
  grade?: number | null;
  name?: string | null;
}

interface ClassRow {
  schoolId: string;
  schoolYear: string;
  revision: number;
}

/**
 * The roster projection's tables (migration `RecordsRosterProjection…`), written only by the
 * rosters consumers inside their transaction (`tx`): each change commits with the event's
 * processed-event row, so a redelivered event changes nothing.
 */
@Injectable()
export class RosterProjectionRepository {
  /**
   * A class an event names before its `class.formed` arrived (the two topics are not ordered
   * with each other): a placeholder (revision 0) with what the event knows, completed by the
   * class's `class.formed`. A class is of one school and year: an event that names it with
   * another is refused (dead letter) rather than mixing two schools' rosters.
   */
  async ensureClass(tx: EntityManager, ref: ClassRef): Promise<void> {
    await tx.query(
      `INSERT INTO roster_class (id, school_id, school_year, grade, name, revision)
       VALUES ($1, $2, $3, $4, $5, 0)
       ON CONFLICT (id) DO UPDATE SET grade = COALESCE(roster_class.grade, EXCLUDED.grade),
         name = COALESCE(roster_class.name, EXCLUDED.name), updated_at = now()
       WHERE roster_class.revision = 0 AND (roster_class.grade IS NULL OR roster_class.name IS NULL)`,
      [ref.classId, ref.schoolId, ref.schoolYear, ref.grade ?? null, ref.name ?? null],
    );
    const known = await this.classRow(tx, ref.classId);
    if (known && (known.schoolId !== ref.schoolId || known.schoolYear !== ref.schoolYear))
      throw new RejectedEventError(
        `class-mismatch: class ${ref.classId} is of school ${known.schoolId} in ${known.schoolYear}, not of ${ref.schoolId} in ${ref.schoolYear}`,
      );
  }

  /**
   * `class.formed` (full state, by revision): an older or equal revision than the stored one
   * changes nothing; it completes a placeholder. A formed class never moves to another school.
   */
  async formClass(tx: EntityManager, d: ClassFormedV1): Promise<void> {
    const known = await this.classRow(tx, d.classId, true);
    if (known && known.revision > 0 && known.schoolId !== d.schoolId)
      throw new RejectedEventError(
        `class-mismatch: class ${d.classId} is of school ${known.schoolId}, not of ${d.schoolId}`,
      );
    await tx.query(
      `INSERT INTO roster_class (id, school_id, school_year, grade, name, homeroom_staff_id, revision, changed_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT (id) DO UPDATE SET school_id = EXCLUDED.school_id, school_year = EXCLUDED.school_year,
         grade = EXCLUDED.grade, name = EXCLUDED.name, homeroom_staff_id = EXCLUDED.homeroom_staff_id,
         revision = EXCLUDED.revision, changed_at = EXCLUDED.changed_at, updated_at = now()
       WHERE roster_class.revision < EXCLUDED.revision`,
      [
        d.classId,
        d.schoolId,
        d.schoolYear,
        d.grade,
        d.name,
        d.homeroomTeacherId,
        d.revision,
        d.changedAt,
      ],
    );
  }

  /** `staff-member.changed` (full state, by revision). */
  async saveStaffMember(tx: EntityManager, d: StaffMemberChangedV1): Promise<void> {
    await tx.query(
      `INSERT INTO roster_staff_member (id, school_id, role, account_subject, active, revision, changed_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (id) DO UPDATE SET school_id = EXCLUDED.school_id, role = EXCLUDED.role,
         account_subject = EXCLUDED.account_subject, active = EXCLUDED.active,
         revision = EXCLUDED.revision, changed_at = EXCLUDED.changed_at, updated_at = now()
       WHERE roster_staff_member.revision < EXCLUDED.revision`,
      [d.staffId, d.schoolId, d.role, d.accountSubject, d.active, d.revision, d.changedAt],
    );
  }

  /**
   * `teaching.assigned`: one teacher per class and subject, the latest assignment (by
   * `assignedAt`) wins, so an older one arriving late does not undo a newer one.
   */
  async assignTeaching(tx: EntityManager, d: TeachingAssignedV1): Promise<void> {
    await this.ensureClass(tx, d);
    await tx.query(
      `INSERT INTO roster_teaching_assignment (class_id, subject_code, school_id, school_year, staff_id, assigned_at)
       VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (class_id, subject_code) DO UPDATE SET staff_id = EXCLUDED.staff_id,
         school_id = EXCLUDED.school_id, school_year = EXCLUDED.school_year, assigned_at = EXCLUDED.assigned_at
       WHERE roster_teaching_assignment.assigned_at <= EXCLUDED.assigned_at`,
      [d.classId, d.subjectCode, d.schoolId, d.schoolYear, d.staffId, d.assignedAt],
    );
  }

  /** A school's graduation candidates of a level and year: a newer list replaces the previous one. */
  async listGraduationCandidates(
    tx: EntityManager,
    d: GraduationCandidatesListedV1,
  ): Promise<void> {
    await tx.query(
      `INSERT INTO roster_graduation_list (school_id, school_year, level, student_ids, listed_at)
       VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (school_id, school_year, level) DO UPDATE SET student_ids = EXCLUDED.student_ids,
         listed_at = EXCLUDED.listed_at
       WHERE roster_graduation_list.listed_at <= EXCLUDED.listed_at`,
      [d.schoolId, d.schoolYear, d.level, d.studentIds, d.listedAt],
    );
  }

  /** A guardian of the student (the family reach); a repeat changes nothing. */
  async linkGuardian(tx: EntityManager, d: GuardianLinkedV1): Promise<void> {
    await tx.query(
      `INSERT INTO roster_guardian (guardian_subject, student_id, basis, linked_at)
       VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING`,
      [d.guardianSubject, d.studentId, d.basis, d.linkedAt],
    );
  }

  /** The learner's year at a school, locked for the change the event makes. */
  async learnerYear(
    tx: EntityManager,
    studentId: string,
    schoolYear: string,
    schoolId: string,
  ): Promise<LearnerYear | undefined> {
    const rows: LearnerYear[] = await tx.query(
      `SELECT student_id AS "studentId", school_year AS "schoolYear", school_id AS "schoolId", grade,
              class_id AS "classId", status, reason,
              to_char(enrolled_on, 'YYYY-MM-DD') AS "enrolledOn", to_char(ended_on, 'YYYY-MM-DD') AS "endedOn",
              transferred_to_school_id AS "transferredToSchoolId"
         FROM roster_learner_year WHERE student_id = $1 AND school_year = $2 AND school_id = $3
          FOR UPDATE`,
      [studentId, schoolYear, schoolId],
    );
    return rows[0];
  }

  async saveLearnerYear(tx: EntityManager, y: LearnerYear): Promise<void> {
    await tx.query(
      `INSERT INTO roster_learner_year (student_id, school_year, school_id, grade, class_id, status, reason,
              enrolled_on, ended_on, transferred_to_school_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
       ON CONFLICT (student_id, school_year, school_id) DO UPDATE SET grade = EXCLUDED.grade,
         class_id = EXCLUDED.class_id, status = EXCLUDED.status, reason = EXCLUDED.reason,
         enrolled_on = EXCLUDED.enrolled_on, ended_on = EXCLUDED.ended_on,
         transferred_to_school_id = EXCLUDED.transferred_to_school_id, updated_at = now()`,
      [
        y.studentId,
        y.schoolYear,
        y.schoolId,
        y.grade,
        y.classId,
        y.status,
        y.reason,
        y.enrolledOn,
        y.endedOn,
        y.transferredToSchoolId,
      ],
    );
  }

  private async classRow(
    tx: EntityManager,
    classId: string,
    lock = false,
  ): Promise<ClassRow | undefined> {
    const rows: ClassRow[] = await tx.query(
      `SELECT school_id AS "schoolId", school_year AS "schoolYear", revision FROM roster_class
        WHERE id = $1${lock ? ' FOR UPDATE' : ''}`,
      [classId],
    );
    return rows[0];
  }
}
