import { orgDirectoryMigrations } from '@qn/org-directory';
import {
  ProjectionMovedNotify1764200000100,
  ProjectionStateTimelines1764200000200,
  ProjectionTables1764200000000,
} from './projection-tables.migration';
import { ReportSubmissions1764200000000 } from './report-submissions.migration';

/**
 * The service's migrations, in the order they run: the org directory's replica (the library's),
 * the projection's tables, the reports' submissions. Class names and this order are recorded in
 * deployed databases: append, never rename or reorder.
 */
export const kpiMigrations = [
  ...orgDirectoryMigrations,
  ProjectionTables1764200000000,
  ProjectionMovedNotify1764200000100,
  ReportSubmissions1764200000000,
  ProjectionStateTimelines1764200000200,
];
