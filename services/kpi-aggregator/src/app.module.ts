import { DynamicModule, Module } from '@nestjs/common';
import { platformCatalog } from '@qn/contracts';
import { ServiceKitModule, ApiInfo } from '@qn/service-kit';
import { OrgDirectoryModule } from '@qn/org-directory';
import { KpiConfig } from './config';
import { kpiMigrations } from './database/migrations';
import { IndicatorsModule } from './indicators/indicators.module';
import { loadKpiCatalogue } from './indicators/kpi-catalogue.provider';
import { OrgUnitsModule } from './org-units/org-units.module';
import { ProjectionsModule } from './projections/projections.module';
import { QueriesModule } from './queries/queries.module';
import { ReportsModule } from './reports/reports.module';

/** What the service stores: used by the app and by the migrate command. */
export const PERSISTENCE = { entities: [], migrations: kpiMigrations };

export const SERVICE_NAME = 'kpi-aggregator';

/** Title and description of the service's OpenAPI document (/docs, docs/openapi/). */
export const API_INFO: ApiInfo = {
  title: 'KPI aggregator',
  description:
    'Indicator projections per organisation unit, period and segment, built from the platform events.',
};

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
        // The replica of the registry's tree: every feature reads it (roll-ups, scopes, reports).
        OrgDirectoryModule.forService(SERVICE_NAME),
        IndicatorsModule.forRoot(catalogue),
        OrgUnitsModule,
        QueriesModule,
        ProjectionsModule,
        ReportsModule,
      ],
    };
  }
}
