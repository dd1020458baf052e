import { Module } from '@nestjs/common';
import { QueriesModule } from '../queries/queries.module';
import { ExportReportController } from './export-report/export-report.controller';
import { ExportReportService } from './export-report/export-report.service';
import { RenderPoolLifecycle } from './export-report/render-pool.lifecycle';
import { ReportSigning } from './export-report/report-signing';
import { ReportCompletenessController } from './report-completeness/report-completeness.controller';
import { ReportCompletenessService } from './report-completeness/report-completeness.service';
import { ReportSubmissionsRepository } from './report-submissions.repository';
import { SubmitReportController } from './submit-report/submit-report.controller';
import { SubmitReportService } from './submit-report/submit-report.service';

/**
 * The reporting calendar's reports (báo cáo sơ kết học kỳ I, tổng kết năm học): units confirm
 * they have reported, the department sees the completeness, and exports the report as a file
 * built from the same numbers the query API serves.
 */
@Module({
  imports: [QueriesModule],
  controllers: [ExportReportController, SubmitReportController, ReportCompletenessController],
  providers: [
    ReportSubmissionsRepository,
    SubmitReportService,
    ReportCompletenessService,
    ExportReportService,
    RenderPoolLifecycle,
    ReportSigning,
  ],
})
export class ReportsModule {}
