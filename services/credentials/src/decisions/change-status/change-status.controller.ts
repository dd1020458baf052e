import { Body, Controller, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Policy, Principal } from '@qn/auth';
import { DECIDE_ON_ENTRY } from '../../shared/access/policies';
import { ReinstatementDto, StatusDecisionDto } from '../decision.dto';
import { ChangeStatusService } from './change-status.service';

@ApiTags('decisions')
@ApiBearerAuth()
@Controller('register-entries/:entryId')
export class ChangeStatusController {
  constructor(private readonly service: ChangeStatusService) {}

  /**
   * Revokes the diploma (thu hồi, hủy bỏ) by the competent authority's decision: final; its
   * revocation bit is set in the public status list. 409 `entry-revoked` when it was already.
   */
  @Post('revocation')
  @HttpCode(200)
  @Policy(DECIDE_ON_ENTRY)
  revoke(
    @Param('entryId', new ParseUUIDPipe()) entryId: string,
    @Body() body: StatusDecisionDto,
    @CurrentPrincipal() principal: Principal,
  ) {
    return this.service.change(entryId, 'revoke', body, principal);
  }

  /** Suspends the diploma while a case is examined (its suspension bit set). */
  @Post('suspension')
  @HttpCode(200)
  @Policy(DECIDE_ON_ENTRY)
  suspend(
    @Param('entryId', new ParseUUIDPipe()) entryId: string,
    @Body() body: StatusDecisionDto,
    @CurrentPrincipal() principal: Principal,
  ) {
    return this.service.change(entryId, 'suspend', body, principal);
  }

  /** Lifts a suspension: the diploma is valid again. 409 `entry-not-suspended` otherwise. */
  @Post('reinstatement')
  @HttpCode(200)
  @Policy(DECIDE_ON_ENTRY)
  reinstate(
    @Param('entryId', new ParseUUIDPipe()) entryId: string,
    @Body() body: ReinstatementDto,
    @CurrentPrincipal() principal: Principal,
  ) {
    return this.service.change(
      entryId,
      'reinstate',
      { decisionReference: body.decisionReference, reason: 'other' },
      principal,
    );
  }
}
