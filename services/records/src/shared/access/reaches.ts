import { Reach, RoutePolicy, UserRole } from '@qn/auth';

/**
 * Who reaches a class of a school (its list, later its gradebook): the department everywhere; a
 * commune the schools it manages (preschools, primary and lower-secondary schools under the
 * 2025 two-tier rules, never upper-secondary ones: `Reach.ManagedSchools` and the service's copy
 * of the org tree); a school's principal and office staff their school; a teacher the classes
 * they teach a subject to or are the homeroom teacher of (the roster projection's teaching
 * directory). Families reach no class, only their own children's records.
 */
export const CLASS_READERS: Partial<Record<UserRole, Reach>> = {
  province: Reach.All,
  commune: Reach.ManagedSchools,
  principal: Reach.Unit,
  'school-staff': Reach.Unit,
  teacher: Reach.Classes,
};

/**
 * Who reaches a learner's record (học bạ): the same as a class's, over every school and class the
 * learner was at (the receiving school after a transfer included), and the learner's guardians.
 */
export const LEARNER_RECORD_READERS: Partial<Record<UserRole, Reach>> = {
  ...CLASS_READERS,
  family: Reach.Guardian,
};

/** Reading a class's roster (its learners by student id and its teachers): ids only. */
export const READ_CLASS_ROSTER: RoutePolicy = {
  action: 'read',
  resource: 'class',
  users: CLASS_READERS,
  target: { idParam: 'classId' },
};

/** A class's marks (a child's personal data: every read in the access log). */
export const READ_GRADEBOOK: RoutePolicy = {
  action: 'read',
  resource: 'class',
  users: CLASS_READERS,
  target: { idParam: 'classId' },
  personalData: true,
};

/**
 * Entering marks: teachers of the class only (the use case then requires the subject's own
 * teacher); principals, staff and officials read but never write a teacher's marks.
 */
export const RECORD_MARKS: RoutePolicy = {
  action: 'record-marks',
  resource: 'class',
  users: { teacher: Reach.Classes },
  target: { idParam: 'classId' },
  personalData: true,
};

/**
 * Entering a class's conduct, absences and remarks for a term: the class's teachers pass the
 * policy (the use case then requires its homeroom teacher).
 */
export const RECORD_CONDUCT: RoutePolicy = { ...RECORD_MARKS, action: 'record-conduct' };

/**
 * Signing a class's term (and, at term 2, every learner's học bạ): the school's principal (the
 * use case requires the roster's active principal of the class's school).
 */
export const SIGN_CLASS_TERM: RoutePolicy = {
  action: 'sign-class-term',
  resource: 'class',
  users: { principal: Reach.Unit },
  target: { idParam: 'classId' },
  personalData: true,
};

/** A learner's học bạ (records, versions, the PDF): every read in the access log. */
export const READ_LEARNER_RECORDS: RoutePolicy = {
  action: 'read',
  resource: 'learner-record',
  users: LEARNER_RECORD_READERS,
  target: { idParam: 'studentId' },
  personalData: true,
};

/** Correcting a signed học bạ: the principal (the use case requires the record's school's). */
export const CORRECT_RECORD: RoutePolicy = {
  action: 'correct-record',
  resource: 'learner-record',
  users: { principal: Reach.Unit },
  target: { idParam: 'studentId' },
  personalData: true,
};

/**
 * A school's export of a term's results to the sector database (who was sent, accepted,
 * rejected, missing, by student id): the department, the commune of a school it manages, the
 * school's principal and staff. Teachers and families: no.
 */
export const READ_SECTOR_EXPORT: RoutePolicy = {
  action: 'read',
  resource: 'sector-export',
  users: {
    province: Reach.All,
    commune: Reach.ManagedSchools,
    principal: Reach.Unit,
    'school-staff': Reach.Unit,
  },
  target: { orgUnitParam: 'schoolId' },
  personalData: true,
};
