import { Client } from 'pg';
import { adminDatabaseUrl, PlatformEnv, ServiceProcess, testPort } from '@qn/testing';

/**
 * Services started the way every integration test starts them (PlatformEnv.envFor) connect as
 * their own PostgreSQL role: migrations create the tables as it, and it reaches nothing else.
 */
describe('a service connects to PostgreSQL as its own role', () => {
  const env = new PlatformEnv();
  let registry: ServiceProcess;
  let payments: ServiceProcess;
  let admin: Client;

  beforeAll(async () => {
    await env.setUp();
    const registryPort = testPort();
    const paymentsPort = testPort();
    registry = new ServiceProcess('registry', env.envFor('registry', registryPort)).start();
    payments = new ServiceProcess(
      'payments',
      env.envFor('payments', paymentsPort, {
        VNPAY_HASH_SECRET: 'v'.repeat(32),
        MOMO_SECRET_KEY: 'm'.repeat(32),
      }),
    ).start();
    await registry.ready(`http://127.0.0.1:${registryPort}`, 90000);
    await payments.ready(`http://127.0.0.1:${paymentsPort}`, 90000);
    admin = new Client({ connectionString: env.db.url });
    await admin.connect();
  }, 120000);

  afterAll(async () => {
    await admin?.end();
    await registry?.stop();
    await payments?.stop();
    await env.tearDown();
    // Roles are cluster-wide: tearDown drops them with the suite's database.
    const server = new Client({ connectionString: adminDatabaseUrl() });
    await server.connect();
    const left = await server.query(`SELECT rolname FROM pg_roles WHERE rolname = ANY($1)`, [
      Object.values(env.roles).map((r) => r.role),
    ]);
    await server.end();
    expect(left.rows).toEqual([]);
  });

  it('gets only its own role in DATABASE_URL, and personal-id keys only in enrollment', () => {
    for (const s of ['registry', 'enrollment', 'payments', 'kpi-aggregator']) {
      const e = env.envFor(s, 1);
      expect(new URL(e.DATABASE_URL).username).toBe(env.roles[s].role);
      expect('PERSONAL_ID_ENCRYPTION_KEY' in e).toBe(s === 'enrollment');
    }
  });

  it('owns its schema and every table its migrations created', async () => {
    const owners = (
      await admin.query(
        `SELECT n.nspname AS schema, pg_get_userbyid(n.nspowner) AS schema_owner,
                array_agg(DISTINCT pg_get_userbyid(c.relowner)::text) AS table_owners
           FROM pg_namespace n JOIN pg_class c ON c.relnamespace = n.oid AND c.relkind = 'r'
          WHERE n.nspname IN ('registry', 'payments') GROUP BY 1, 2 ORDER BY 1`,
      )
    ).rows;
    expect(owners).toEqual([
      {
        schema: 'payments',
        schema_owner: env.roles.payments.role,
        table_owners: [env.roles.payments.role],
      },
      {
        schema: 'registry',
        schema_owner: env.roles.registry.role,
        table_owners: [env.roles.registry.role],
      },
    ]);
    const sessions = (
      await admin.query(
        `SELECT DISTINCT application_name AS app, usename AS role FROM pg_stat_activity
          WHERE datname = current_database() AND application_name IN ('registry', 'payments')
          ORDER BY 1`,
      )
    ).rows;
    expect(sessions).toEqual([
      { app: 'payments', role: env.roles.payments.role },
      { app: 'registry', role: env.roles.registry.role },
    ]);
  });

  it("cannot read or write another service's tables", async () => {
    const registryDb = new Client({ connectionString: env.databaseUrlFor('registry') });
    await registryDb.connect();
    try {
      await expect(
        registryDb.query(`SELECT count(*) FROM registry.org_unit`),
      ).resolves.toBeTruthy();
      await expect(registryDb.query(`SELECT * FROM payments.migrations`)).rejects.toThrow(
        /permission denied for schema payments/,
      );
      await expect(registryDb.query(`CREATE TABLE public.x (id int)`)).rejects.toThrow(
        /permission denied for schema public/,
      );
    } finally {
      await registryDb.end();
    }
  });
});
