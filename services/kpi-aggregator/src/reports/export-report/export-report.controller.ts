import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import {ApiBearerAuth, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { InvalidInput, provinceDate } from '@qn/contracts';
import { Access, AccessContext, Policy } from '@qn/auth';
import { OrgDirectory } from '@qn/org-directory';
import type { ReportKind } from '../../indicators/domain';
import { readAggregates } from '../../shared/access-policies';
import { reportFileStem } from '../domain/report-model';
import { unitsDeadline } from '../domain/report-deadlines';
import { unitToReportOn } from '../unit-to-report-on';
import { ExportReportService } from './export-report.service';
import { renderReportCsv } from './render-csv';
import { renderReportXlsx } from './render-xlsx';
import { renderReportPdf } from './render-pdf';
import { ReportSigning } from './report-signing';

const FORMATS = {
  csv: {
    type: 'text/csv; charset=utf-8',
    render: (r: Parameters<typeof renderReportCsv>[0]) => Promise.resolve(renderReportCsv(r)),
  },
  xlsx: {
    type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    render: renderReportXlsx,
  },
  pdf: { type: 'application/pdf', render: renderReportPdf },
} as const;

/** The department's report (báo cáo sơ kết học kỳ I, tổng kết năm học) as a file. */
@ApiTags('reports')
@ApiBearerAuth()
@Controller('reports/:schoolYear/:report')
export class ExportReportController {
  constructor(
    private readonly reports: ExportReportService,
    private readonly directory: OrgDirectory,
    private readonly signing: ReportSigning,
  ) {}

  /**
   * The report as a file: `format=csv` (for machines), `xlsx` (to file) or `pdf` (to print).
   * Figures from the projections on the day of the request; completeness of the units below.
   */
  @Get('export')
  @ApiQuery({ name: 'format', required: false, enum: ['xlsx', 'csv', 'pdf'] })
  @ApiQuery({
    name: 'orgUnitId',
    required: false,
    description: "The unit the report is about; default the caller's own (the province for province staff)",
  })
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
    const unitId = await unitToReportOn(this.directory, access, orgUnitId, provinceDate());
    const built = await this.reports.build(schoolYear, report as ReportKind, unitId);
    // A PDF is signed with the issuing body's seal where one is configured (report-signing.ts).
    const seal = format === 'pdf' ? await this.signing.sealFor(built) : null;
    if (seal) built.signature = { signerName: seal.name, signingTime: new Date() };
    const rendered = await f.render(built);
    const body =
      seal && built.signature
        ? await this.signing.sign(rendered, seal, built.signature.signingTime)
        : rendered;
    res
      .status(200)
      .setHeader('Content-Type', f.type)
      .setHeader('Content-Disposition', `attachment; filename="${reportFileStem(built)}.${format}"`)
      .end(body);
  }
}
