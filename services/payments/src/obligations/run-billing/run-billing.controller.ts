import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { InvalidInput } from '@qn/contracts';
import { Access, AccessContext, Policy } from '@qn/auth';
import { Idempotent } from '@qn/service-kit';
import { MONEY_KEEPERS } from '../../shared/access-policies';
import { TermNo } from '../domain/fees';
import { BillingRunDto } from './run-billing.dto';
import { RunBillingService } from './run-billing.service';

@ApiTags('billing')
@ApiBearerAuth()
@Controller()
export class RunBillingController {
  constructor(private readonly billing: RunBillingService) {}

  /** Issues the term's invoices (e.g. term 2 at the start of the second term). Safe to repeat. */
  @Post('billing-runs')
  @HttpCode(200)
  @Policy({ action: 'run', resource: 'billing-run', users: MONEY_KEEPERS })
  @Idempotent()
  async run(@Body() dto: BillingRunDto, @Access() access: AccessContext) {
    if (dto.schoolId) await access.require({ orgUnitIds: [dto.schoolId] }, 'the school');
    else if (!access.unrestricted)
      throw new InvalidInput([{ field: 'schoolId', message: 'is required for school staff' }]);
    return this.billing.run(dto.schoolYear, dto.term as TermNo, dto.schoolId);
  }
}
