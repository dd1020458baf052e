import { ReportsController } from './reports.controller';
import { ReportSubmissionsService } from './report-submissions.service';
import { ReportSubmissions1764200000000 } from './report-submissions.migration';
import { ReportBuilder } from './report-builder';
import { RenderPoolLifecycle } from './render-pool.lifecycle';

/** The reports slice, registered in AppModule next to the org directory it reads. */
export const reportsSlice = {
  controllers: [ReportsController],
  providers: [ReportSubmissionsService, ReportBuilder, RenderPoolLifecycle],
  migrations: [ReportSubmissions1764200000000],
};
