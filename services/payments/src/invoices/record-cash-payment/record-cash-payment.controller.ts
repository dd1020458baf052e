import { Body, Controller, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Policy, Principal, Reach } from '@qn/auth';
import { Idempotent } from '@qn/service-kit';
import { CashPaymentDto } from './cash-payment.dto';
import { RecordCashPaymentService } from './record-cash-payment.service';

@ApiTags('invoices')
@ApiBearerAuth()
@Controller()
export class RecordCashPaymentController {
  constructor(private readonly service: RecordCashPaymentService) {}

  @Post('invoices/:id/cash-payments')
  // Cash is taken at the school's own desk: the department records none.
  @Policy({
    action: 'record-cash-payment',
    resource: 'invoice',
    users: { principal: Reach.Unit, 'school-staff': Reach.Unit },
    target: { idParam: 'id' },
    personalData: true,
  })
  @Idempotent()
  cash(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: CashPaymentDto,
    @CurrentPrincipal() p: Principal,
  ) {
    return this.service.cash(id, dto, p);
  }
}
