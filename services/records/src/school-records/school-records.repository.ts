import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { OrgDirectory } from '@qn/org-directory';
import type { SchoolRecordInput } from '../shared/school-record/school-record-document';
import type { GeneralJws } from '../shared/signing/domain/record';
import type { PrimarySchoolRecordInput } from '../shared/school-record/primary-school-record-document';
import type { SchoolRecordLearner } from '../shared/school-record/school-record-document';
import type { LearnerYear, PrimaryLearnerYear } from './domain/year-record';

/** One stored version of a học bạ. */
export interface StoredVersion {
  recordId: string;
  version: number;
  studentId: string;
  schoolId: string;
  schoolYear: string;
  classId: string;
  grade: number;
  recordHash: string;
  jws: GeneralJws;
  /** What the document was built from: Circular 22's input for grades 6-12, 27's for 1-5. */
  input: SchoolRecordInput | PrimarySchoolRecordInput;
  reason: string | null;
  signedBy: string;
  signedAt: Date;
}

export interface SchoolPlace {
  name: string;
  /** Where the school is (its commune or ward), as the signature line prints it. */
  place: string;
  province: string;
}

const VERSION_COLUMNS = `record_id AS "recordId", version, student_id AS "studentId", school_id AS "schoolId",
  school_year AS "schoolYear", class_id AS "classId", grade, record_hash AS "recordHash", jws, input, reason,
  signed_by AS "signedBy", signed_at AS "signedAt"`;

