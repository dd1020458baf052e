import { DynamicModule, Module } from '@nestjs/common';
import { platformCatalog } from '@qn/contracts';
import { ServiceKitModule } from '@qn/service-kit';
import { OrgDirectoryModule, orgDirectoryMigrations } from '@qn/org-directory';
import { KpiConfig } from './config';
import { OrgUnitsController } from './org-units/org-units.controller';
import { DashboardController } from './dashboard/dashboard.controller';
import { reportsSlice } from './reports/reports.slice';
import { KPI_CATALOGUE, loadKpiCatalogue } from './projections/catalogue.provider';
import { projectionMigrations } from './projections/projection-store';
import { ProjectionService } from './projections/projection.service';
import { ProjectionsController } from './projections/projections.controller';
import { IndicatorQueryService } from './queries/indicator-query.service';
import { IndicatorsController } from './queries/indicators.controller';

/** What the service stores: used by the app and by the migrate command. */
export const PERSISTENCE = {
  entities: [],
  migrations: [...orgDirectoryMigrations, ...projectionMigrations, ...reportsSlice.migrations],
};

export const SERVICE_NAME = 'kpi-aggregator';

@Module({})
export class AppModule {
  static register(config: KpiConfig): DynamicModule {
    // Loaded before anything starts: a catalogue error stops the service with its lines.
    const catalogue = loadKpiCatalogue(config.KPI_CATALOGUE_PATH);
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
      controllers: [
        OrgUnitsController,
        DashboardController,
        IndicatorsController,
        ProjectionsController,
        ...reportsSlice.controllers,
      ],
      providers: [
        { provide: KPI_CATALOGUE, useValue: catalogue },
        ProjectionService,
        IndicatorQueryService,
        ...reportsSlice.providers,
      ],
    };
  }
}
