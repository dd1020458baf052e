import { Controller, Get, Param, ParseUUIDPipe } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Policy } from '@qn/auth';
import { IDENTITY_CHECKERS } from '../../shared/access/policies';
import { countResults } from '../domain/identity-check-plan';
import { IdentityCheckRepository } from '../identity-check.repository';

@ApiTags('identity-checks')
@ApiBearerAuth()
@Controller('schools/:schoolId/identity-checks')
export class IdentitySummaryController {
  constructor(private readonly repository: IdentityCheckRepository) {}

  /**
   * Counts by latest result (verified, mismatch, not found, unchecked) of the school's active
   * learners and staff, and who needs attention (not verified): id, name, the last four digits
   * of the personal id, result, when checked.
   */
  @Get('summary')
  @Policy({
    action: 'read',
    resource: 'identity-summary',
    users: IDENTITY_CHECKERS,
    target: { orgUnitParam: 'schoolId' },
    personalData: true,
  })
  async summary(@Param('schoolId', new ParseUUIDPipe()) schoolId: string) {
    const people = await this.repository.results(schoolId);
    const of = (kind: 'student' | 'staff') => people.filter((p) => p.kind === kind);
    return {
      schoolId,
      learners: countResults(of('student').map((p) => p.result)),
      staff: countResults(of('staff').map((p) => p.result)),
      lastCheckedAt:
        people.reduce<Date | null>(
          (max, p) => (p.checkedAt && (!max || p.checkedAt > max) ? p.checkedAt : max),
          null,
        ) ?? null,
      attention: people
        .filter((p) => p.result !== 'verified')
        .slice(0, 1000)
        .map((p) => ({
          kind: p.kind,
          id: p.id,
          fullName: p.fullName,
          personalIdLast4: p.personalIdLast4,
          result: p.result ?? 'unchecked',
          checkedAt: p.checkedAt,
        })),
    };
  }
}
