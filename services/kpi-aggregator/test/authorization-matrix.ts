import {
  AuthorizationMatrix,
  everyPerson,
  Expectation,
  matrixRow,
  MatrixCaller,
} from '@qn/testing';

/**
 * Who may read what from the aggregator, as data. Figures name no child, so a commune sees its
 * whole tree (its department-managed schools' figures included); school people see their school;
 * families read the public dashboard, not the API. Rows act on the fixture's own school.
 */
const UNIT_READERS: Partial<Record<MatrixCaller, Expectation>> = {
  province: 'A/A/A',
  commune: 'A/D/D',
  principal: 'A/D/D',
  'school-staff': 'A/D/D',
  teacher: 'A/D/D',
};
const ON_SCHOOL = matrixRow(UNIT_READERS);
const ON_SCHOOL_QUERY = (query: Record<string, string>) => matrixRow(UNIT_READERS, { query });
const PROVINCE_ONLY = matrixRow({ province: 'A/A/A' });

export const kpiMatrix: AuthorizationMatrix = {
  'GET /indicators': matrixRow({ ...everyPerson('A/A/A'), 'client:master-data:read': 'A/A/A' }),
  'GET /indicators/{code}/values': ON_SCHOOL_QUERY({ orgUnitId: '{ownSchool}' }),
  'GET /indicators/{code}/series': ON_SCHOOL_QUERY({ orgUnitId: '{ownSchool}' }),
  // The facts behind a figure: the same readers and scope as the figure.
  'GET /indicators/{code}/facts': ON_SCHOOL_QUERY({ orgUnitId: '{ownSchool}' }),
  // The roots the caller may start from: its own unit (any unit), none without one.
  'GET /org-units': matrixRow({
    province: 'A/A/A',
    commune: 'A/A/D',
    principal: 'A/A/D',
    'school-staff': 'A/A/D',
    teacher: 'A/A/D',
  }),
  'GET /org-units/{id}': ON_SCHOOL,
  'GET /org-units/{id}/children': ON_SCHOOL,
  'GET /org-units/{id}/school-counts': ON_SCHOOL,
  'GET /projections': PROVINCE_ONLY,
  // Who read or changed a child's record: the department only.
  'GET /access-log': matrixRow({ province: 'A/A/A' }),
  'POST /projections/rebuild': PROVINCE_ONLY,
  'GET /reports/{schoolYear}/{report}/export': ON_SCHOOL_QUERY({
    orgUnitId: '{ownSchool}',
    format: 'csv',
  }),
  'GET /reports/{schoolYear}/{report}/completeness': ON_SCHOOL_QUERY({ orgUnitId: '{ownSchool}' }),
  // The unit that reports is named in the body; teachers do not submit reports.
  'POST /reports/{schoolYear}/{report}/submissions': matrixRow(
    {
      province: 'A/A/A',
      commune: 'A/D/D',
      principal: 'A/D/D',
      'school-staff': 'A/D/D',
    },
    { body: { orgUnitId: '{ownSchool}' } },
  ),
};
