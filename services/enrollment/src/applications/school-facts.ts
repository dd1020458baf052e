import { Injectable } from '@nestjs/common';
import { OrgDirectory } from '@qn/org-directory';
import type { SchoolFacts } from './domain/application-rules';

const COMMUNE_LEVEL = ['commune', 'ward', 'special-zone'];
const todayInVietnam = (at: Date) => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Ho_Chi_Minh' }).format(at);
const inForce = (u: { validFrom: string; validTo: string | null }, day: string) => u.validFrom <= day && (u.validTo === null || day < u.validTo);

/** What the rules need to know about schools and communes, from the service's copy of the registry. */
@Injectable()
export class SchoolFactsReader {
  constructor(private readonly directory: OrgDirectory) {}

  async schools(ids: string[], at: Date): Promise<Map<string, SchoolFacts>> {
    const day = todayInVietnam(at);
    const facts = new Map<string, SchoolFacts>();
    for (const id of new Set(ids)) {
      const unit = await this.directory.get(id);
      if (unit?.kind === 'school' && unit.school) facts.set(id, { levels: unit.school.levels, inForce: inForce(unit, day) });
    }
    return facts;
  }

  async isResidenceUnit(id: string, at: Date): Promise<boolean> {
    const unit = await this.directory.get(id);
    return !!unit && COMMUNE_LEVEL.includes(unit.kind) && inForce(unit, todayInVietnam(at));
  }
}
