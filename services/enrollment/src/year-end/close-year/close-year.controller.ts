import { Body, Controller, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Policy } from '@qn/auth';
import { Idempotent } from '@qn/service-kit';
import { SCHOOL_DECIDERS } from '../../shared/access/policies';
import { checkSchoolYear } from '../../shared/school-year';
import { CloseYearDto } from './close-year.dto';
import { CloseYearReport, CloseYearService } from './close-year.service';

@ApiTags('rosters')
@ApiBearerAuth()
@Controller('schools/:schoolId/rosters/:schoolYear/year-end')
export class CloseYearController {
  constructor(private readonly service: CloseYearService) {}

  /**
   * Closes the school year for the learners still on the school's roster: promoted, repeating
   * (those listed) or completed the level (grades 5, 9, 12); those who continue are on next
   * year's roster. The department, or the school itself.
   */
  @Post()
  @HttpCode(200)
  @Policy({
    action: 'close',
    resource: 'school-year-roster',
    users: SCHOOL_DECIDERS,
    target: { orgUnitParam: 'schoolId' },
  })
  @Idempotent({ required: false })
  close(
    @Param('schoolId', new ParseUUIDPipe()) schoolId: string,
    @Param('schoolYear') schoolYear: string,
    @Body() dto: CloseYearDto,
  ): Promise<CloseYearReport> {
    return this.service.close(schoolId, checkSchoolYear(schoolYear), dto);
  }
}
