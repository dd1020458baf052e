import { Body, Controller, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Policy, Principal } from '@qn/auth';
import { DECIDE_ON_ENTRY } from '../../shared/access/policies';
import { ReissueDto } from '../decision.dto';
import { ReissueCredentialService } from './reissue-credential.service';

@ApiTags('decisions')
@ApiBearerAuth()
@Controller('register-entries/:entryId/reissues')
export class ReissueCredentialController {
  constructor(private readonly service: ReissueCredentialService) {}

  /**
   * Issues the diploma's credential again (201; `credentials.credential.reissued`); the previous
   * one is superseded. 409 `no-credential` for a paper-register entry, `entry-revoked` or
   * `entry-suspended` for a diploma that is not valid.
   */
  @Post()
  @Policy(DECIDE_ON_ENTRY)
  reissue(
    @Param('entryId', new ParseUUIDPipe()) entryId: string,
    @Body() body: ReissueDto,
    @CurrentPrincipal() principal: Principal,
  ) {
    return this.service.reissue(entryId, body.reason, principal);
  }
}
