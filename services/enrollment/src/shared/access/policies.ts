import { Reach, RoutePolicy, UserRole } from '@qn/auth';

/**
 * Who may see a child's application, offer or transfer: the department; a commune the schools it
 * manages; a wished (or involved) school's principal and staff; the child's guardians. Teachers
 * do not take part in admission.
 */
export const ADMISSION_READERS: Partial<Record<UserRole, Reach>> = {
  province: Reach.All,
  commune: Reach.ManagedSchools,
  principal: Reach.Unit,
  'school-staff': Reach.Unit,
  family: Reach.Guardian,
};

/** School people who decide at their school (seats, confirmations, transfers in and out). */
export const SCHOOL_DECIDERS: Partial<Record<UserRole, Reach>> = {
  province: Reach.All,
  principal: Reach.Unit,
  'school-staff': Reach.Unit,
};

/**
 * Who checks identities and reads their results, and who sends a school's changes to the
 * sector database and reads its sync report: the school's principal and office staff, and the
 * department.
 */
export const IDENTITY_CHECKERS: Partial<Record<UserRole, Reach>> = SCHOOL_DECIDERS;
export const SECTOR_SYNCERS: Partial<Record<UserRole, Reach>> = SCHOOL_DECIDERS;

/** Importing a school's roster, uploaded or fetched from the sector database: the school itself, the department. */
export const IMPORT_ROSTER: RoutePolicy = {
  action: 'import',
  resource: 'roster',
  users: SCHOOL_DECIDERS,
  target: { orgUnitParam: 'schoolId' },
  personalData: true,
};
