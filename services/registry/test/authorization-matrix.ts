import { AuthorizationMatrix, everyPerson, matrixRow } from '@qn/testing';

/**
 * Who may do what in the registry, as data (the authorization matrix test sends every row as
 * every caller). The org tree and school years are public master data: everyone signed in
 * reads them, and so do clients holding `master-data:read`; only the department changes them.
 */
const READ = matrixRow({ ...everyPerson('A/A/A'), 'client:master-data:read': 'A/A/A' });
const PROVINCE_WRITES = matrixRow({ province: 'A/A/A' });

export const registryMatrix: AuthorizationMatrix = {
  'GET /org-units': READ,
  'GET /org-units/{id}': READ,
  'POST /org-units': PROVINCE_WRITES,
  'POST /org-units/batch': PROVINCE_WRITES,
  'POST /org-units/{id}/place-changes': PROVINCE_WRITES,
  'PATCH /org-units/{id}/school': PROVINCE_WRITES,
  'POST /org-units/{id}/end': PROVINCE_WRITES,
  'GET /school-years': READ,
  'POST /school-years': PROVINCE_WRITES,
  // Who read or changed a child's record: the department only.
  'GET /access-log': matrixRow({ province: 'A/A/A' }),
};
