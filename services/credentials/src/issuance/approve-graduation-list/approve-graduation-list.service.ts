import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import {
  Conflict,
  InvalidInput,
  isIsoDate,
  NotFound,
  OutOfScope,
  RuleViolation,
} from '@qn/contracts';
import { Principal } from '@qn/auth';
import { isCompetent } from '../../shared/access/competence';
import { LearnerRepository } from '../../learners/learner.repository';
import { DiplomaIssuer } from '../issue-diplomas/diploma-issuer';
import { IssuanceRepository } from '../issuance.repository';
import { SchoolAuthorityFinder } from '../school-authority';

/**
 * The competent authority approves a school's graduation list by its decision (quyết định công
 * nhận tốt nghiệp), and the diplomas are issued at once. Lower secondary: the commune that manages
 * the school; upper secondary: the department. Approving again after a failure (a key store
 * outage) finishes the issuing; approving an approved list with another decision is refused.
 */
@Injectable()
export class ApproveGraduationListService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly repo: IssuanceRepository,
    private readonly learners: LearnerRepository,
    private readonly schools: SchoolAuthorityFinder,
    private readonly issuer: DiplomaIssuer,
  ) {}

  async approve(
    listId: string,
    decision: { decisionReference: string; decidedOn: string },
    by: Principal,
  ) {
    if (!isIsoDate(decision.decidedOn))
      throw new InvalidInput([{ field: 'decidedOn', message: 'is not a calendar day' }]);
    const reference = decision.decisionReference.normalize('NFC').trim();
    const list = await this.repo.findList(listId);
    if (!list) throw new NotFound('graduation-list-not-found', 'No graduation list has this id');
    const { schoolName, authority } = await this.schools.find(list.schoolId, list.level);
    const competent = isCompetent(by, {
      kind:
        list.level === 'lower-secondary' ? 'lower-secondary-diploma' : 'upper-secondary-diploma',
      authorityId: list.authorityId,
      authorityIsCommune: authority.level === 'commune',
    });
    if (!competent)
      throw new OutOfScope(
        'not-competent-authority',
        'Only the competent authority approves this list',
        authority.level === 'commune'
          ? 'lower-secondary graduation is recognised by the commune that manages the school'
          : 'this graduation is recognised by the Department of Education and Training',
      );
    if (
      list.state === 'approved' &&
      (list.decisionReference !== reference || list.decidedOn !== decision.decidedOn)
    )
      throw new Conflict('graduation-list-approved', 'The list was approved by another decision');
    if (authority.orgUnitId !== list.authorityId)
      throw new Conflict(
        'authority-changed',
        'The school’s competent authority changed since the list was proposed',
        'propose the list again',
      );
    const members = await this.repo.members(listId);
    const known = await this.learners.findMany(
      this.ds.manager,
      members.map((m) => m.studentId),
    );
    if (known.size < members.length)
      throw new RuleViolation(
        'identities-missing',
        'Some learners’ identities have not reached the credentials service',
        `${members.length - known.size} learner(s) of the list have no identity from enrollment yet`,
        { missing: members.length - known.size },
      );
    const at = new Date();
    if (list.state === 'proposed')
      await this.ds.transaction((tx) =>
        this.repo.approve(tx, listId, { reference, decidedOn: decision.decidedOn }, by.subject, at),
      );
    const issued = await this.issuer.issuePending(
      { ...list, decisionReference: reference, decidedOn: decision.decidedOn },
      { name: schoolName },
      authority,
      by.subject,
    );
    const after = await this.repo.members(listId);
    return {
      listId,
      state: 'approved' as const,
      decisionReference: reference,
      decidedOn: decision.decidedOn,
      members: after.length,
      issuedNow: issued,
      issued: after.filter((m) => m.entryId !== null).length,
    };
  }
}
