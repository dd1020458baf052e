import { Body, Controller, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Access, AccessContext, CurrentPrincipal, Policy, Principal } from '@qn/auth';
import { Idempotent } from '@qn/service-kit';
import { MONEY_KEEPERS } from '../../shared/access-policies';
import { ResolveExceptionDto } from './resolve-exception.dto';
import { ResolveExceptionService } from './resolve-exception.service';

@ApiTags('reconciliation')
@ApiBearerAuth()
@Controller('payment-exceptions')
export class ResolveExceptionController {
  constructor(private readonly service: ResolveExceptionService) {}

  @Post(':id/resolve')
  @HttpCode(200)
  @Policy({
    action: 'resolve',
    resource: 'payment-exception',
    users: MONEY_KEEPERS,
    target: { idParam: 'id' },
  })
  @Idempotent()
  async resolve(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: ResolveExceptionDto,
    @CurrentPrincipal() p: Principal,
    @Access() access: AccessContext,
  ) {
    // Money is booked to a student only within the caller's schools.
    if (dto.studentId !== undefined && !access.unrestricted) {
      const account = await this.service.accountOf(dto.studentId);
      await access.requireOrNotFound(
        account && { orgUnitIds: [account.schoolId] },
        dto.studentId,
        'student',
      );
    }
    return this.service.resolve(id, dto, p);
  }
}
