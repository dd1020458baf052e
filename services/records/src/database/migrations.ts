import { MigrationInterface } from 'typeorm';
import { orgDirectoryMigrations } from '@qn/org-directory';
import { RecordsConduct1766000000000 } from './conduct.migration';
import { RecordsGradebook1764900000000 } from './gradebook.migration';
import { RecordsPrimaryGradebook1765200000000 } from './primary-gradebook.migration';
import { RecordsPrimarySectorExport1768100000000 } from './primary-sector-export.migration';
import { RecordsTermClose1765000000000 } from './term-close.migration';
import { RecordsLearner1765100000000 } from './learner.migration';
import { RecordsRosterProjection1764800000000 } from './roster-projection.migration';
import { RecordsSchoolRecords1767000000000 } from './school-records.migration';
import { RecordsSectorExport1768000000000 } from './sector-export.migration';

/**
 * Migrations of the records schema, oldest first (TypeORM; never `synchronize`). The
 * messaging tables (outbox, processed events) and the idempotency and access-log tables come
 * from the shared kit. Add a class per change, named `<Name><timestamp>`, and list it here.
 * Class names and this order are recorded in deployed databases: append, never rename or reorder.
 */
export const recordsMigrations: Array<new () => MigrationInterface> = [
  // The service's copy of the org tree (libs/org-directory): the commune's managed schools.
  ...orgDirectoryMigrations,
  RecordsRosterProjection1764800000000,
  RecordsGradebook1764900000000,
  RecordsTermClose1765000000000,
  RecordsLearner1765100000000,
  RecordsPrimaryGradebook1765200000000,
  RecordsConduct1766000000000,
  RecordsSchoolRecords1767000000000,
  RecordsSectorExport1768000000000,
  RecordsPrimarySectorExport1768100000000,
];
