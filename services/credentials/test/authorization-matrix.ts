import { AuthorizationMatrix, everyPerson, matrixRow } from '@qn/testing';

/**
 * Who may do what in credentials, as data (written by a person, never derived from the policies).
 * Rows act on the fixture's lower-secondary school (its commune manages it) and its proposed
 * graduation list.
 */
export const credentialsMatrix: AuthorizationMatrix = {
  'GET /service-info': matrixRow(everyPerson('A/A/A')),
  // Who read or changed a child's personal data (the shared kit's access log): the department only.
  'GET /access-log': matrixRow({ province: 'A/A/A' }),
  // The school proposes its list (its principal; the department for any school).
  'POST /schools/{schoolId}/graduation-lists': matrixRow(
    { province: 'A/A/A', principal: 'A/D/D' },
    { body: { level: 'lower-secondary', schoolYear: '2025-2026' } },
  ),
  'GET /schools/{schoolId}/graduation-lists': matrixRow({
    province: 'A/A/A',
    commune: 'A/D/D',
    principal: 'A/D/D',
    'school-staff': 'A/D/D',
  }),
  'GET /graduation-lists/{listId}': matrixRow({
    province: 'A/A/A',
    commune: 'A/H/H',
    principal: 'A/H/H',
    'school-staff': 'A/H/H',
  }),
  // The competent authority decides: for this lower-secondary list the commune that manages the
  // school. The department passes the route's policy (it approves upper-secondary lists) and is
  // then refused by the use case (403 not-competent-authority).
  'POST /graduation-lists/{listId}/approval': matrixRow(
    { commune: 'A/H/H', province: 'D/D/D' },
    { body: { decisionReference: '15/QĐ-UBND', decidedOn: '2026-06-20' } },
  ),
  // A diploma as a PDF (personal data): the school that graduated the holder, the commune that
  // manages it, the department. The fixture's list is approved in beforeAll, so one is issued.
  'GET /credentials/{credentialId}/pdf': matrixRow({
    province: 'A/A/A',
    commune: 'A/H/H',
    principal: 'A/H/H',
  }),
};
