import { Injectable } from '@nestjs/common';
import { Conflict, type GraduationLevel } from '@qn/contracts';
import { OrgDirectory } from '@qn/org-directory';
import {
  competentAuthority,
  type CompetentAuthority,
  type UnitInfo,
} from './domain/competent-authority';

/** A school as issuance needs it: its name and the authority competent for a level. */
export interface SchoolAuthority {
  schoolName: string;
  authority: CompetentAuthority;
}

/** Finds the competent authority of a school from the service's copy of the org tree. */
@Injectable()
export class SchoolAuthorityFinder {
  constructor(private readonly org: OrgDirectory) {}

  async find(
    schoolId: string,
    level: GraduationLevel,
    at: Date = new Date(),
  ): Promise<SchoolAuthority> {
    const school = await this.org.get(schoolId);
    if (!school)
      throw new Conflict(
        'school-unknown',
        'The school is not in the org tree yet',
        'credentials has not received the registry’s unit for this school',
      );
    const ids = await this.org.ancestorsOf(schoolId, at);
    const units = await this.org.getMany(ids);
    const ancestry: UnitInfo[] = ids.flatMap((id) => {
      const u = units.get(id);
      return u ? [{ id: u.id, kind: u.kind, name: u.name, code: u.code }] : [];
    });
    const found = competentAuthority(level, ancestry, await this.org.isDepartmentManaged(schoolId));
    if (!found.ok)
      throw new Conflict(found.code, 'The school has no competent authority in the org tree');
    return { schoolName: school.name, authority: found.authority };
  }
}
