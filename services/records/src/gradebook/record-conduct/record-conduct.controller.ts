import { Body, Controller, Param, ParseIntPipe, ParseUUIDPipe, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Policy, Principal } from '@qn/auth';
import { RECORD_CONDUCT } from '../../shared/access/reaches';
import { TermPipe } from '../gradebook-params';
import { RecordConductDto } from './record-conduct.dto';
import { RecordConductService } from './record-conduct.service';

@ApiTags('gradebook')
@ApiBearerAuth()
@Controller('classes/:classId/terms/:term/conduct')
export class RecordConductController {
  constructor(private readonly service: RecordConductService) {}

  /**
   * Secondary (Circular 22): the class's homeroom teacher enters learners' conduct level (Tốt /
   * Khá / Đạt / Chưa đạt), absent sessions and remarks for the term. Each entry replaces that
   * learner's; the others stay. All or nothing: 422 names every failing field; 409 once the
   * class's term is confirmed; 422 for a primary class (it has qualities). Answers counts only.
   */
  @Put()
  @Policy(RECORD_CONDUCT)
  record(
    @Param('classId', new ParseUUIDPipe()) classId: string,
    @Param('term', new ParseIntPipe(), TermPipe) term: number,
    @Body() dto: RecordConductDto,
    @CurrentPrincipal() principal: Principal,
  ) {
    return this.service.record({ classId, term: term as 1 | 2 }, dto, principal);
  }
}
