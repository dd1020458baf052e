import { Client, escapeIdentifier as ident, escapeLiteral as literal } from 'pg';
import { describeDatabaseUrl } from './data-source';

/**
 * A service's PostgreSQL login role: it owns the service's schema (its migrations create the
 * tables there) and has no rights on any other schema. It is never a superuser, so limits
 * (CONNECTION LIMIT, statement timeouts, row security) apply to it.
 */
export interface ServiceRole {
  /** The service's schema (`DB_SCHEMA`, e.g. `kpi_aggregator`). */
  schema: string;
  /** Login role name, e.g. `qn_kpi_aggregator`. */
  role: string;
  password: string;
  /** Most connections the role may hold at once (all replicas): PostgreSQL's CONNECTION LIMIT. */
  connectionLimit?: number;
}

/** Default CONNECTION LIMIT: DB_POOL_SIZE (20) × 2 replicas + room for a migration CLI or psql. */
export const DEFAULT_SERVICE_CONNECTION_LIMIT = 50;

const IDENTIFIER = /^[a-z_][a-z0-9_]{0,62}$/;

/** `qn_<prefix><schema>`: the role name of a service (`kpi-aggregator` → `qn_kpi_aggregator`). */
export function serviceRoleName(service: string, prefix = ''): string {
  return `qn_${prefix}${service.replace(/-/g, '_')}`;
}

/** A service's role and password as written in its DATABASE_URL. */
export function serviceRoleFromUrl(schema: string, url: string): ServiceRole {
  const u = new URL(url);
  const role = decodeURIComponent(u.username);
  const password = decodeURIComponent(u.password);
  if (!role) throw new Error(`the DATABASE_URL of ${schema} names no user`);
  if (!password) throw new Error(`the DATABASE_URL of ${schema} has no password`);
  return { schema: schema.replace(/-/g, '_'), role, password };
}

/** A URL like `adminUrl` (same host and database) that logs in as `role`. */
export function urlForRole(adminUrl: string, role: Pick<ServiceRole, 'role' | 'password'>): string {
  const u = new URL(adminUrl);
  u.username = encodeURIComponent(role.role);
  u.password = encodeURIComponent(role.password);
  return u.toString();
}

/**
 * Creates or updates each service's role in the database `adminUrl` names (run as a superuser,
 * or a role with CREATEROLE that owns the database). Idempotent: run it at every release.
 *
 * - the role: LOGIN, not superuser, no CREATEDB/CREATEROLE/REPLICATION/BYPASSRLS, the
 *   connection limit, the password (hashed by the server with password_encryption);
 * - CONNECT on the database; the schema created with the role as its owner, or handed over
 *   with everything in it when it exists (a database migrated before roles existed);
 * - nobody but its owner may create in `public` (PostgreSQL 15's default, also on older
 *   servers); other services' schemas grant it nothing (schemas grant nothing to PUBLIC).
 */
