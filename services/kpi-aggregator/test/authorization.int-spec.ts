import { matrixCoverage, matrixTokens, operationKeysOf, runAuthorizationMatrix } from '@qn/testing';
import { kpiMatrix } from './authorization-matrix';
import { KpiWorld, newId, orgUnit } from './world';

/** Operations without a policy: probes and metrics. */
const PUBLIC = ['GET /health/live', 'GET /health/ready', 'GET /metrics'];

describe('kpi-aggregator authorization matrix (every operation × every caller × own/other/no scope)', () => {
  const w = new KpiWorld();
  const fx = {
    province: newId(),
    ownCommune: newId(),
    otherCommune: newId(),
    ownSchool: newId(),
    otherSchool: newId(),
    guardian: 'no-guardians-in-the-aggregator',
  };

  beforeAll(async () => {
    await w.start();
    await w.publish([
      orgUnit(fx.province, 'province', null),
      orgUnit(fx.ownCommune, 'commune', fx.province),
      orgUnit(fx.otherCommune, 'commune', fx.province),
      orgUnit(fx.ownSchool, 'school', fx.ownCommune),
      orgUnit(fx.otherSchool, 'school', fx.otherCommune),
    ]);
    await w.until(`/org-units/${fx.otherSchool}`, (b) => b.id === fx.otherSchool);
  }, 120000);
  afterAll(() => w.stop());

  it('has a row for every operation of the OpenAPI document, and no row for a missing one', async () => {
    const doc = (await w.call('/docs-json')).body;
    expect(matrixCoverage(operationKeysOf(doc), kpiMatrix, PUBLIC)).toEqual({
      missing: [],
      stale: [],
    });
  });

  it('answers every caller as the matrix says', async () => {
    const mismatches = await runAuthorizationMatrix({
      url: w.url,
      matrix: kpiMatrix,
      token: matrixTokens((o) => w.env.sign(o), fx),
      params: {
        ...fx,
        id: fx.ownSchool,
        code: 'ENR-ONLINE-SCHOOLS-G1',
        schoolYear: '2026-2027',
        report: 'semester-1',
      },
    });
    expect(mismatches).toEqual([]);
  }, 180000);
});
