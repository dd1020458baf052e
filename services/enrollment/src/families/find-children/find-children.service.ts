import { Injectable } from '@nestjs/common';
import { provinceDate } from '@qn/contracts';
import { nameOn, OrgDirectory } from '@qn/org-directory';
import { childrenView } from '../domain/family-views';
import { FamilyRepository } from '../family.repository';

/** A family's children in the learner register (con của tôi). */
@Injectable()
export class FindChildrenService {
  constructor(
    private readonly families: FamilyRepository,
    private readonly directory: OrgDirectory,
  ) {}

  async childrenOf(guardianSubject: string) {
    const rows = await this.families.childrenOf(guardianSubject);
    const schools = await this.directory.getMany(rows.map((r) => r.schoolId));
    const today = provinceDate();
    return { items: childrenView(rows, (id) => nameOn(schools.get(id), today)) };
  }
}
