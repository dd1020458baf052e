import { AuthorizationMatrix, everyPerson, matrixRow } from '@qn/testing';

/**
 * Who may do what in credentials, as data (written by a person, never derived from the
 * policies). Rows act on the fixture's lower-secondary school of the own commune: its historic
 * register and one of its entries (the register names no authority unit, so the department is
 * the competent authority for it), and its proposed graduation list.
 */
const REGISTER_KEEPERS = { province: 'A/A/A', commune: 'A/H/H' } as const;
// Decisions on the historic entry: the commune reaches it (its school) but is not competent for
// a register kept by a unit that no longer exists (403 from the use case); the department is.
const ENTRY_DECIDERS = { province: 'A/A/A', commune: 'D/H/H' } as const;

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
  'POST /register-entries/{entryId}/revocation': matrixRow(ENTRY_DECIDERS, {
    body: { decisionReference: '45/QĐ-SGDĐT', reason: 'issued-in-error' },
  }),
  'POST /register-entries/{entryId}/suspension': matrixRow(ENTRY_DECIDERS, {
    body: { decisionReference: '44/QĐ-SGDĐT', reason: 'under-investigation' },
  }),
  'POST /register-entries/{entryId}/reinstatement': matrixRow(ENTRY_DECIDERS, {
    body: { decisionReference: '46/QĐ-SGDĐT' },
  }),
  'POST /register-entries/{entryId}/corrections': matrixRow(ENTRY_DECIDERS, {
    body: {
      decisionReference: '47/QĐ-SGDĐT',
      reason: 'Giấy khai sinh ghi khác',
      changes: { placeOfBirth: 'Hạ Long' },
    },
  }),
  'POST /register-entries/{entryId}/reissues': matrixRow(ENTRY_DECIDERS, {
    body: { reason: 'lost' },
  }),
  // Certified copies from the register: its keepers (the competent one issues them).
  'POST /register-entries/{entryId}/certified-copies': matrixRow(ENTRY_DECIDERS, {
    body: { copies: 1, requester: 'holder' },
  }),
  'GET /certified-copies/{copyId}/pdf': matrixRow({ province: 'A/A/A', commune: 'A/H/H' }),
  // The school proposes its graduation list (its principal; the department for any school).
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
