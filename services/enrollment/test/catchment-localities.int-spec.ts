import { randomUUID } from 'node:crypto';
import { EventTypes, newEvent, Topics } from '@qn/contracts';
import { sleep, testKafka, TestPrincipals, waitFor } from '@qn/testing';
import { EnrollmentWorld, type CollectedEvents } from './world';

/**
 * After the 2025 merger one ward holds two primary schools: each school's tuyến is some of the
 * ward's residential groups (khu phố), so being "in catchment" is decided by the family's khu,
 * not by the ward. A ward with one school keeps a whole-ward catchment.
 */
describe('enrollment: catchments by village / residential group inside a merged ward', () => {
  const world = new EnrollmentWorld({ TRUSTED_PORTALS: 'portal-qn' });
  const { env, ids } = world;
  let province: string;
  let roundId: string;
  let closesAt: number;
  let offers: CollectedEvents;
  const apps: Record<string, string> = {};
  const family = (name: string) => env.token('family', null, `family-${name}`);

  const apply = async (
    name: string,
    pid: string,
    ward: string,
    locality: string | undefined,
    wishes: string[],
    categories: string[] = [],
  ) =>
    world.call(
      'POST',
      `/rounds/${roundId}/applications`,
      await family(name),
      {
        applicant: {
          personalId: pid,
          fullName: `Học sinh ${name}`,
          dateOfBirth: '2020-03-03',
          residenceOrgUnitId: ids[ward],
          ...(locality !== undefined ? { residenceLocality: locality } : {}),
        },
        wishes: wishes.map((w) => ids[w]),
        priorityCategories: categories,
      },
      { 'idempotency-key': randomUUID() },
    );

  beforeAll(async () => {
    await world.start();
    province = world.province;
    await world.unit('QN', 'province', null, { validFrom: '1963-10-30' });
    await world.unit('W-MERGED', 'ward', ids.QN);
    await world.unit('W-SINGLE', 'ward', ids.QN);
    for (const [code, ward] of [
      ['TH-DONG', 'W-MERGED'],
      ['TH-TAY', 'W-MERGED'],
      ['TH-LE', 'W-SINGLE'],
    ])
      await world.unit(code, 'school', ids[ward], {
        school: { levels: ['primary'], segment: 'urban', ownership: 'public' },
      });
    closesAt = Date.now() + 15000;
    roundId = (
      await world.call('POST', '/rounds', province, {
        schoolYear: '2026-2027',
        grade: 1,
        name: 'Lớp 1 — tuyến theo khu phố',
        opensAt: new Date(Date.now() - 60000).toISOString(),
        closesAt: new Date(closesAt).toISOString(),
        maxWishes: 2,
        priorityCategories: [{ code: 'CON-LIET-SI', name: 'Con liệt sĩ', points: 2 }],
      })
    ).body.id;
    offers = await world.collect(`offers-${randomUUID()}`, [Topics.enrollmentAdmissions]);
  }, 120000);

  afterAll(async () => {
    await offers?.stop();
    await world.stop();
  });

  it('sets each school of the merged ward a catchment of its residential groups; refuses bad ones naming the field', async () => {
    // The schools reach enrollment through the registry's events on the broker.
    await waitFor(
      async () =>
        (
          await world.call('PUT', `/rounds/${roundId}/schools/${ids['TH-DONG']}`, province, {
            capacity: 1,
            catchmentOrgUnitIds: [],
            catchmentLocalities: [
              { orgUnitId: ids['W-MERGED'], locality: 'Khu 1' },
              { orgUnitId: ids['W-MERGED'], locality: 'Khu  2' },
              { orgUnitId: ids['W-MERGED'], locality: 'khu 2' },
            ],
          })
        ).status === 200,
      { timeoutMs: 30000, description: 'TH-DONG in enrollment' },
    );
    for (const [school, body] of [
      [
        'TH-TAY',
        {
          capacity: 1,
          catchmentOrgUnitIds: [],
          catchmentLocalities: [{ orgUnitId: ids['W-MERGED'], locality: 'Khu 3' }],
        },
      ],
      ['TH-LE', { capacity: 1, catchmentOrgUnitIds: [ids['W-SINGLE']] }],
    ] as const)
      await waitFor(
        async () =>
          (await world.call('PUT', `/rounds/${roundId}/schools/${ids[school]}`, province, body))
            .status === 200,
        { timeoutMs: 30000, description: `${school} in enrollment` },
      );
    const bad = await world.call('PUT', `/rounds/${roundId}/schools/${ids['TH-TAY']}`, province, {
      capacity: 1,
      catchmentOrgUnitIds: [],
      catchmentLocalities: [
        { orgUnitId: ids['TH-DONG'], locality: 'Khu 3' },
        { orgUnitId: ids['W-MERGED'], locality: '   ' },
      ],
    });
    expect(bad.status).toBe(422);
    expect(bad.type).toMatch(/application\/problem\+json/);
    expect(bad.body.errors.map((e: { field: string }) => e.field)).toEqual([
      'catchmentLocalities.0.orgUnitId',
      'catchmentLocalities.1.locality',
    ]);
    const round = await world.call('GET', `/rounds/${roundId}`, province);
    const dong = round.body.schools.find(
      (s: { schoolId: string }) => s.schoolId === ids['TH-DONG'],
    );
    // "Khu  2" and "khu 2" are one residential group, kept once as first spelled (normalised).
    expect(dong.catchmentLocalities).toEqual([
      { orgUnitId: ids['W-MERGED'], locality: 'Khu 1' },
      { orgUnitId: ids['W-MERGED'], locality: 'Khu 2' },
    ]);
  });

  it('asks families of the divided ward for their residential group, one of the round’s', async () => {
    const none = await apply('no-khu', '022220000011', 'W-MERGED', undefined, ['TH-TAY']);
    expect(none.status).toBe(422);
    expect(none.body.errors).toEqual([
      {
        field: 'applicant.residenceLocality',
        message: expect.stringContaining('Khu 1; Khu 2; Khu 3'),
      },
    ]);
    const unknown = await apply('khu-9', '022220000012', 'W-MERGED', 'Khu 9', ['TH-TAY']);
    expect(unknown.status).toBe(422);
    expect(unknown.body.errors[0].field).toBe('applicant.residenceLocality');
  });

  it('admits by the residential group: the Khu 3 child gets the school of Khu 3 before a Khu 2 child with priority', async () => {
    // Both want TH-TAY first. By ward alone both would be residents and the priority points
    // would give TH-TAY to the Khu 2 child; by residential group only the Khu 3 child is.
    const khu2 = await apply(
      'khu-2',
      '022220000021',
      'W-MERGED',
      'khu 2',
      ['TH-TAY', 'TH-DONG'],
      ['CON-LIET-SI'],
    );
    const khu3 = await apply('khu-3', '022320000022', 'W-MERGED', 'Khu 3', ['TH-TAY', 'TH-DONG']);
    // The one-school ward keeps its whole-ward catchment: no residential group needed.
    const single = await apply('le', '022220000023', 'W-SINGLE', undefined, ['TH-LE']);
    for (const r of [khu2, khu3, single]) expect(r.status).toBe(201);
    // A portal names the residential group on v2 of the intake event (over the broker).
    const producer = testKafka('catchment-portal', TestPrincipals.portal).producer();
    await producer.connect();
    const portal = newEvent({
      ...EventTypes.applicationSubmitted,
      source: 'portal-qn',
      subjectId: 'P-KHU-1',
      data: {
        externalId: 'P-KHU-1',
        roundId,
        applicant: {
          personalId: '022220000024',
          fullName: 'Học sinh cổng',
          dateOfBirth: '2020-04-04',
          residenceOrgUnitId: ids['W-MERGED'],
          residenceLocality: 'KHU 1',
        },
        wishes: [ids['TH-LE']],
        priorityCategories: [],
        submittedAt: new Date().toISOString(),
      },
    });
    try {
      await producer.send({
        topic: `${env.prefix}${Topics.enrollmentApplicationIntake}`,
        messages: [{ key: `${portal.source}:${portal.subjectId}`, value: JSON.stringify(portal) }],
      });
    } finally {
      await producer.disconnect();
    }
    const viaPortal = await waitFor(
      async () => {
        const r = await world.call('GET', `/rounds/${roundId}/applications`, province);
        return r.body.items.find((a: { channel: string }) => a.channel === 'portal');
      },
      { timeoutMs: 30000, description: 'the portal application' },
    );
    expect(viaPortal.applicant.residenceLocality).toBe('Khu 1');
    apps.portal = viaPortal.id;
    apps['khu-2'] = khu2.body.applicationId;
    apps['khu-3'] = khu3.body.applicationId;
    apps.le = single.body.applicationId;
    const read = await world.call('GET', `/applications/${apps['khu-2']}`, await family('khu-2'));
    expect(read.body.applicant.residenceLocality).toBe('Khu 2'); // the round's spelling

    await sleep(Math.max(0, closesAt - Date.now() + 300));
    const published = await world.call('POST', `/rounds/${roundId}/publication`, province);
    expect(published.status).toBe(200);
    const offerOf = async (name: string) =>
      (await world.call('GET', `/applications/${apps[name]}/offer`, await family(name))).body;
    expect(await offerOf('khu-3')).toMatchObject({ schoolId: ids['TH-TAY'], wishRank: 1 });
    expect(await offerOf('khu-2')).toMatchObject({ schoolId: ids['TH-DONG'], wishRank: 2 });
    // TH-LE has one place: its own ward's child first; the portal child (Khu 1) is outside it.
    expect(await offerOf('le')).toMatchObject({ schoolId: ids['TH-LE'], wishRank: 1 });

    // And so the offers go out on the broker.
    await waitFor(
      () => offers.events().filter((e) => e.type === 'enrollment.offer.made').length >= 3,
      { timeoutMs: 30000, description: 'three offers on the admissions topic' },
    );
    const made = Object.fromEntries(
      offers
        .events()
        .filter((e) => e.type === 'enrollment.offer.made')
        .map((e) => [e.data.applicationId, e.data.schoolId]),
    );
    expect(made).toEqual({
      [apps['khu-3']]: ids['TH-TAY'],
      [apps['khu-2']]: ids['TH-DONG'],
      [apps.le]: ids['TH-LE'],
    });
  });
});
