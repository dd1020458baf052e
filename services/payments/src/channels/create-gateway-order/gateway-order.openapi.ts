import { ApiProperty } from '@nestjs/swagger';
import { VND_STRING } from '../../invoices/invoice.openapi';

/** POST /invoices/{id}/gateway-orders: the order started, and where to send the family. */
export class GatewayOrderCreatedDoc {
  @ApiProperty({ format: 'uuid', description: 'vnp_TxnRef / MoMo orderId.' }) orderId!: string;
  @ApiProperty({ enum: ['vnpay', 'momo'] }) provider!: 'vnpay' | 'momo';
  @ApiProperty({ format: 'uuid' }) invoiceId!: string;
  @ApiProperty({ example: 'HP2025000014' }) paymentCode!: string;
  @ApiProperty(VND_STRING) amount!: string;
  @ApiProperty({ enum: ['VND'] }) currency!: 'VND';
  @ApiProperty({ enum: ['pending'] }) status!: 'pending';
  @ApiProperty({
    type: String,
    format: 'uri',
    nullable: true,
    description:
      "VNPay: its payment page with the signed request (API pay 2.1.0), valid 15 minutes; the browser returns to the families' page, the IPN credits. MoMo: null (its payUrl needs a server-to-server call not made yet).",
  })
  payUrl!: string | null;
}
