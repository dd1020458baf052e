import { Controller, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Policy } from '@qn/auth';
import { IDENTITY_CHECKERS } from '../../shared/access/policies';
import { IdentityCheckRun, RunIdentityChecksService } from './run-identity-checks.service';

@ApiTags('identity-checks')
@ApiBearerAuth()
@Controller('schools/:schoolId/identity-checks')
export class RunIdentityChecksController {
  constructor(private readonly service: RunIdentityChecksService) {}

  /**
   * Checks the personal id, name and date of birth of the school's learners and staff who are
   * due (never checked, not verified, or verified more than IDENTITY_RECHECK_DAYS ago) against
   * the national population register. Answers counts only; 503 when the register cannot be reached.
   */
  @Post()
  @HttpCode(200)
  @Policy({
    action: 'check',
    resource: 'identity',
    users: IDENTITY_CHECKERS,
    target: { orgUnitParam: 'schoolId' },
    personalData: true,
  })
  run(@Param('schoolId', new ParseUUIDPipe()) schoolId: string): Promise<IdentityCheckRun> {
    return this.service.run(schoolId);
  }
}
