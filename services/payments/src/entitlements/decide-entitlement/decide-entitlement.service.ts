import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { Conflict, InvalidInput, provinceDate } from '@qn/contracts';
import { Principal } from '@qn/auth';
import { idempotentTransaction } from '@qn/service-kit';
import { endEntitlement, EntitlementRecord, grantEntitlement } from '../../obligations/domain/fees';
import { isIsoDate } from '../../shared/money';
import { StudentAccounts } from '../../accounts/student-accounts';
import { StudentNotFound } from '../../accounts/account-errors';
import { ApplyEntitlementsService } from '../apply-entitlements.service';
import { entitlementView, EntitlementsRepository, toDomain } from '../entitlements.repository';
import { EntitlementDecisionDto } from './entitlement-decision.dto';

/**
 * Entitlements approved by the school (miễn, giảm học phí; hỗ trợ chi phí học tập, ăn trưa):
 * an append-only history of decisions (a grant, later an end; never edited), applied to the
 * student's invoices by the domain's rules (the most favourable tuition rate; supports deducted
 * from the fee they offset) through balanced ledger entries. What a decision takes off an
 * invoice that was already paid becomes the family's credit.
 */
@Injectable()
export class DecideEntitlementService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly accounts: StudentAccounts,
    private readonly records: EntitlementsRepository,
    private readonly entitlements: ApplyEntitlementsService,
  ) {}

  async decide(studentId: string, dto: EntitlementDecisionDto, p: Principal) {
    if (!isIsoDate(dto.effectiveFrom))
      throw new InvalidInput([{ field: 'effectiveFrom', message: 'must be a real date' }]);
    if (!(await this.accounts.get(this.ds.manager, studentId)))
      throw new StudentNotFound(studentId);
    const now = new Date();
    return idempotentTransaction(this.ds, async (tx) => {
      const account = (await this.accounts.lock(tx, studentId))!;
      const history = (await this.records.history(tx, studentId)).map(toDomain);
      const recordId = uuidv7();
      const fields = {
        recordId,
        studentId,
        effectiveFrom: dto.effectiveFrom,
        recordedOn: provinceDate(now),
        ...(dto.decisionRef ? { decisionRef: dto.decisionRef.normalize('NFC') } : {}),
      };
      let record: EntitlementRecord;
      if (dto.action === 'grant') record = grantEntitlement(dto.category, fields);
      else {
        const grant = [...history]
          .reverse()
          .find((r) => r.category === dto.category && r.action === 'grant');
        if (!grant)
          throw new Conflict(
            'entitlement-not-granted',
            'Nothing to end',
            `${dto.category} was never granted to this student`,
          );
        record = endEntitlement(grant, fields);
      }
      await this.records.insert(tx, record, account.schoolId, p.subject);
      const applied = await this.entitlements.applyTo(tx, account, now);
      const row = await this.records.byId(tx, recordId);
      return { ...entitlementView(row!), appliedToInvoices: applied };
    });
  }
}
