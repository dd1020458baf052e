import { Injectable } from '@nestjs/common';
import { v7 as uuidv7 } from 'uuid';
import { Conflict, InvalidInput } from '@qn/contracts';
import { Principal } from '@qn/auth';
import { Postings } from '../../ledger/postings';
import { amountField, currencyField, FieldError } from '../../shared/money-input';
import { InvoiceCancelled } from '../invoice-errors';
import { InvoiceLock } from '../invoice-lock.service';
import { CashPaymentDto } from './cash-payment.dto';

@Injectable()
export class RecordCashPaymentService {
  constructor(
    private readonly lock: InvoiceLock,
    private readonly postings: Postings,
  ) {}

  /** Tiền mặt at the school desk: recorded with the cashier, so the cashless share stays true. */
  async cash(id: string, dto: CashPaymentDto, p: Principal) {
    const errors: FieldError[] = [];
    const amount = amountField(dto.amount, 'amount', errors);
    currencyField(dto.currency, 'currency', errors);
    if (errors.length) throw new InvalidInput(errors);
    return this.lock.withLockedInvoice(id, p, async (tx, account, invoice) => {
      if (invoice.status === 'cancelled') throw new InvoiceCancelled(invoice.cancelReason);
      const receivedAt = new Date();
      const record = await this.postings.receive(tx, account, {
        invoiceId: invoice.id,
        channel: 'cash',
        amount: amount!,
        provider: 'desk',
        // Receipt numbers are unique per school; without one, the payment is its own reference.
        externalId: dto.receiptNo ? `${invoice.schoolId}:${dto.receiptNo}` : `cash:${uuidv7()}`,
        cashier: p.subject,
        receivedAt,
      });
      if (!record)
        throw new Conflict(
          'receipt-already-used',
          'This receipt number was already recorded',
          `receipt ${dto.receiptNo} is on another payment`,
        );
      return { ...record, cashier: p.subject, currency: 'VND' };
    });
  }
}
