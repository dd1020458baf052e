import { Body, Controller, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Access, AccessContext, Policy } from '@qn/auth';
import { Idempotent } from '@qn/service-kit';
import { SCHOOL_DECIDERS } from '../../shared/access/policies';
import { DecideContestDto } from './decide-contest.dto';
import { DecideContestService } from './decide-contest.service';

@ApiTags('applications')
@ApiBearerAuth()
@Controller('applications/:id')
export class DecideContestController {
  constructor(private readonly service: DecideContestService) {}

  /**
   * A second family applied for a child who already had an application: the school checks both
   * families' documents and keeps one. A school both families applied to decides, otherwise the
   * department.
   */
  @Post('contest-decision')
  @HttpCode(200)
  @Policy({
    action: 'decide-contest',
    resource: 'application',
    users: SCHOOL_DECIDERS,
    target: { idParam: 'id' },
    personalData: true,
  })
  @Idempotent({ required: false })
  decide(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() dto: DecideContestDto,
    @Access() access: AccessContext,
  ) {
    return this.service.decide(id, dto, access);
  }
}
