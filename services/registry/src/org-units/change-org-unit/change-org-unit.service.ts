import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { MessagingService } from '@qn/messaging';
import { idempotentTransaction } from '@qn/service-kit';
import { OrgUnitView } from '../org-unit.view';
import {
  changePlace,
  changeSchoolAttributes,
  endOrgUnit,
  OrgUnitRuleError,
  OrgUnitState,
} from '../domain/org-unit';
import { OrgUnitRepository, rethrowDuplicateCode } from '../database/org-unit.repository';
import { OrgUnitEntity } from '../database/org-unit.entity';
import { orgUnitChanged } from '../domain/org-unit-events';
import { OrgUnitNotFound } from '../domain/org-unit-errors';
import { ChangePlaceDto, ChangeSchoolDto, EndOrgUnitDto } from './change-org-unit.dto';

/** Every change to an existing unit: lock the row, apply the domain rule, save, publish. */
@Injectable()
export class ChangeOrgUnitService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly units: OrgUnitRepository,
    private readonly messaging: MessagingService,
  ) {}

  changePlace(id: string, dto: ChangePlaceDto): Promise<OrgUnitView> {
    return this.change(id, async (unit, tx) => {
      let parent: OrgUnitEntity | null | undefined;
      if (dto.parentId !== undefined) {
        parent = dto.parentId === null ? null : await this.units.findById(dto.parentId, tx);
        if (dto.parentId && !parent)
          throw new OrgUnitRuleError('parentId', `no organisation unit with id ${dto.parentId}`);
      }
      return changePlace(unit, { effectiveFrom: dto.effectiveFrom, name: dto.name, parent });
    });
  }

  changeSchool(id: string, dto: ChangeSchoolDto): Promise<OrgUnitView> {
    return this.change(id, async (unit) => changeSchoolAttributes(unit, dto));
  }

  end(id: string, dto: EndOrgUnitDto): Promise<OrgUnitView> {
    return this.change(id, async (unit, tx) => {
      const successors = await this.units.findByIds(dto.successorIds, tx);
      const missing = dto.successorIds.filter((s) => !successors.some((u) => u.id === s));
      if (missing.length)
        throw new OrgUnitRuleError(
          'successorIds',
          `no organisation unit with id ${missing.join(', ')}`,
        );
      return endOrgUnit(unit, dto.validTo, successors);
    });
  }

  private change(
    id: string,
    apply: (unit: OrgUnitState, tx: EntityManager) => Promise<OrgUnitState>,
  ): Promise<OrgUnitView> {
    return idempotentTransaction(
      this.ds,
      async (tx) => {
        const row = await this.units.findForUpdate(id, tx);
        if (!row) throw new OrgUnitNotFound(id);
        const next = await apply(OrgUnitRepository.toState(row), tx);
        const saved = await this.units.save(next, tx);
        await this.messaging.outbox.enqueue(tx, orgUnitChanged(next));
        return saved;
      },
      OrgUnitView.of,
    ).catch(rethrowDuplicateCode);
  }
}
