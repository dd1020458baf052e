import { ReportsController } from './reports.controller';
import { ReportSubmissionsService } from './report-submissions.service';
import { ReportSubmissions1764200000000 } from './report-submissions.migration';

/** The reports slice, registered in AppModule next to the org directory it reads. */
export const reportsSlice = {
  controllers: [ReportsController],
  providers: [ReportSubmissionsService],
  migrations: [ReportSubmissions1764200000000],
};
