import { Body, Controller, Get, HttpCode, Post, Query, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Public } from '@qn/auth';
import { MomoIpnBody } from '../domain/gateways';
import { MomoCallbackService } from './momo-callback.service';
import { VnpayCallbackService } from './vnpay-callback.service';

/** The gateways' signed callbacks (IPN): public routes, trusted by their signature only. */
@ApiTags('channels')
@Controller()
export class GatewayCallbacksController {
  constructor(
    private readonly vnpayCallbacks: VnpayCallbackService,
    private readonly momoCallbacks: MomoCallbackService,
  ) {}

  /** VNPay-style IPN: GET with vnp_* parameters, HMAC-SHA512; answers {RspCode, Message}. */
  @Get('gateways/vnpay/ipn')
  @Public()
  @HttpCode(200)
  vnpay(@Query() query: Record<string, string>) {
    return this.vnpayCallbacks.vnpay(query);
  }

  /** MoMo-style IPN: POST JSON, HMAC-SHA256; answers 204 once taken into account. */
  @Post('gateways/momo/ipn')
  @Public()
  async momo(@Body() body: MomoIpnBody, @Res() res: Response) {
    res.status(await this.momoCallbacks.momo(body)).end();
  }
}
