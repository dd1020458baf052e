import {
  AuthorizationMatrix,
  everyPerson,
  Expectation,
  matrixRow,
  MatrixCaller,
  MatrixRequest,
} from '@qn/testing';

/**
 * Who may do what with a student's money, as data. Rows act on the fixture's student at the own
 * school (a primary school, so its commune manages it); the own-scope family is the student's
 * guardian (announced by enrollment), the others are not.
 */
const READERS: Partial<Record<MatrixCaller, Expectation>> = {
  province: 'A/A/A',
  commune: 'A/H/H',
  principal: 'A/H/H',
  'school-staff': 'A/H/H',
  family: 'A/H/H',
  'client:payments:read': 'A/H/H',
};
const KEEPERS: Partial<Record<MatrixCaller, Expectation>> = {
  province: 'A/A/A',
  principal: 'A/H/H',
  'school-staff': 'A/H/H',
};
const REFERENCE = matrixRow({
  ...everyPerson('A/A/A'),
  'client:master-data:read': 'A/A/A',
  'client:payments:read': 'A/A/A',
});
const write = (
  e: Partial<Record<MatrixCaller, Expectation>>,
  body: unknown = {},
): ReturnType<typeof matrixRow> => matrixRow(e, { body } satisfies MatrixRequest);

export const paymentsMatrix = (statementCsv: string): AuthorizationMatrix => ({
  'PUT /fee-catalogues/{schoolYear}': write({ province: 'A/A/A' }),
  // The school sets its own fees: a school in the path outside the caller's scope is refused.
  'PUT /fee-catalogues/{schoolYear}/schools/{schoolId}': write({
    province: 'A/A/A',
    principal: 'A/D/D',
    'school-staff': 'A/D/D',
  }),
  'GET /fee-catalogues/{schoolYear}': REFERENCE,
  'GET /entitlement-categories': REFERENCE,
  // Who read or changed a child's record: the department only.
  'GET /access-log': matrixRow({ province: 'A/A/A' }),
  // The school named in the body must be the caller's.
  'POST /billing-runs': write(
    { province: 'A/A/A', principal: 'A/D/D', 'school-staff': 'A/D/D' },
    { schoolYear: '{schoolYear}', term: 1, schoolId: '{schoolId}' },
  ),
  'PUT /students/{studentId}/services': write(KEEPERS),
  'GET /invoices/{id}': matrixRow(READERS),
  // The school's own collection account: a school in the path outside the caller's scope is refused.
  'PUT /schools/{schoolId}/collection-account': write(
    { province: 'A/A/A', principal: 'A/D/D', 'school-staff': 'A/D/D' },
    { bankBin: '970415', accountNumber: '113000123456', accountName: 'TRUONG TIEU HOC MATRIX' },
  ),
  'GET /schools/{schoolId}/collection-account': matrixRow({
    province: 'A/A/A',
    commune: 'A/D/D',
    principal: 'A/D/D',
    'school-staff': 'A/D/D',
  }),
  'GET /invoices/{id}/vietqr': matrixRow(READERS),
  'GET /invoices/{id}/vietqr.png': matrixRow(READERS),
  'GET /students/{studentId}/account': matrixRow(READERS),
  'GET /students/{studentId}/entitlements': matrixRow(READERS),
  'POST /students/{studentId}/entitlements': write(KEEPERS),
  'POST /invoices/{id}/cancel': write(KEEPERS),
  // Cash is taken at the school's own desk only.
  'POST /invoices/{id}/cash-payments': write({ principal: 'A/H/H', 'school-staff': 'A/H/H' }),
  'POST /students/{studentId}/refunds': write(KEEPERS),
  'POST /invoices/{id}/gateway-orders': write({
    province: 'A/A/A',
    principal: 'A/H/H',
    'school-staff': 'A/H/H',
    family: 'A/H/H',
  }),
  // A school's staff list their own students' exceptions (none without a school).
  'GET /payment-exceptions': matrixRow({
    province: 'A/A/A',
    principal: 'A/A/D',
    'school-staff': 'A/A/D',
  }),
  'GET /payment-exceptions/{id}': matrixRow(KEEPERS, { params: { id: '{exceptionId}' } }),
  'POST /payment-exceptions/{id}/resolve': matrixRow(KEEPERS, {
    params: { id: '{exceptionId}' },
    body: { resolution: 'dismissed', note: 'x' },
  }),
  // A statement that pays the own school's student: refused to anyone who cannot book for it.
  'POST /reconciliation/statements': matrixRow(
    {
      province: 'A/A/A',
      principal: 'A/D/D',
      'school-staff': 'A/D/D',
      'client:statements:import': 'A/D/D',
    },
    { body: statementCsv, contentType: 'text/csv' },
  ),
  'GET /reconciliation/reports/daily': matrixRow({
    province: 'A/A/A',
    principal: 'A/A/A',
    'school-staff': 'A/A/A',
    'client:payments:read': 'A/A/A',
  }),
});
