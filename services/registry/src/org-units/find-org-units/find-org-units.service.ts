import { Injectable } from '@nestjs/common';
import { OrgUnitRepository } from '../database/org-unit.repository';
import { OrgUnitNotFound } from '../domain/org-unit-errors';
import { OrgUnitView } from '../org-unit.view';
import { FindOrgUnitsQuery, OrgUnitPage } from './find-org-units.dto';

/** Reads of the organisation tree: a page of units by filter, or one unit by id. */
@Injectable()
export class FindOrgUnitsService {
  constructor(private readonly units: OrgUnitRepository) {}

  async list(q: FindOrgUnitsQuery): Promise<OrgUnitPage> {
    const { items, total } = await this.units.list(q);
    return { items: items.map(OrgUnitView.of), total };
  }

  async get(id: string): Promise<OrgUnitView> {
    const unit = await this.units.findById(id);
    if (!unit) throw new OrgUnitNotFound(id);
    return OrgUnitView.of(unit);
  }
}
