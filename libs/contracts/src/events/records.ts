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
