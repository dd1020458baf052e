import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { adminDatabaseUrl, createTestDatabase, TestDatabase } from '@qn/testing';
import { Client } from 'pg';
import { DataSource, MigrationInterface, QueryRunner } from 'typeorm';
import {
  connectAndMigrate,
  createServiceDataSource,
  dropServiceRoles,
  provisionServiceRoles,
  ServiceRole,
  serviceRoleName,
  urlForRole,
} from '../src';

class CreateThing1700000000000 implements MigrationInterface {
  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE thing (id int PRIMARY KEY, secret text)`);
    await q.query(`INSERT INTO thing VALUES (1, 'only mine')`);
  }
  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE thing`);
  }
}

describe('service roles: each service owns its schema and nothing else', () => {
  let db: TestDatabase;
  const id = randomBytes(3).toString('hex');
  const role = (service: string): ServiceRole => ({
    schema: service,
    role: serviceRoleName(service, `t${id}_`),
    password: randomBytes(12).toString('hex'),
    connectionLimit: 5,
  });
  const enrollment = role('enrollment');
  const payments = role('payments');
  const sources: DataSource[] = [];
  const clients: Client[] = [];

  const migrateAs = async (r: ServiceRole) => {
    const ds = createServiceDataSource({
      url: urlForRole(db.url, r),
      schema: r.schema,
      entities: [],
      migrations: [CreateThing1700000000000],
      poolSize: 2,
    });
    sources.push(ds);
    return connectAndMigrate(ds);
  };
  const connectAs = async (r: ServiceRole) => {
    const c = new Client({ connectionString: urlForRole(db.url, r) });
    clients.push(c);
    await c.connect();
    return c;
  };

  beforeAll(async () => {
    db = await createTestDatabase('roles');
    await provisionServiceRoles(db.url, [enrollment, payments]);
    // Twice: provisioning is idempotent (every release runs it).
    await provisionServiceRoles(db.url, [enrollment, payments]);
    await migrateAs(enrollment);
    await migrateAs(payments);
  });

  afterAll(async () => {
    for (const ds of sources) if (ds.isInitialized) await ds.destroy();
    for (const c of clients) await c.end().catch(() => undefined);
    await db?.drop();
    await dropServiceRoles(adminDatabaseUrl(), [enrollment.role, payments.role]);
  });

  it('runs migrations as the service role, which owns its schema and the tables in it', async () => {
    const c = new Client({ connectionString: db.url });
    clients.push(c);
    await c.connect();
    const owners = (
      await c.query(
        `SELECT n.nspname AS schema, pg_get_userbyid(n.nspowner) AS schema_owner,
                pg_get_userbyid(t.relowner) AS table_owner
           FROM pg_namespace n JOIN pg_class t ON t.relnamespace = n.oid AND t.relname = 'thing'
          ORDER BY 1`,
      )
    ).rows;
    expect(owners).toEqual([
      { schema: 'enrollment', schema_owner: enrollment.role, table_owner: enrollment.role },
      { schema: 'payments', schema_owner: payments.role, table_owner: payments.role },
    ]);
  });

  it('is a login role without superuser or other powers, with a connection limit', async () => {
    const c = await connectAs(payments);
    const [r] = (
      await c.query(
        `SELECT rolsuper, rolcreatedb, rolcreaterole, rolreplication, rolbypassrls, rolconnlimit
           FROM pg_roles WHERE rolname = current_user`,
      )
    ).rows;
    expect(r).toEqual({
      rolsuper: false,
      rolcreatedb: false,
      rolcreaterole: false,
      rolreplication: false,
      rolbypassrls: false,
      rolconnlimit: 5,
    });
  });

  it("cannot read another service's schema", async () => {
    const c = await connectAs(enrollment);
    await expect(c.query(`SELECT * FROM enrollment.thing`)).resolves.toMatchObject({
      rows: [{ id: 1, secret: 'only mine' }],
    });
    await expect(c.query(`SELECT * FROM payments.thing`)).rejects.toThrow(
      /permission denied for schema payments/,
    );
  });

  it('cannot create anything in another schema, in public, or a schema of its own', async () => {
    const c = await connectAs(enrollment);
    await expect(c.query(`CREATE TABLE payments.sneaky (id int)`)).rejects.toThrow(
      /permission denied for schema payments/,
    );
    await expect(c.query(`CREATE TABLE public.sneaky (id int)`)).rejects.toThrow(
      /permission denied for schema public/,
    );
    await expect(c.query(`CREATE SCHEMA sneaky`)).rejects.toThrow(/permission denied/);
  });

  it('refuses connections beyond the limit', async () => {
    const limited = { ...role('registry'), connectionLimit: 1 };
    await provisionServiceRoles(db.url, [limited]);
    try {
      await connectAs(limited);
      await expect(connectAs(limited)).rejects.toThrow(/too many connections for role/);
    } finally {
      for (const c of clients.splice(0)) await c.end().catch(() => undefined);
      // Its schema lives in this database: DROP OWNED there.
      await dropServiceRoles(db.url, [limited.role]);
    }
  });

  it('hands a schema migrated by another user over to the service role', async () => {
    const c = new Client({ connectionString: db.url });
    await c.connect();
    try {
      await c.query(`CREATE SCHEMA legacy`);
      await c.query(`CREATE TYPE legacy.mood AS ENUM ('ok')`);
      await c.query(`CREATE TABLE legacy.old (id serial PRIMARY KEY, m legacy.mood)`);
      await c.query(`CREATE FUNCTION legacy.f() RETURNS int LANGUAGE sql AS $$ SELECT 1 $$`);
      const legacy = { ...role('legacy'), connectionLimit: 2 };
      await provisionServiceRoles(db.url, [legacy]);
      const owners = (
        await c.query(
          `SELECT pg_get_userbyid(relowner) AS owner FROM pg_class
            WHERE relnamespace = 'legacy'::regnamespace
           UNION ALL SELECT pg_get_userbyid(proowner) FROM pg_proc WHERE pronamespace = 'legacy'::regnamespace
           UNION ALL SELECT pg_get_userbyid(typowner) FROM pg_type WHERE typnamespace = 'legacy'::regnamespace`,
        )
      ).rows.map((r: { owner: string }) => r.owner);
      expect(new Set(owners)).toEqual(new Set([legacy.role]));
      await c.query(`DROP SCHEMA legacy CASCADE`);
      await dropServiceRoles(adminDatabaseUrl(), [legacy.role]);
    } finally {
      await c.end();
    }
  });

  it('the CLI provisions roles from the files holding each service DATABASE_URL', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'qn-roles-'));
    const a = role('registry');
    const b = role('kpi_aggregator');
    try {
      // A service's env file (compose, npm start) and a bare URL (a mounted Kubernetes key).
      writeFileSync(join(dir, 'registry.env'), `# x\nDATABASE_URL=${urlForRole(db.url, a)}\n`);
      writeFileSync(join(dir, 'kpi'), `${urlForRole(db.url, b)}\n`);
      const cli = join(__dirname, '../dist/cli/provision-service-roles.js');
      const run = (args: string[], url = db.url) =>
        promisify(execFile)(process.execPath, [cli, ...args], {
          env: { PATH: process.env.PATH, DATABASE_URL: url, DB_CONNECTION_LIMIT: '3' },
        });
      const { stderr } = await run([
        `registry=${join(dir, 'registry.env')}`,
        `kpi-aggregator=${join(dir, 'kpi')}`,
      ]);
      expect(stderr).toContain(`role ${a.role}: owns schema registry, connection limit 3`);
      expect(stderr).toContain(`role ${b.role}: owns schema kpi_aggregator`);
      expect(stderr).not.toContain(a.password);
      const c = await connectAs(b);
      await expect(
        c.query(`SELECT rolconnlimit FROM pg_roles WHERE rolname = current_user`),
      ).resolves.toMatchObject({ rows: [{ rolconnlimit: 3 }] });
      // A service URL naming another database than the admin's is refused, without its password.
      const other = new URL(db.url);
      other.pathname = '/postgres';
      const refused = await run([`registry=${join(dir, 'registry.env')}`], other.toString()).catch(
        (e: { code: number; stderr: string }) => e,
      );
      expect(refused).toMatchObject({ code: 1 });
      expect((refused as { stderr: string }).stderr).toContain('names another database');
      expect((refused as { stderr: string }).stderr).not.toContain(a.password);
    } finally {
      rmSync(dir, { recursive: true, force: true });
      for (const c of clients.splice(0)) await c.end().catch(() => undefined);
      await dropServiceRoles(db.url, [a.role, b.role]);
    }
  });
});
