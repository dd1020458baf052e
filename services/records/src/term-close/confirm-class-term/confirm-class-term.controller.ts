import { Controller, HttpCode, Param, ParseIntPipe, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Policy, Principal } from '@qn/auth';
import { TermPipe } from '../../gradebook/gradebook-params';
import { RECORD_MARKS } from '../../shared/access/reaches';
import { ConfirmClassTermService } from './confirm-class-term.service';

@ApiTags('term-close')
@ApiBearerAuth()
@Controller('classes/:classId/terms/:term/confirmation')
export class ConfirmClassTermController {
  constructor(private readonly service: ConfirmClassTermService) {}

  /**
   * The homeroom teacher confirms the class's term: 422 lists the subjects still unconfirmed; 409
   * if already confirmed. Announced as `records.class-term.confirmed`.
   */
  @Post()
  @HttpCode(200)
  @Policy({ ...RECORD_MARKS, action: 'confirm-class-term' })
  confirm(
    @Param('classId', new ParseUUIDPipe()) classId: string,
    @Param('term', new ParseIntPipe(), TermPipe) term: number,
    @CurrentPrincipal() principal: Principal,
  ) {
    return this.service.confirm(classId, term, principal);
  }
}
