import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Principal } from '@qn/auth';
import { StudentAccounts } from '../../accounts/student-accounts';
import { StudentNotFound } from '../../accounts/account-errors';
import { InvoiceViews } from '../invoice-views.service';

@Injectable()
export class ReadStudentAccountService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly invoices: InvoiceViews,
    private readonly accounts: StudentAccounts,
  ) {}

  async studentAccount(studentId: string, _p: Principal) {
    const account = await this.accounts.get(this.ds.manager, studentId);
    if (!account) throw new StudentNotFound(studentId);
    const { views, receivable, credit } = await this.invoices.views(this.ds.manager, studentId);
    const payments = await this.ds.query(
      `SELECT id, invoice_id AS "invoiceId", channel, cashless, amount::text AS amount, applied::text AS "appliedAmount", credit::text AS "creditAmount",
              provider, external_id AS "externalReference", cashier, received_at AS "receivedAt",
              settled_lines AS "settledLines"
         FROM payment WHERE student_id = $1 ORDER BY received_at, id`,
      [studentId],
    );
    // Attempts at a gateway, with why a failed one failed (in Vietnamese, for the family).
    const gatewayOrders = await this.ds.query(
      `SELECT id, provider, invoice_id AS "invoiceId", amount::text AS amount, status, result_code AS "resultCode",
              failure_reason AS "failureReason", created_at AS "createdAt"
         FROM gateway_order WHERE student_id = $1 ORDER BY created_at, id`,
      [studentId],
    );
    return {
      studentId,
      paymentCode: account.paymentCode,
      schoolId: account.schoolId,
      currency: 'VND',
      owed: receivable.toString(),
      credit: credit.toString(),
      net: (receivable - credit).toString(),
      invoices: views,
      payments,
      gatewayOrders,
    };
  }
}
