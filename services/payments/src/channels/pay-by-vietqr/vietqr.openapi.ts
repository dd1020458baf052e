import { ApiProperty } from '@nestjs/swagger';
import { VND_STRING } from '../../invoices/invoice.openapi';

/** GET /invoices/{id}/vietqr: the payload a banking app scans and what it encodes. */
export class VietQrDoc {
  @ApiProperty({ format: 'uuid' }) invoiceId!: string;
  @ApiProperty({ example: 'HP2025000014' }) paymentCode!: string;
  @ApiProperty({ example: '970415', description: "NAPAS BIN of the school's bank." })
  bankBin!: string;
  @ApiProperty({ example: '113000123456', description: "The school's collection account." })
  accountNumber!: string;
  @ApiProperty({ example: 'TRUONG TIEU HOC HONG GAI' }) accountName!: string;
  @ApiProperty({ ...VND_STRING, description: 'What is still owed on the invoice.' })
  amount!: string;
  @ApiProperty({ enum: ['VND'] }) currency!: 'VND';
  @ApiProperty({
    example: 'HP2025000014',
    description: 'The transfer purpose: the payment code the statement carries back.',
  })
  purpose!: string;
  @ApiProperty({ description: 'EMVCo merchant-presented QR payload (VietQR, NAPAS).' })
  payload!: string;
  @ApiProperty({
    example: '/invoices/0192…/vietqr.png',
    description: 'Path of the PNG of the same payload, relative to the service.',
  })
  image!: string;
}
