import { Body, Controller, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import { GRADUATION_LEVELS, GraduationLevel } from '@qn/contracts';
import { Policy } from '@qn/auth';
import { SCHOOL_DECIDERS } from '../../shared/access/policies';
import { checkSchoolYear } from '../../shared/school-year';
import { CandidateList, GraduationCandidatesService } from './graduation-candidates.service';

export class ListCandidatesDto {
  @ApiProperty({ enum: GRADUATION_LEVELS })
  @IsIn(GRADUATION_LEVELS)
  level: GraduationLevel;
}

@ApiTags('rosters')
@ApiBearerAuth()
@Controller('schools/:schoolId/rosters/:schoolYear/graduation-candidates')
export class GraduationCandidatesController {
  constructor(private readonly service: GraduationCandidatesService) {}

  /**
   * Lists the school's candidates for lower- or upper-secondary graduation (its grade-9 or
   * grade-12 learners on the roster) and sends the list to records and credentials
   * (`enrollment.graduation.candidates-listed`). Listing again replaces the list.
   */
  @Post()
  @HttpCode(200)
  @Policy({
    action: 'list',
    resource: 'graduation-candidates',
    users: SCHOOL_DECIDERS,
    target: { orgUnitParam: 'schoolId' },
  })
  list(
    @Param('schoolId', new ParseUUIDPipe()) schoolId: string,
    @Param('schoolYear') schoolYear: string,
    @Body() dto: ListCandidatesDto,
  ): Promise<CandidateList> {
    return this.service.list(schoolId, checkSchoolYear(schoolYear), dto.level);
  }
}
