import { callApi, PlatformEnv, ServiceProcess, testPort } from '@qn/testing';

/**
 * The service starts as a real process against the test's PostgreSQL, Kafka and Redis, migrates
 * its schema, answers readiness, and enforces its policies: the smoke test every service has.
 */
describe('credentials smoke', () => {
  const env = new PlatformEnv();
  const port = testPort();
  const url = `http://127.0.0.1:${port}`;
  let service: ServiceProcess;

  beforeAll(async () => {
    await env.setUp();
    service = new ServiceProcess('credentials', env.envFor('credentials', port)).start();
    await service.ready(url);
  }, 90000);
  afterAll(async () => {
    await service?.stop();
    await env.tearDown();
  });

  it('is ready once its schema is migrated', async () => {
    const ready = await fetch(`${url}/health/ready`);
    expect(ready.status).toBe(200);
  });

  it('answers a signed-in user and refuses a caller without a token as problem+json', async () => {
    const ok = await callApi(url, 'GET', '/service-info', await env.token('province'));
    expect(ok.status).toBe(200);
    expect(ok.body).toEqual({ service: 'credentials', title: 'Credentials' });
    const anonymous = await callApi(url, 'GET', '/service-info', '');
    expect(anonymous.status).toBe(401);
    expect(anonymous.type).toContain('application/problem+json');
  });

  it('documents every route in its OpenAPI document', async () => {
    const doc = await callApi(url, 'GET', '/docs-json', await env.token('province'));
    expect(Object.keys(doc.body.paths)).toContain('/service-info');
  });
});
