import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { MessagingService } from '@qn/messaging';
import { createOrgUnit, OrgUnitRuleError } from '../domain/org-unit';
import { OrgUnitRepository, rethrowDuplicateCode } from '../database/org-unit.repository';
import { orgUnitChanged } from '../domain/org-unit-events';
import { CreateOrgUnitDto } from './create-org-unit.dto';
import { OrgUnitView } from '../org-unit.view';
import { idempotentTransaction } from '@qn/service-kit';

@Injectable()
export class CreateOrgUnitService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly units: OrgUnitRepository,
    private readonly messaging: MessagingService,
  ) {}

  /** Creates a unit and publishes it (same transaction, through the outbox). */
  async create(dto: CreateOrgUnitDto): Promise<OrgUnitView> {
    return idempotentTransaction(
      this.ds,
      async (tx) => {
        const parent = dto.parentId ? await this.units.findById(dto.parentId, tx) : null;
        if (dto.parentId && !parent)
          throw new OrgUnitRuleError('parentId', `no organisation unit with id ${dto.parentId}`);
        const state = createOrgUnit(
          {
            id: uuidv7(),
            code: dto.code,
            kind: dto.kind,
            name: dto.name,
            validFrom: dto.validFrom,
            school: dto.school ?? null,
          },
          parent,
        );
        const saved = await this.units.save(state, tx);
        await this.messaging.outbox.enqueue(tx, orgUnitChanged(state));
        return saved;
      },
      OrgUnitView.of,
    ).catch(rethrowDuplicateCode);
  }
}
