import {
  AuthorizationMatrix,
  everyPerson,
  Expectation,
  matrixRow,
  MatrixCaller,
} from '@qn/testing';

/**
 * Who may do what in admission, as data. The fixture: a child of the own family applied to the
 * own school (a primary school of the own commune), was offered and confirmed a place there, and
 * asked to move to the other school. Own-scope school tokens are the origin school's, other-scope
 * ones the destination's, which is why a transfer's approval reads `D/A/H`.
 */
const CHILD_READERS: Partial<Record<MatrixCaller, Expectation>> = {
  province: 'A/A/A',
  commune: 'A/H/H',
  principal: 'A/H/H',
  'school-staff': 'A/H/H',
  family: 'A/H/H',
};
const AT_SCHOOL: Partial<Record<MatrixCaller, Expectation>> = {
  province: 'A/A/A',
  principal: 'A/D/D',
  'school-staff': 'A/D/D',
};
const PROVINCE = matrixRow({ province: 'A/A/A' });
const ROUND_READ = matrixRow({
  ...everyPerson('A/A/A'),
  'client:master-data:read': 'A/A/A',
  'client:applications:submit': 'A/A/A',
});
const ON_APPLICATION = (body?: unknown) =>
  matrixRow(CHILD_READERS, body === undefined ? undefined : { body });
const TRANSFER_DECISION = (origin: boolean) =>
  matrixRow(
    {
      province: 'A/A/A',
      // The receiving school approves or rejects; the old school completes.
      principal: origin ? 'A/D/H' : 'D/A/H',
      'school-staff': origin ? 'A/D/H' : 'D/A/H',
    },
    { params: { id: '{transferId}' }, body: { note: 'x' } },
  );

