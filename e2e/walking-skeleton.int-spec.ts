import { ServiceProcess, waitFor } from '@qn/testing';
import { PlatformEnv, portFor } from './platform-env';

/**
 * The walking skeleton across real processes: a school created through the registry's REST API
 * is published on Kafka (outbox → relay), consumed by the KPI aggregator in another process and
 * returned by the aggregator's own query API.
 */
describe('walking skeleton: registry → Kafka → kpi-aggregator', () => {
  const env = new PlatformEnv();
  const registryPort = portFor(21000);
  const kpiPort = portFor(24000);
  const registryUrl = `http://127.0.0.1:${registryPort}`;
  const kpiUrl = `http://127.0.0.1:${kpiPort}`;
  let registry: ServiceProcess;
  let kpi: ServiceProcess;
  let province: string;

  beforeAll(async () => {
    await env.setUp();
    registry = new ServiceProcess('registry', env.envFor('registry', registryPort)).start();
    kpi = new ServiceProcess('kpi-aggregator', env.envFor('kpi-aggregator', kpiPort)).start();
    await Promise.all([registry.ready(registryUrl), kpi.ready(kpiUrl)]);
    province = await env.token('province');
  }, 90000);

  afterAll(async () => {
    await Promise.all([registry?.stop(), kpi?.stop()]);
    await env.tearDown();
  });

  const post = async (path: string, body: unknown, token = province) => {
    const res = await fetch(`${registryUrl}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify(body) });
    return { status: res.status, type: res.headers.get('content-type'), body: (await res.json()) as Record<string, unknown> };
  };
  const getKpi = async (path: string, token = province) => {
    const res = await fetch(`${kpiUrl}${path}`, { headers: { authorization: `Bearer ${token}` } });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };

  it('materialises a school created in the registry in the aggregator, scoped by the tree', async () => {
    const qn = await post('/org-units', { code: 'QN', kind: 'province', name: 'Tỉnh Quảng Ninh', validFrom: '1963-10-30' });
    expect(qn.status).toBe(201);
    const hongGai = await post('/org-units', { code: 'QN-C-HONGGAI', kind: 'ward', name: 'Phường Hồng Gai', parentId: qn.body.id, validFrom: '2025-07-01' });
    const baiChay = await post('/org-units', { code: 'QN-C-BAICHAY', kind: 'ward', name: 'Phường Bãi Cháy', parentId: qn.body.id, validFrom: '2025-07-01' });
    // Decomposed Vietnamese input is stored NFC-normalised.
    const school = await post('/org-units', {
      code: 'qn-s-thpt-0001',
      kind: 'school',
      name: 'Trường THPT Hòn Gai'.normalize('NFD'),
      parentId: hongGai.body.id,
      validFrom: '2025-07-01',
      school: { levels: ['upper-secondary'], segment: 'urban', ownership: 'public' },
    });
    expect(school.status).toBe(201);
    expect(school.body).toMatchObject({ code: 'QN-S-THPT-0001', name: 'Trường THPT Hòn Gai'.normalize('NFC'), revision: 1 });

    const replica = await waitFor(
      async () => {
        const r = await getKpi(`/org-units/${school.body.id}`);
        return r.status === 200 ? r.body : undefined;
      },
      { timeoutMs: 30000, description: 'the school to reach the aggregator' },
    );
    expect(replica).toMatchObject({ id: school.body.id, code: 'QN-S-THPT-0001', kind: 'school', parentId: hongGai.body.id, school: { segment: 'urban' } });

    // A commune user sees its own school; the neighbouring ward's user does not.
    const hongGaiUser = await env.token('commune', hongGai.body.id as string);
    const baiChayUser = await env.token('commune', baiChay.body.id as string);
    await waitFor(async () => (await getKpi(`/org-units/${hongGai.body.id}/children`, hongGaiUser)).status === 200, { description: 'ward in replica' });
    const children = await getKpi(`/org-units/${hongGai.body.id}/children`, hongGaiUser);
    expect((children.body as unknown as Array<{ id: string }>).map((c) => c.id)).toEqual([school.body.id]);
    expect((await getKpi(`/org-units/${school.body.id}`, baiChayUser)).status).toBe(403);
  });

  it('publishes a dated move, and answers bad input with problem+json naming the fields', async () => {
    const list = await fetch(`${registryUrl}/org-units?code=QN-S-THPT-0001`, { headers: { authorization: `Bearer ${province}` } }).then((r) => r.json() as Promise<{ items: Array<{ id: string }> }>);
    const schoolId = list.items[0].id;
    const wards = await fetch(`${registryUrl}/org-units?kind=ward`, { headers: { authorization: `Bearer ${province}` } }).then((r) => r.json() as Promise<{ items: Array<{ id: string; code: string }> }>);
    const baiChay = wards.items.find((w) => w.code === 'QN-C-BAICHAY')!;
    const moved = await post(`/org-units/${schoolId}/place-changes`, { effectiveFrom: '2026-01-01', parentId: baiChay.id });
    expect(moved.status).toBe(200);
    await waitFor(async () => (await getKpi(`/org-units/${schoolId}`)).body.parentId === baiChay.id, { description: 'the move to reach the aggregator' });
    const inAggregator = await getKpi(`/org-units/${schoolId}`);
    expect(inAggregator.body.versions).toHaveLength(2);

    const bad = await post('/org-units', { code: '!', kind: 'castle', name: '', validFrom: '2025-13-01', extra: 1 });
    expect(bad.status).toBe(400);
    expect(bad.type).toContain('application/problem+json');
    const fields = (bad.body.errors as Array<{ field: string }>).map((e) => e.field);
    expect(fields).toEqual(expect.arrayContaining(['code', 'kind', 'name', 'validFrom', 'extra']));

    const orphan = await post('/org-units', { code: 'QN-S-ORPHAN', kind: 'school', name: 'Trường X', validFrom: '2025-09-05', school: { levels: ['primary'], segment: 'rural', ownership: 'public' } });
    expect(orphan).toMatchObject({ status: 422, body: { errors: [{ field: 'parentId' }] } });

    const duplicate = await post('/org-units', { code: 'QN', kind: 'province', name: 'Tỉnh Quảng Ninh', validFrom: '1963-10-30' });
    expect(duplicate.status).toBe(409);

    const teacher = await env.token('teacher');
    expect((await post('/org-units', { code: 'QN-X', kind: 'province', name: 'X', validFrom: '2025-01-01' }, teacher)).status).toBe(403);
  });
});
