import { DynamicModule, Module } from '@nestjs/common';
import { OutsideRoles, platformCatalog } from '@qn/contracts';
import { enrollmentAccessProviders } from './access/access';
import { OrgDirectoryModule, orgDirectoryMigrations } from '@qn/org-directory';
import { ServiceKitModule } from '@qn/service-kit';
import { EnrollmentConfig } from './config';
import { enrollmentMigrations } from './database/migrations';
import { PersonalDataGuard } from './personal-data';
import { RoundRepository } from './rounds/round.repository';
import { CreateRoundService, RoundsController } from './rounds/create-round/create-round';
import {
  SetSchoolSeatsController,
  SetSchoolSeatsService,
} from './rounds/set-school-seats/set-school-seats';
import { ApplicationRepository } from './applications/application.repository';
import { SchoolFactsReader } from './applications/school-facts';
import { SubmitApplicationService } from './applications/submit-application/submit-application.service';
import { SubmitApplicationController } from './applications/submit-application/submit-application.controller';
import { ApplicationIntakeConsumer } from './applications/submit-application/application-intake.consumer';
import { ExamScoresIntakeConsumer } from './exam-scores/exam-scores-intake.consumer';
import {
  ApplicationAccess,
  ChangeApplicationController,
  ChangeApplicationService,
} from './applications/change-application/change-application';
import { FindApplicationsController } from './applications/find-applications/find-applications.controller';
import { PublishResultsController, PublishResultsService } from './results/publish-results';
import { OffersController, OffersService } from './results/offers';
import { OfferQueriesController } from './results/offer-queries';
import { TransfersController, TransfersService } from './transfers/transfers';
import {
  ImportExamScoresController,
  ImportExamScoresService,
} from './exam-scores/import-exam-scores';
import { RoundClosing } from './rounds/round-closing';

/** What the service stores: used by the app and by the migrate command. */
export const PERSISTENCE = {
  entities: [],
  migrations: [...orgDirectoryMigrations, ...enrollmentMigrations],
};

export const SERVICE_NAME = 'enrollment';

@Module({})
export class AppModule {
  static register(config: EnrollmentConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ServiceKitModule.forRoot({
          service: SERVICE_NAME,
          config,
          catalog: platformCatalog,
          ...PERSISTENCE,
          // The consumers' source check (libs/messaging): who may publish the intake events.
          outsideSources: {
            [OutsideRoles.admissionPortal]: config.TRUSTED_PORTALS,
            [OutsideRoles.examBoard]: config.TRUSTED_EXAM_BOARDS,
          },
        }),
        OrgDirectoryModule.forService(SERVICE_NAME),
      ],
      controllers: [
        RoundsController,
        SetSchoolSeatsController,
        SubmitApplicationController,
        FindApplicationsController,
        ChangeApplicationController,
        PublishResultsController,
        OffersController,
        OfferQueriesController,
        TransfersController,
        ImportExamScoresController,
        ApplicationIntakeConsumer,
        ExamScoresIntakeConsumer,
      ],
      providers: [
        ...enrollmentAccessProviders,
        PersonalDataGuard,
        RoundRepository,
        CreateRoundService,
        SetSchoolSeatsService,
        ApplicationRepository,
        SchoolFactsReader,
        SubmitApplicationService,
        ApplicationAccess,
        ChangeApplicationService,
        PublishResultsService,
        OffersService,
        TransfersService,
        ImportExamScoresService,
        RoundClosing,
      ],
    };
  }
}
