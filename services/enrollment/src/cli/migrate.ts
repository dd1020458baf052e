/**
 * Applies, reverts or shows migrations of the enrollment schema without starting the service:
 *   node services/enrollment/dist/cli/migrate.js run|revert|show
 */
import { loadConfigOrExit } from '@qn/config';
import { runMigrationCli } from '@qn/persistence';
import { buildServiceDataSource } from '@qn/service-kit';
import { enrollmentConfigSchema } from '../config';
import { PERSISTENCE, SERVICE_NAME } from '../app.module';

const config = loadConfigOrExit(SERVICE_NAME, enrollmentConfigSchema);
void runMigrationCli(
  buildServiceDataSource({ service: SERVICE_NAME, config, ...PERSISTENCE }),
).then((code) => process.exit(code));