export const enrollmentMatrix: AuthorizationMatrix = {
  'POST /rounds': PROVINCE,
  // Who read or changed a child's record: the department only.
  'GET /access-log': matrixRow({ province: 'A/A/A' }),
  'GET /rounds': ROUND_READ,
  'GET /rounds/{id}': ROUND_READ,
  'PUT /rounds/{roundId}/schools/{schoolId}': matrixRow(AT_SCHOOL, {
    body: { capacity: 2, catchmentOrgUnitIds: [] },
  }),
  'POST /rounds/{roundId}/simulation': PROVINCE,
  'POST /rounds/{roundId}/publication': PROVINCE,
  // Only the exam board's client sends scores, on every path.
  'POST /rounds/{roundId}/exam-scores': matrixRow(
    { 'client:exam-scores:publish': 'A/A/A' },
    { body: 'personal_id,TOAN\n', contentType: 'text/csv' },
  ),
  // Families apply for their child; staff record paper applications that list their school.
  'POST /rounds/{roundId}/applications': matrixRow(
    {
      family: 'A/A/A',
      principal: 'A/D/D',
      'school-staff': 'A/D/D',
      'client:applications:submit': 'A/A/A',
    },
    {
      body: {
        applicant: {
          personalId: '022220000099',
          fullName: 'Học sinh Ma Trận',
          dateOfBirth: '2020-01-01',
          residenceOrgUnitId: '{ownCommune}',
        },
        wishes: ['{ownSchool}'],
        priorityCategories: [],
      },
    },
  ),
  // A school names itself; a family lists its own children without naming one.
  'GET /rounds/{roundId}/applications': matrixRow(
    {
      province: 'A/A/A',
      commune: 'A/D/D',
      principal: 'A/D/D',
      'school-staff': 'A/D/D',
    },
    { query: { schoolId: '{ownSchool}' } },
  ),
  'GET /rounds/{roundId}/schools/{schoolId}/waiting-list': matrixRow({
    ...AT_SCHOOL,
    commune: 'A/D/D',
  }),
  'GET /applications/{id}': ON_APPLICATION(),
  'PATCH /applications/{id}': ON_APPLICATION({}),
  'GET /applications/{id}/offer': ON_APPLICATION(),
  'POST /applications/{id}/withdrawal': ON_APPLICATION(),
  // A school the application wished for (and, for a claim, the contested one's), or the
  // department, decides a contest; the fixture's application is not one (409, still allowed).
  'POST /applications/{id}/contest-decision': matrixRow(
    { province: 'A/A/A', principal: 'A/H/H', 'school-staff': 'A/H/H' },
    { body: { keep: 'existing', reason: 'x' } },
  ),
  // The child's family answers; the department may answer for it.
  'POST /offers/{id}/acceptance': matrixRow(
    { province: 'A/A/A', family: 'A/H/H' },
    { params: { id: '{offerId}' } },
  ),
  'POST /offers/{id}/decline': matrixRow(
    { province: 'A/A/A', family: 'A/H/H' },
    { params: { id: '{offerId}' } },
  ),
  'POST /offers/{id}/confirmation': matrixRow(
    { province: 'A/A/A', principal: 'A/H/H', 'school-staff': 'A/H/H' },
    { params: { id: '{offerId}' }, body: {} },
  ),
  // Either school, the child's family or the department may ask (a commune for a school it manages).
  'POST /transfers': matrixRow(
    {
      province: 'A/A/A',
      commune: 'A/A/H',
      principal: 'A/A/H',
      'school-staff': 'A/A/H',
      family: 'A/H/H',
    },
    {
      body: {
        studentId: '{studentId}',
        toSchoolId: '{otherSchool}',
        reason: 'Gia đình chuyển nơi cư trú',
        effectiveDate: '2026-11-02',
      },
    },
  ),
  'GET /transfers/{id}': matrixRow(
    {
      province: 'A/A/A',
      commune: 'A/A/H',
      principal: 'A/A/H',
      'school-staff': 'A/A/H',
      family: 'A/H/H',
    },
    { params: { id: '{transferId}' } },
  ),
  'POST /transfers/{id}/approval': TRANSFER_DECISION(false),
  'POST /transfers/{id}/rejection': TRANSFER_DECISION(false),
  'POST /transfers/{id}/completion': TRANSFER_DECISION(true),
  // A school's roster: the school imports it; the school, its commune and the department read it.
  'POST /schools/{schoolId}/rosters/{schoolYear}': matrixRow(AT_SCHOOL, {
    params: { schoolYear: '2025-2026' },
    query: { sheet: 'learners' },
    body: 'ma_dinh_danh,ho_ten,ngay_sinh,gioi_tinh,dan_toc,khoi\n',
    contentType: 'text/csv',
  }),
  'GET /schools/{schoolId}/rosters/{schoolYear}': matrixRow(
    { ...AT_SCHOOL, commune: 'A/D/D' },
    { params: { schoolYear: '2025-2026' } },
  ),
  // A class list by id: out of reach is the same 404 as missing; its homeroom teacher reads it.
  'GET /schools/{schoolId}/rosters/{schoolYear}/classes/{classId}': matrixRow(
    {
      province: 'A/A/A',
      commune: 'A/H/H',
      principal: 'A/H/H',
      'school-staff': 'A/H/H',
      teacher: 'A/H/H',
    },
    { params: { schoolYear: '2025-2026', classId: '{classId}' } },
  ),
  // Identity checks and the sector sync: the school's principal and office staff, the department.
  'POST /schools/{schoolId}/identity-checks': matrixRow(AT_SCHOOL),
  'GET /schools/{schoolId}/identity-checks/summary': matrixRow(AT_SCHOOL),
  'POST /schools/{schoolId}/sector-sync/batches': matrixRow(AT_SCHOOL, {
    body: { term: '2026-2027-HK1' },
  }),
  'GET /schools/{schoolId}/sector-sync/report': matrixRow(AT_SCHOOL, {
    query: { term: '2026-2027-HK1' },
  }),
  // The end of a school year and departures: the school itself, the department.
  'POST /schools/{schoolId}/rosters/{schoolYear}/year-end': matrixRow(AT_SCHOOL, {
    params: { schoolYear: '2025-2026' },
    body: {},
  }),
  'POST /schools/{schoolId}/rosters/{schoolYear}/graduation-candidates': matrixRow(AT_SCHOOL, {
    params: { schoolYear: '2025-2026' },
    body: { level: 'lower-secondary' },
  }),
  // A learner not on the roster (404 from the handler): the fixture's student stays.
  'POST /schools/{schoolId}/students/{studentId}/departure': matrixRow(AT_SCHOOL, {
    params: { studentId: '0193a000-0000-7000-8000-000000000002' },
    body: { reason: 'moved-away', leftOn: '2026-01-12' },
  }),
  // Fetching the sector database's export is an import: the school, the department.
  'POST /schools/{schoolId}/rosters/{schoolYear}/sector-import': matrixRow(AT_SCHOOL, {
    params: { schoolYear: '2025-2026' },
  }),
  // The family page: the caller's own children and their applications. Only families; any
  // family may ask (its scope is itself: one with no child here gets empty lists).
  'GET /me/children': matrixRow({ family: 'A/A/A' }),
  'GET /me/applications': matrixRow({ family: 'A/A/A' }),
};
