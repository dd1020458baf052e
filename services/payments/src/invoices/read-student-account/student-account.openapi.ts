import { ApiProperty } from '@nestjs/swagger';
import { FEE_KINDS, PAYMENT_CHANNELS } from '@qn/contracts';
import { InvoiceDoc, VND_STRING } from '../invoice.openapi';

/* GET /students/{studentId}/account's shape for the OpenAPI document (read-student-account.service.ts builds it). */

/** A fee line a payment settled: what the receipt (biên lai) lists. */
export class SettledLineDoc {
  @ApiProperty({ format: 'uuid' }) invoiceId!: string;
  @ApiProperty({ example: 'HOC_PHI' }) feeCode!: string;
  @ApiProperty({ example: 'Học phí' }) feeName!: string;
  @ApiProperty({ enum: FEE_KINDS }) kind!: (typeof FEE_KINDS)[number];
  @ApiProperty({ example: '2025-10' }) periodKey!: string;
  @ApiProperty({ ...VND_STRING, description: 'The part of the line this payment paid.' })
  amount!: string;
}

export class PaymentDoc {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({
    type: String,
    format: 'uuid',
    nullable: true,
    description: 'The invoice the payment named (gateway order, desk, matched statement line).',
  })
  invoiceId!: string | null;
  @ApiProperty({ enum: PAYMENT_CHANNELS }) channel!: (typeof PAYMENT_CHANNELS)[number];
  @ApiProperty({ description: 'false for cash at the school desk only.' }) cashless!: boolean;
  @ApiProperty({ ...VND_STRING, description: 'Received.' }) amount!: string;
  @ApiProperty({ ...VND_STRING, description: 'Applied to what was owed.' }) appliedAmount!: string;
  @ApiProperty({ ...VND_STRING, description: 'Beyond what was owed: kept as credit.' })
  creditAmount!: string;
  @ApiProperty({ enum: ['vnpay', 'momo', 'bank', 'desk'] })
  provider!: 'vnpay' | 'momo' | 'bank' | 'desk';
  @ApiProperty({
    description:
      "The gateway's transaction number, the bank's transaction id or the desk's receipt (unique per provider).",
  })
  externalReference!: string;
  @ApiProperty({ type: String, nullable: true, description: 'Who took cash at the desk.' })
  cashier!: string | null;
  @ApiProperty({ format: 'date-time' }) receivedAt!: string;
  @ApiProperty({
    type: [SettledLineDoc],
    description:
      'The fee lines it settled (mandatory first, oldest invoice first); sum = appliedAmount. Empty for payments booked before receipt lines were recorded.',
  })
  settledLines!: SettledLineDoc[];
}

/** An attempt at a gateway (VNPay, MoMo), with why a failed one failed. */
export class GatewayOrderDoc {
  @ApiProperty({ format: 'uuid', description: 'vnp_TxnRef / MoMo orderId.' }) id!: string;
  @ApiProperty({ enum: ['vnpay', 'momo'] }) provider!: 'vnpay' | 'momo';
  @ApiProperty({ format: 'uuid' }) invoiceId!: string;
  @ApiProperty(VND_STRING) amount!: string;
  @ApiProperty({ enum: ['pending', 'paid', 'failed'] }) status!: 'pending' | 'paid' | 'failed';
  @ApiProperty({ type: String, nullable: true, description: "The gateway's last result code." })
  resultCode!: string | null;
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Why it failed, in Vietnamese for the family (MoMo results).',
  })
  failureReason!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

/** GET /students/{studentId}/account */
export class StudentAccountDoc {
  @ApiProperty({ format: 'uuid' }) studentId!: string;
  @ApiProperty({ example: 'HP2025000014' }) paymentCode!: string;
  @ApiProperty({ format: 'uuid', description: "The student's current school." }) schoolId!: string;
  @ApiProperty({ enum: ['VND'] }) currency!: 'VND';
  @ApiProperty({ ...VND_STRING, description: 'What the family owes over all invoices.' })
  owed!: string;
  @ApiProperty({ ...VND_STRING, description: "The family's credit (overpayments not refunded)." })
  credit!: string;
  @ApiProperty({
    type: String,
    pattern: '^-?\\d+$',
    example: '-100000',
    description: 'owed − credit; negative when the credit exceeds what is owed.',
  })
  net!: string;
  @ApiProperty({ type: [InvoiceDoc], description: 'Oldest first, cancelled ones included.' })
  invoices!: InvoiceDoc[];
  @ApiProperty({ type: [PaymentDoc], description: 'Oldest first.' }) payments!: PaymentDoc[];
  @ApiProperty({ type: [GatewayOrderDoc], description: 'Oldest first.' })
  gatewayOrders!: GatewayOrderDoc[];
}
