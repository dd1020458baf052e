import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiQuery, ApiTags } from '@nestjs/swagger';
import { InvalidInput } from '@qn/contracts';
import { Policy } from '@qn/auth';
import { readAggregates } from '../../shared/access-policies';
import { orgUnitParam } from '../query-indicators/org-unit-param';
import { ExplainViewDoc } from './explain-figure.openapi';
import { ExplainFigureService, ExplainView } from './explain-figure.service';

const MAX_LIMIT = 200;

function count(field: string, raw: string | undefined, fallback: number, max: number): number {
  if (raw === undefined) return fallback;
  if (!/^\d{1,9}$/.test(raw) || +raw > max)
    throw InvalidInput.of(field, `must be a whole number from 0 to ${max}`);
  return +raw;
}

/** From a figure, the facts behind it: which schools, which events, counted when. */
@ApiTags('indicators')
@ApiBearerAuth()
@Controller('indicators')
export class ExplainFigureController {
  constructor(private readonly explainer: ExplainFigureService) {}

  @Get(':code/facts')
  @Policy(readAggregates('indicator', { orgUnitQuery: 'orgUnitId' }))
  @ApiOkResponse({ description: 'ExplainView (explain-figure.service.ts)', type: ExplainViewDoc })
  @ApiQuery({ name: 'orgUnitId' })
  @ApiQuery({ name: 'period' })
  @ApiQuery({ name: 'segment', required: false })
  @ApiQuery({ name: 'element', required: false, description: 'one data element of the formula' })
  @ApiQuery({ name: 'offset', required: false })
  @ApiQuery({ name: 'limit', required: false, description: `1 to ${MAX_LIMIT}, default 50` })
  async facts(
    @Param('code') code: string,
    @Query('orgUnitId') orgUnitId?: string,
    @Query('period') period?: string,
    @Query('segment') segment?: string,
    @Query('element') element?: string,
    @Query('offset') offset?: string,
    @Query('limit') limit?: string,
  ): Promise<ExplainView> {
    const n = count('limit', limit, 50, MAX_LIMIT);
    if (n === 0) throw InvalidInput.of('limit', `must be a whole number from 1 to ${MAX_LIMIT}`);
    return this.explainer.explain(code, orgUnitParam(orgUnitId), {
      period,
      segment,
      element,
      offset: count('offset', offset, 0, 1_000_000),
      limit: n,
    });
  }
}
