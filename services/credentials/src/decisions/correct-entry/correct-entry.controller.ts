import { Body, Controller, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Policy, Principal } from '@qn/auth';
import { DECIDE_ON_ENTRY } from '../../shared/access/policies';
import { CorrectionDto } from '../decision.dto';
import { CorrectEntryService } from './correct-entry.service';

@ApiTags('decisions')
@ApiBearerAuth()
@Controller('register-entries/:entryId/corrections')
export class CorrectEntryController {
  constructor(private readonly service: CorrectEntryService) {}

  /**
   * Corrects the entry by the authority's decision (201): the fields that change, with the
   * previous values kept in the entry's history; a new credential version when it had one
   * (`credentials.credential.corrected`, field names only). 400 names each bad field and
   * refuses a correction that changes nothing; 409 `entry-revoked`.
   */
  @Post()
  @Policy(DECIDE_ON_ENTRY)
  correct(
    @Param('entryId', new ParseUUIDPipe()) entryId: string,
    @Body() body: CorrectionDto,
    @CurrentPrincipal() principal: Principal,
  ) {
    return this.service.correct(entryId, body, principal);
  }
}
