/**
 * The records service's gradebooks (sổ điểm điện tử): what a term's close has reached, class by
 * class. Ids and counts only: marks, names and results stay in the records service.
 */
import { z } from 'zod';
import { defineEvent, EventDataOf } from '../contract';
import { count, dateTime, schoolYearCode, uuid } from './fields';

const schoolGrade = z.int().min(1).max(12);
/** Học kì I or II. */
const term = z.int().min(1).max(2);
const subjectCode = z.string().regex(/^[A-Z0-9_]{1,30}$/);

/**
 * `records.term-marks.confirmed` v1: a subject's teacher confirmed the class's marks for the term
 * (every learner's required assessments are there); from now on they change only through a
 * correction of the signed record.
 */
export const termMarksConfirmedV1 = defineEvent(
  'records.term-marks.confirmed',
  1,
  z.strictObject({
    classId: uuid,
    schoolId: uuid,
    schoolYear: schoolYearCode,
    grade: schoolGrade,
    term,
    subjectCode,
    /** The subject's teacher (staff id from the rosters). */
    teacherStaffId: uuid,
    learners: count,
    confirmedAt: dateTime,
  }),
);
export type TermMarksConfirmedV1 = EventDataOf<typeof termMarksConfirmedV1>;

/**
 * `records.class-term.confirmed` v1: the homeroom teacher confirmed the class's term: every
 * subject's marks confirmed; the principal signs next.
 */
export const classTermConfirmedV1 = defineEvent(
  'records.class-term.confirmed',
  1,
  z.strictObject({
    classId: uuid,
    schoolId: uuid,
    schoolYear: schoolYearCode,
    grade: schoolGrade,
    term,
    subjectCodes: z.array(subjectCode).min(1).max(40),
    homeroomTeacherStaffId: uuid,
    learners: count,
    confirmedAt: dateTime,
  }),
);
export type ClassTermConfirmedV1 = EventDataOf<typeof classTermConfirmedV1>;

/**
 * `records.class-term.closed` v1: the principal signed the class's term (khoá sổ): its marks and
 * conduct are final. At the end of the school year (term 2) this is when each learner's học bạ is
 * signed (`records.record.signed`, one per learner, on `records.school-records.v1`).
 */
export const classTermClosedV1 = defineEvent(
  'records.class-term.closed',
  1,
  z.strictObject({
    classId: uuid,
    schoolId: uuid,
    schoolYear: schoolYearCode,
    grade: schoolGrade,
    term,
    principalStaffId: uuid,
    learners: count,
    /** Học bạ signed by this close: every learner's at term 2, none at term 1. */
    recordsSigned: count,
    closedAt: dateTime,
  }),
);
export type ClassTermClosedV1 = EventDataOf<typeof classTermClosedV1>;

/** `<schoolId>/<studentId>/<schoolYear>`: the same in every version of a học bạ. */
const recordId = z
  .string()
  .regex(
    /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\/\d{4}-\d{4}$/,
  );
/** SHA-256 (hex) of the version's RFC 8785 canonical JSON: what its signatures cover. */
const recordHash = z.string().regex(/^[0-9a-f]{64}$/);

/**
 * `records.record.signed` v1: a learner's học bạ of a school year was signed (homeroom teacher,
 * principal, school seal): version 1. What the KPI aggregator counts as a learner's signed record.
 * No marks, no names: whoever may read it fetches it from the records service.
 */
export const recordSignedV1 = defineEvent(
  'records.record.signed',
  1,
  z.strictObject({
    recordId,
    studentId: uuid,
    schoolId: uuid,
    classId: uuid,
    schoolYear: schoolYearCode,
    grade: schoolGrade,
    version: z.literal(1),
    recordHash,
    signedAt: dateTime,
  }),
);
export type RecordSignedV1 = EventDataOf<typeof recordSignedV1>;

/**
 * `records.record.corrected` v1: a signed học bạ was corrected (đính chính): a new version, signed
 * anew, pointing at the one it replaces. The reason stays in the record (it may name the child).
 */
export const recordCorrectedV1 = defineEvent(
  'records.record.corrected',
  1,
  z.strictObject({
    recordId,
    studentId: uuid,
    schoolId: uuid,
    schoolYear: schoolYearCode,
    grade: schoolGrade,
    version: z.int().min(2),
    recordHash,
    previousVersion: z.int().min(1),
    previousHash: recordHash,
    correctedAt: dateTime,
  }),
);
export type RecordCorrectedV1 = EventDataOf<typeof recordCorrectedV1>;

/**
 * `records.graduation-eligibility.assessed` v1: at the end of grade 9 or 12, whether the learner's
 * signed học bạ completes the level's programme (Hoàn thành chương trình THCS / THPT): what the
 * lower-secondary graduation recognition and the upper-secondary graduation exam start from.
 * `pending`: summer re-assessment or conduct training first; a later version (correction) assesses
 * again, and the latest assessment per learner and year counts.
 */
export const graduationEligibilityAssessedV1 = defineEvent(
  'records.graduation-eligibility.assessed',
  1,
  z.strictObject({
    studentId: uuid,
    schoolId: uuid,
    schoolYear: schoolYearCode,
    level: z.enum(['lower-secondary', 'upper-secondary']),
    outcome: z.enum(['eligible', 'not-eligible', 'pending']),
    /** Why not (or what is pending): absences, conduct, learning, reassessment, summer-conduct-training. */
    reason: z
      .enum(['absences', 'conduct', 'learning', 'reassessment', 'summer-conduct-training'])
      .nullable(),
    recordId,
    recordVersion: z.int().min(1),
    recordHash,
    assessedAt: dateTime,
  }),
);
export type GraduationEligibilityAssessedV1 = EventDataOf<typeof graduationEligibilityAssessedV1>;
