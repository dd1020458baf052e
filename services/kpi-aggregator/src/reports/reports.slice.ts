import { ReportsController } from './reports.controller';
import { ReportSubmissionsService } from './report-submissions.service';
import { ReportSubmissions1764200000000 } from './report-submissions.migration';
import { ReportBuilder } from './report-builder';

/** The reports slice, registered in AppModule next to the org directory it reads. */
export const reportsSlice = {
  controllers: [ReportsController],
  providers: [ReportSubmissionsService, ReportBuilder],
  migrations: [ReportSubmissions1764200000000],
};
