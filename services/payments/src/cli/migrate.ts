/**
 * Applies, reverts or shows migrations of the payments schema without starting the service:
 *   node services/payments/dist/cli/migrate.js run|revert|show
 */
import { loadConfigOrExit } from '@qn/config';
import { runMigrationCli } from '@qn/persistence';
import { buildServiceDataSource } from '@qn/service-kit';
import { paymentsConfigSchema } from '../config';
import { PERSISTENCE, SERVICE_NAME } from '../app.module';

const config = loadConfigOrExit(SERVICE_NAME, paymentsConfigSchema);
void runMigrationCli(
  buildServiceDataSource({ service: SERVICE_NAME, config, ...PERSISTENCE }),
).then((code) => process.exit(code));
