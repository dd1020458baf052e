/**
 * Applies, reverts or shows migrations of the kpi-aggregator schema without starting the service:
 *   node services/kpi-aggregator/dist/cli/migrate.js run|revert|show
 */
import { loadConfigOrExit } from '@qn/config';
import { runMigrationCli } from '@qn/persistence';
import { buildServiceDataSource } from '@qn/service-kit';
import { kpiConfigSchema } from '../config';
import { PERSISTENCE, SERVICE_NAME } from '../app.module';

const config = loadConfigOrExit(SERVICE_NAME, kpiConfigSchema);
void runMigrationCli(
  buildServiceDataSource({ service: SERVICE_NAME, config, ...PERSISTENCE }),
).then((code) => process.exit(code));
