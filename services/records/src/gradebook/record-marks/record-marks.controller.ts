import { Body, Controller, Param, ParseIntPipe, ParseUUIDPipe, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Policy, Principal } from '@qn/auth';
import { RECORD_MARKS } from '../../shared/access/reaches';
import { SubjectCodePipe, TermPipe } from '../gradebook-params';
import { RecordMarksDto } from './record-marks.dto';
import { RecordMarksService } from './record-marks.service';

@ApiTags('gradebook')
@ApiBearerAuth()
@Controller('classes/:classId/subjects/:subjectCode/terms/:term/marks')
export class RecordMarksController {
  constructor(private readonly service: RecordMarksService) {}

  /**
   * The subject's teacher enters or changes learners' marks for the term (only the learners and
   * cells named). All or nothing: 422 names every failing cell; 409 once the marks are confirmed.
   */
  @Put()
  @Policy(RECORD_MARKS)
  record(
    @Param('classId', new ParseUUIDPipe()) classId: string,
    @Param('subjectCode', SubjectCodePipe) subjectCode: string,
    @Param('term', new ParseIntPipe(), TermPipe) term: number,
    @Body() dto: RecordMarksDto,
    @CurrentPrincipal() principal: Principal,
  ) {
    return this.service.record({ classId, subjectCode, term }, dto, principal);
  }
}
