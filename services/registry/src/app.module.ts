import { DynamicModule, Module } from '@nestjs/common';
import { platformCatalog } from '@qn/contracts';
import { ServiceKitModule, ApiInfo } from '@qn/service-kit';
import { RegistryConfig } from './config';
import { registryMigrations } from './database/migrations';
import { OrgUnitEntity } from './org-units/database/org-unit.entity';
import { OrgUnitsModule } from './org-units/org-units.module';
import { SchoolYearsModule } from './school-years/school-years.module';

/** What the service stores: used by the app and by the migrate command. */
export const PERSISTENCE = { entities: [OrgUnitEntity], migrations: registryMigrations };

export const SERVICE_NAME = 'registry';

/** Title and description of the service's OpenAPI document (/docs, docs/openapi/). */
export const API_INFO: ApiInfo = {
  title: 'Registry',
  description:
    'Organisation units (province, communes, schools) with effective dates, and school years. Every change is published on Kafka.',
};

/** The service: the shared kit (config, database, messaging, auth, health, metrics) and one module per feature. */
@Module({})
export class AppModule {
  static register(config: RegistryConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ServiceKitModule.forRoot({
          service: SERVICE_NAME,
          config,
          catalog: platformCatalog,
          ...PERSISTENCE,
        }),
        OrgUnitsModule,
        SchoolYearsModule,
      ],
    };
  }
}
