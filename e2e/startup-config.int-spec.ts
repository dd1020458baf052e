import { PlatformEnv, testPort, ServiceProcess } from '@qn/testing';

describe('a service started with bad configuration', () => {
  const env = new PlatformEnv();
  const started: ServiceProcess[] = [];
  /** A service process this suite stops in the end, also when a test failed before it exited. */
  const service = (extra: Record<string, string>) => {
    const svc = new ServiceProcess('registry', env.envFor('registry', testPort(), extra)).start();
    started.push(svc);
    return svc;
  };
  beforeAll(() => env.setUp());
  afterAll(async () => {
    await Promise.all(started.map((s) => s.stop('SIGKILL')));
    await env.tearDown();
  });

  it('exits with a clear message when DATABASE_URL points at nothing', async () => {
    const svc = service({
      DATABASE_URL: 'postgres://postgres@127.0.0.1:1/qn',
    });
    expect(await svc.exited(40000)).toBe(1);
    expect(svc.logs).toContain(
      'registry: cannot start: cannot connect to PostgreSQL at 127.0.0.1:1/qn (DATABASE_URL)',
    );
  }, 45000);

  it('exits before starting anything when DATABASE_URL is not a PostgreSQL URL, naming the variable but not its value', async () => {
    const svc = service({
      DATABASE_URL: 'mysql://root:s3cret@db/qn',
      KAFKA_BROKERS: 'not a broker list',
    });
    expect(await svc.exited()).toBe(78);
    expect(svc.logs).toContain(
      'registry: cannot start: invalid configuration: DATABASE_URL must be a PostgreSQL URL',
    );
    expect(svc.logs).toContain('KAFKA_BROKERS must be a comma-separated list of host:port');
    expect(svc.logs).not.toContain('s3cret');
  });

  it('exits naming the Kafka credential variable that is wrong', async () => {
    const svc = service({ KAFKA_SASL_PASSWORD_FILE: '/nonexistent/registry' });
    expect(await svc.exited()).toBe(78);
    expect(svc.logs).toContain(
      'registry: cannot start: invalid configuration: KAFKA_SASL_PASSWORD_FILE names a file that cannot be read',
    );
  });

  it('does not start when the broker refuses its credentials', async () => {
    const svc = service({
      KAFKA_SASL_PASSWORD_FILE: '',
      KAFKA_SASL_PASSWORD: 'not-the-password',
    });
    expect(await svc.exited(60000)).not.toBe(0);
    expect(svc.logs).toMatch(/SASL|authentication/i);
    expect(svc.logs).not.toContain('not-the-password');
  }, 65000);
});
