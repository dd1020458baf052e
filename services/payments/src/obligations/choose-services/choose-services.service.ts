import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { InvalidInput } from '@qn/contracts';
import { Principal } from '@qn/auth';
import { idempotentTransaction } from '@qn/service-kit';
import { StudentAccounts } from '../../accounts/student-accounts';
import { StudentNotFound } from '../../accounts/account-errors';
import { FeeCatalogueRepository } from '../../catalogue/fee-catalogue.repository';
import { CatalogueNotFound } from '../../catalogue/catalogue-errors';
import { StudentBillingService } from '../bill-student/student-billing.service';

@Injectable()
export class ChooseServicesService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly catalogues: FeeCatalogueRepository,
    private readonly accounts: StudentAccounts,
    private readonly billing: StudentBillingService,
  ) {}

  /**
   * Records the voluntary services (khoản thu dịch vụ tự nguyện, NQ 34/2021) the family signed
   * up for, and re-bills the student from `term` on: the term's invoice is replaced by one with
   * the new lines (what was paid carries over as credit). Earlier terms are not touched.
   */
  async setServices(
    studentId: string,
    dto: { schoolYear: string; term: number; serviceCodes: string[] },
    _p: Principal,
  ) {
    const pre = await this.accounts.get(this.ds.manager, studentId);
    if (!pre) throw new StudentNotFound(studentId);
    const catalogue = await this.catalogues.catalogueFor(dto.schoolYear, [pre.schoolId]);
    if (!catalogue) throw new CatalogueNotFound(dto.schoolYear);
    const voluntary = new Set(catalogue.items.filter((i) => !i.mandatory).map((i) => i.code));
    const unknown = dto.serviceCodes.filter((c) => !voluntary.has(c));
    if (unknown.length)
      throw new InvalidInput([
        {
          field: 'serviceCodes',
          message: `not voluntary services of this school: ${unknown.join(', ')}`,
        },
      ]);
    return idempotentTransaction(this.ds, async (tx) => {
      const account = (await this.accounts.lock(tx, studentId))!;
      account.optedInServices = [...new Set(dto.serviceCodes)];
      await tx.query(
        `UPDATE student_account SET opted_in_services = $2, updated_at = now() WHERE student_id = $1`,
        [studentId, account.optedInServices],
      );
      const term = catalogue.calendar.terms.find((t) => t.term === dto.term)!;
      await this.billing.syncFrom(tx, account, dto.schoolYear, term.from, new Date());
      return {
        studentId,
        schoolYear: dto.schoolYear,
        fromTerm: dto.term,
        serviceCodes: account.optedInServices,
      };
    });
  }
}
