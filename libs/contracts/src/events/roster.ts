/**
 * School rosters (danh sách học sinh, lớp, phân công giảng dạy), owned by the enrollment service
 * with the learner register it already keeps for admissions and transfers. Like every event the
 * service publishes, these refer to people by platform ids only: names, dates of birth and
 * personal identification numbers stay in the service's database.
 */
import { z } from 'zod';
import { defineEvent, EventDataOf } from '../contract';
import { AREA_SEGMENTS } from './registry';
import { calendarDate, dateTime, schoolYearCode, uuid } from './fields';

/** A grade of general education, 1-12 (lớp). */
const schoolGrade = z.int().min(1).max(12);
/** A class's name within its school and year, e.g. "6A1". */
const className = z.string().min(1).max(50);
/** A subject code (môn học) of the curriculum, e.g. TOAN, NV (Ngữ văn), NN1 (Ngoại ngữ 1). */
const subjectCode = z.string().regex(/^[A-Z0-9_]{1,30}$/);

export const ENROLMENT_REASONS = [
  'admission',
  'transfer',
  'roster',
  'promotion',
  'repetition',
] as const;
/**
 * admission: admitted through a platform round; transfer: moved from another school; roster: on
 * the school's roster when it was imported (from the sector database); promotion / repetition:
 * the next school year at the same school, in the next grade (lên lớp) or the same (lưu ban).
 */
export type EnrolmentReason = (typeof ENROLMENT_REASONS)[number];

/**
 * `enrollment.student.enrolled` v2: a learner is a student of a school for a school year, in a
 * grade and possibly a class. v1 knew only admissions and transfers; v2 adds learners from a
 * roster import and each new school year of a student, and the class id.
 */
export const studentEnrolledV2 = defineEvent(
  'enrollment.student.enrolled',
  2,
  z.strictObject({
    studentId: uuid,
    schoolId: uuid,
    grade: schoolGrade,
    classId: uuid.nullable(),
    className: className.nullable(),
    schoolYear: schoolYearCode,
    /** Area segment of the school, for indicators by segment. */
    segment: z.enum(AREA_SEGMENTS),
    reason: z.enum(ENROLMENT_REASONS),
    /** First day at the school in this school year. */
    enrolledOn: calendarDate,
  }),
);
export type StudentEnrolledV2 = EventDataOf<typeof studentEnrolledV2>;

/** `enrollment.student.placed` v1: a student was placed in a class (xếp lớp) for the school year. */
export const studentPlacedV1 = defineEvent(
  'enrollment.student.placed',
  1,
  z.strictObject({
    studentId: uuid,
    schoolId: uuid,
    schoolYear: schoolYearCode,
    grade: schoolGrade,
    classId: uuid,
    placedAt: dateTime,
  }),
);
export type StudentPlacedV1 = EventDataOf<typeof studentPlacedV1>;

export const YEAR_OUTCOMES = ['promoted', 'repeating', 'completed-level'] as const;
/** lên lớp, lưu ban, hoàn thành cấp học (grade 5, 9 or 12 finished). */
export type YearOutcome = (typeof YEAR_OUTCOMES)[number];

/**
 * `enrollment.student.year-closed` v1: the school closed the student's school year with an
 * outcome. A promoted or repeating student is enrolled for the next year by a `student.enrolled`
 * (reason promotion or repetition) that follows; one who completed the level is not.
 */
export const studentYearClosedV1 = defineEvent(
  'enrollment.student.year-closed',
  1,
  z.strictObject({
    studentId: uuid,
    schoolId: uuid,
    schoolYear: schoolYearCode,
    grade: schoolGrade,
    outcome: z.enum(YEAR_OUTCOMES),
    closedAt: dateTime,
  }),
);
export type StudentYearClosedV1 = EventDataOf<typeof studentYearClosedV1>;

export const DEPARTURE_REASONS = ['moved-away', 'dropped-out', 'other'] as const;
/** chuyển đi ngoài tỉnh, bỏ học, khác. A move within the platform is a transfer, not a departure. */
export type DepartureReason = (typeof DEPARTURE_REASONS)[number];

/** `enrollment.student.left` v1: the student left the school (thôi học) and is on no roster of it from `leftOn`. */
export const studentLeftV1 = defineEvent(
  'enrollment.student.left',
  1,
  z.strictObject({
    studentId: uuid,
    schoolId: uuid,
    schoolYear: schoolYearCode,
    grade: schoolGrade,
    reason: z.enum(DEPARTURE_REASONS),
    /** First day no longer at the school. */
    leftOn: calendarDate,
    recordedAt: dateTime,
  }),
);
export type StudentLeftV1 = EventDataOf<typeof studentLeftV1>;

export const IDENTITY_CHECK_RESULTS = ['verified', 'mismatch', 'not-found'] as const;
/**
 * verified: the population database holds the personal id with the same name and date of birth;
 * mismatch: it holds the id with another name or date of birth; not-found: it does not hold it.
 */
