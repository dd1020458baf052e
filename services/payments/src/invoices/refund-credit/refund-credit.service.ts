import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { InvalidInput } from '@qn/contracts';
import { Principal } from '@qn/auth';
import { idempotentTransaction } from '@qn/service-kit';
import { StudentAccounts } from '../../accounts/student-accounts';
import { StudentNotFound } from '../../accounts/account-errors';
import { Postings } from '../../ledger/postings';
import { amountField, currencyField, FieldError, textField } from '../../shared/money-input';
import { RefundDto } from './refund.dto';

/** Pays back part of the family's credit (overpayment, cancelled invoice). */
@Injectable()
export class RefundCreditService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly accounts: StudentAccounts,
    private readonly postings: Postings,
  ) {}

  async refund(studentId: string, dto: RefundDto, p: Principal) {
    const errors: FieldError[] = [];
    const amount = amountField(dto.amount, 'amount', errors);
    currencyField(dto.currency, 'currency', errors);
    const reason = textField(dto.reason, 'reason', errors);
    if (errors.length) throw new InvalidInput(errors);
    const pre = await this.accounts.get(this.ds.manager, studentId);
    if (!pre) throw new StudentNotFound(studentId);
    return idempotentTransaction(this.ds, async (tx) => {
      const account = (await this.accounts.lock(tx, studentId))!;
      return {
        ...(await this.postings.refund(tx, account, amount!, reason!, p.subject, new Date())),
        currency: 'VND',
      };
    });
  }
}
