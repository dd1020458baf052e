import { Body, Controller, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Policy, Principal } from '@qn/auth';
import { CORRECT_RECORD } from '../../shared/access/reaches';
import { SchoolYearPipe } from '../school-record-params';
import { CorrectRecordDto } from './correct-record.dto';
import { CorrectRecordService } from './correct-record.service';

@ApiTags('school-records')
@ApiBearerAuth()
@Controller('learners/:studentId/records/:schoolYear/corrections')
export class CorrectRecordController {
  constructor(private readonly service: CorrectRecordService) {}

  /**
   * Corrects the latest signed version of the learner's học bạ of the year: the principal of the
   * record's school (403 otherwise), with a reason. 422 `invalid-correction` names each failing
   * field; `correction-changes-nothing`; 409 when another correction came first. Answers the new
   * version's number and hash; announced as `records.record.corrected`.
   */
  @Post()
  @Policy(CORRECT_RECORD)
  correct(
    @Param('studentId', new ParseUUIDPipe()) studentId: string,
    @Param('schoolYear', SchoolYearPipe) schoolYear: string,
    @Body() body: CorrectRecordDto,
    @CurrentPrincipal() principal: Principal,
  ) {
    return this.service.correct(studentId, schoolYear, body, principal);
  }
}
