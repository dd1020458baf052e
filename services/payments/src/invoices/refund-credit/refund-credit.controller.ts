import { Body, Controller, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Policy, Principal } from '@qn/auth';
import { Idempotent } from '@qn/service-kit';
import { MONEY_KEEPERS } from '../../shared/access-policies';
import { RefundDto } from './refund.dto';
import { RefundCreditService } from './refund-credit.service';

@ApiTags('invoices')
@ApiBearerAuth()
@Controller()
export class RefundCreditController {
  constructor(private readonly service: RefundCreditService) {}

  /** Pays back part of the family's credit (overpayment, cancelled invoice). */
  @Post('students/:studentId/refunds')
  @Policy({
    action: 'refund',
    resource: 'refund',
    users: MONEY_KEEPERS,
    target: { idParam: 'studentId' },
    personalData: true,
  })
  @Idempotent()
  refund(
    @Param('studentId', ParseUUIDPipe) studentId: string,
    @Body() dto: RefundDto,
    @CurrentPrincipal() p: Principal,
  ) {
    return this.service.refund(studentId, dto, p);
  }
}
