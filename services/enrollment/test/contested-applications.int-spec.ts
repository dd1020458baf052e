import { KafkaMessage } from 'kafkajs';
import { randomUUID } from 'node:crypto';
import { Topics } from '@qn/contracts';
import {
  callApi as call,
  createOrgUnit,
  PlatformEnv,
  ServiceProcess,
  testKafka,
  testPort,
  waitFor,
} from '@qn/testing';

/**
 * No "this child has applied" oracle: a family that types the personal id of a child who already
 * has an application gets the same 201 as anyone. Its application is a contested claim that only
 * it and the schools see, outside the round, until a school both families applied to decides
 * with the documents. Against real Kafka, PostgreSQL and Redis, as separate processes.
 */
describe('enrollment: a second family applying for a child who already applied', () => {
  const env = new PlatformEnv();
  const registryPort = testPort();
  const enrollmentPort = testPort();
  const registryUrl = `http://127.0.0.1:${registryPort}`;
  const url = `http://127.0.0.1:${enrollmentPort}`;
  let registry: ServiceProcess;
  let enrollment: ServiceProcess;
  let province: string;
  let roundId: string;
  const ids: Record<string, string> = {};
  const PID = '022220005678';
  const NAME = 'Phạm Thị Hoa';

  const apply = (token: string, over: Record<string, unknown> = {}) =>
    call(
      url,
      'POST',
      `/rounds/${roundId}/applications`,
      token,
      {
        applicant: {
          personalId: PID,
          fullName: NAME,
          dateOfBirth: '2020-03-03',
          residenceOrgUnitId: ids.W1,
        },
        wishes: [ids['TH-A']],
        priorityCategories: [],
        ...over,
      },
      { 'idempotency-key': randomUUID() },
    );
  const get = (id: string, token: string) => call(url, 'GET', `/applications/${id}`, token);
  const listIds = async (token: string, query = '') =>
    (await call(url, 'GET', `/rounds/${roundId}/applications${query}`, token)).body.items.map(
      (a: { id: string }) => a.id,
    );
  const decide = (id: string, token: string, keep: 'claim' | 'existing') =>
    call(url, 'POST', `/applications/${id}/contest-decision`, token, {
      keep,
      reason: 'Đã đối chiếu giấy khai sinh với gia đình',
    });

  beforeAll(async () => {
    await env.setUp();
    registry = new ServiceProcess('registry', env.envFor('registry', registryPort)).start();
    enrollment = new ServiceProcess(
      'enrollment',
      env.envFor('enrollment', enrollmentPort, { LOG_LEVEL: 'info' }),
    ).start();
    await Promise.all([registry.ready(registryUrl), enrollment.ready(url)]);
    province = await env.token('province');
    const unit = async (code: string, kind: string, parent: string | null, extra = {}) =>
      (ids[code] = await createOrgUnit(registryUrl, province, code, kind, parent, extra));
    const school = { school: { levels: ['primary'], segment: 'urban', ownership: 'public' } };
    await unit('QN', 'province', null, { validFrom: '1963-10-30' });
    await unit('W1', 'ward', ids.QN);
    await unit('TH-A', 'school', ids.W1, school);
    await unit('TH-B', 'school', ids.W1, school);
    const hour = 3600_000;
    const round = await call(url, 'POST', '/rounds', province, {
      schoolYear: '2026-2027',
      grade: 1,
      name: 'Lớp 1',
      opensAt: new Date(Date.now() - hour).toISOString(),
      closesAt: new Date(Date.now() + hour).toISOString(),
      maxWishes: 2,
      priorityCategories: [],
    });
    expect(round.status).toBe(201);
    roundId = round.body.id;
    for (const code of ['TH-A', 'TH-B'])
      await waitFor(
        async () =>
          (
            await call(url, 'PUT', `/rounds/${roundId}/schools/${ids[code]}`, province, {
              capacity: 5,
              catchmentOrgUnitIds: [ids.W1],
            })
          ).status === 200,
        { timeoutMs: 30000, description: `${code} in enrollment` },
      );
  }, 120000);

  afterAll(async () => {
    await Promise.all([registry?.stop(), enrollment?.stop()]);
    await env.tearDown();
  });

  it('answers a stranger exactly as anyone, shows the claim to it alone, and keeps the round unchanged', async () => {
    const parent = await env.token('family', null, 'parent-hoa');
    const stranger = await env.token('family', null, 'stranger-1');
    const first = await apply(parent);
    expect(first.status).toBe(201);

    const claim = await apply(stranger);
    // The same answer as a first application: status, shape, a Location of its own.
    expect(claim.status).toBe(201);
    expect(Object.keys(claim.body)).toEqual(Object.keys(first.body));
    expect(claim.body.applicationId).not.toBe(first.body.applicationId);
    expect(claim.headers.location).toBe(`/applications/${claim.body.applicationId}`);

    // The stranger sees what it typed, as any submitted application; nothing about the other.
    const own = await get(claim.body.applicationId, stranger);
    expect(own.status).toBe(200);
    expect(own.body).toMatchObject({ status: 'active', applicant: { fullName: NAME } });
    expect(own.body).not.toHaveProperty('contest');
    expect(JSON.stringify(own.body)).not.toContain(first.body.applicationId);
    expect(await listIds(stranger)).toEqual([claim.body.applicationId]);
    expect((await get(first.body.applicationId, stranger)).status).toBe(404);

    // The child's guardian does not see the stranger's claim either.
    expect(await listIds(parent)).toEqual([first.body.applicationId]);
    expect((await get(claim.body.applicationId, parent)).status).toBe(404);

    // Whoever already knows is told: the guardian applying again, the stranger a second time.
    const again = await apply(parent);
    expect(again.status).toBe(409);
    expect(again.body.type).toMatch(/duplicate-application$/);
    expect((await apply(stranger)).status).toBe(409);

    // The school sees the contest.
    const principalA = await env.token('principal', ids['TH-A'], 'principal-a');
    const atSchool = await call(
      url,
      'GET',
      `/rounds/${roundId}/applications?schoolId=${ids['TH-A']}`,
      principalA,
    );
    const contested = atSchool.body.items.find(
      (a: { id: string }) => a.id === claim.body.applicationId,
    );
    expect(contested).toMatchObject({
      status: 'contested',
      contest: { contestsApplicationId: first.body.applicationId, decision: null },
    });

    // The school keeps the first family's application: the claim is refused, with the reason.
    const refused = await decide(claim.body.applicationId, principalA, 'existing');
    expect(refused).toMatchObject({ status: 200, body: { status: 'refused' } });
    const seen = await get(claim.body.applicationId, stranger);
    expect(seen.body).toMatchObject({
      status: 'refused',
      decision: { reason: 'Đã đối chiếu giấy khai sinh với gia đình' },
    });
    expect((await decide(claim.body.applicationId, principalA, 'claim')).body.type).toMatch(
      /application-not-contested$/,
    );
    // Only schools and the department decide; a family cannot.
    expect((await decide(claim.body.applicationId, stranger, 'claim')).status).toBe(403);

    // Only the first application went out on Kafka.
    const events = await messagesOn(Topics.enrollmentApplications, 1);
    expect(events.map((e) => e.subjectId)).toEqual([first.body.applicationId]);
    // Nobody logged the child's personal id.
    expect(enrollment.logs).not.toContain(PID);
  });

  it('upholds a claim after the documents: it enters the round and the other family loses the child', async () => {
    const parent = await env.token('family', null, 'parent-hoa');
    // The first family had applied with the wrong child's id; the real parent then applies.
    const realParent = await env.token('family', null, 'real-parent');
    const current = (await listIds(parent))[0];
    const claim = await apply(realParent, { wishes: [ids['TH-A'], ids['TH-B']] });
    expect(claim.status).toBe(201);

    // A school the first family did not apply to cannot decide over its application.
    const principalB = await env.token('principal', ids['TH-B'], 'principal-b');
    expect((await decide(claim.body.applicationId, principalB, 'claim')).status).toBe(403);

    const principalA = await env.token('principal', ids['TH-A'], 'principal-a');
    const upheld = await decide(claim.body.applicationId, principalA, 'claim');
    expect(upheld).toMatchObject({ status: 200, body: { status: 'active' } });

    // The real parent is now the child's guardian; the first family sees only its refusal.
    expect(await listIds(realParent)).toEqual([claim.body.applicationId]);
    expect((await get(claim.body.applicationId, realParent)).body.status).toBe('active');
    const lost = await get(current, parent);
    expect(lost.body).toMatchObject({
      status: 'refused',
      decision: { reason: expect.any(String) },
    });
    expect(await listIds(parent)).toEqual([current]);
    // The first family no longer reaches the child's application.
    expect((await get(claim.body.applicationId, parent)).status).toBe(404);

    // The round hears of it as a withdrawal and a new application (keyed by application, so
    // ordered per application only).
    const events = await messagesOn(Topics.enrollmentApplications, 3);
    expect(events.map((e) => [e.type, e.subjectId]).sort()).toEqual(
      [
        ['enrollment.application.recorded', current],
        ['enrollment.application.recorded', claim.body.applicationId],
        ['enrollment.application.withdrawn', current],
      ].sort(),
    );
  });

  async function messagesOn(
    topic: string,
    count: number,
  ): Promise<Array<{ type: string; subjectId: string }>> {
    const consumer = testKafka().consumer({
      groupId: `${env.prefix}reader-${randomUUID()}`,
      sessionTimeout: 6000,
      heartbeatInterval: 500,
    });
    const got: KafkaMessage[] = [];
    await consumer.connect();
    try {
      await consumer.subscribe({ topic: `${env.prefix}${topic}`, fromBeginning: true });
      await consumer.run({ eachMessage: async ({ message }) => void got.push(message) });
      await waitFor(() => got.length >= count, { timeoutMs: 30000, description: topic });
      // Anything more would have arrived with the rest.
      await new Promise((r) => setTimeout(r, 1000));
    } finally {
      await consumer.disconnect();
    }
    return got.map((m) => JSON.parse(m.value!.toString()));
  }
});