export async function provisionServiceRoles(
  adminUrl: string,
  roles: ServiceRole[],
  log: (line: string) => void = () => undefined,
): Promise<void> {
  for (const r of roles) {
    if (!IDENTIFIER.test(r.role)) throw new Error(`role name ${r.role} is not a plain identifier`);
    if (!IDENTIFIER.test(r.schema)) throw new Error(`schema ${r.schema} is not a plain identifier`);
  }
  const client = new Client({ connectionString: adminUrl });
  try {
    await client.connect();
  } catch (err) {
    throw new Error(
      `cannot connect to PostgreSQL at ${describeDatabaseUrl(adminUrl)} as the admin: ${err instanceof Error ? err.message : String(err)}`,
    );
  }
  try {
    const [{ db }] = (await client.query(`SELECT current_database() AS db`)).rows as Array<{
      db: string;
    }>;
    await client.query(`REVOKE CREATE ON SCHEMA public FROM PUBLIC`);
    for (const r of roles) {
      const attributes =
        `LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS INHERIT ` +
        `CONNECTION LIMIT ${r.connectionLimit ?? DEFAULT_SERVICE_CONNECTION_LIMIT} PASSWORD ${literal(r.password)}`;
      const exists = (await client.query(`SELECT 1 FROM pg_roles WHERE rolname = $1`, [r.role]))
        .rowCount;
      await client.query(
        `${exists ? 'ALTER' : 'CREATE'} ROLE ${ident(r.role)} ${exists ? 'WITH ' : ''}${attributes}`,
      );
      await client.query(`GRANT CONNECT ON DATABASE ${ident(db)} TO ${ident(r.role)}`);
      // The service finds its tables first and nothing of its own in public.
      await client.query(
        `ALTER ROLE ${ident(r.role)} IN DATABASE ${ident(db)} SET search_path = ${ident(r.schema)}`,
      );
      await client.query(
        `CREATE SCHEMA IF NOT EXISTS ${ident(r.schema)} AUTHORIZATION ${ident(r.role)}`,
      );
      const handedOver = await handOverSchema(client, r.schema, r.role);
      log(
        `role ${r.role}: owns schema ${r.schema}${handedOver ? ` (${handedOver} objects handed over)` : ''}, connection limit ${r.connectionLimit ?? DEFAULT_SERVICE_CONNECTION_LIMIT}`,
      );
    }
  } finally {
    await client.end();
  }
}

/**
 * Makes `role` the owner of `schema` and of every table, view, sequence, function and type in
 * it (a schema whose migrations ran as another user). Returns how many objects changed owner.
 */
async function handOverSchema(client: Client, schema: string, role: string): Promise<number> {
  await client.query(`ALTER SCHEMA ${ident(schema)} OWNER TO ${ident(role)}`);
  const objects = (
    await client.query(
      `SELECT format('ALTER TABLE %I.%I OWNER TO %I', n.nspname, c.relname, $2::text) AS stmt
         FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = $1 AND c.relkind IN ('r', 'p', 'v', 'm', 'f')
          AND c.relowner <> (SELECT oid FROM pg_roles WHERE rolname = $2)
       UNION ALL
       -- sequences that no column owns (owned ones follow their table)
       SELECT format('ALTER SEQUENCE %I.%I OWNER TO %I', n.nspname, c.relname, $2::text)
         FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = $1 AND c.relkind = 'S'
          AND c.relowner <> (SELECT oid FROM pg_roles WHERE rolname = $2)
          AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass
                            AND d.objid = c.oid AND d.deptype IN ('a', 'i'))
       UNION ALL
       SELECT format('ALTER ROUTINE %s OWNER TO %I', p.oid::regprocedure, $2::text)
         FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
        WHERE n.nspname = $1 AND p.proowner <> (SELECT oid FROM pg_roles WHERE rolname = $2)
       UNION ALL
       -- enums and domains (a table's row type and array types follow their owner)
       SELECT format('ALTER TYPE %I.%I OWNER TO %I', n.nspname, t.typname, $2::text)
         FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
        WHERE n.nspname = $1 AND t.typtype IN ('e', 'd')
          AND t.typowner <> (SELECT oid FROM pg_roles WHERE rolname = $2)`,
      [schema, role],
    )
  ).rows as Array<{ stmt: string }>;
  for (const { stmt } of objects) await client.query(stmt);
  return objects.length;
}

/**
 * Drops service roles (tests: roles are cluster-wide). Run it against the database holding
 * their schemas (DROP OWNED drops what they own there and their privileges anywhere), or after
 * that database was dropped.
 */
export async function dropServiceRoles(adminUrl: string, roleNames: string[]): Promise<void> {
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    for (const role of roleNames) {
      try {
        await client.query(`DROP OWNED BY ${ident(role)}`);
        await client.query(`DROP ROLE IF EXISTS ${ident(role)}`);
      } catch (err) {
        // Gone already (never made, or dropped by someone else meanwhile): nothing to do.
        if ((err as { code?: string }).code !== '42704') throw err;
      }
    }
  } finally {
    await client.end();
  }
}
