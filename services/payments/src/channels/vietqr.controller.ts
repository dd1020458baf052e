import { Controller, Get, Inject, Param, ParseUUIDPipe, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import * as QRCode from 'qrcode';
import { CurrentPrincipal, Policy, Principal } from '@qn/auth';
import { readInvoice } from '../shared/access-policies';
import { SERVICE_CONFIG } from '@qn/service-kit';
import { buildVietQr } from './domain/vietqr';
import type { PaymentsConfig } from '../config';
import { InvoicesService } from '../invoices/invoices';
import { InvoiceCancelled, NothingOwed } from '../invoices/invoice-errors';

/**
 * VietQR for bank transfers (chuyển khoản qua mã QR): an EMVCo merchant-presented payload with
 * the NAPAS identifier, the collection account, what is still owed on the invoice and the
 * student's payment code as the transfer purpose — the code is what the bank statement carries
 * back for reconciliation.
 */
@ApiTags('channels')
@ApiBearerAuth()
@Controller('invoices/:id')
export class VietQrController {
  constructor(
    private readonly invoices: InvoicesService,
    @Inject(SERVICE_CONFIG) private readonly config: PaymentsConfig,
  ) {}

  private async payload(id: string, p: Principal) {
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

  @Get('vietqr')
  @Policy(readInvoice('vietqr'))
  async json(@Param('id', ParseUUIDPipe) id: string, @CurrentPrincipal() p: Principal) {
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

  @Get('vietqr.png')
  @Policy(readInvoice('vietqr'))
  @ApiProduces('image/png')
  async png(
    @Param('id', ParseUUIDPipe) id: string,
    @CurrentPrincipal() p: Principal,
    @Res() res: Response,
  ) {
    const { payload } = await this.payload(id, p);
    // Error correction M and a 4-module quiet zone: what banking apps scan reliably from paper.
    const png = await QRCode.toBuffer(payload, {
      errorCorrectionLevel: 'M',
      margin: 4,
      width: 360,
    });
    res.setHeader('content-type', 'image/png');
    res.setHeader('cache-control', 'private, no-store');
    res.end(png);
  }
}
