import { Inject, Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { MessagingService } from '@qn/messaging';
import { SERVICE_CONFIG } from '@qn/service-kit';
import { Ledger } from './domain/ledger';
import { Vnd } from '../shared/money';
import { StudentAccount } from '../accounts/student-accounts';
import type { PaymentsConfig } from '../config';
import { IssueCommand, postCancel, postIssue } from './invoice-postings';
import { InvoiceRow, invoiceById, invoicesOf } from './invoice-rows';
import { LedgerRepository } from './ledger.repository';
import {
  PaymentRecord,
  postPayments,
  postRefund,
  ReceiveCommand,
  ReceiveItem,
  RefundRecord,
} from './payment-postings';
import { Cause, PostingDeps } from './posting-deps';
import { Coverage, coverage, settle } from './settlement';

export type { InvoiceLine, InvoiceRow } from './invoice-rows';
export { INVOICE_SELECT } from './invoice-rows';
export type { PaymentRecord, ReceiveCommand } from './payment-postings';
export type { Coverage } from './settlement';
export { toProblem } from './ledger-problems';

/**
 * Every change to what a student owes or paid, as one unit: lock the student's account, run
 * the pure ledger operation on the student's journal, append the new entries, update invoice
 * statuses, and put the events in the outbox — all in the caller's transaction. One use case
 * per file: invoice-postings (issue, cancel), payment-postings (receive, refund), settlement.
 */
@Injectable()
export class Postings {
  private readonly deps: PostingDeps;

  constructor(
    ledgers: LedgerRepository,
    messaging: MessagingService,
    @Inject(SERVICE_CONFIG) config: PaymentsConfig,
  ) {
    this.deps = { ledgers, messaging, config };
  }

  issue(
    tx: EntityManager,
    account: StudentAccount,
    inv: IssueCommand,
    cause?: Cause,
  ): Promise<InvoiceRow> {
    return postIssue(this.deps, tx, account, inv, cause);
  }

  cancel(
    tx: EntityManager,
    account: StudentAccount,
    invoice: InvoiceRow,
    reason: string,
    by: string,
    now: Date,
    cause?: Cause,
  ): Promise<void> {
    return postCancel(this.deps, tx, account, invoice, reason, by, now, cause);
  }

  /**
   * Records a payment once: the (provider, external id) pair is unique in PostgreSQL, so a
   * second delivery of the same callback or statement line — sequential or concurrent — finds
   * the first and changes nothing. Returns undefined for such a duplicate.
   */
  async receive(
    tx: EntityManager,
    account: StudentAccount,
    cmd: ReceiveCommand,
    cause?: Cause,
    options: { checkedUnderLock?: boolean } = {},
  ): Promise<PaymentRecord | undefined> {
    return (await this.receiveMany(tx, [{ account, cmd }], cause, options))[0];
  }

  /** Records payments in order, in a few statements whatever their number (see postPayments). */
  receiveMany(
    tx: EntityManager,
    items: ReceiveItem[],
    cause?: Cause,
    options: { checkedUnderLock?: boolean } = {},
  ): Promise<Array<PaymentRecord | undefined>> {
    return postPayments(this.deps, tx, items, cause, options);
  }

  refund(
    tx: EntityManager,
    account: StudentAccount,
    amount: Vnd,
    reason: string,
    by: string,
    now: Date,
  ): Promise<RefundRecord> {
    return postRefund(this.deps, tx, account, amount, reason, by, now);
  }

  invoice(tx: EntityManager, id: string): Promise<InvoiceRow | undefined> {
    return invoiceById(tx, id);
  }

  invoicesOf(tx: EntityManager, studentId: string): Promise<InvoiceRow[]> {
    return invoicesOf(tx, studentId);
  }

  /** What is still owed per invoice, oldest invoice covered first (see settlement.ts). */
  coverage(ledger: Ledger, studentId: string, invoices: InvoiceRow[]): Coverage {
    return coverage(ledger, studentId, invoices);
  }

  settle(
    tx: EntityManager,
    studentId: string,
    ledger: Ledger,
    now: Date,
    cause: Cause,
  ): Promise<void> {
    return settle(this.deps, tx, studentId, ledger, now, cause);
  }
}
