import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Principal } from '@qn/auth';
import { idempotentTransaction } from '@qn/service-kit';
import { StudentAccount, StudentAccounts } from '../accounts/student-accounts';
import { InvoiceRow, Postings } from '../ledger/postings';
import { InvoiceViews } from './invoice-views.service';

/** The money operations on one invoice (cancel, cash at the desk) run under its student's lock. */
@Injectable()
export class InvoiceLock {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly invoices: InvoiceViews,
    private readonly accounts: StudentAccounts,
    private readonly postings: Postings,
  ) {}

  /**
   * Runs `fn` with the invoice's student locked (the money operations of one student never
   * interleave); what it returns is the request's answer, recorded with its effect.
   */
  async withLockedInvoice<T>(
    id: string,
    p: Principal,
    fn: (tx: EntityManager, account: StudentAccount, invoice: InvoiceRow) => Promise<T>,
  ): Promise<T> {
    const pre = await this.invoices.visible(id, p);
    return idempotentTransaction(this.ds, async (tx) => {
      const account = (await this.accounts.lock(tx, pre.studentId))!;
      const invoice = (await this.postings.invoice(tx, id))!;
      return fn(tx, account, invoice);
    });
  }
}
