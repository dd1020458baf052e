import { provinceDate, RuleViolation } from '@qn/contracts';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { OrgDirectory } from '@qn/org-directory';
import { idempotentTransaction } from '@qn/service-kit';
import { LEVEL_FOR_GRADE } from '../../applications/domain/application-rules';
import { RoundRepository, RoundSchool } from '../round.repository';
import { RoundPublished } from '../domain/round-errors';
import { SetSchoolSeatsDto } from './set-school-seats.dto';
import { normaliseLocalityName, residentialAreaKey } from '../../shared/assignment/catchment';

const COMMUNE_LEVEL = ['commune', 'ward', 'special-zone'];

@Injectable()
export class SetSchoolSeatsService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly rounds: RoundRepository,
    private readonly directory: OrgDirectory,
  ) {}

  async set(roundId: string, schoolId: string, dto: SetSchoolSeatsDto): Promise<RoundSchool> {
    return idempotentTransaction(this.ds, async (tx) => {
      const round = await this.rounds.getOrFail(roundId, tx, true);
      // After publication the places are promised to families: they no longer change.
      if (round.status === 'published')
        throw new RoundPublished('seats cannot change after the results are published');
      const school = await this.directory.get(schoolId, tx);
      const errors: Array<{ field: string; message: string }> = [];
      if (!school || school.kind !== 'school')
        errors.push({ field: 'schoolId', message: 'is not a school known to the registry' });
      else if (!school.school?.levels.includes(LEVEL_FOR_GRADE[round.grade]))
        errors.push({
          field: 'schoolId',
          message: `this school does not teach grade ${round.grade}`,
        });
      else if (school.validTo !== null && school.validTo <= provinceDate())
        errors.push({ field: 'schoolId', message: 'this school has closed' });
      for (const [i, id] of dto.catchmentOrgUnitIds.entries()) {
        const unit = await this.directory.get(id, tx);
        if (!unit || !COMMUNE_LEVEL.includes(unit.kind))
          errors.push({
            field: `catchmentOrgUnitIds.${i}`,
            message: 'is not a commune, ward or special zone',
          });
      }
      const localities = new Map<string, { orgUnitId: string; locality: string }>();
      for (const [i, l] of (dto.catchmentLocalities ?? []).entries()) {
        const unit = await this.directory.get(l.orgUnitId, tx);
        const locality = normaliseLocalityName(l.locality);
        if (!unit || !COMMUNE_LEVEL.includes(unit.kind))
          errors.push({
            field: `catchmentLocalities.${i}.orgUnitId`,
            message: 'is not a commune, ward or special zone',
          });
        else if (!locality)
          errors.push({ field: `catchmentLocalities.${i}.locality`, message: 'must not be blank' });
        else {
          // The first spelling of a locality is kept: "Khu  2" and "khu 2" are one.
          const key = residentialAreaKey({ orgUnitId: l.orgUnitId, locality });
          if (!localities.has(key)) localities.set(key, { orgUnitId: l.orgUnitId, locality });
        }
      }
      if (errors.length)
        throw RuleViolation.ofFields('seats-rule', 'The seats cannot be set', errors);
      const seats: RoundSchool = {
        schoolId,
        capacity: dto.capacity,
        catchmentOrgUnitIds: [...new Set(dto.catchmentOrgUnitIds)],
        catchmentLocalities: [...localities.values()],
      };
      await this.rounds.upsertSchool(tx, roundId, seats);
      return seats;
    });
  }
}
