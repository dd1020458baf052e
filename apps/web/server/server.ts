/**
 * The web app's server: `node apps/web/dist/server/server.js` (after `nx run web:build`).
 * Settings: PORT (3008), HOST, KPI_URL (http://127.0.0.1:3005), ENROLLMENT_URL (:3002),
 * PAYMENTS_URL (:3004), RECORDS_URL (:3006), OIDC_ISSUER, OIDC_CLIENT_ID (qn-dashboard),
 * FAMILY_OIDC_ISSUER (default OIDC_ISSUER), FAMILY_OIDC_CLIENT_ID (qn-family).
 */
import { join } from 'node:path';
import { webConfigFromEnv } from './config';
import { webApp } from './app';

try {
  const config = webConfigFromEnv(process.env, join(__dirname, '..', 'public'));
  const server = webApp(config).listen(config.port, config.host, () => {
    console.error(`web listening on ${config.port}`);
  });
  const stop = () => server.close(() => process.exit(0));
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
} catch (error) {
  console.error(`web: cannot start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
