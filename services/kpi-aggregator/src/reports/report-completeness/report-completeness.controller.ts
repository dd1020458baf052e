import { Controller, Get, Param, Query } from '@nestjs/common';
import {ApiBearerAuth, ApiOkResponse, ApiQuery, ApiTags } from '@nestjs/swagger';
import { Access, AccessContext, Policy } from '@qn/auth';
import { OrgDirectory } from '@qn/org-directory';
import type { ReportKind } from '../../indicators/domain';
import { readAggregates } from '../../shared/access-policies';
import { checkDate } from '../../shared/as-of-date';
import { unitsDeadline } from '../domain/report-deadlines';
import { unitToReportOn } from '../unit-to-report-on';
import { CompletenessDoc } from './completeness.openapi';
import { ReportCompletenessService } from './report-completeness.service';

/** The department sees the completeness of the units' reports: who has not, who was late. */
@ApiTags('reports')
@ApiBearerAuth()
@Controller('reports/:schoolYear/:report')
export class ReportCompletenessController {
  constructor(
    private readonly reports: ReportCompletenessService,
    private readonly directory: OrgDirectory,
  ) {}

  /** Units under `orgUnitId` (default: the caller's own unit, or the province) that owe the report. */
  @Get('completeness')
  @ApiOkResponse({ type: CompletenessDoc })
  @ApiQuery({
    name: 'orgUnitId',
    required: false,
    description: "The unit the report is about; default the caller's own (the province for province staff)",
  })
  @ApiQuery({ name: 'asOf', required: false, description: 'A day (YYYY-MM-DD); default today' })
  @Policy(readAggregates('report', { orgUnitQuery: 'orgUnitId' }))
  async completeness(
    @Param('schoolYear') schoolYear: string,
    @Param('report') report: string,
    @Access() access: AccessContext,
    @Query('orgUnitId') orgUnitId?: string,
    @Query('asOf') asOf?: string,
  ) {
    unitsDeadline(schoolYear, report);
    const day = checkDate(asOf);
    const unitId = await unitToReportOn(this.directory, access, orgUnitId, day);
    return this.reports.completeness({
      schoolYear,
      report: report as ReportKind,
      orgUnitId: unitId,
      asOf: day,
    });
  }
}
