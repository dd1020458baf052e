import { DynamicModule, Module } from '@nestjs/common';
import { platformCatalog } from '@qn/contracts';
import { ServiceKitModule } from '@qn/service-kit';
import { OrgScopeService } from '@qn/auth';
import { OrgDirectoryModule, orgDirectoryMigrations } from '@qn/org-directory';
import { KpiConfig } from './config';
import { OrgUnitsController } from './org-units/org-units.controller';
import { DashboardController } from './dashboard/dashboard.controller';
import { reportsSlice } from './reports/reports.slice';

/** What the service stores: used by the app and by the migrate command. */
export const PERSISTENCE = {
  entities: [],
  migrations: [...orgDirectoryMigrations, ...reportsSlice.migrations],
};

export const SERVICE_NAME = 'kpi-aggregator';

@Module({})
export class AppModule {
  static register(config: KpiConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ServiceKitModule.forRoot({
          service: SERVICE_NAME,
          config,
          catalog: platformCatalog,
          ...PERSISTENCE,
        }),
        OrgDirectoryModule.forService(SERVICE_NAME),
      ],
      controllers: [OrgUnitsController, DashboardController, ...reportsSlice.controllers],
      providers: [OrgScopeService, ...reportsSlice.providers],
    };
  }
}
