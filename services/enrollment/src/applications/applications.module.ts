import { Module } from '@nestjs/common';
import { RoundsModule } from '../rounds/rounds.module';
import { ApplicationAccess } from './application-access';
import { ApplicationRepository } from './application.repository';
import { ChangeApplicationController } from './change-application/change-application.controller';
import { ChangeApplicationService } from './change-application/change-application.service';
import { DecideContestController } from './decide-contest/decide-contest.controller';
import { DecideContestService } from './decide-contest/decide-contest.service';
import { FindApplicationController } from './find-applications/find-application.controller';
import { FindApplicationsController } from './find-applications/find-applications.controller';
import { SchoolFactsReader } from './school-facts';
import { ApplicationIntakeConsumer } from './submit-application/application-intake.consumer';
import { SubmitApplicationController } from './submit-application/submit-application.controller';
import { SubmitApplicationService } from './submit-application/submit-application.service';

/** Applications (hồ sơ tuyển sinh): submitted by families, schools and portals, changed, withdrawn, read. */
@Module({
  imports: [RoundsModule],
  controllers: [
    SubmitApplicationController,
    FindApplicationsController,
    FindApplicationController,
    ChangeApplicationController,
    DecideContestController,
    ApplicationIntakeConsumer,
  ],
  providers: [
    ApplicationRepository,
    SchoolFactsReader,
    SubmitApplicationService,
    ApplicationAccess,
    ChangeApplicationService,
    DecideContestService,
  ],
  exports: [ApplicationRepository, ApplicationAccess],
})
export class ApplicationsModule {}
