import { Body, Controller, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Policy, Principal, Reach } from '@qn/auth';
import { Idempotent } from '@qn/service-kit';
import { CreateOrderDto } from './create-order.dto';
import { CreateGatewayOrderService } from './create-gateway-order.service';

@ApiTags('channels')
@Controller()
export class CreateGatewayOrderController {
  constructor(private readonly service: CreateGatewayOrderService) {}

  /** Starts a payment at a gateway for an invoice (the order id is vnp_TxnRef / MoMo orderId). */
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
  create(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: CreateOrderDto,
    @CurrentPrincipal() p: Principal,
  ) {
    return this.service.createOrder(id, dto, p);
  }
}
