import { NotFound, OrgUnitChangedV1 } from '@qn/contracts';
import { OrgDirectory, OrgUnitRecord } from '@qn/org-directory';
import type { EntityManager } from 'typeorm';

export type SchoolRecord = OrgUnitRecord & { school: NonNullable<OrgUnitChangedV1['school']> };

/** The school from the registry copy, or 404 `school-unknown` (not a school, or not known yet). */
export async function schoolOrFail(
  directory: OrgDirectory,
  schoolId: string,
  tx?: EntityManager,
): Promise<SchoolRecord> {
  const unit = await directory.get(schoolId, tx);
  if (!unit?.school)
    throw new NotFound(
      'school-unknown',
      'No such school',
      'the registry has no school with this id',
    );
  return unit as SchoolRecord;
}
