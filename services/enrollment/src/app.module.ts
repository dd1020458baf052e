import { DynamicModule, Module } from '@nestjs/common';
import { OutsideRoles, platformCatalog } from '@qn/contracts';
import { orgDirectoryMigrations } from '@qn/org-directory';
import { ServiceKitModule, ApiInfo } from '@qn/service-kit';
import { ApplicationsModule } from './applications/applications.module';
import { EnrollmentConfig } from './config';
import { enrollmentMigrations } from './database/migrations';
import { ExamScoresModule } from './exam-scores/exam-scores.module';
import { FamiliesModule } from './families/families.module';
import { IdentityChecksModule } from './identity-checks/identity-checks.module';
import { ResultsModule } from './results/results.module';
import { RostersModule } from './rosters/rosters.module';
import { RoundsModule } from './rounds/rounds.module';
import { YearEndModule } from './year-end/year-end.module';
import { SectorSyncModule } from './sector-sync/sector-sync.module';
import { EnrollmentSharedModule } from './shared/shared.module';
import { TransfersModule } from './transfers/transfers.module';

/** What the service stores: used by the app and by the migrate command. */
export const PERSISTENCE = {
  entities: [],
  migrations: [...orgDirectoryMigrations, ...enrollmentMigrations],
};

export const SERVICE_NAME = 'enrollment';

/** Title and description of the service's OpenAPI document (/docs, docs/openapi/). */
export const API_INFO: ApiInfo = {
  title: 'Enrollment',
  description:
    'Online entry admission for grades 1, 6 and 10 (tuyển sinh đầu cấp): rounds, seats, applications from families, schools and outside portals.',
};

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
        EnrollmentSharedModule.register(SERVICE_NAME),
        RoundsModule,
        ApplicationsModule,
        ResultsModule,
        TransfersModule,
        ExamScoresModule,
        RostersModule,
        YearEndModule,
        IdentityChecksModule,
        SectorSyncModule,
        FamiliesModule,
      ],
    };
  }
}
