import { Controller, Get, Param, Query, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { ApiBearerAuth, ApiExtraModels, ApiOkResponse, ApiQuery, ApiTags } from '@nestjs/swagger';
import { Policy } from '@qn/auth';
import { readAggregates } from '../../shared/access-policies';
import { orgUnitParam as orgUnit } from './org-unit-param';
import { CachedAnswer, IndicatorQueryService } from './query-indicators.service';
import { CellViewDoc, DrillDownViewDoc, SeriesViewDoc } from './views.openapi';

/**
 * Sends a cached answer's bytes as they are (Nest would serialize a Buffer as JSON), with its
 * ETag; a client that already holds this version gets 304 Not Modified.
 */
function sendAnswer(req: Request, res: Response, answer: CachedAnswer): void {
  res.status(200);
  res.setHeader('ETag', answer.etag);
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  if (req.fresh) {
    res.status(304).end();
    return;
  }
  res.setHeader('Content-Length', answer.body.length);
  res.end(answer.body);
}

/**
 * Indicators from the projection: drill-down (a unit and its children), time series, target
 * vs actual with status. Scoped by org unit: a commune user sees its own subtree.
 */
@ApiTags('indicators')
@ApiBearerAuth()
@ApiExtraModels(CellViewDoc)
@Controller('indicators')
export class QueryIndicatorsController {
  constructor(private readonly queries: IndicatorQueryService) {}

  /** One indicator for an org unit and period with its children, each with target and status. */
  @Get(':code/values')
  @Policy(readAggregates('indicator', { orgUnitQuery: 'orgUnitId' }))
  @ApiOkResponse({
    description: 'DrillDownView (query-indicators.service.ts)',
    type: DrillDownViewDoc,
  })
  @ApiQuery({ name: 'orgUnitId' })
  @ApiQuery({
    name: 'period',
    required: false,
    description: 'e.g. 2025-2026, HK1-2025-2026, 2025, 2025-12-31',
  })
  async values(
    @Param('code') code: string,
    @Req() req: Request,
    @Res() res: Response,
    @Query('orgUnitId') orgUnitId?: string,
    @Query('period') period?: string,
  ): Promise<void> {
    this.queries.indicator(code);
    const id = orgUnit(orgUnitId);
    sendAnswer(req, res, await this.queries.drillDown(code, id, period));
  }

  /** The indicator over periods `from`..`to` (or a list `periods=a,b`), with targets and status. */
  @Get(':code/series')
  @Policy(readAggregates('indicator', { orgUnitQuery: 'orgUnitId' }))
  @ApiOkResponse({ description: 'SeriesView (query-indicators.service.ts)', type: SeriesViewDoc })
  @ApiQuery({ name: 'orgUnitId' })
  @ApiQuery({ name: 'from', required: false })
  @ApiQuery({ name: 'to', required: false })
  @ApiQuery({ name: 'periods', required: false })
  async series(
    @Param('code') code: string,
    @Req() req: Request,
    @Res() res: Response,
    @Query('orgUnitId') orgUnitId?: string,
    @Query('from') from?: string,
    @Query('to') to?: string,
    @Query('periods') periods?: string,
  ): Promise<void> {
    this.queries.indicator(code);
    const id = orgUnit(orgUnitId);
    sendAnswer(req, res, await this.queries.series(code, id, { from, to, periods }));
  }
}
