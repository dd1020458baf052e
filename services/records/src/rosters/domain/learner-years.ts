/**
 * A learner's school years as records knows them from enrollment's events: one per school and
 * school year (a transfer gives the year two), with the grade, the class and how it ended.
 * Pure rules; the consumer loads the rows an event touches, applies one of these and saves.
 */

export const LEARNER_YEAR_STATUSES = [
  'enrolled',
  'promoted',
  'repeating',
  'completed-level',
  'left',
  'transferred-out',
] as const;
/**
 * enrolled: studying there; promoted / repeating / completed-level: the year closed with that
 * outcome (lên lớp, lưu ban, hoàn thành cấp học); left: thôi học; transferred-out: moved to
 * another school of the platform (chuyển trường).
 */
export type LearnerYearStatus = (typeof LEARNER_YEAR_STATUSES)[number];

export interface LearnerYear {
  studentId: string;
  schoolYear: string;
  schoolId: string;
  grade: number;
  classId: string | null;
  status: LearnerYearStatus;
  /** The enrolment reason (admission, transfer, roster, promotion, repetition), when known. */
  reason: string | null;
  /** First day at the school that year (ISO date), when known. */
  enrolledOn: string | null;
  /** First day no longer there (left or transferred out). */
  endedOn: string | null;
  transferredToSchoolId: string | null;
}

const ENDED: readonly LearnerYearStatus[] = ['left', 'transferred-out'];
const CLOSED: readonly LearnerYearStatus[] = ['promoted', 'repeating', 'completed-level'];

type Key = Pick<LearnerYear, 'studentId' | 'schoolYear' | 'schoolId'>;

function fresh({ studentId, schoolYear, schoolId }: Key, grade: number): LearnerYear {
  return {
    studentId,
    schoolYear,
    schoolId,
    grade,
    classId: null,
    status: 'enrolled',
    reason: null,
    enrolledOn: null,
    endedOn: null,
    transferredToSchoolId: null,
  };
}

/**
 * `student.enrolled` (v2, or v1 read as v2): the learner studies at the school that year. A
 * repeat changes nothing; a class the event does not name keeps the one known. An enrolment
 * dated before the year ended there (a departure or transfer out) is an older fact and leaves
 * the end in place; one from that day on is a return (re-enrolment). A closed year stays closed.
 */
export function applyEnrolled(
  current: LearnerYear | undefined,
  e: Key & { grade: number; classId: string | null; reason: string; enrolledOn: string },
): LearnerYear {
  const row = current ? { ...current } : fresh(e, e.grade);
  row.grade = e.grade;
  row.classId = e.classId ?? row.classId;
  row.reason = e.reason;
  if (ENDED.includes(row.status) && row.endedOn !== null && e.enrolledOn >= row.endedOn) {
    // Back at the school after leaving it: a new stay, from this enrolment.
    row.status = 'enrolled';
    row.endedOn = null;
    row.transferredToSchoolId = null;
    row.enrolledOn = e.enrolledOn;
  } else if (row.enrolledOn === null || e.enrolledOn < row.enrolledOn) {
    row.enrolledOn = e.enrolledOn;
  }
  return row;
}

/** `student.placed`: the learner is in the class (xếp lớp); placed means enrolled there. */
export function applyPlaced(
  current: LearnerYear | undefined,
  e: Key & { grade: number; classId: string },
): LearnerYear {
  const row = current ? { ...current } : fresh(e, e.grade);
  row.grade = e.grade;
  row.classId = e.classId;
  return row;
}

/** `student.year-closed`: the year's outcome, unless the learner had left or moved away already. */
export function applyYearClosed(
  current: LearnerYear | undefined,
  e: Key & { grade: number; outcome: 'promoted' | 'repeating' | 'completed-level' },
): LearnerYear {
  const row = current ? { ...current } : fresh(e, e.grade);
  if (!ENDED.includes(row.status)) row.status = e.outcome;
  return row;
}

/** `student.left`: no longer at the school from `leftOn`. */
export function applyLeft(
  current: LearnerYear | undefined,
  e: Key & { grade: number; leftOn: string },
): LearnerYear {
  const row = current ? { ...current } : fresh(e, e.grade);
  row.status = 'left';
  row.endedOn = e.leftOn;
  row.transferredToSchoolId = null;
  return row;
}

/**
 * `transfer.completed`: the year ends at the old school on `effectiveDate` and goes on at the
 * new one, which the learner's record reaches from now on even before its `student.enrolled`
 * (reason transfer) arrives; that event then adds the class and the reason.
 */
export function applyTransfer(
  from: LearnerYear | undefined,
  to: LearnerYear | undefined,
  e: {
    studentId: string;
    schoolYear: string;
    fromSchoolId: string;
    toSchoolId: string;
    grade: number;
    effectiveDate: string;
  },
): { from: LearnerYear; to: LearnerYear } {
  const key = { studentId: e.studentId, schoolYear: e.schoolYear };
  const old = from ? { ...from } : fresh({ ...key, schoolId: e.fromSchoolId }, e.grade);
  if (!CLOSED.includes(old.status)) {
    old.status = 'transferred-out';
    old.endedOn = e.effectiveDate;
    old.transferredToSchoolId = e.toSchoolId;
  }
  const next = to
    ? { ...to }
    : {
        ...fresh({ ...key, schoolId: e.toSchoolId }, e.grade),
        reason: 'transfer',
        enrolledOn: e.effectiveDate,
      };
  return { from: old, to: next };
}
