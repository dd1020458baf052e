import { InvalidInput } from '@qn/contracts';
import type { AccessContext } from '@qn/auth';
import type { OrgDirectory } from '@qn/org-directory';
import { NoOrgTreeYet } from '../shared/org-unit-errors';

/**
 * The caller's unit to report on: the one asked for (the guard checked its scope), else its own,
 * or the province root for the department.
 */
export async function unitToReportOn(
  directory: OrgDirectory,
  access: AccessContext,
  orgUnitId: string | undefined,
  day: string,
): Promise<string> {
  let unitId = orgUnitId;
  if (unitId === undefined) {
    const scope = access.unitFilter();
    unitId = 'all' in scope ? (await directory.roots(day))[0]?.id : scope.withinOrgUnitId;
    if (!unitId) throw new NoOrgTreeYet();
  } else if (!/^[0-9a-f-]{36}$/i.test(unitId)) {
    throw InvalidInput.of('orgUnitId', 'must be a UUID');
  }
  // No second scope check: the policy guard checked a unit named in the query, and the default
  // is the caller's own unit (or the province root for the department).
  return unitId;
}
