import { Body, Controller, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Policy, Principal } from '@qn/auth';
import { APPROVE_GRADUATION_LIST } from '../../shared/access/policies';
import { ApproveGraduationListDto } from './approve-graduation-list.dto';
import { ApproveGraduationListService } from './approve-graduation-list.service';

@ApiTags('issuance')
@ApiBearerAuth()
@Controller('graduation-lists/:listId/approval')
export class ApproveGraduationListController {
  constructor(private readonly service: ApproveGraduationListService) {}

  /**
   * The competent authority's decision on the list: every member's diploma is entered in the
   * register and issued as a signed credential (`credentials.credential.issued` each). 403
   * `not-competent-authority` for anyone else; 422 `identities-missing`; 503
   * `signing-not-configured`. Repeating the same decision finishes an interrupted issuing.
   */
  @Post()
  @HttpCode(200)
  @Policy(APPROVE_GRADUATION_LIST)
  approve(
    @Param('listId', new ParseUUIDPipe()) listId: string,
    @Body() body: ApproveGraduationListDto,
    @CurrentPrincipal() principal: Principal,
  ) {
    return this.service.approve(listId, body, principal);
  }
}
