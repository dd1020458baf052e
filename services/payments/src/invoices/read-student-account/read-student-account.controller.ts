import { Controller, Get, Param, ParseUUIDPipe } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Policy, Principal } from '@qn/auth';
import { readStudentMoney } from '../../shared/access-policies';
import { ReadStudentAccountService } from './read-student-account.service';
import { StudentAccountDoc } from './student-account.openapi';

@ApiTags('invoices')
@ApiBearerAuth()
@Controller()
export class ReadStudentAccountController {
  constructor(private readonly service: ReadStudentAccountService) {}

  /** What the family owes and holds as credit, every invoice and payment (balances derived from the ledger). */
  @Get('students/:studentId/account')
  @Policy(readStudentMoney('student-account'))
  @ApiOkResponse({ type: StudentAccountDoc })
  account(@Param('studentId', ParseUUIDPipe) studentId: string, @CurrentPrincipal() p: Principal) {
    return this.service.studentAccount(studentId, p);
  }
}
