import { Body, Controller, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Policy, Principal } from '@qn/auth';
import { Idempotent } from '@qn/service-kit';
import { MONEY_KEEPERS } from '../../shared/access-policies';
import { EntitlementDecisionDto } from './entitlement-decision.dto';
import { DecideEntitlementService } from './decide-entitlement.service';

@ApiTags('entitlements')
@ApiBearerAuth()
@Controller()
export class DecideEntitlementController {
  constructor(private readonly service: DecideEntitlementService) {}

  /** The school approves (grant) or ends an entitlement; it is applied to the student's invoices at once. */
  @Post('students/:studentId/entitlements')
  @Policy({
    action: 'decide',
    resource: 'entitlement',
    users: MONEY_KEEPERS,
    target: { idParam: 'studentId' },
    personalData: true,
  })
  @Idempotent()
  decide(
    @Param('studentId', ParseUUIDPipe) studentId: string,
    @Body() dto: EntitlementDecisionDto,
    @CurrentPrincipal() p: Principal,
  ) {
    return this.service.decide(studentId, dto, p);
  }
}
