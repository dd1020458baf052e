import { Injectable } from '@nestjs/common';
import { Principal } from '@qn/auth';
import { Postings } from '../../ledger/postings';
import { InvoiceAlreadyCancelled } from '../invoice-errors';
import { InvoiceLock } from '../invoice-lock.service';
import { InvoiceView, InvoiceViews } from '../invoice-views.service';

@Injectable()
export class CancelInvoiceService {
  constructor(
    private readonly lock: InvoiceLock,
    private readonly invoices: InvoiceViews,
    private readonly postings: Postings,
  ) {}

  async cancel(id: string, reason: string, p: Principal): Promise<InvoiceView> {
    return this.lock.withLockedInvoice(id, p, async (tx, account, invoice) => {
      if (invoice.status === 'cancelled') throw new InvoiceAlreadyCancelled(invoice.cancelReason);
      await this.postings.cancel(
        tx,
        account,
        invoice,
        reason.normalize('NFC').trim(),
        p.subject,
        new Date(),
      );
      const { views } = await this.invoices.views(tx, invoice.studentId);
      return views.find((v) => v.id === id)!;
    });
  }
}
