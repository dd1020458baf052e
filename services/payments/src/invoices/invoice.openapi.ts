import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { AREA_SEGMENTS, FEE_KINDS } from '@qn/contracts';

/*
 * The shapes of invoice answers for the OpenAPI document (docs/openapi/payments.json), from which
 * the web app's client is typed. They describe `InvoiceView` (invoice-views.service.ts) and
 * `InvoiceLine` (ledger/invoice-rows.ts); the answers themselves are built there.
 */

/** Integer VND as a decimal string: đồng has no minor unit. */
export const VND_STRING = {
  type: String,
  pattern: '^\\d+$',
  example: '2044520',
  description: 'Integer VND (đồng) as a decimal string.',
} as const;

export class ProrationDoc {
  @ApiProperty({
    enum: ['calendarDays', 'schoolDays', 'none'],
    description:
      'calendarDays for monthly fees, schoolDays for per-term fees, none when charged whole.',
  })
  basis!: 'calendarDays' | 'schoolDays' | 'none';
  @ApiProperty({ type: Number, description: 'Days (or 1) charged …' }) charged!: number;
  @ApiProperty({ type: Number, description: '… of the days (or 1) in the period.' }) of!: number;
}

/** One fee line of an invoice (dòng thu của thông báo thu). */
export class InvoiceLineDoc {
  @ApiProperty({ description: 'Stable id: studentId/schoolId/feeCode/periodKey.' })
  lineId!: string;
  @ApiProperty({ example: 'HOC_PHI' }) feeCode!: string;
  @ApiProperty({ example: 'Học phí' }) feeName!: string;
  @ApiProperty({ enum: FEE_KINDS }) kind!: (typeof FEE_KINDS)[number];
  @ApiProperty({
    example: '2025-10',
    description: "'2025-10' for a monthly fee, '2025-2026/HK1' per term, '2025-2026' per year.",
  })
  periodKey!: string;
  @ApiProperty({ description: 'Tuition and health insurance; services are voluntary.' })
  mandatory!: boolean;
  @ApiProperty(VND_STRING) amount!: string;
  @ApiPropertyOptional({ type: ProrationDoc }) proration?: ProrationDoc;
  @ApiPropertyOptional({ enum: ['monthly', 'perTerm', 'perYear'] })
  schedule?: 'monthly' | 'perTerm' | 'perYear';
  @ApiPropertyOptional({ format: 'date', description: 'First day charged.' })
  serviceFrom?: string;
  @ApiPropertyOptional({ format: 'date', description: 'Day after the last day charged.' })
  serviceUntil?: string;
}

/** GET /invoices/{id}, and each of GET /students/{studentId}/account → invoices. */
export class InvoiceDoc {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) studentId!: string;
  @ApiProperty({ format: 'uuid' }) schoolId!: string;
  @ApiProperty({ enum: AREA_SEGMENTS }) segment!: (typeof AREA_SEGMENTS)[number];
  @ApiProperty({ example: '2025-2026' }) schoolYear!: string;
  @ApiProperty({ example: '2025-2026/HK1', description: 'The term billed.' }) periodKey!: string;
  @ApiProperty({
    example: 'HP2025000014',
    description: "The student's payment code: the transfer purpose on VietQR and statements.",
  })
  paymentCode!: string;
  @ApiProperty({ ...VND_STRING, description: 'Sum of the lines.' }) amount!: string;
  @ApiProperty({
    ...VND_STRING,
    description: 'Entitlements applied (exemptions, reductions, supports deducted).',
  })
  entitled!: string;
  @ApiProperty({ type: [InvoiceLineDoc] }) lines!: InvoiceLineDoc[];
  @ApiProperty({ enum: ['open', 'settled', 'cancelled'] })
  status!: 'open' | 'settled' | 'cancelled';
  @ApiProperty({ format: 'date' }) issuedOn!: string;
  @ApiProperty({ format: 'date' }) dueOn!: string;
  @ApiProperty({ format: 'date-time' }) issuedAt!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) settledAt!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) cancelledAt!: string | null;
  @ApiProperty({ type: String, nullable: true }) cancelReason!: string | null;
  @ApiProperty({
    type: String,
    format: 'uuid',
    nullable: true,
    description: 'The invoice this one replaced (re-billed after a transfer or a service sign-up).',
  })
  replacesInvoiceId!: string | null;
  @ApiProperty({ enum: ['VND'] }) currency!: 'VND';
  @ApiProperty({
    ...VND_STRING,
    description:
      'Still owed on this invoice (folded from the ledger: amount − entitled − what covered it).',
  })
  outstanding!: string;
}
