import { Body, Controller, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Policy, Principal } from '@qn/auth';
import { PROPOSE_GRADUATION_LIST } from '../../shared/access/policies';
import { ProposeGraduationListDto } from './propose-graduation-list.dto';
import { ProposeGraduationListService } from './propose-graduation-list.service';

@ApiTags('issuance')
@ApiBearerAuth()
@Controller('schools/:schoolId/graduation-lists')
export class ProposeGraduationListController {
  constructor(private readonly service: ProposeGraduationListService) {}

  /**
   * The school proposes its graduation list for a level and year (201): every eligible learner
   * not on a list yet, with the competent authority that will decide. 422
   * `no-eligible-candidates` when nobody is left.
   */
  @Post()
  @Policy(PROPOSE_GRADUATION_LIST)
  propose(
    @Param('schoolId', new ParseUUIDPipe()) schoolId: string,
    @Body() body: ProposeGraduationListDto,
    @CurrentPrincipal() principal: Principal,
  ) {
    return this.service.propose(schoolId, body.level, body.schoolYear, principal);
  }
}
