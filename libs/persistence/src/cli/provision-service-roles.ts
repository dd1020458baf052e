/**
 * Creates or updates the services' PostgreSQL roles, each owning only its schema:
 *   node libs/persistence/dist/cli/provision-service-roles.js <service>=<file> …
 * Each <file> holds that service's DATABASE_URL (a bare URL or a `DATABASE_URL=…` line, so a
 * service's env file or mounted secret serves as is): the role is its user, the password its
 * password. Environment: DATABASE_URL, the admin's URL of the same database (a superuser, or a
 * role with CREATEROLE owning the database); DB_CONNECTION_LIMIT (per role, default 50).
 * Idempotent: run it before the services start, at every release.
 */
import { readFileSync } from 'node:fs';
import {
  DEFAULT_SERVICE_CONNECTION_LIMIT,
  provisionServiceRoles,
  ServiceRole,
  serviceRoleFromUrl,
} from '../service-roles';

/** The DATABASE_URL in a file: a bare URL or a `DATABASE_URL=…` line of an env file. */
export function databaseUrlInFile(text: string): string | undefined {
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const m = /^(?:export\s+)?DATABASE_URL=(.*)$/.exec(line);
    if (m) return m[1].trim().replace(/^(['"])(.*)\1$/, '$2');
    if (/^postgres(ql)?:\/\//.test(line)) return line;
  }
  return undefined;
}

async function main(): Promise<number> {
  const adminUrl = process.env.DATABASE_URL;
  const args = process.argv.slice(2);
  if (!adminUrl || !args.length || args.some((a) => !a.includes('='))) {
    console.error(
      'usage: DATABASE_URL=<admin url> provision-service-roles <service>=<file with its DATABASE_URL> …',
    );
    return 2;
  }
  const limit = Number(process.env.DB_CONNECTION_LIMIT || DEFAULT_SERVICE_CONNECTION_LIMIT);
  if (!Number.isInteger(limit) || limit < 1) {
    console.error('provision-service-roles: DB_CONNECTION_LIMIT must be a positive integer');
    return 2;
  }
  const adminDb = new URL(adminUrl).pathname;
  const roles: ServiceRole[] = [];
  for (const arg of args) {
    const service = arg.slice(0, arg.indexOf('='));
    const file = arg.slice(arg.indexOf('=') + 1);
    let url: string | undefined;
    try {
      url = databaseUrlInFile(readFileSync(file, 'utf8'));
    } catch {
      console.error(`provision-service-roles: cannot read ${file} (${service})`);
      return 1;
    }
    if (!url) {
      console.error(`provision-service-roles: ${file} holds no DATABASE_URL (${service})`);
      return 1;
    }
    if (new URL(url).pathname !== adminDb) {
      console.error(
        `provision-service-roles: ${service}'s DATABASE_URL names another database than DATABASE_URL`,
      );
      return 1;
    }
    roles.push({ ...serviceRoleFromUrl(service, url), connectionLimit: limit });
  }
  await provisionServiceRoles(adminUrl, roles, (line) =>
    console.error(`[provision-service-roles] ${line}`),
  );
  return 0;
}

if (require.main === module)
  main().then(
    (code) => process.exit(code),
    (err: unknown) => {
      console.error(`provision-service-roles: ${err instanceof Error ? err.message : String(err)}`);
      process.exit(1);
    },
  );
