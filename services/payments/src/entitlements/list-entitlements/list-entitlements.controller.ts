import { Controller, Get, Param, ParseUUIDPipe } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Policy, Principal } from '@qn/auth';
import { readStudentMoney } from '../../shared/access-policies';
import { ListEntitlementsService } from './list-entitlements.service';

@ApiTags('entitlements')
@ApiBearerAuth()
@Controller()
export class ListEntitlementsController {
  constructor(private readonly service: ListEntitlementsService) {}

  /** The student's entitlement history (every decision, never edited). */
  @Get('students/:studentId/entitlements')
  @Policy(readStudentMoney('entitlement'))
  list(@Param('studentId', ParseUUIDPipe) studentId: string, @CurrentPrincipal() p: Principal) {
    return this.service.list(studentId, p);
  }
}
