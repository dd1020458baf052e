import { Reach, RoutePolicy } from '@qn/auth';

/**
 * A school proposes its graduation list (danh sách đề nghị công nhận tốt nghiệp): its principal.
 * The department may too, for any school (a school without a principal's account).
 */
export const PROPOSE_GRADUATION_LIST: RoutePolicy = {
  action: 'propose',
  resource: 'graduation-list',
  users: { principal: Reach.Unit, province: Reach.All },
  target: { orgUnitParam: 'schoolId' },
};

/** Reading a school's lists (ids, counts, the decision): the school, its commune, the department. */
export const READ_GRADUATION_LISTS: RoutePolicy = {
  action: 'read',
  resource: 'graduation-list',
  users: {
    principal: Reach.Unit,
    'school-staff': Reach.Unit,
    commune: Reach.ManagedSchools,
    province: Reach.All,
  },
  target: { orgUnitParam: 'schoolId' },
};

/** One list with its members (student ids and the diplomas issued to them). */
export const READ_GRADUATION_LIST: RoutePolicy = {
  action: 'read',
  resource: 'graduation-list',
  users: {
    principal: Reach.Unit,
    'school-staff': Reach.Unit,
    commune: Reach.ManagedSchools,
    province: Reach.All,
  },
  target: { idParam: 'listId' },
};

/**
 * Approving a list is the competent authority's decision (quyết định công nhận tốt nghiệp): a
 * commune for the lower-secondary schools it manages, the department for upper secondary. The
 * policy lets both roles reach the list; the use case then requires the one competent for its level.
 */
export const APPROVE_GRADUATION_LIST: RoutePolicy = {
  action: 'approve',
  resource: 'graduation-list',
  users: { commune: Reach.ManagedSchools, province: Reach.All },
  target: { idParam: 'listId' },
};

/**
 * The authority's decisions on a register entry (revoke, suspend, reinstate, correct, reissue):
 * the commune reaches the entries of the schools it manages, the department every entry; the use
 * case then requires the one competent for the entry (`competence.ts`).
 */
export const DECIDE_ON_ENTRY: RoutePolicy = {
  action: 'decide',
  resource: 'register-entry',
  users: { commune: Reach.ManagedSchools, province: Reach.All },
  target: { idParam: 'entryId' },
  personalData: true,
};

/**
 * A diploma's printable PDF (with the signed credential attached): the principal of the school
 * that graduated the holder, the commune that manages it, the department. It prints the holder's
 * name and date of birth: every read goes to the access log.
 */
export const READ_DIPLOMA_PDF: RoutePolicy = {
  action: 'read',
  resource: 'credential',
  users: { principal: Reach.Unit, commune: Reach.ManagedSchools, province: Reach.All },
  target: { idParam: 'credentialId' },
  personalData: true,
};

/** Issuing certified copies from the register: its keepers (the use case requires the competent one). */
export const ISSUE_CERTIFIED_COPY: RoutePolicy = {
  action: 'issue-certified-copy',
  resource: 'register-entry',
  users: { commune: Reach.ManagedSchools, province: Reach.All },
  target: { idParam: 'entryId' },
  personalData: true,
};

/** A certified copy's printable page: the register's keepers. */
export const READ_CERTIFIED_COPY: RoutePolicy = {
  action: 'read',
  resource: 'certified-copy',
  users: { commune: Reach.ManagedSchools, province: Reach.All },
  target: { idParam: 'copyId' },
  personalData: true,
};
