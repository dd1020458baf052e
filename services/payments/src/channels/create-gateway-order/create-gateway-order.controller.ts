import { Body, Controller, Param, ParseUUIDPipe, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { CurrentPrincipal, Policy, Principal, Reach } from '@qn/auth';
import { Idempotent } from '@qn/service-kit';
import { CreateOrderDto } from './create-order.dto';
import { CreateGatewayOrderService } from './create-gateway-order.service';
import { GatewayOrderCreatedDoc } from './gateway-order.openapi';

@ApiTags('channels')
@Controller()
export class CreateGatewayOrderController {
  constructor(private readonly service: CreateGatewayOrderService) {}

  /**
   * Starts a payment at a gateway for an invoice (the order id is vnp_TxnRef / MoMo orderId);
   * for VNPay, answers the signed payment URL the family's browser is sent to.
   */
  @Post('invoices/:id/gateway-orders')
  @ApiBearerAuth()
  @Policy({
    action: 'create',
    resource: 'gateway-order',
    // The family pays online; the school's desk may start an order for a family at the counter.
    users: {
      province: Reach.All,
      principal: Reach.Unit,
      'school-staff': Reach.Unit,
      family: Reach.Guardian,
    },
    target: { idParam: 'id' },
    personalData: true,
  })
  @Idempotent()
  @ApiCreatedResponse({ type: GatewayOrderCreatedDoc })
  create(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: CreateOrderDto,
    @CurrentPrincipal() p: Principal,
    @Req() req: Request,
  ) {
    // Express's req.ip: the address TRUST_PROXY's proxies forwarded, else the connection's.
    return this.service.createOrder(id, dto, p, req.ip ?? req.socket.remoteAddress);
  }
}
