import { Controller, Get, Param, ParseUUIDPipe, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiQuery, ApiTags } from '@nestjs/swagger';
import { Access, AccessContext, Policy } from '@qn/auth';
import { OrgDirectory, OrgUnitRecord } from '@qn/org-directory';
import { readAggregates } from '../../shared/access-policies';
import { checkDate } from '../../shared/as-of-date';
import { OrgUnitNotFound } from '../../shared/org-unit-errors';
import { OrgUnitDoc } from './org-unit.openapi';

/**
 * The aggregator's copy of the organisation tree (rebuilt from registry events), which its
 * roll-ups follow. Scoped: a commune user sees its own subtree only.
 */
@ApiTags('org-units')
@ApiBearerAuth()
@Controller('org-units')
export class BrowseOrgUnitsController {
  constructor(private readonly directory: OrgDirectory) {}

  /** The roots of the tree on a date (the province): where drill-down starts. */
  @Get()
  @Policy(readAggregates('org-unit'))
  @ApiOkResponse({ type: [OrgUnitDoc] })
  @ApiQuery({ name: 'asOf', required: false, description: 'A day (YYYY-MM-DD); default today' })
  async roots(
    @Access() access: AccessContext,
    @Query('asOf') asOf?: string,
  ): Promise<OrgUnitRecord[]> {
    const day = checkDate(asOf);
    const scope = access.unitFilter();
    if ('all' in scope) return this.directory.roots(day);
    const own = await this.directory.get(scope.withinOrgUnitId);
    return own ? [own] : [];
  }

  /** Schools in force under a unit on a date, by area segment (a first roll-up over the tree). */
  @Get(':id/school-counts')
  @Policy(readAggregates('org-unit', { orgUnitParam: 'id' }))
  @ApiQuery({ name: 'asOf', required: false, description: 'A day (YYYY-MM-DD); default today' })
  async schoolCounts(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Query('asOf') asOf?: string,
  ): Promise<{
    orgUnitId: string;
    asOf: string;
    bySegment: Record<string, number>;
    total: number;
  }> {
    const day = checkDate(asOf);
    const bySegment = await this.directory.schoolsBySegment(id, day);
    return {
      orgUnitId: id,
      asOf: day,
      bySegment,
      total: Object.values(bySegment).reduce((a, b) => a + b, 0),
    };
  }

  @Get(':id')
  @Policy(readAggregates('org-unit', { orgUnitParam: 'id' }))
  @ApiOkResponse({ type: OrgUnitDoc })
  async get(@Param('id', new ParseUUIDPipe()) id: string): Promise<OrgUnitRecord> {
    const unit = await this.directory.get(id);
    if (!unit) throw OrgUnitNotFound.notReached(id);
    return unit;
  }

  @Get(':id/children')
  @Policy(readAggregates('org-unit', { orgUnitParam: 'id' }))
  @ApiOkResponse({ type: [OrgUnitDoc] })
  @ApiQuery({ name: 'asOf', required: false, description: 'A day (YYYY-MM-DD); default today' })
  async children(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Query('asOf') asOf?: string,
  ): Promise<OrgUnitRecord[]> {
    const day = checkDate(asOf);
    return this.directory.children(id, day);
  }
}
