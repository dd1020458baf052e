import {
  callApi,
  matrixCoverage,
  matrixTokens,
  operationKeysOf,
  PlatformEnv,
  runAuthorizationMatrix,
  ServiceProcess,
  testPort,
} from '@qn/testing';
import { registryMatrix } from './authorization-matrix';

/** Operations every service has without a policy: probes and metrics. */
const PUBLIC = ['GET /health/live', 'GET /health/ready', 'GET /metrics'];

describe('registry authorization matrix (every operation × every caller × own/other/no scope)', () => {
  const env = new PlatformEnv();
  const port = testPort();
  const url = `http://127.0.0.1:${port}`;
  let service: ServiceProcess;
  const unit = async (code: string, kind: string, parentId: string | null, school?: object) => {
    const r = await callApi(url, 'POST', '/org-units', await env.token('province'), {
      code,
      kind,
      name: `Đơn vị ${code}`,
      parentId,
      validFrom: '2025-07-01',
      ...(school ? { school } : {}),
    });
    if (r.status !== 201) throw new Error(`creating ${code}: ${JSON.stringify(r.body)}`);
    return r.body.id as string;
  };

  beforeAll(async () => {
    await env.setUp();
    service = new ServiceProcess('registry', env.envFor('registry', port)).start();
    await service.ready(url);
  }, 90000);
  afterAll(async () => {
    await service?.stop();
    await env.tearDown();
  });

  it('has a row for every operation of the OpenAPI document, and no row for a missing one', async () => {
    const doc = (await callApi(url, 'GET', '/docs-json', await env.token('province'))).body;
    expect(matrixCoverage(operationKeysOf(doc), registryMatrix, PUBLIC)).toEqual({
      missing: [],
      stale: [],
    });
  });

  it('answers every caller as the matrix says', async () => {
    const province = await unit('MX-P', 'province', null);
    const ownCommune = await unit('MX-CA', 'commune', province);
    const otherCommune = await unit('MX-CB', 'commune', province);
    const school = { levels: ['primary'], segment: 'urban', ownership: 'public' };
    const ownSchool = await unit('MX-SA', 'school', ownCommune, school);
    const otherSchool = await unit('MX-SB', 'school', otherCommune, school);
    const mismatches = await runAuthorizationMatrix({
      url,
      matrix: registryMatrix,
      token: matrixTokens((o) => env.sign(o), {
        province,
        ownCommune,
        otherCommune,
        ownSchool,
        otherSchool,
        guardian: 'no-guardians-in-the-registry',
      }),
      params: { id: ownSchool },
    });
    expect(mismatches).toEqual([]);
  }, 120000);
});
