import { AuthorizationMatrix, everyPerson, matrixRow } from '@qn/testing';

/**
 * Who may do what in credentials, as data (written by a person, never derived from the
 * policies). Rows act on the fixture's register of the own school (a lower-secondary school, so
 * its commune manages it) and one of its entries.
 */
const REGISTER_KEEPERS = { province: 'A/A/A', commune: 'A/H/H' } as const;

export const credentialsMatrix: AuthorizationMatrix = {
  'GET /service-info': matrixRow(everyPerson('A/A/A')),
  // Who read or changed personal data (the shared kit's access log): the department only.
  'GET /access-log': matrixRow({ province: 'A/A/A' }),
  // Creating a historic register: the department anywhere, a commune for a school it manages
  // (the body names the school: another commune's answer is 403, not 404).
  'POST /registers': matrixRow(
    { province: 'A/A/A', commune: 'A/D/D' },
    {
      body: {
        kind: 'lower-secondary-diploma',
        authorityName: 'Phòng GDĐT',
        schoolId: '{schoolId}',
        schoolName: 'Trường THCS',
        graduationYear: 1999,
        registerCode: 'MATRIX-1999',
        expectedEntries: 10,
        archiveReference: 'hộp 1',
      },
    },
  ),
  // Registers' metadata and counts of a school: its keepers and its principal.
  'GET /registers': matrixRow(
    { province: 'A/A/A', commune: 'A/D/D', principal: 'A/D/D' },
    { query: { schoolId: '{schoolId}' } },
  ),
  // Importing entries: the keepers (the body is a bad file: 422 once past the policy).
  'POST /registers/{registerId}/entries/import': matrixRow(REGISTER_KEEPERS, {
    body: 'so_vao_so,ho_ten\n',
  }),
  // Entries (names, dates of birth): the keepers and the school's principal, access-logged.
  'GET /registers/{registerId}/entries': matrixRow({ ...REGISTER_KEEPERS, principal: 'A/H/H' }),
  // Reviewing an entry: the keepers (a bad state: 422 once past the policy).
  'PUT /register-entries/{entryId}/review': matrixRow(REGISTER_KEEPERS, {
    body: { state: 'maybe' },
  }),
};
