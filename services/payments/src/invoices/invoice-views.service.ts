import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Principal } from '@qn/auth';
import { LedgerRepository } from '../ledger/ledger.repository';
import { InvoiceRow, Postings } from '../ledger/postings';
import { InvoiceNotFound } from './invoice-errors';

/** An invoice as the API shows it: amounts as integer VND strings, with what is still owed. */
export interface InvoiceView extends Omit<InvoiceRow, 'lines'> {
  lines: InvoiceRow['lines'];
  currency: 'VND';
  outstanding: string;
}

/**
 * Invoices as the API shows them, with what is still owed: balances are folded from the ledger on
 * every read, never stored.
 */
@Injectable()
export class InvoiceViews {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly postings: Postings,
    private readonly ledgers: LedgerRepository,
  ) {}

  async views(tx: EntityManager, studentId: string) {
    const ledger = await this.ledgers.loadPosition(tx, studentId);
    const invoices = await this.postings.invoicesOf(tx, studentId);
    const cov = this.postings.coverage(ledger, studentId, invoices);
    const views: InvoiceView[] = invoices.map((i) => ({
      ...i,
      currency: 'VND',
      outstanding: (cov.outstanding.get(i.id) ?? 0n).toString(),
    }));
    return { views, receivable: cov.receivable, credit: cov.credit };
  }

  /** Loads an invoice (404 when it does not exist); the policy guard answered the same 404 out of scope. */
  async visible(
    id: string,
    _p: Principal,
    tx: EntityManager = this.ds.manager,
  ): Promise<InvoiceRow> {
    const invoice = await this.postings.invoice(tx, id);
    if (!invoice) throw new InvoiceNotFound(id);
    return invoice;
  }

  async view(id: string, p: Principal): Promise<InvoiceView> {
    const invoice = await this.visible(id, p);
    const { views } = await this.views(this.ds.manager, invoice.studentId);
    return views.find((v) => v.id === id)!;
  }
}
