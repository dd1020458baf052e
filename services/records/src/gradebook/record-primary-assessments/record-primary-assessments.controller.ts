import { Body, Controller, Param, ParseIntPipe, ParseUUIDPipe, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Policy, Principal } from '@qn/auth';
import { RECORD_MARKS } from '../../shared/access/reaches';
import { SubjectCodePipe, TermPipe } from '../gradebook-params';
import { RecordPrimaryAssessmentsDto, RecordQualitiesDto } from './record-primary-assessments.dto';
import { RecordPrimaryAssessmentsService } from './record-primary-assessments.service';

@ApiTags('gradebook')
@ApiBearerAuth()
@Controller('classes/:classId')
export class RecordPrimaryAssessmentsController {
  constructor(private readonly service: RecordPrimaryAssessmentsService) {}

  /**
   * Primary (Circular 27): the subject's teacher enters learners' levels T/H/C, test marks (where
   * the circular holds a test) and comments at a checkpoint. All or nothing: 422 names every
   * failing field; 409 once confirmed; 422 for a secondary class (its marks are at …/marks).
   */
  @Put('subjects/:subjectCode/terms/:term/primary-assessments')
  @Policy(RECORD_MARKS)
  recordSubject(
    @Param('classId', new ParseUUIDPipe()) classId: string,
    @Param('subjectCode', SubjectCodePipe) subjectCode: string,
    @Param('term', new ParseIntPipe(), TermPipe) term: number,
    @Body() dto: RecordPrimaryAssessmentsDto,
    @CurrentPrincipal() principal: Principal,
  ) {
    return this.service.recordSubject(
      { classId, subjectCode, term: term as 1 | 2 },
      dto,
      principal,
    );
  }

  /**
   * Primary (Circular 27): the class's homeroom teacher enters learners' quality and competency
   * levels T/Đ/C at a checkpoint (only those named are set). All or nothing, like the subjects.
   */
  @Put('terms/:term/qualities')
  @Policy(RECORD_MARKS)
  recordQualities(
    @Param('classId', new ParseUUIDPipe()) classId: string,
    @Param('term', new ParseIntPipe(), TermPipe) term: number,
    @Body() dto: RecordQualitiesDto,
    @CurrentPrincipal() principal: Principal,
  ) {
    return this.service.recordQualities({ classId, term: term as 1 | 2 }, dto, principal);
  }
}
