import { Partitioners } from 'kafkajs';
import { v7 as uuid } from 'uuid';
import { EventTypes, newEvent, OrgUnitChangedV1, prefixedTopic, Topics } from '@qn/contracts';
import { callApi, PlatformEnv, testKafka, testPort, ServiceProcess, waitFor } from '@qn/testing';

/** A unit as the registry publishes it (compacted topic, key = id). */
function unit(
  code: string,
  kind: OrgUnitChangedV1['kind'],
  name: string,
  parentId: string | null,
  options: {
    validFrom?: string;
    validTo?: string | null;
    school?: OrgUnitChangedV1['school'];
  } = {},
): OrgUnitChangedV1 {
  const validFrom = options.validFrom ?? '2025-07-01';
  const validTo = options.validTo ?? null;
  return {
    id: uuid(),
    code,
    kind,
    name,
    parentId,
    validFrom,
    validTo,
    successorIds: [],
    versions: [{ validFrom, validTo, parentId, name }],
    school: options.school ?? null,
    revision: 1,
  };
}

describe('kpi-aggregator: units confirm their reports; the department sees completeness', () => {
  const env = new PlatformEnv();
  const port = testPort();
  const url = `http://127.0.0.1:${port}`;
  let kpi: ServiceProcess;

  const province = unit('QN', 'province', 'Tỉnh Quảng Ninh', null, { validFrom: '1963-10-30' });
  const ward = unit('P-HG', 'ward', 'Phường Hồng Gai', province.id);
  const commune = unit('X-BC', 'commune', 'Xã Ba Chẽ', province.id);
  const merged = unit('X-SN', 'commune', 'Xã Sắp Nhập', province.id, { validTo: '2025-12-01' });
  const district = unit('H-CU', 'district', 'Huyện Cũ', province.id, {
    validFrom: '1990-01-01',
    validTo: '2025-07-01',
  });
  const upperSecondary = unit('THPT-HG', 'school', 'Trường THPT Hòn Gai', ward.id, {
    school: { levels: ['upper-secondary'], segment: 'urban', ownership: 'public' },
  });
  const continuing = unit('GDTX-BC', 'school', 'Trung tâm GDNN-GDTX Ba Chẽ', commune.id, {
    school: { levels: ['continuing'], segment: 'ethnic-minority-mountain', ownership: 'public' },
  });
  const primary = unit('TH-HG', 'school', 'Trường Tiểu học Hồng Gai', ward.id, {
    school: { levels: ['primary'], segment: 'urban', ownership: 'public' },
  });
  const units = [province, ward, commune, merged, district, upperSecondary, continuing, primary];

  let provinceToken: string;
  let wardToken: string;
  const call = (method: string, path: string, token: string, body?: unknown) =>
    callApi(url, method, path, token, body);

  beforeAll(async () => {
    await env.setUp();
    // Publishes the org tree as the registry does: with the registry's principal.
    const kafka = testKafka('test-registry', 'registry');
    const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
    await producer.connect();
    await producer.send({
      topic: prefixedTopic(env.prefix, Topics.registryOrgUnits),
      messages: units.map((u) => ({
        key: u.id,
        value: JSON.stringify(
          newEvent({ ...EventTypes.orgUnitChanged, source: 'registry', subjectId: u.id, data: u }),
        ),
      })),
    });
    await producer.disconnect();
    kpi = new ServiceProcess('kpi-aggregator', env.envFor('kpi-aggregator', port)).start();
    await kpi.ready(url);
    provinceToken = await env.token('province');
    wardToken = await env.token('commune', ward.id);
    await waitFor(
      async () => (await call('GET', `/org-units/${primary.id}`, provinceToken)).status === 200,
      { description: 'the org tree replicated from Kafka' },
    );
  }, 90000);

  afterAll(async () => {
    await kpi?.stop();
    await env.tearDown();
  });

  it('lists who owes the semester report: communes in force on the due day, THPT and GDTX', async () => {
    const r = await call(
      'GET',
      '/reports/2025-2026/semester-1/completeness?asOf=2026-01-05',
      provinceToken,
    );
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({
      orgUnitId: province.id,
      dueOn: '2026-01-10',
      expected: 4,
      submitted: 0,
      overdue: false,
    });
    expect(r.body.missing.map((u: { name: string }) => u.name)).toEqual([
      'Phường Hồng Gai',
      'Xã Ba Chẽ',
      'Trường THPT Hòn Gai', // under Phường Hồng Gai
      'Trung tâm GDNN-GDTX Ba Chẽ', // under Xã Ba Chẽ
    ]);
  });

  it('records a unit’s confirmation once; a repeat returns the first; scope and kind are checked', async () => {
    const first = await call('POST', '/reports/2026-2027/semester-1/submissions', wardToken, {
      orgUnitId: ward.id,
      note: 'Đã gửi kèm công văn',
    });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({
      orgUnitId: ward.id,
      report: 'semester-1',
      schoolYear: '2026-2027',
    });
    const again = await call('POST', '/reports/2026-2027/semester-1/submissions', wardToken, {
      orgUnitId: ward.id,
    });
    expect(again.status).toBe(200);
    expect(again.body.id).toBe(first.body.id);

    const school = await call('POST', '/reports/2026-2027/semester-1/submissions', wardToken, {
      orgUnitId: upperSecondary.id, // under the ward: in its scope
    });
    expect(school.status).toBe(201);

    const foreign = await call('POST', '/reports/2026-2027/semester-1/submissions', wardToken, {
      orgUnitId: commune.id,
    });
    expect(foreign.status).toBe(403);
    const notReporting = await call(
      'POST',
      '/reports/2026-2027/semester-1/submissions',
      wardToken,
      {
        orgUnitId: primary.id,
      },
    );
    expect(notReporting.status).toBe(422);
    expect(notReporting.type).toContain('application/problem+json');
    expect(notReporting.body.errors).toEqual([
      { field: 'orgUnitId', message: 'is not a reporting unit' },
    ]);
    const badYear = await call('POST', '/reports/2025/semester-1/submissions', provinceToken, {
      orgUnitId: ward.id,
    });
    expect(badYear.status).toBe(400);
    expect(badYear.body.errors[0].field).toBe('schoolYear');
    const badKind = await call('GET', '/reports/2025-2026/quarterly/completeness', provinceToken);
    expect(badKind.status).toBe(400);
    expect(badKind.body.errors[0].field).toBe('report');

    // Today (after 27 Nov 2026) is before the 2026-2027 semester-1 due day, 10 Jan 2027.
    const after = await call('GET', '/reports/2026-2027/semester-1/completeness', provinceToken);
    expect(after.body).toMatchObject({
      dueOn: '2027-01-10',
      expected: 4,
      submitted: 2,
      onTime: 2,
      late: 0,
      ratePercent: 50,
      overdue: false,
    });
    expect(after.body.missing.map((u: { id: string }) => u.id).sort()).toEqual(
      [commune.id, continuing.id].sort(),
    );
    // The 2025-2026 semester-1 report was due on 10 Jan 2026: confirming it now is late.
    const late = await call('POST', '/reports/2025-2026/semester-1/submissions', wardToken, {
      orgUnitId: ward.id,
    });
    expect(late.status).toBe(201);
    const lastYear = await call('GET', '/reports/2025-2026/semester-1/completeness', provinceToken);
    expect(lastYear.body).toMatchObject({ submitted: 1, onTime: 0, late: 1, overdue: true });
    expect(lastYear.body.lateUnits.map((u: { id: string }) => u.id)).toEqual([ward.id]);
    // the year-end report is another report: nobody has confirmed it
    const yearEnd = await call('GET', '/reports/2026-2027/year-end/completeness', provinceToken);
    expect(yearEnd.body).toMatchObject({ expected: 4, submitted: 0, dueOn: '2027-06-10' });
  });

  it('shows a commune user its own subtree by default, and nothing outside it', async () => {
    const own = await call('GET', '/reports/2025-2026/semester-1/completeness', wardToken);
    expect(own.status).toBe(200);
    expect(own.body.orgUnitId).toBe(ward.id);
    expect(own.body.expected).toBe(1); // the THPT school under the ward
    const other = await call(
      'GET',
      `/reports/2025-2026/semester-1/completeness?orgUnitId=${commune.id}`,
      wardToken,
    );
    expect(other.status).toBe(403);
  });
});
