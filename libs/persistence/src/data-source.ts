import { DataSource, DataSourceOptions, MixedList, EntitySchema } from 'typeorm';
import { ParameterFreeQueryLogger } from './query-logger';
import { PreparingClient } from './prepared-statements';

/** PostgreSQL could not be reached or refused the login; the message says where, never the password. */
export class DatabaseUnavailableError extends Error {
  constructor(url: string, cause: unknown) {
    super(
      `cannot connect to PostgreSQL at ${describeDatabaseUrl(url)} (DATABASE_URL): ${cause instanceof Error ? cause.message : String(cause)}`,
    );
    this.name = 'DatabaseUnavailableError';
  }
}

/** `host:port/database` of a PostgreSQL URL, without credentials, for messages and logs. */
export function describeDatabaseUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname}:${u.port || '5432'}${u.pathname}`;
  } catch {
    return '(unparseable URL)';
  }
}

export interface ServiceDataSourceOptions {
  url: string;
  /** The service's own schema: every table of the service lives there, migrations included. */
  schema: string;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  entities: MixedList<Function | string | EntitySchema>;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  migrations: MixedList<Function | string>;
  poolSize?: number;
  applicationName?: string;
  /**
   * Name every parameterised query so each connection parses it once (default true). Turn off
   * behind a transaction-pooling proxy such as PgBouncer in transaction mode.
   */
  preparedStatements?: boolean;
}

/**
 * A TypeORM data source bound to one service schema. `synchronize` is always off: the schema
 * changes only through migrations. search_path is set to the service schema so raw SQL in
 * migrations and repositories needs no schema prefix.
 */
export function createServiceDataSource(opts: ServiceDataSourceOptions): DataSource {
  const options: DataSourceOptions = {
    type: 'postgres',
    url: opts.url,
    schema: opts.schema,
    entities: opts.entities,
    migrations: opts.migrations,
    migrationsTableName: 'migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    migrationsRun: false,
    logging: ['error', 'warn'],
    logger: new ParameterFreeQueryLogger(),
    poolSize: opts.poolSize ?? 20,
    extra: {
      options: `-c search_path=${opts.schema},public -c timezone=UTC`,
      application_name: opts.applicationName ?? opts.schema,
      connectionTimeoutMillis: 5000,
      // pg-pool builds its connections with this class (TypeORM passes `extra` to the pool).
      ...(opts.preparedStatements === false ? {} : { Client: PreparingClient }),
    },
  };
  return new DataSource(options);
}

/** Connects, creates the service schema if missing and applies pending migrations. */
export async function connectAndMigrate(
  ds: DataSource,
  opts: { runMigrations?: boolean } = {},
): Promise<string[]> {
  const url = (ds.options as { url?: string }).url ?? '';
  const schema = (ds.options as { schema?: string }).schema;
  try {
    await ds.initialize();
  } catch (err) {
    throw new DatabaseUnavailableError(url, err);
  }
  // A service role owns its schema but may not create schemas (CREATE SCHEMA checks that right
  // before IF NOT EXISTS), so create it only when it is missing (a superuser URL, a fresh database).
  if (schema) {
    const found = (await ds.query(`SELECT 1 FROM pg_namespace WHERE nspname = $1`, [
      schema,
    ])) as unknown[];
    if (!found.length) await ds.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
  }
  if (opts.runMigrations === false) return [];
  // Several replicas may start at once: one migrates while the others wait on the lock.
  const runner = ds.createQueryRunner();
  await runner.connect();
  try {
    await runner.query(`SELECT pg_advisory_lock(hashtext($1))`, [
      `qn-migrate:${schema ?? 'public'}`,
    ]);
    const applied = await ds.runMigrations({ transaction: 'each' });
    return applied.map((m) => m.name);
  } finally {
    await runner
      .query(`SELECT pg_advisory_unlock(hashtext($1))`, [`qn-migrate:${schema ?? 'public'}`])
      .catch(() => undefined);
    await runner.release();
  }
}
