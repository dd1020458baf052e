/**
 * Applies, reverts or shows migrations of the credentials schema without starting the service:
 *   node services/credentials/dist/cli/migrate.js run|revert|show
 */
import { loadConfigOrExit } from '@qn/config';
import { runMigrationCli } from '@qn/persistence';
import { buildServiceDataSource } from '@qn/service-kit';
import { credentialsConfigSchema } from '../config';
import { PERSISTENCE, SERVICE_NAME } from '../app.module';

const config = loadConfigOrExit(SERVICE_NAME, credentialsConfigSchema);
void runMigrationCli(
  buildServiceDataSource({ service: SERVICE_NAME, config, ...PERSISTENCE }),
).then((code) => process.exit(code));