/** The signed records (school_record_version) and what issuing them reads. */
@Injectable()
export class SchoolRecordsRepository {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly orgs: OrgDirectory,
  ) {}

  /**
   * The school's name, the unit above it and the province on a date: the org tree's replica and
   * its dated parents (a school moved to another commune is placed where it was on that date).
   */
  async schoolPlace(schoolId: string, at: Date): Promise<SchoolPlace | undefined> {
    const school = await this.orgs.get(schoolId);
    if (!school) return undefined;
    const up = await this.orgs.ancestorsOf(schoolId, at);
    const units = await this.orgs.getMany(up);
    const nameOf = (id: string | undefined) => (id && units.get(id)?.name) || school.name;
    return { name: school.name, place: nameOf(up[0]), province: nameOf(up[up.length - 1]) };
  }

  /** The school's active principal behind a sign-in account, if any. */
  async principalIdOf(account: string, schoolId: string): Promise<string | undefined> {
    const [row]: Array<{ id: string }> = await this.ds.query(
      `SELECT id FROM roster_staff_member
        WHERE account_subject = $1 AND school_id = $2 AND active AND role = 'principal'`,
      [account, schoolId],
    );
    return row?.id;
  }

  /** The class's homeroom teacher (staff id), if any. */
  async homeroomOf(classId: string): Promise<string | undefined> {
    const [row]: Array<{ id: string | null }> = await this.ds.query(
      `SELECT homeroom_staff_id AS id FROM roster_class WHERE id = $1`,
      [classId],
    );
    return row?.id ?? undefined;
  }

  async className(classId: string): Promise<string | undefined> {
    const [row]: Array<{ name: string | null }> = await this.ds.query(
      `SELECT name FROM roster_class WHERE id = $1`,
      [classId],
    );
    return row?.name ?? undefined;
  }

  /** Who the learners are, as a học bạ prints them (the `learner` rows enrollment fed). */
  private identities(tx: EntityManager, studentIds: string[]): Promise<SchoolRecordLearner[]> {
    return tx.query(
      `SELECT student_id AS "studentId", full_name AS "fullName",
              to_char(date_of_birth, 'YYYY-MM-DD') AS "dateOfBirth", gender, ethnicity,
              personal_id_last4 AS "personalIdLast4"
         FROM learner WHERE student_id = ANY($1)`,
      [studentIds],
    );
  }

  /**
   * What each learner's year at the school holds: their identity, every confirmed subject term
   * (in whichever of the school's classes they were), their conduct per term.
   */
  async learnerYears(
    tx: EntityManager,
    schoolId: string,
    schoolYear: string,
    studentIds: string[],
  ): Promise<LearnerYear[]> {
    const learners = await this.identities(tx, studentIds);
    const marks: Array<{
      studentId: string;
      subjectCode: string;
      term: 1 | 2;
      regular: string[];
      midTerm: string | null;
      endOfTerm: string | null;
    }> = await tx.query(
      `SELECT DISTINCT ON (m.student_id, m.subject_code, m.term)
              m.student_id AS "studentId", m.subject_code AS "subjectCode", m.term, m.regular,
              m.mid_term AS "midTerm", m.end_of_term AS "endOfTerm"
         FROM term_mark m
         JOIN gradebook_term g ON g.class_id = m.class_id AND g.subject_code = m.subject_code AND g.term = m.term
         JOIN roster_class c ON c.id = m.class_id
        WHERE c.school_id = $1 AND c.school_year = $2 AND g.status = 'confirmed' AND m.student_id = ANY($3)
        ORDER BY m.student_id, m.subject_code, m.term, g.confirmed_at DESC`,
      [schoolId, schoolYear, studentIds],
    );
    const conduct: Array<{
      studentId: string;
      term: 1 | 2;
      level: 'good' | 'fair' | 'pass' | 'fail';
      absentSessions: number;
      remarks: string | null;
    }> = await tx.query(
      `SELECT DISTINCT ON (k.student_id, k.term)
              k.student_id AS "studentId", k.term, k.level, k.absent_sessions AS "absentSessions", k.remarks
         FROM conduct_term k JOIN roster_class c ON c.id = k.class_id
        WHERE c.school_id = $1 AND c.school_year = $2 AND k.student_id = ANY($3)
        ORDER BY k.student_id, k.term, k.entered_at DESC`,
      [schoolId, schoolYear, studentIds],
    );
    return studentIds.map((studentId) => {
      const l = learners.find((x) => x.studentId === studentId);
      return {
        studentId,
        learner: l,
        marks: marks
          .filter((m) => m.studentId === studentId)
          .map((m) => ({
            subjectCode: m.subjectCode,
            term: Number(m.term) as 1 | 2,
            cells: { regular: m.regular, midTerm: m.midTerm, endOfTerm: m.endOfTerm },
          })),
        conduct: conduct
          .filter((c) => c.studentId === studentId)
          .map((c) => ({ ...c, term: Number(c.term) as 1 | 2 })),
      };
    });
  }

  /**
   * What each primary learner's year holds at its end: the term 2 `end` checkpoint of every
   * confirmed subject and the qualities of the confirmed term, in whichever of the school's
   * classes the learner was.
   */
  async primaryLearnerYears(
    tx: EntityManager,
    schoolId: string,
    schoolYear: string,
    studentIds: string[],
  ): Promise<PrimaryLearnerYear[]> {
    const learners = await this.identities(tx, studentIds);
    const subjects: Array<PrimaryLearnerYear['subjects'][number] & { studentId: string }> =
      await tx.query(
        `SELECT DISTINCT ON (a.student_id, a.subject_code)
                a.student_id AS "studentId", a.subject_code AS "subjectCode", a.level,
                a.test_score AS "testScore", a.comment
           FROM primary_subject_assessment a
           JOIN gradebook_term g ON g.class_id = a.class_id AND g.subject_code = a.subject_code AND g.term = a.term
           JOIN roster_class c ON c.id = a.class_id
          WHERE c.school_id = $1 AND c.school_year = $2 AND a.term = 2 AND a.checkpoint = 'end'
            AND g.status = 'confirmed' AND a.student_id = ANY($3)
          ORDER BY a.student_id, a.subject_code, g.confirmed_at DESC`,
        [schoolId, schoolYear, studentIds],
      );
    const qualities: Array<{ studentId: string; levels: Record<string, string> }> = await tx.query(
      `SELECT DISTINCT ON (q.student_id) q.student_id AS "studentId", q.levels
         FROM primary_quality_assessment q
         JOIN primary_quality_term t ON t.class_id = q.class_id AND t.term = q.term
         JOIN roster_class c ON c.id = q.class_id
        WHERE c.school_id = $1 AND c.school_year = $2 AND q.term = 2 AND q.checkpoint = 'end'
          AND t.status = 'confirmed' AND q.student_id = ANY($3)
        ORDER BY q.student_id, t.confirmed_at DESC`,
      [schoolId, schoolYear, studentIds],
    );
    return studentIds.map((studentId) => ({
      studentId,
      learner: learners.find((l) => l.studentId === studentId),
      subjects: subjects
        .filter((s) => s.studentId === studentId)
        .map(({ studentId: _, ...s }) => s),
      qualities: qualities.find((q) => q.studentId === studentId)?.levels,
    }));
  }

  async insertVersions(tx: EntityManager, versions: StoredVersion[]): Promise<void> {
    for (const v of versions)
      await tx.query(
        `INSERT INTO school_record_version (record_id, version, student_id, school_id, school_year, class_id,
                grade, record_hash, jws, input, reason, signed_by, signed_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
        [
          v.recordId,
          v.version,
          v.studentId,
          v.schoolId,
          v.schoolYear,
          v.classId,
          v.grade,
          v.recordHash,
          JSON.stringify(v.jws),
          JSON.stringify(v.input),
          v.reason,
          v.signedBy,
          v.signedAt,
        ],
      );
  }

  /** Every version of the learner's records, newest school year and version first. */
  async versionsOf(
    studentId: string,
    tx: EntityManager = this.ds.manager,
  ): Promise<StoredVersion[]> {
    return tx.query(
      `SELECT ${VERSION_COLUMNS} FROM school_record_version WHERE student_id = $1
        ORDER BY school_year DESC, record_id, version DESC`,
      [studentId],
    );
  }

  /** Every version of one record, oldest first. */
  async history(recordId: string, tx: EntityManager = this.ds.manager): Promise<StoredVersion[]> {
    return tx.query(
      `SELECT ${VERSION_COLUMNS} FROM school_record_version WHERE record_id = $1 ORDER BY version`,
      [recordId],
    );
  }

  /** The latest version of the record, locked for the caller's transaction (a correction). */
  async latestForUpdate(tx: EntityManager, recordId: string): Promise<StoredVersion | undefined> {
    // Versions are never updated: the lock is on the newest row, which the next version follows.
    const [row]: StoredVersion[] = await tx.query(
      `SELECT ${VERSION_COLUMNS} FROM school_record_version WHERE record_id = $1
        ORDER BY version DESC LIMIT 1 FOR SHARE`,
      [recordId],
    );
    return row;
  }
}
