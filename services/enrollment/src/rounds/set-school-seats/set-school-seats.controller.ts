import { Body, Controller, Param, ParseUUIDPipe, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Policy } from '@qn/auth';
import { SCHOOL_DECIDERS } from '../../shared/access/policies';
import { Idempotent } from '@qn/service-kit';
import { RoundSchool } from '../round.repository';
import { SetSchoolSeatsDto } from './set-school-seats.dto';
import { SetSchoolSeatsService } from './set-school-seats.service';

@ApiTags('rounds')
@ApiBearerAuth()
@Controller('rounds/:roundId/schools')
export class SetSchoolSeatsController {
  constructor(private readonly service: SetSchoolSeatsService) {}

  /** The department, or the school itself (principal, staff) within its scope, sets its places. */
  @Put(':schoolId')
  @Policy({
    action: 'update',
    resource: 'school-seats',
    users: SCHOOL_DECIDERS,
    target: { orgUnitParam: 'schoolId' },
  })
  @Idempotent({ required: false })
  async set(
    @Param('roundId', new ParseUUIDPipe()) roundId: string,
    @Param('schoolId', new ParseUUIDPipe()) schoolId: string,
    @Body() dto: SetSchoolSeatsDto,
  ): Promise<RoundSchool> {
    return this.service.set(roundId, schoolId, dto);
  }
}
