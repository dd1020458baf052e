import { Inject, Injectable } from '@nestjs/common';
import { Principal } from '@qn/auth';
import { SERVICE_CONFIG } from '@qn/service-kit';
import type { PaymentsConfig } from '../../config';
import { InvoiceViews } from '../../invoices/invoice-views.service';
import { InvoiceCancelled, NothingOwed } from '../../invoices/invoice-errors';
import { buildVietQr } from '../domain/vietqr';

/**
 * VietQR for bank transfers (chuyển khoản qua mã QR): an EMVCo merchant-presented payload with
 * the NAPAS identifier, the collection account, what is still owed on the invoice and the
 * student's payment code as the transfer purpose — the code is what the bank statement carries
 * back for reconciliation.
 */
@Injectable()
export class VietQrService {
  constructor(
    private readonly invoices: InvoiceViews,
    @Inject(SERVICE_CONFIG) private readonly config: PaymentsConfig,
  ) {}

  async payload(id: string, p: Principal) {
    const invoice = await this.invoices.view(id, p);
    if (invoice.status === 'cancelled') throw new InvoiceCancelled(invoice.cancelReason);
    const amount = BigInt(invoice.outstanding);
    if (amount === 0n) throw new NothingOwed();
    const payload = buildVietQr({
      bankBin: this.config.COLLECTION_BANK_BIN,
      accountNumber: this.config.COLLECTION_ACCOUNT_NO,
      amount,
      purpose: invoice.paymentCode,
    });
    return { invoice, amount, payload };
  }

  /** The QR as the API shows it: the payload and what it encodes. */
  async view(id: string, p: Principal) {
    const { invoice, amount, payload } = await this.payload(id, p);
    return {
      invoiceId: invoice.id,
      paymentCode: invoice.paymentCode,
      bankBin: this.config.COLLECTION_BANK_BIN,
      accountNumber: this.config.COLLECTION_ACCOUNT_NO,
      amount: amount.toString(),
      currency: 'VND',
      purpose: invoice.paymentCode,
      payload,
      image: `/invoices/${invoice.id}/vietqr.png`,
    };
  }
}
