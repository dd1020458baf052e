import { Module } from '@nestjs/common';
import { AuthoritiesModule } from '../authorities/authorities.module';
import { CredentialStatusModule } from '../credential-status/credential-status.module';
import { LearnersModule } from '../learners/learners.module';
import { RegistersModule } from '../registers/registers.module';
import { ApproveGraduationListController } from './approve-graduation-list/approve-graduation-list.controller';
import { ApproveGraduationListService } from './approve-graduation-list/approve-graduation-list.service';
import { DiplomaIssuer } from './issue-diplomas/diploma-issuer';
import { IssuanceRepository } from './issuance.repository';
import { ProposeGraduationListController } from './propose-graduation-list/propose-graduation-list.controller';
import { ProposeGraduationListService } from './propose-graduation-list/propose-graduation-list.service';
import { ReadGraduationListsController } from './read-graduation-lists/read-graduation-lists.controller';
import { GraduationEligibilityConsumer } from './record-eligibility/graduation-eligibility.consumer';
import { SchoolAuthorityFinder } from './school-authority';

/**
 * Issuing diplomas: records' graduation assessments, the school's proposed list, the competent
 * authority's approval, and the diplomas entered in the register and issued as credentials.
 */
@Module({
  imports: [AuthoritiesModule, CredentialStatusModule, LearnersModule, RegistersModule],
  controllers: [
    GraduationEligibilityConsumer,
    ProposeGraduationListController,
    ApproveGraduationListController,
    ReadGraduationListsController,
  ],
  providers: [
    IssuanceRepository,
    SchoolAuthorityFinder,
    ProposeGraduationListService,
    ApproveGraduationListService,
    DiplomaIssuer,
  ],
})
export class IssuanceModule {}
