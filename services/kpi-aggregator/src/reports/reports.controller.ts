import { Body, Controller, Get, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import type { Response } from 'express';
import { InvalidInput, provinceDate } from '@qn/contracts';
import { Access, AccessContext, CurrentPrincipal, Policy, Principal, Reach } from '@qn/auth';
import { readAggregates } from '../access/policies';
import { OrgDirectory } from '@qn/org-directory';
import { Idempotent } from '@qn/service-kit';
import type { ReportKind } from '../indicators';
import { checkDate } from '../org-units/org-units.controller';
import { ReportSubmissionsService, unitsDeadline } from './report-submissions.service';
import { ReportBuilder } from './report-builder';
import { reportFileStem } from './report-model';
import { renderReportCsv } from './render-csv';
import { renderReportXlsx } from './render-xlsx';
import { renderReportPdf } from './render-pdf';
import { NoOrgTreeYet } from '../org-units/org-unit-errors';

const FORMATS = {
  csv: { type: 'text/csv; charset=utf-8', render: (r: Parameters<typeof renderReportCsv>[0]) => Promise.resolve(renderReportCsv(r)) },
  xlsx: {
    type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    render: renderReportXlsx,
  },
  pdf: { type: 'application/pdf', render: renderReportPdf },
} as const;

export class SubmitReportDto {
  @ApiProperty({ description: 'the reporting unit: commune/ward/special zone, THPT school or GDTX centre' })
  @IsUUID()
  orgUnitId: string;
  @ApiPropertyOptional({ example: 'Đã gửi kèm công văn số 12/UBND' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  note?: string;
}


/**
 * The reporting calendar's reports (báo cáo sơ kết học kỳ I, tổng kết năm học): units confirm
 * they have reported, and the department sees the completeness — who has not, who was late.
 */
@ApiTags('reports')
@ApiBearerAuth()
@Controller('reports/:schoolYear/:report')
export class ReportsController {
  constructor(
    private readonly submissions: ReportSubmissionsService,
    private readonly directory: OrgDirectory,
    private readonly builder: ReportBuilder,
  ) {}

  /** The caller's unit to report on: the one asked for (the guard checked its scope), else its own. */
  private async unitFor(access: AccessContext, orgUnitId: string | undefined, day: string) {
    let unitId = orgUnitId;
    if (unitId === undefined) {
      const scope = access.unitFilter();
      unitId = 'all' in scope ? (await this.directory.roots(day))[0]?.id : scope.withinOrgUnitId;
      if (!unitId)
        throw new NoOrgTreeYet();
    } else if (!/^[0-9a-f-]{36}$/i.test(unitId)) {
      throw InvalidInput.of('orgUnitId', 'must be a UUID');
    }
    // No second scope check: the policy guard checked a unit named in the query, and the default
    // is the caller's own unit (or the province root for the department).
    return unitId;
  }

  /**
   * The report as a file: `format=csv` (for machines), `xlsx` (to file) or `pdf` (to print).
   * Figures from the projections on the day of the request; completeness of the units below.
   */
  @Get('export')
  @Policy(readAggregates('report', { orgUnitQuery: 'orgUnitId' }))
  async export(
    @Param('schoolYear') schoolYear: string,
    @Param('report') report: string,
    @Access() access: AccessContext,
    @Res() res: Response,
    @Query('format') format = 'xlsx',
    @Query('orgUnitId') orgUnitId?: string,
  ): Promise<void> {
    unitsDeadline(schoolYear, report);
    const f = FORMATS[format as keyof typeof FORMATS];
    if (!f)
      throw new InvalidInput(
        [{ field: 'format', message: 'must be one of csv, xlsx, pdf' }],
        'format must be csv, xlsx or pdf',
      );
    const unitId = await this.unitFor(access, orgUnitId, provinceDate());
    const built = await this.builder.build(schoolYear, report as ReportKind, unitId);
    const body = await f.render(built);
    res
      .status(200)
      .setHeader('Content-Type', f.type)
      .setHeader('Content-Disposition', `attachment; filename="${reportFileStem(built)}.${format}"`)
      .end(body);
  }

  /** A unit confirms its report; the first confirmation counts (a repeat answers 200 with it). */
  @Post('submissions')
  @Policy({
    action: 'submit',
    resource: 'report',
    users: { province: Reach.All, commune: Reach.Unit, principal: Reach.Unit, 'school-staff': Reach.Unit },
  })
  @Idempotent({ required: false })
  async submit(
    @Param('schoolYear') schoolYear: string,
    @Param('report') report: string,
    @Body() dto: SubmitReportDto,
    @CurrentPrincipal() principal: Principal,
    @Access() access: AccessContext,
    @Res({ passthrough: true }) res: Response,
  ) {
    unitsDeadline(schoolYear, report);
    await access.require({ orgUnitIds: [dto.orgUnitId] }, 'the organisation unit');
    const { submission, created } = await this.submissions.submit({
      schoolYear,
      report: report as ReportKind,
      orgUnitId: dto.orgUnitId,
      submittedBy: principal.subject,
      note: dto.note?.normalize('NFC') ?? null,
      now: new Date(),
    });
    res.status(created ? 201 : 200);
    return submission;
  }

  /** Units under `orgUnitId` (default: the caller's own unit, or the province) that owe the report. */
  @Get('completeness')
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
    const unitId = await this.unitFor(access, orgUnitId, day);
    return this.submissions.completeness({ schoolYear, report: report as ReportKind, orgUnitId: unitId, asOf: day });
  }
}
