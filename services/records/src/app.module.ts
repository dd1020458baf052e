import { DynamicModule, Module } from '@nestjs/common';
import { platformCatalog } from '@qn/contracts';
import { OrgDirectoryModule } from '@qn/org-directory';
import { ServiceKitModule, ApiInfo } from '@qn/service-kit';
import { RecordsConfig } from './config';
import { recordsMigrations } from './database/migrations';
import { GradebookModule } from './gradebook/gradebook.module';
import { LearnersModule } from './learners/learners.module';
import { RostersModule } from './rosters/rosters.module';
import { SchoolRecordsModule } from './school-records/school-records.module';
import { SectorExportModule } from './sector-export/sector-export.module';
import { TermCloseModule } from './term-close/term-close.module';
import { ServiceInfoModule } from './service-info/service-info.module';
import { recordsAccessProviders } from './shared/access/roster-locators';

/** What the service stores: used by the app and by the migrate command. */
export const PERSISTENCE = { entities: [], migrations: recordsMigrations };

export const SERVICE_NAME = 'records';

/** Title and description of the service's OpenAPI document (/docs, docs/openapi/). */
export const API_INFO: ApiInfo = {
  title: 'Records',
  description:
    'Electronic gradebooks and signed digital school records (học bạ số) of every learner.',
};

/** The service: the shared kit (config, database, messaging, auth, health, metrics) and one module per feature. */
@Module({})
export class AppModule {
  static register(config: RecordsConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ServiceKitModule.forRoot({
          service: SERVICE_NAME,
          config,
          catalog: platformCatalog,
          ...PERSISTENCE,
        }),
        // The org tree (registry.org-unit.v1): which schools a commune manages.
        OrgDirectoryModule.forService(SERVICE_NAME),
        ServiceInfoModule,
        RostersModule,
        GradebookModule,
        TermCloseModule,
        LearnersModule,
        SchoolRecordsModule,
        SectorExportModule,
      ],
      // App-wide: the policy guard finds the teaching and guardian directories and the resource
      // locators of every route here (src/shared/access).
      providers: [...recordsAccessProviders],
    };
  }
}