export type IdentityCheckResult = (typeof IDENTITY_CHECK_RESULTS)[number];

/** `enrollment.student.identity-checked` v1: the learner's identity was checked against the national population database. */
export const studentIdentityCheckedV1 = defineEvent(
  'enrollment.student.identity-checked',
  1,
  z.strictObject({
    studentId: uuid,
    schoolId: uuid,
    result: z.enum(IDENTITY_CHECK_RESULTS),
    checkedAt: dateTime,
  }),
);
export type StudentIdentityCheckedV1 = EventDataOf<typeof studentIdentityCheckedV1>;

/**
 * `enrollment.class.formed` v1: a class (lớp) of a school for a school year, with its homeroom
 * teacher (giáo viên chủ nhiệm). Carries the full state; a change publishes it again with the
 * next revision.
 */
export const classFormedV1 = defineEvent(
  'enrollment.class.formed',
  1,
  z.strictObject({
    classId: uuid,
    schoolId: uuid,
    schoolYear: schoolYearCode,
    grade: schoolGrade,
    name: className,
    /** Staff id of the homeroom teacher, when known. */
    homeroomTeacherId: uuid.nullable(),
    revision: z.int().min(1),
    changedAt: dateTime,
  }),
);
export type ClassFormedV1 = EventDataOf<typeof classFormedV1>;

export const STAFF_ROLES = ['teacher', 'principal', 'vice-principal', 'staff'] as const;
/** giáo viên, hiệu trưởng, phó hiệu trưởng, nhân viên */
export type StaffRole = (typeof STAFF_ROLES)[number];

/**
 * `enrollment.staff-member.changed` v1: a teacher or staff member of a school, full state. The
 * account is the identity provider's `sub` of the person's sign-in account when known: what
 * gives a teacher the reach of their classes in other services.
 */
export const staffMemberChangedV1 = defineEvent(
  'enrollment.staff-member.changed',
  1,
  z.strictObject({
    staffId: uuid,
    schoolId: uuid,
    role: z.enum(STAFF_ROLES),
    accountSubject: z.string().min(1).max(200).nullable(),
    active: z.boolean(),
    revision: z.int().min(1),
    changedAt: dateTime,
  }),
);
export type StaffMemberChangedV1 = EventDataOf<typeof staffMemberChangedV1>;

/**
 * `enrollment.teaching.assigned` v1: who teaches a subject to a class in a school year (phân
 * công giảng dạy). One teacher per class and subject: a new assignment replaces the previous one.
 */
export const teachingAssignedV1 = defineEvent(
  'enrollment.teaching.assigned',
  1,
  z.strictObject({
    classId: uuid,
    schoolId: uuid,
    schoolYear: schoolYearCode,
    subjectCode,
    staffId: uuid,
    assignedAt: dateTime,
  }),
);
export type TeachingAssignedV1 = EventDataOf<typeof teachingAssignedV1>;

/**
 * `enrollment.staff-member.identity-checked` v1: a teacher's or staff member's identity was
 * checked. Carries the role at the time, so indicators of teachers count teachers only.
 */
export const staffIdentityCheckedV1 = defineEvent(
  'enrollment.staff-member.identity-checked',
  1,
  z.strictObject({
    staffId: uuid,
    schoolId: uuid,
    role: z.enum(STAFF_ROLES),
    result: z.enum(IDENTITY_CHECK_RESULTS),
    checkedAt: dateTime,
  }),
);
export type StaffIdentityCheckedV1 = EventDataOf<typeof staffIdentityCheckedV1>;

export const GRADUATION_LEVELS = ['lower-secondary', 'upper-secondary'] as const;
/** xét công nhận tốt nghiệp THCS (grade 9), thi tốt nghiệp THPT (grade 12) */
export type GraduationLevel = (typeof GRADUATION_LEVELS)[number];

/**
 * `enrollment.graduation.candidates-listed` v1: a school's candidates for lower- or
 * upper-secondary graduation in a school year (its grade-9 or grade-12 students on the roster),
 * for records and credentials. Listing again replaces the school's previous list.
 */
export const graduationCandidatesListedV1 = defineEvent(
  'enrollment.graduation.candidates-listed',
  1,
  z.strictObject({
    schoolId: uuid,
    schoolYear: schoolYearCode,
    level: z.enum(GRADUATION_LEVELS),
    studentIds: z.array(uuid).max(5000),
    listedAt: dateTime,
  }),
);
export type GraduationCandidatesListedV1 = EventDataOf<typeof graduationCandidatesListedV1>;

/**
 * A v1 `student.enrolled` read as v2 (v1 knew no classes): consumers handle one shape. Typed
 * structurally so this module needs nothing from the v1 declaration.
 */
export const studentEnrolledFromV1 = (
  v1: Omit<StudentEnrolledV2, 'classId' | 'reason'> & { reason: 'admission' | 'transfer' },
): StudentEnrolledV2 => ({ ...v1, classId: null });
