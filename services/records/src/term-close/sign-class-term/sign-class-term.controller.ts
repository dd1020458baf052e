import { Controller, HttpCode, Param, ParseIntPipe, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Policy, Principal } from '@qn/auth';
import { TermPipe } from '../../gradebook/gradebook-params';
import { SIGN_CLASS_TERM } from '../../shared/access/reaches';
import { SignClassTermService } from './sign-class-term.service';

@ApiTags('term-close')
@ApiBearerAuth()
@Controller('classes/:classId/terms/:term/signature')
export class SignClassTermController {
  constructor(private readonly service: SignClassTermService) {}

  /**
   * The principal signs the class's term once its homeroom teacher confirmed it (409 before, and
   * once signed). At term 2 every learner's học bạ is built and signed (422 `records-incomplete`
   * lists what is missing: an identity, a term's conduct). Announced as
   * `records.class-term.closed`, and `records.record.signed` per learner.
   */
  @Post()
  @HttpCode(200)
  @Policy(SIGN_CLASS_TERM)
  sign(
    @Param('classId', new ParseUUIDPipe()) classId: string,
    @Param('term', new ParseIntPipe(), TermPipe) term: number,
    @CurrentPrincipal() principal: Principal,
  ) {
    return this.service.sign(classId, term, principal);
  }
}
