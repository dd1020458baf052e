/**
 * The platform's local/demo identity provider (OpenID Connect, oidc-provider):
 * `node services/identity/dist/main.js`. See ../README.md. Not for production.
 */
import { createServer } from 'node:http';
import { identityConfigFromEnv } from './config';
import { buildProvider, requestHandler } from './provider';

async function main(): Promise<void> {
  const config = identityConfigFromEnv();
  const provider = await buildProvider(config);
  const server = createServer(requestHandler(provider, config));
  server.listen(config.port, config.host, () => {
    console.error(`identity provider (demo) ${config.issuer} listening on ${config.port}`);
  });
  const stop = () => server.close(() => process.exit(0));
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch((error: unknown) => {
  console.error(`identity: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
