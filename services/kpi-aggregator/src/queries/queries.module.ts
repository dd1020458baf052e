import { Module } from '@nestjs/common';
import { ProjectionsModule } from '../projections/projections.module';
import { ExplainFigureController } from './explain-figure/explain-figure.controller';
import { ExplainFigureService } from './explain-figure/explain-figure.service';
import { QueryIndicatorsController } from './query-indicators/query-indicators.controller';
import { IndicatorQueryService } from './query-indicators/query-indicators.service';

/**
 * The query API over the projection: drill-down (a unit and its children) and time series, with
 * targets and status, cached per projection version. Reports read the same answers.
 */
@Module({
  imports: [ProjectionsModule],
  controllers: [QueryIndicatorsController, ExplainFigureController],
  providers: [IndicatorQueryService, ExplainFigureService],
  exports: [IndicatorQueryService],
})
export class QueriesModule {}
