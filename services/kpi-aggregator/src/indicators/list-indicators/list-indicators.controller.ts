import { Controller, Get, Inject } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Policy } from '@qn/auth';
import { readCatalogue } from '../../shared/access-policies';
import { KPI_CATALOGUE, LoadedCatalogue } from '../kpi-catalogue.provider';
import { IndicatorDoc } from './indicator.openapi';

/** The catalogue's indicators: reference data, readable by every user and master-data client. */
@ApiTags('indicators')
@ApiBearerAuth()
@Controller('indicators')
export class ListIndicatorsController {
  constructor(@Inject(KPI_CATALOGUE) private readonly cat: LoadedCatalogue) {}

  /** The catalogue's indicators (codes, names, period type, segments, targets). */
  @Get()
  @Policy(readCatalogue)
  @ApiOkResponse({ type: [IndicatorDoc] })
  list(): IndicatorDoc[] {
    return this.cat.catalogue.indicators.map((i) => ({
      code: i.code,
      nameVi: i.nameVi,
      nameEn: i.nameEn,
      unit: i.unit,
      periodType: i.periodType,
      segments: i.segments,
      targets: i.targets.map((t) => ({
        period: t.period,
        from: t.from,
        segment: t.segment,
        value: t.value,
      })),
      // Where the trajectory starts: the dashboard shows it beside the value.
      baselines: i.baselines.map((b) => ({
        period: b.period,
        segment: b.segment,
        value: b.value,
        sourceDoc: b.sourceDoc,
      })),
      sourceEvents: i.sourceEvents,
    }));
  }
}
