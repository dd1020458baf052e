import { KafkaMessage } from 'kafkajs';
import { randomUUID } from 'node:crypto';
import { dlqTopicOf, EventTypes, newEvent, PreviousEventTypes, Topics } from '@qn/contracts';
import Redis from 'ioredis';
import {
  callApi,
  createOrgUnit,
  PlatformEnv,
  redisUrl,
  testPort,
  ServiceProcess,
  testKafka,
  TestPrincipals,
  waitFor,
} from '@qn/testing';

/**
 * Enrollment against real Kafka and PostgreSQL, as separate processes: the registry publishes the
 * schools, enrollment builds its copy from Kafka, families, schools and an outside portal apply.
 */
describe('enrollment: applications through every channel', () => {
  const env = new PlatformEnv();
  const registryPort = testPort();
  const enrollmentPort = testPort();
  const registryUrl = `http://127.0.0.1:${registryPort}`;
  const url = `http://127.0.0.1:${enrollmentPort}`;
  let registry: ServiceProcess;
  let enrollment: ServiceProcess;
  let province: string;
  const ids: Record<string, string> = {};
  let openRound: string;
  let closedRound: string;
  const PID = '022220001234';

  const call = callApi;
  const unit = async (
    code: string,
    kind: string,
    parent: string | null,
    extra: Record<string, unknown> = {},
  ) => (ids[code] = await createOrgUnit(registryUrl, province, code, kind, parent, extra));
  const school = (levels: string[], segment = 'urban') => ({
    school: { levels, segment, ownership: 'public' },
  });
  const apply = (
    roundId: string,
    token: string,
    body: Record<string, unknown>,
    key = randomUUID(),
  ) =>
    call(url, 'POST', `/rounds/${roundId}/applications`, token, body, { 'idempotency-key': key });
  const application = (over: Record<string, unknown> = {}) => ({
    applicant: {
      personalId: PID,
      fullName: 'Nguyễn Văn An',
      dateOfBirth: '2020-04-02',
      residenceOrgUnitId: ids['W-HONGGAI'],
    },
    wishes: [ids['TH-A'], ids['TH-B']],
    priorityCategories: [],
    ...over,
  });
  const topicMessages = async (
    topic: string,
    until: (m: KafkaMessage[]) => boolean,
  ): Promise<KafkaMessage[]> => {
    const consumer = testKafka().consumer({
      groupId: `${env.prefix}reader-${randomUUID()}`,
      sessionTimeout: 6000,
      heartbeatInterval: 500,
    });
    await consumer.connect();
    await consumer.subscribe({ topic: `${env.prefix}${topic}`, fromBeginning: true });
    const got: KafkaMessage[] = [];
    await consumer.run({ eachMessage: async ({ message }) => void got.push(message) });
    try {
      await waitFor(() => until(got), { timeoutMs: 30000, description: `messages on ${topic}` });
    } finally {
      await consumer.disconnect();
    }
    return got;
  };

  beforeAll(async () => {
    await env.setUp();
    registry = new ServiceProcess('registry', env.envFor('registry', registryPort)).start();
    // A small pool on purpose: more concurrent submissions than connections must still all go through.
    enrollment = new ServiceProcess(
      'enrollment',
      env.envFor('enrollment', enrollmentPort, {
        TRUSTED_PORTALS: 'portal-qn',
        LOG_LEVEL: 'info',
        DB_POOL_SIZE: '4',
      }),
    ).start();
    await Promise.all([registry.ready(registryUrl), enrollment.ready(url)]);
    province = await env.token('province');
    await unit('QN', 'province', null, { validFrom: '1963-10-30' });
    await unit('W-HONGGAI', 'ward', ids.QN);
    await unit('W-BAICHAY', 'ward', ids.QN);
    await unit('TH-A', 'school', ids['W-HONGGAI'], school(['primary']));
    await unit('TH-B', 'school', ids['W-BAICHAY'], school(['primary']));
    await unit('THCS-C', 'school', ids['W-HONGGAI'], school(['lower-secondary']));
    const hour = 3600_000;
    const round = (name: string, opensAt: number, closesAt: number) =>
      call(url, 'POST', '/rounds', province, {
        schoolYear: '2026-2027',
        grade: 1,
        name,
        opensAt: new Date(opensAt).toISOString(),
        closesAt: new Date(closesAt).toISOString(),
        maxWishes: 2,
        priorityCategories: [{ code: 'HO-NGHEO', name: 'Hộ nghèo', points: 1 }],
      });
    const open = await round('Lớp 1 đợt 1', Date.now() - hour, Date.now() + hour);
    expect(open.status).toBe(201);
    expect(open.body.seedCommitment).toMatch(/^[0-9a-f]{64}$/);
    expect(open.body.seedRevealed).toBeNull();
    openRound = open.body.id;
    closedRound = (await round('Lớp 1 đợt bổ sung', Date.now() - 2 * hour, Date.now() - hour)).body
      .id;
    // Seats can be set once enrollment's copy of the registry has the schools.
    for (const [code, catchment] of [
      ['TH-A', 'W-HONGGAI'],
      ['TH-B', 'W-BAICHAY'],
    ] as const) {
      await waitFor(
        async () =>
          (
            await call(url, 'PUT', `/rounds/${openRound}/schools/${ids[code]}`, province, {
              capacity: 2,
              catchmentOrgUnitIds: [ids[catchment]],
            })
          ).status === 200,
        { timeoutMs: 30000, description: `${code} in enrollment` },
      );
      await call(url, 'PUT', `/rounds/${closedRound}/schools/${ids[code]}`, province, {
        capacity: 2,
        catchmentOrgUnitIds: [ids[catchment]],
      });
    }
  }, 120000);

  afterAll(async () => {
    await Promise.all([registry?.stop(), enrollment?.stop()]);
    await env.tearDown();
  });

  it('records a family’s online application once, whatever the retries, and refuses a second one for the same child', async () => {
    const family = await env.token('family', null, 'family-1');
    const key = randomUUID();
    const first = await apply(openRound, family, application(), key);
    expect(first.status).toBe(201);
    const retry = await apply(openRound, family, application(), key);
    expect(retry).toMatchObject({ status: 201, body: { applicationId: first.body.applicationId } });
    // Redis lost its copy (flush, failover): the retry is still the first answer, from PostgreSQL.
    const redis = new Redis(redisUrl());
    try {
      const keys = await redis.keys(`idem:${env.prefix}*`);
      expect(keys.length).toBeGreaterThan(0);
      await redis.del(...keys);
    } finally {
      await redis.quit();
    }
    const afterFlush = await apply(openRound, family, application(), key);
    expect(afterFlush).toMatchObject({
      status: 201,
      body: { applicationId: first.body.applicationId },
    });
    expect(afterFlush.headers['idempotent-replayed']).toBe('true');
    const again = await apply(openRound, family, application());
    expect(again.status).toBe(409);
    expect(again.type).toContain('application/problem+json');
    expect(again.body).toMatchObject({
      type: expect.stringMatching(/duplicate-application$/),
      errors: [{ field: 'applicant.personalId' }],
    });
    expect(again.body.detail).toContain('********1234');
    expect(JSON.stringify(again.body)).not.toContain(PID);
    const view = await call(url, 'GET', `/applications/${first.body.applicationId}`, family);
    expect(view.body).toMatchObject({
      channel: 'online',
      status: 'active',
      applicant: { personalIdLast4: '1234', fullName: 'Nguyễn Văn An' },
    });
    expect(JSON.stringify(view.body)).not.toContain(PID);
  });

  it('names every failing field of a bad application and accepts nothing after the deadline', async () => {
    const family = await env.token('family', null, 'family-2');
    const bad = await apply(
      openRound,
      family,
      application({
        applicant: {
          personalId: '022221001111',
          fullName: 'Trần Thị Bình',
          dateOfBirth: '2020-05-05',
          residenceOrgUnitId: ids['TH-A'],
        },
        wishes: [ids['THCS-C'], randomUUID()],
        priorityCategories: ['VIP'],
      }),
    );
    expect(bad.status).toBe(422);
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual([
      'applicant.personalId',
      'applicant.residenceOrgUnitId',
      'priorityCategories',
      'wishes.0',
      'wishes.1',
    ]);
    const malformed = await apply(
      openRound,
      family,
      application({
        applicant: { personalId: '12345', fullName: '', dateOfBirth: 'x', residenceOrgUnitId: 'y' },
      }),
    );
    expect(malformed.status).toBe(400);
    expect(malformed.body.errors.map((e: { field: string }) => e.field)).toEqual(
      expect.arrayContaining([
        'applicant.personalId',
        'applicant.dateOfBirth',
        'applicant.residenceOrgUnitId',
      ]),
    );
    const late = await apply(
      closedRound,
      family,
      application({
        applicant: {
          personalId: '022320002222',
          fullName: 'Lê Văn Cường',
          dateOfBirth: '2020-01-01',
          residenceOrgUnitId: ids['W-BAICHAY'],
        },
      }),
    );
    expect(late.status).toBe(409);
    expect(late.body.type).toMatch(/deadline-passed$/);
  });

  it('lets a school record a paper application for itself only, and shows each school its own applicants', async () => {
    const staffA = await env.token('school-staff', ids['TH-A'], 'staff-a');
    const staffB = await env.token('school-staff', ids['TH-B'], 'staff-b');
    const paper = await apply(
      openRound,
      staffA,
      application({
        applicant: {
          personalId: '022320003333',
          fullName: 'Phạm Thị Dung',
          dateOfBirth: '2020-08-08',
          residenceOrgUnitId: ids['W-HONGGAI'],
        },
        wishes: [ids['TH-A']],
      }),
    );
    expect(paper.status).toBe(201);
    const notMine = await apply(
      openRound,
      staffB,
      application({
        applicant: {
          personalId: '022220004444',
          fullName: 'Hoàng Văn Em',
          dateOfBirth: '2020-08-08',
          residenceOrgUnitId: ids['W-HONGGAI'],
        },
        wishes: [ids['TH-A']],
      }),
    );
    expect(notMine.status).toBe(403);
    const listA = await call(
      url,
      'GET',
      `/rounds/${openRound}/applications?schoolId=${ids['TH-A']}`,
      staffA,
    );
    expect(listA.body.items.map((a: { channel: string }) => a.channel).sort()).toEqual([
      'online',
      'paper',
    ]);
    expect(
      (await call(url, 'GET', `/rounds/${openRound}/applications?schoolId=${ids['TH-A']}`, staffB))
        .status,
    ).toBe(403);
  });

  it('takes applications from a trusted portal over Kafka through the same rules, and dead-letters the rest with the reason', async () => {
    // Connected as the portal's own Kafka principal: it may write the intake topic only.
    const producer = testKafka('enrollment-test-portal', TestPrincipals.portal).producer();
    await producer.connect();
    const intake = `${env.prefix}${Topics.enrollmentApplicationIntake}`;
    const submission = (
      source: string,
      externalId: string,
      roundId: string,
      personalId: string,
      version: { type: string; version: number } = EventTypes.applicationSubmitted,
    ) =>
      newEvent({
        ...version,
        source,
        subjectId: externalId,
        data: {
          externalId,
          roundId,
          applicant: {
            personalId,
            fullName: 'Vũ Thị Giang',
            dateOfBirth: '2020-03-03',
            residenceOrgUnitId: ids['W-BAICHAY'],
          },
          wishes: [ids['TH-B']],
          priorityCategories: ['HO-NGHEO'],
          submittedAt: new Date().toISOString(),
        },
      });
    // A portal not yet on v2 of the intake event is still heard.
    const good = submission(
      'portal-qn',
      'P-1',
      openRound,
      '022320005555',
      PreviousEventTypes.applicationSubmittedV1,
    );
    const stranger = submission('portal-unknown', 'X-1', openRound, '022320006666');
    const late = submission('portal-qn', 'P-2', closedRound, '022320007777');
    const send = (e: ReturnType<typeof submission>) => ({
      key: `${e.source}:${e.subjectId}`,
      value: JSON.stringify(e),
    });
    // The good one twice: the portal retried.
    await producer.send({
      topic: intake,
      messages: [send(good), send(stranger), send(late), send(good)],
    });
    await producer.disconnect();

    const dlq = await topicMessages(
      dlqTopicOf(Topics.enrollmentApplicationIntake),
      (m) => m.length >= 2,
    );
    const reasons = dlq.map((m) => m.headers!['x-dlq-reason']!.toString()).sort();
    // A source the service does not trust (a portal speaking for another) is refused by the
    // consumer's source check before any business rule.
    expect(reasons[0]).toBe(
      "forbidden-source: enrollment.application.submitted v2 may not come from source 'portal-unknown' (allowed: the admission-portal sources this service trusts)",
    );
    expect(reasons[1]).toMatch(/^rejected: deadline-passed: /);
    const all = await waitFor(
      async () => {
        const r = await call(url, 'GET', `/rounds/${openRound}/applications`, province);
        return r.body.items.some((a: { channel: string }) => a.channel === 'portal')
          ? r.body.items
          : undefined;
      },
      { description: 'the portal application' },
    );
    expect(all.filter((a: { channel: string }) => a.channel === 'portal')).toHaveLength(1);
  });

  it('publishes what payments, records and the KPI aggregator need, without personal identification numbers', async () => {
    const family = await env.token('family', null, 'family-1');
    const list = await call(url, 'GET', `/rounds/${openRound}/applications`, family);
    const mine = list.body.items[0];
    const withdrawn = await call(url, 'POST', `/applications/${mine.id}/withdrawal`, family);
    expect(withdrawn).toMatchObject({ status: 200, body: { status: 'withdrawn' } });
    // After withdrawing, the same child may apply again.
    expect((await apply(openRound, family, application({ wishes: [ids['TH-B']] }))).status).toBe(
      201,
    );

    const messages = await topicMessages(Topics.enrollmentApplications, (m) => m.length >= 5);
    const events = messages.map((m) => ({
      key: m.key!.toString(),
      raw: m.value!.toString(),
      e: JSON.parse(m.value!.toString()),
    }));
    for (const { raw, key, e } of events) {
      expect(raw).not.toMatch(/0223200\d{5}|022220001234/);
      expect(key).toBe(e.subjectId);
    }
    const recorded = events
      .filter((x) => x.e.type === 'enrollment.application.recorded')
      .map((x) => x.e.data);
    expect(recorded.map((d: { channel: string }) => d.channel).sort()).toEqual([
      'online',
      'online',
      'paper',
      'portal',
    ]);
    expect(recorded[0]).toMatchObject({
      roundId: openRound,
      schoolYear: '2026-2027',
      grade: 1,
      revision: 1,
    });
    expect(
      events
        .filter((x) => x.e.type === 'enrollment.application.withdrawn')
        .map((x) => x.e.data.applicationId),
    ).toEqual([mine.id]);
    // The service never logged an identity number either.
    expect(enrollment.logs).not.toMatch(/0223200\d{5}|022220001234/);
  });

  it('takes many concurrent submissions with more requests than database connections', async () => {
    const results = await Promise.all(
      Array.from({ length: 16 }, async (_, i) =>
        apply(
          openRound,
          await env.token('family', null, `family-burst-${i}`),
          application({
            applicant: {
              personalId: `0223200${String(10000 + i).slice(-5)}`,
              fullName: `Con số ${i}`,
              dateOfBirth: '2020-02-02',
              residenceOrgUnitId: ids['W-HONGGAI'],
            },
          }),
        ),
      ),
    );
    expect(results.map((r) => r.status)).toEqual(Array(16).fill(201));
  });
});
