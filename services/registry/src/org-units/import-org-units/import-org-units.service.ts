import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { MessagingService } from '@qn/messaging';
import { idempotentTransaction } from '@qn/service-kit';
import { codesNamedBy, planOrgUnitBatch } from '../domain/org-unit-batch';
import { orgUnitBatchRejected } from '../domain/org-unit-errors';
import { orgUnitChanged } from '../domain/org-unit-events';
import { OrgUnitRepository, rethrowDuplicateCode } from '../database/org-unit.repository';
import { ImportOrgUnitsDto, ImportOrgUnitsResultDto } from './import-org-units.dto';

@Injectable()
export class ImportOrgUnitsService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly units: OrgUnitRepository,
    private readonly messaging: MessagingService,
  ) {}

  /**
   * Imports a batch in one transaction, all or nothing: the new units and one
   * `registry.org-unit.changed` per new unit (its state with the history the item gave), through
   * the outbox. Units already in the registry exactly as sent are left alone (no event).
   */
  async import(dto: ImportOrgUnitsDto): Promise<ImportOrgUnitsResultDto> {
    return idempotentTransaction(this.ds, async (tx) => {
      const stored = await this.units.findByCodes(codesNamedBy(dto.items), tx);
      const existing = new Map(stored.map((e) => [e.code, OrgUnitRepository.toState(e)]));
      const { outcomes, problems } = planOrgUnitBatch(dto.items, existing, uuidv7);
      if (problems.length) throw orgUnitBatchRejected(problems);
      const created = outcomes.filter((o) => o.status === 'created').map((o) => o.state);
      await this.units.insertMany(created, tx);
      await this.messaging.outbox.enqueue(
        tx,
        created.map((state) => orgUnitChanged(state)),
      );
      return {
        created: created.length,
        unchanged: outcomes.length - created.length,
        items: outcomes.map((o) => ({ code: o.state.code, id: o.state.id, status: o.status })),
      };
    }).catch(rethrowDuplicateCode);
  }
}
