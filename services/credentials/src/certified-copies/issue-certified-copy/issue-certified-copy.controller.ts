import { Body, Controller, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Policy, Principal } from '@qn/auth';
import { ISSUE_CERTIFIED_COPY } from '../../shared/access/policies';
import { IssueCertifiedCopyDto } from './issue-certified-copy.dto';
import { IssueCertifiedCopyService } from './issue-certified-copy.service';

@ApiTags('certified-copies')
@ApiBearerAuth()
@Controller('register-entries/:entryId/certified-copies')
export class IssueCertifiedCopyController {
  constructor(private readonly service: IssueCertifiedCopyService) {}

  /**
   * Issues certified copies of the entry from the register (201): its number
   * (`<n>/BS-<register code>`); the printable copy at `GET /certified-copies/:copyId/pdf`. 409
   * `entry-revoked`, `entry-suspended`, `entry-not-confirmed` (a digitised entry not reviewed).
   */
  @Post()
  @Policy(ISSUE_CERTIFIED_COPY)
  issue(
    @Param('entryId', new ParseUUIDPipe()) entryId: string,
    @Body() body: IssueCertifiedCopyDto,
    @CurrentPrincipal() principal: Principal,
  ) {
    return this.service.issue(entryId, body, principal);
  }
}
