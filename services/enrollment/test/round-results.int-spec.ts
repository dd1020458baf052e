import { createHash, randomUUID } from 'node:crypto';
import { Topics } from '@qn/contracts';
import { sleep, testKafka, waitFor } from '@qn/testing';
import { EnrollmentWorld } from './world';

/** A grade 1 round from opening to confirmed enrollments, with events visible to another consumer. */
describe('enrollment: a round from applications to enrolled students', () => {
  const world = new EnrollmentWorld({ ROUND_CLOSE_CHECK_MS: '500' });
  const { env, ids } = world;
  let province: string;
  let roundId: string;
  let closesAt: number;
  const applications: Record<string, string> = {};
  let studentId: string;

  const unit = (
    code: string,
    kind: string,
    parent: string | null,
    extra: Record<string, unknown> = {},
  ) => world.unit(code, kind, parent, extra);
  const familyToken = (name: string) => env.token('family', null, `family-${name}`);

  beforeAll(async () => {
    await world.start();
    province = world.province;
    await unit('QN', 'province', null, { validFrom: '1963-10-30' });
    await unit('W-1', 'ward', ids.QN);
    await unit('W-2', 'ward', ids.QN);
    await unit('TH-A', 'school', ids['W-1'], {
      school: { levels: ['primary'], segment: 'urban', ownership: 'public' },
    });
    await unit('TH-B', 'school', ids['W-2'], {
      school: { levels: ['primary'], segment: 'rural', ownership: 'public' },
    });
    closesAt = Date.now() + 12000;
    const round = await world.call('POST', '/rounds', province, {
      schoolYear: '2026-2027',
      grade: 1,
      name: 'Lớp 1 — thử',
      opensAt: new Date(Date.now() - 60000).toISOString(),
      closesAt: new Date(closesAt).toISOString(),
      maxWishes: 2,
      priorityCategories: [{ code: 'CON-LIET-SI', name: 'Con liệt sĩ', points: 2 }],
    });
    roundId = round.body.id;
    await waitFor(
      async () =>
        (
          await world.call('PUT', `/rounds/${roundId}/schools/${ids['TH-A']}`, province, {
            capacity: 2,
            catchmentOrgUnitIds: [ids['W-1']],
          })
        ).status === 200,
      { timeoutMs: 30000, description: 'TH-A in enrollment' },
    );
    await waitFor(
      async () =>
        (
          await world.call('PUT', `/rounds/${roundId}/schools/${ids['TH-B']}`, province, {
            capacity: 5,
            catchmentOrgUnitIds: [ids['W-2']],
          })
        ).status === 200,
      { timeoutMs: 30000, description: 'TH-B in enrollment' },
    );
    const apply = async (
      name: string,
      pid: string,
      residence: string,
      categories: string[] = [],
    ) => {
      const r = await world.call(
        'POST',
        `/rounds/${roundId}/applications`,
        await familyToken(name),
        {
          applicant: {
            personalId: pid,
            fullName: `Học sinh ${name}`,
            dateOfBirth: `20${pid.slice(4, 6)}-01-01`,
            residenceOrgUnitId: ids[residence],
          },
          wishes: [ids['TH-A'], ids['TH-B']],
          priorityCategories: categories,
        },
        { 'idempotency-key': randomUUID() },
      );
      expect(r.status).toBe(201);
      applications[name] = r.body.applicationId;
    };
    // TH-A has two places: its two residents get them; the outsider with priority goes to TH-B.
    await apply('resident-1', '022220000001', 'W-1');
    await apply('resident-2', '022320000002', 'W-1');
    await apply('outsider', '022220000003', 'W-2', ['CON-LIET-SI']);
  }, 120000);

  afterAll(() => world.stop());

  it('simulates before the deadline, refuses to publish until it has passed', async () => {
    const sim = await world.call('POST', `/rounds/${roundId}/simulation`, province);
    expect(sim.status).toBe(200);
    expect(sim.body).toMatchObject({ provisional: true, applications: 3, unplaced: 0 });
    expect(
      sim.body.schools.find((s: { schoolId: string }) => s.schoolId === ids['TH-A']),
    ).toMatchObject({ capacity: 2, applied: 3, admitted: 2, waiting: 1 });
    const early = await world.call('POST', `/rounds/${roundId}/publication`, province);
    expect(early.status).toBe(409);
    expect(early.body.type).toMatch(/round-still-open$/);
  });

  it('publishes results after the deadline with the seed that matches the commitment, once', async () => {
    await sleep(Math.max(0, closesAt - Date.now() + 200));
    const late = await world.call(
      'POST',
      `/rounds/${roundId}/applications`,
      await familyToken('late'),
      {
        applicant: {
          personalId: '022220000009',
          fullName: 'Muộn',
          dateOfBirth: '2020-01-01',
          residenceOrgUnitId: ids['W-1'],
        },
        wishes: [ids['TH-A']],
        priorityCategories: [],
      },
      { 'idempotency-key': randomUUID() },
    );
    expect(late.status).toBe(409);

    const published = await world.call('POST', `/rounds/${roundId}/publication`, province);
    expect(published.status).toBe(200);
    const round = await world.call('GET', `/rounds/${roundId}`, province);
    expect(round.body.status).toBe('published');
    expect(createHash('sha256').update(round.body.seedRevealed).digest('hex')).toBe(
      round.body.seedCommitment,
    );

    const offerOf = async (name: string) =>
      (
        await world.call(
          'GET',
          `/applications/${applications[name]}/offer`,
          await familyToken(name),
        )
      ).body;
    expect(await offerOf('resident-1')).toMatchObject({
      schoolId: ids['TH-A'],
      wishRank: 1,
      status: 'offered',
    });
    expect(await offerOf('resident-2')).toMatchObject({ schoolId: ids['TH-A'], wishRank: 1 });
    expect(await offerOf('outsider')).toMatchObject({ schoolId: ids['TH-B'], wishRank: 2 });
    const waiting = await world.call(
      'GET',
      `/rounds/${roundId}/schools/${ids['TH-A']}/waiting-list`,
      province,
    );
    expect(waiting.body).toEqual([{ position: 1, applicationId: applications.outsider }]);

    expect((await world.call('POST', `/rounds/${roundId}/publication`, province)).status).toBe(409);
    expect(
      (
        await world.call('PUT', `/rounds/${roundId}/schools/${ids['TH-A']}`, province, {
          capacity: 3,
          catchmentOrgUnitIds: [],
        })
      ).status,
    ).toBe(409);
  });

  it('turns an accepted, confirmed offer into a student, announced for payments and records', async () => {
    const offer = (
      await world.call(
        'GET',
        `/applications/${applications['resident-1']}/offer`,
        await familyToken('resident-1'),
      )
    ).body;
    // Only the family that applied answers; the school confirms only what was accepted.
    expect(
      (
        await world.call(
          'POST',
          `/offers/${offer.id}/acceptance`,
          await familyToken('someone-else'),
        )
      ).status,
    ).toBe(404);
    const staffA = await env.token('school-staff', ids['TH-A'], 'staff-a');
    expect((await world.call('POST', `/offers/${offer.id}/confirmation`, staffA, {})).status).toBe(
      409,
    );
    expect(
      (await world.call('POST', `/offers/${offer.id}/acceptance`, await familyToken('resident-1')))
        .body.status,
    ).toBe('accepted');
    const staffB = await env.token('school-staff', ids['TH-B'], 'staff-b');
    // Another school's offer is not found, whether or not it exists (no oracle).
    expect((await world.call('POST', `/offers/${offer.id}/confirmation`, staffB, {})).status).toBe(
      404,
    );
    const confirmed = await world.call('POST', `/offers/${offer.id}/confirmation`, staffA, {
      className: '1A',
    });
    expect(confirmed.body).toMatchObject({ status: 'confirmed', studentId: expect.any(String) });

    const reader = await world.collect('payments-like', [
      Topics.enrollmentStudents,
      Topics.enrollmentAdmissions,
      Topics.enrollmentRounds,
    ]);
    const got = reader.messages;
    try {
      await waitFor(() => got.length >= 8, {
        description: 'round, offers, confirmation and student events',
      });
    } finally {
      await reader.stop();
    }
    const events = reader.events();
    // Every event carries a trace context, also the round closing announced by a timer.
    for (const m of got)
      expect(m.headers?.traceparent?.toString()).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]$/);
    const types = events.map((e) => e.type).sort();
    expect(types).toEqual([
      'enrollment.enrollment.confirmed',
      'enrollment.guardian.linked',
      'enrollment.offer.made',
      'enrollment.offer.made',
      'enrollment.offer.made',
      'enrollment.round.closed',
      'enrollment.round.published',
      'enrollment.student.enrolled',
    ]);
    // Announced once the deadline passed, with the applications by channel (the online share).
    expect(events.find((e) => e.type === 'enrollment.round.closed').data).toMatchObject({
      roundId,
      grade: 1,
      applications: 3,
      byChannel: { online: 3, portal: 0, paper: 0 },
    });
    const student = events.find((e) => e.type === 'enrollment.student.enrolled');
    expect(student.data).toMatchObject({
      studentId: confirmed.body.studentId,
      schoolId: ids['TH-A'],
      grade: 1,
      className: '1A',
      schoolYear: '2026-2027',
      segment: 'urban',
      reason: 'admission',
    });
    // The family that applied follows the student as its guardian (by its account, no personal id).
    expect(events.find((e) => e.type === 'enrollment.guardian.linked').data).toMatchObject({
      studentId: confirmed.body.studentId,
      guardianSubject: 'family-resident-1',
      basis: 'application',
    });
    // Who the learner is goes only to its own topic (read by records alone), as the register
    // holds it; nothing else carries the name.
    const identities = await world.collect('records-like', [Topics.enrollmentLearnerIdentities]);
    try {
      await waitFor(() => identities.messages.length >= 1, { description: 'learner identity' });
    } finally {
      await identities.stop();
    }
    const [identity] = identities.events();
    expect(identities.messages[0].key?.toString()).toBe(confirmed.body.studentId);
    expect(identity).toMatchObject({
      type: 'enrollment.learner.identity-recorded',
      subjectId: confirmed.body.studentId,
      data: { studentId: confirmed.body.studentId, gender: null, recordedAt: expect.any(String) },
    });
    expect(identity.data.fullName).toBe(identity.data.fullName.normalize('NFC'));
    expect(identity.data.personalIdLast4).toMatch(/^\d{4}$/);
    for (const m of got) expect(m.value!.toString()).not.toContain(identity.data.fullName);
    const roundEvent = events.find((e) => e.type === 'enrollment.round.published');
    expect(createHash('sha256').update(roundEvent.data.seed).digest('hex')).toBe(
      roundEvent.data.seedCommitment,
    );
    studentId = confirmed.body.studentId;
  });

  it('moves the student to another school through request, approval by the receiving school and completion by the old one', async () => {
    const family = await familyToken('resident-1');
    const staffA = await env.token('school-staff', ids['TH-A'], 'staff-a');
    const staffB = await env.token('principal', ids['TH-B'], 'principal-b');
    const asked = await world.call('POST', '/transfers', family, {
      studentId,
      toSchoolId: ids['TH-B'],
      reason: 'Gia đình chuyển nơi cư trú',
      effectiveDate: '2026-11-02',
    });
    expect(asked).toMatchObject({
      status: 201,
      body: { status: 'requested', fromSchoolId: ids['TH-A'], toSchoolId: ids['TH-B'] },
    });
    expect(
      (
        await world.call('POST', '/transfers', family, {
          studentId,
          toSchoolId: ids['TH-B'],
          reason: 'lần hai',
          effectiveDate: '2026-11-02',
        })
      ).status,
    ).toBe(409);
    const transferId = asked.body.id;
    expect((await world.call('POST', `/transfers/${transferId}/completion`, staffA)).status).toBe(
      409,
    ); // not approved yet
    expect((await world.call('POST', `/transfers/${transferId}/approval`, staffA, {})).status).toBe(
      403,
    ); // the old school cannot approve
    expect(
      (
        await world.call('POST', `/transfers/${transferId}/approval`, staffB, {
          note: 'Đồng ý tiếp nhận',
        })
      ).body.status,
    ).toBe('approved');
    expect(
      (await world.call('POST', `/transfers/${transferId}/completion`, staffA)).body.status,
    ).toBe('completed');

    const consumer = testKafka().consumer({
      groupId: `${env.prefix}records-like`,
      sessionTimeout: 6000,
      heartbeatInterval: 500,
    });
    await consumer.connect();
    await consumer.subscribe({
      topic: `${env.prefix}${Topics.enrollmentStudents}`,
      fromBeginning: true,
    });
    const got: Array<{ type: string; data: Record<string, unknown> }> = [];
    await consumer.run({
      eachMessage: async ({ message }) => void got.push(JSON.parse(message.value!.toString())),
    });
    try {
      await waitFor(() => got.length >= 3, { description: 'transfer events' });
    } finally {
      await consumer.disconnect();
    }
    expect(got.find((e) => e.type === 'enrollment.transfer.completed')!.data).toMatchObject({
      studentId,
      fromSchoolId: ids['TH-A'],
      toSchoolId: ids['TH-B'],
      effectiveDate: '2026-11-02',
    });
    expect(
      got
        .filter((e) => e.type === 'enrollment.student.enrolled')
        .map((e) => [e.data.schoolId, e.data.reason, e.data.segment]),
    ).toEqual([
      [ids['TH-A'], 'admission', 'urban'],
      [ids['TH-B'], 'transfer', 'rural'],
    ]);
  });

  it('gives a declined place to the first on the waiting list who would rather be there, freeing their old place', async () => {
    const offerOf = async (name: string) =>
      (
        await world.call(
          'GET',
          `/applications/${applications[name]}/offer`,
          await familyToken(name),
        )
      ).body;
    const declined = await world.call(
      'POST',
      `/offers/${(await offerOf('resident-2')).id}/decline`,
      await familyToken('resident-2'),
    );
    expect(declined.body.status).toBe('declined');
    // The outsider was placed at TH-B (second wish) and waited for TH-A: now offered TH-A.
    expect(await offerOf('outsider')).toMatchObject({
      schoolId: ids['TH-A'],
      wishRank: 1,
      status: 'offered',
    });
    expect(
      (await world.call('GET', `/rounds/${roundId}/schools/${ids['TH-A']}/waiting-list`, province))
        .body,
    ).toEqual([]);
  });
});
