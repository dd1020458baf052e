import { Controller, Get, Param, ParseUUIDPipe, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import * as QRCode from 'qrcode';
import { CurrentPrincipal, Policy, Principal } from '@qn/auth';
import { readInvoice } from '../../shared/access-policies';
import { VietQrService } from './vietqr.service';
import { VietQrDoc } from './vietqr.openapi';

/** The invoice's VietQR, as data and as the PNG a banking app scans. */
@ApiTags('channels')
@ApiBearerAuth()
@Controller('invoices/:id')
export class VietQrController {
  constructor(private readonly service: VietQrService) {}

  @Get('vietqr')
  @Policy(readInvoice('vietqr'))
  @ApiOkResponse({ type: VietQrDoc })
  json(@Param('id', ParseUUIDPipe) id: string, @CurrentPrincipal() p: Principal) {
    return this.service.view(id, p);
  }

  @Get('vietqr.png')
  @Policy(readInvoice('vietqr'))
  @ApiProduces('image/png')
  async png(
    @Param('id', ParseUUIDPipe) id: string,
    @CurrentPrincipal() p: Principal,
    @Res() res: Response,
  ) {
    const { payload } = await this.service.payload(id, p);
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
