import { randomUUID } from 'node:crypto';
import {
  callApi,
  createOrgUnit,
  PlatformEnv,
  testPort,
  ServiceProcess,
  waitFor,
} from '@qn/testing';
import { writeExtendedCatalogue } from './catalogue-fixture';
import { Json } from './world';

/**
 * The platform end to end, as separate processes: the registry publishes the tree, families
 * and a school apply through the enrollment service, one family withdraws, the round closes;
 * the kpi-aggregator projects what enrollment published and its API shows the numbers.
 */
describe('registry → enrollment → kpi-aggregator (real processes, Kafka, PostgreSQL, Redis)', () => {
  const env = new PlatformEnv();
  const ports = { registry: testPort(), enrollment: testPort(), kpi: testPort() };
  const urls = {
    registry: `http://127.0.0.1:${ports.registry}`,
    enrollment: `http://127.0.0.1:${ports.enrollment}`,
    kpi: `http://127.0.0.1:${ports.kpi}`,
  };
  const procs: ServiceProcess[] = [];
  const ids: Record<string, string> = {};
  let province: string;

  beforeAll(async () => {
    await env.setUp();
    procs.push(
      new ServiceProcess('registry', env.envFor('registry', ports.registry)).start(),
      new ServiceProcess(
        'enrollment',
        env.envFor('enrollment', ports.enrollment, { ROUND_CLOSE_CHECK_MS: '300' }),
      ).start(),
      new ServiceProcess(
        'kpi-aggregator',
        env.envFor('kpi-aggregator', ports.kpi, { KPI_CATALOGUE_PATH: writeExtendedCatalogue() }),
      ).start(),
    );
    await Promise.all([
      procs[0].ready(urls.registry),
      procs[1].ready(urls.enrollment),
      procs[2].ready(urls.kpi),
    ]);
    province = await env.token('province');
  }, 120000);

  afterAll(async () => {
    await Promise.all(procs.map((p) => p.stop()));
    await env.tearDown();
  });

  const unit = async (code: string, kind: string, parent: string | null, extra = {}) =>
    (ids[code] = await createOrgUnit(urls.registry, province, code, kind, parent, extra));
  const school = (segment: string) => ({
    school: { levels: ['primary'], segment, ownership: 'public' },
  });
  const applicant = (personalId: string, fullName: string) => ({
    personalId,
    fullName,
    dateOfBirth: '2020-04-02',
    residenceOrgUnitId: ids['W-1'],
  });
  const kpi = (code: string) =>
    callApi(
      urls.kpi,
      'GET',
      `/indicators/${code}/values?orgUnitId=${ids.QN}&period=2026-2027`,
      province,
    );
  const until = async (code: string, ok: (b: Json) => boolean) => {
    let last: unknown;
    return waitFor(
      async () => {
        const r = await kpi(code);
        last = r.body;
        return r.status === 200 && ok(r.body) ? (r.body as Json) : undefined;
      },
      { timeoutMs: 40000, intervalMs: 250, description: code },
    ).catch((e: Error) => {
      throw new Error(`${e.message}: ${JSON.stringify(last)}\n${procs[2].logs.slice(-2000)}`);
    });
  };

  it('shows the enrollment service’s applications and closed round in the indicators', async () => {
    await unit('QN', 'province', null, { validFrom: '1963-10-30' });
    await unit('W-1', 'ward', ids.QN);
    await unit('W-2', 'ward', ids.QN);
    await unit('TH-A', 'school', ids['W-1'], school('urban'));
    await unit('TH-B', 'school', ids['W-2'], school('rural'));

    const closesAt = Date.now() + 20_000;
    const round = await callApi(urls.enrollment, 'POST', '/rounds', province, {
      schoolYear: '2026-2027',
      grade: 1,
      name: 'Lớp 1',
      opensAt: new Date(Date.now() - 3600_000).toISOString(),
      closesAt: new Date(closesAt).toISOString(),
      maxWishes: 2,
      priorityCategories: [],
    });
    expect(round.status).toBe(201);
    const roundId = round.body.id;
    for (const code of ['TH-A', 'TH-B'])
      await waitFor(
        async () =>
          (
            await callApi(
              urls.enrollment,
              'PUT',
              `/rounds/${roundId}/schools/${ids[code]}`,
              province,
              { capacity: 5, catchmentOrgUnitIds: [ids['W-1'], ids['W-2']] },
            )
          ).status === 200,
        { timeoutMs: 30000, description: `${code} in enrollment` },
      );
    const apply = async (token: string, body: Record<string, unknown>) => {
      const r = await callApi(
        urls.enrollment,
        'POST',
        `/rounds/${roundId}/applications`,
        token,
        { priorityCategories: [], ...body },
        { 'idempotency-key': randomUUID() },
      );
      if (r.status !== 201) throw new Error(`apply: ${JSON.stringify(r.body)}`);
      return r.body;
    };
    const fam1 = await env.token('family', null, 'family-1');
    const fam2 = await env.token('family', null, 'family-2');
    const fam3 = await env.token('family', null, 'family-3');
    const staffB = await env.token('school-staff', ids['TH-B'], 'staff-b');
    await apply(fam1, {
      applicant: applicant('022220001234', 'Nguyễn Văn An'),
      wishes: [ids['TH-A']],
    });
    await apply(fam2, {
      applicant: applicant('022320003333', 'Phạm Thị Dung'),
      wishes: [ids['TH-B']],
    });
    await apply(staffB, {
      applicant: applicant('022220004444', 'Hoàng Văn Em'),
      wishes: [ids['TH-B']],
    });
    const gone = await apply(fam3, {
      applicant: applicant('022320005555', 'Trần Thị Gấm'),
      wishes: [ids['TH-A']],
    });
    const withdrawn = await callApi(
      urls.enrollment,
      'POST',
      `/applications/${gone.applicationId}/withdrawal`,
      fam3,
      undefined,
      { 'idempotency-key': randomUUID() },
    );
    expect(withdrawn).toMatchObject({ status: 200, body: { status: 'withdrawn' } });

    // While the round is open: live applications (recorded minus withdrawn), by school segment.
    const live = await until('ENR-LIVE-ONLINE', (b) => b.orgUnit.total.denominator === 3);
    expect(live.orgUnit.total).toMatchObject({ numerator: 2, denominator: 3 });
    expect(live.orgUnit.bySegment.rural).toMatchObject({ numerator: 1, denominator: 2 });

    // After the deadline enrollment announces the round closed with its counts.
    const closed = await until('ENR-APPLICATIONS-ONLINE', (b) => b.orgUnit.total.denominator === 3);
    expect(Date.now()).toBeGreaterThanOrEqual(closesAt - 1000);
    expect(closed.orgUnit.total).toMatchObject({ numerator: 2, denominator: 3 });
    const schools = await kpi('ENR-ONLINE-SCHOOLS-G1');
    expect(schools.body.orgUnit.total).toMatchObject({ numerator: 1, denominator: 2, value: 50 });
    expect(
      Object.fromEntries(schools.body.children.map((c: Json) => [c.orgUnitId, c.total.value])),
    ).toEqual({ [ids['W-1']]: 100, [ids['W-2']]: 0 });
  }, 90000);
});
