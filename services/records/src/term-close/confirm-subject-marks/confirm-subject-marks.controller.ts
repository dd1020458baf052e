import { Controller, HttpCode, Param, ParseIntPipe, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Policy, Principal } from '@qn/auth';
import { SubjectCodePipe, TermPipe } from '../../gradebook/gradebook-params';
import { RECORD_MARKS } from '../../shared/access/reaches';
import { ConfirmSubjectMarksService } from './confirm-subject-marks.service';

@ApiTags('term-close')
@ApiBearerAuth()
@Controller('classes/:classId/subjects/:subjectCode/terms/:term/marks/confirmation')
export class ConfirmSubjectMarksController {
  constructor(private readonly service: ConfirmSubjectMarksService) {}

  /**
   * The subject's teacher confirms the class's term marks: 422 names every learner and missing
   * cell; 409 if already confirmed. Announced as `records.term-marks.confirmed`.
   */
  @Post()
  @HttpCode(200)
  @Policy({ ...RECORD_MARKS, action: 'confirm-marks' })
  confirm(
    @Param('classId', new ParseUUIDPipe()) classId: string,
    @Param('subjectCode', SubjectCodePipe) subjectCode: string,
    @Param('term', new ParseIntPipe(), TermPipe) term: number,
    @CurrentPrincipal() principal: Principal,
  ) {
    return this.service.confirm({ classId, subjectCode, term }, principal);
  }
}
