import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { InvalidInput } from '@qn/contracts';
import { Principal } from '@qn/auth';
import { idempotentTransaction, SERVICE_CONFIG } from '@qn/service-kit';
import type { PaymentsConfig } from '../../config';
import { InvoiceViews } from '../../invoices/invoice-views.service';
import { InvoiceCancelled, NothingOwed } from '../../invoices/invoice-errors';
import { amountField, FieldError } from '../../shared/money-input';
import { buildVnpayPaymentUrl, vnpayOrderInfo } from '../domain/vnpay-payment-url';
import { CreateOrderDto } from './create-order.dto';

/**
 * Starts a payment at a gateway for an invoice: an order for what is owed, or less. For VNPay
 * the answer carries the signed payment URL (`payUrl`) the family's browser goes to; MoMo's
 * needs a server-to-server call to MoMo first (not made yet), so a MoMo order has none.
 */
@Injectable()
export class CreateGatewayOrderService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly invoices: InvoiceViews,
    @Inject(SERVICE_CONFIG) private readonly config: PaymentsConfig,
  ) {}

  /** `clientIp`: the family's address as the request came (vnp_IpAddr). */
  async createOrder(
    invoiceId: string,
    dto: CreateOrderDto,
    p: Principal,
    clientIp: string | undefined,
  ) {
    const errors: FieldError[] = [];
    const requested =
      dto.amount === undefined ? undefined : amountField(dto.amount, 'amount', errors);
    if (errors.length) throw new InvalidInput(errors);
    const invoice = await this.invoices.view(invoiceId, p);
    if (invoice.status === 'cancelled') throw new InvoiceCancelled(invoice.cancelReason);
    const owed = BigInt(invoice.outstanding);
    // An order never asks for more than is owed: an overpayment by card would have to be refunded.
    if (requested !== undefined && requested > owed)
      throw new InvalidInput([
        { field: 'amount', message: `must not exceed what is owed on the invoice (${owed} VND)` },
      ]);
    const amount = requested ?? owed;
    if (amount === 0n) throw new NothingOwed();
    const id = uuidv7();
    return idempotentTransaction(this.ds, async (tx) => {
      await tx.query(
        `INSERT INTO gateway_order (id, provider, invoice_id, student_id, amount, created_by) VALUES ($1, $2, $3, $4, $5, $6)`,
        [id, dto.provider, invoice.id, invoice.studentId, amount.toString(), p.subject],
      );
      // Recorded with the answer: a retry with the same Idempotency-Key gets the same URL.
      const payUrl =
        dto.provider === 'vnpay'
          ? buildVnpayPaymentUrl({
              paymentUrl: this.config.VNPAY_PAYMENT_URL,
              tmnCode: this.config.VNPAY_TMN_CODE,
              hashSecret: this.config.VNPAY_HASH_SECRET,
              returnUrl: this.config.VNPAY_RETURN_URL,
              orderId: id,
              amount,
              orderInfo: vnpayOrderInfo(invoice.paymentCode),
              clientIp: clientIp ?? '',
              createdAt: new Date(),
            }).url
          : null;
      return {
        orderId: id,
        provider: dto.provider,
        invoiceId: invoice.id,
        paymentCode: invoice.paymentCode,
        amount: amount.toString(),
        currency: 'VND',
        status: 'pending',
        payUrl,
      };
    });
  }
}
