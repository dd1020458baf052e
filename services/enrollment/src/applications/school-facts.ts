import { provinceDate } from '@qn/contracts';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { inForceOn, OrgDirectory } from '@qn/org-directory';
import type { SchoolFacts } from './domain/application-rules';

const COMMUNE_LEVEL = ['commune', 'ward', 'special-zone'];

export interface ApplicationFacts {
  schools: Map<string, SchoolFacts>;
  residenceKnown: boolean;
}

/** What the rules need to know about schools and communes, from the service's copy of the registry. */
@Injectable()
export class SchoolFactsReader {
  constructor(private readonly directory: OrgDirectory) {}

  /** One query, in the caller's transaction (see OrgDirectory.getMany). */
  async read(
    schoolIds: string[],
    residenceOrgUnitId: string | null,
    at: Date,
    tx?: EntityManager,
  ): Promise<ApplicationFacts> {
    const day = provinceDate(at);
    const units = await this.directory.getMany(
      residenceOrgUnitId ? [...schoolIds, residenceOrgUnitId] : schoolIds,
      tx,
    );
    const schools = new Map<string, SchoolFacts>();
    for (const id of schoolIds) {
      const unit = units.get(id);
      if (unit?.kind === 'school' && unit.school)
        schools.set(id, { levels: unit.school.levels, inForce: inForceOn(unit, day) });
    }
    const residence = residenceOrgUnitId ? units.get(residenceOrgUnitId) : undefined;
    return {
      schools,
      residenceKnown:
        !!residence && COMMUNE_LEVEL.includes(residence.kind) && inForceOn(residence, day),
    };
  }
}
