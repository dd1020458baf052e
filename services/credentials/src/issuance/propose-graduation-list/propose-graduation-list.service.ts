import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { InvalidInput, RuleViolation, type GraduationLevel } from '@qn/contracts';
import { Principal } from '@qn/auth';
import { graduationYearOf } from '../domain/register-numbers';
import { IssuanceRepository, type GraduationList } from '../issuance.repository';
import { SchoolAuthorityFinder } from '../school-authority';

/**
 * A school proposes its graduation list: every candidate records assessed eligible for the level
 * and year that no earlier list holds (a second list later takes those a summer re-assessment
 * made eligible). The competent authority is fixed now, from the org tree.
 */
@Injectable()
export class ProposeGraduationListService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly repo: IssuanceRepository,
    private readonly schools: SchoolAuthorityFinder,
  ) {}

  async propose(schoolId: string, level: GraduationLevel, schoolYear: string, by: Principal) {
    let graduationYear: number;
    try {
      graduationYear = graduationYearOf(schoolYear);
    } catch {
      throw new InvalidInput([
        { field: 'schoolYear', message: 'must be two consecutive years, e.g. 2025-2026' },
      ]);
    }
    const { authority } = await this.schools.find(schoolId, level);
    const at = new Date();
    return this.ds.transaction(async (tx) => {
      // One proposal at a time per school: a second one waits and then finds nobody left.
      await tx.query(`SELECT pg_advisory_xact_lock(hashtext('graduation-list:' || $1))`, [
        schoolId,
      ]);
      const candidates = await this.repo.unlistedEligible(tx, schoolId, level, schoolYear);
      if (candidates.length === 0)
        throw new RuleViolation(
          'no-eligible-candidates',
          'No eligible candidate is left to propose',
          'records has assessed no learner of this school, level and year as eligible, or every one is on a list already',
        );
      const list: GraduationList = {
        id: uuidv7(),
        schoolId,
        level,
        schoolYear,
        graduationYear,
        authorityId: authority.orgUnitId,
        state: 'proposed',
        proposedBy: by.subject,
        proposedAt: at.toISOString(),
        decisionReference: null,
        decidedOn: null,
        approvedAt: null,
      };
      await this.repo.insertList(tx, list, candidates);
      return {
        ...list,
        authority: { id: authority.orgUnitId, name: authority.name, level: authority.level },
        members: candidates.length,
      };
    });
  }
}
