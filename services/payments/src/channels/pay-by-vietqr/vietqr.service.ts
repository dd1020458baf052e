import { Injectable } from '@nestjs/common';
import { Principal } from '@qn/auth';
import { InvoiceViews } from '../../invoices/invoice-views.service';
import { InvoiceCancelled, NothingOwed } from '../../invoices/invoice-errors';
import { buildVietQr } from '../domain/vietqr';
import { CollectionAccountsRepository } from '../school-collection-account/collection-accounts.repository';

/**
 * VietQR for bank transfers (chuyển khoản qua mã QR): an EMVCo merchant-presented payload with
 * the NAPAS identifier, the invoice's school's own collection account (409 while the school has
 * set none), what is still owed on the invoice and the
 * student's payment code as the transfer purpose — the code is what the bank statement carries
 * back for reconciliation.
 */
@Injectable()
export class VietQrService {
  constructor(
    private readonly invoices: InvoiceViews,
    private readonly accounts: CollectionAccountsRepository,
  ) {}

  async payload(id: string, p: Principal) {
    const invoice = await this.invoices.view(id, p);
    if (invoice.status === 'cancelled') throw new InvoiceCancelled(invoice.cancelReason);
    const amount = BigInt(invoice.outstanding);
    if (amount === 0n) throw new NothingOwed();
    const account = await this.accounts.require(invoice.schoolId);
    const payload = buildVietQr({
      bankBin: account.bankBin,
      accountNumber: account.accountNumber,
      amount,
      purpose: invoice.paymentCode,
    });
    return { invoice, amount, payload, account };
  }

  /** The QR as the API shows it: the payload and what it encodes. */
  async view(id: string, p: Principal) {
    const { invoice, amount, payload, account } = await this.payload(id, p);
    return {
      invoiceId: invoice.id,
      paymentCode: invoice.paymentCode,
      bankBin: account.bankBin,
      accountNumber: account.accountNumber,
      accountName: account.accountName,
      amount: amount.toString(),
      currency: 'VND',
      purpose: invoice.paymentCode,
      payload,
      image: `/invoices/${invoice.id}/vietqr.png`,
    };
  }
}
