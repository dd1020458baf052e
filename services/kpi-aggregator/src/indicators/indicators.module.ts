import { DynamicModule, Module } from '@nestjs/common';
import { KPI_CATALOGUE, LoadedCatalogue } from './kpi-catalogue.provider';
import { ListIndicatorsController } from './list-indicators/list-indicators.controller';

/**
 * The indicator catalogue (chỉ tiêu) and its pure domain (domain/: formulas, periods, roll-ups,
 * status, the event → facts mapping). The catalogue is loaded before anything starts (a catalogue
 * error stops the service with its lines) and given to every feature as KPI_CATALOGUE.
 */
@Module({})
export class IndicatorsModule {
  static forRoot(catalogue: LoadedCatalogue): DynamicModule {
    return {
      module: IndicatorsModule,
      global: true,
      controllers: [ListIndicatorsController],
      providers: [{ provide: KPI_CATALOGUE, useValue: catalogue }],
      exports: [KPI_CATALOGUE],
    };
  }
}
