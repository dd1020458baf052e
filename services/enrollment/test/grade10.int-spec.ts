import { randomUUID } from 'node:crypto';
import type { KafkaMessage } from 'kafkajs';
import { dlqTopicOf, EventTypes, newEvent, Topics } from '@qn/contracts';
import { sleep, testKafka, TestPrincipals, waitFor } from '@qn/testing';
import { EnrollmentWorld } from './world';

/** Grade 10: exam scores imported from the exam board's file decide the places. */
describe('enrollment: grade 10 by entrance exam', () => {
  const world = new EnrollmentWorld({ TRUSTED_EXAM_BOARDS: 'exam-board-qn' });
  const { env, ids } = world;
  let province: string;
  let examBoard: string;
  const apps: Record<string, string> = {};
  let roundId: string;
  let closesAt: number;

  beforeAll(async () => {
    await world.start();
    province = world.province;
    examBoard = await env.clientToken('exam-board', ['exam-scores:publish']);
    await world.unit('QN', 'province', null, { validFrom: '1963-10-30' });
    await world.unit('W-1', 'ward', ids.QN);
    for (const code of ['THPT-HONGAI', 'THPT-BAICHAY'])
      await world.unit(code, 'school', ids['W-1'], {
        school: { levels: ['upper-secondary'], segment: 'urban', ownership: 'public' },
      });
    closesAt = Date.now() + 10000;
    roundId = (
      await world.call('POST', '/rounds', province, {
        schoolYear: '2026-2027',
        grade: 10,
        name: 'Tuyển sinh lớp 10',
        opensAt: new Date(Date.now() - 60000).toISOString(),
        closesAt: new Date(closesAt).toISOString(),
        maxWishes: 2,
        priorityCategories: [{ code: 'CON-THUONG-BINH', name: 'Con thương binh', points: 1.5 }],
        exam: {
          subjects: [
            { code: 'TOAN', name: 'Toán', weight: 1 },
            { code: 'VAN', name: 'Ngữ văn', weight: 1 },
            { code: 'ANH', name: 'Tiếng Anh', weight: 1 },
          ],
          tieBreakSubjects: ['VAN', 'TOAN'],
        },
      })
    ).body.id;
    for (const code of ['THPT-HONGAI', 'THPT-BAICHAY']) {
      await waitFor(
        async () =>
          (
            await world.call('PUT', `/rounds/${roundId}/schools/${ids[code]}`, province, {
              capacity: 1,
              catchmentOrgUnitIds: [],
            })
          ).status === 200,
        { timeoutMs: 30000, description: `${code} in enrollment` },
      );
    }
    for (const [name, pid, cats] of [
      ['an', '022211000001', []],
      ['binh', '022311000002', ['CON-THUONG-BINH']],
      ['cuong', '022211000003', []],
    ] as const) {
      const r = await world.call(
        'POST',
        `/rounds/${roundId}/applications`,
        await env.token('family', null, `family-${name}`),
        {
          applicant: {
            personalId: pid,
            fullName: `Học sinh ${name}`,
            dateOfBirth: '2011-05-05',
            residenceOrgUnitId: ids['W-1'],
          },
          wishes: [ids['THPT-HONGAI'], ids['THPT-BAICHAY']],
          priorityCategories: [...cats],
        },
        { 'idempotency-key': randomUUID() },
      );
      expect(r.status).toBe(201);
      apps[name] = r.body.applicationId;
    }
  }, 120000);

  afterAll(() => world.stop());

  it('admits a 16-year-old only with an exception of the charter (Circular 32/2020, Art. 33), naming the field in Vietnamese', async () => {
    const family = await env.token('family', null, 'family-older');
    const apply = (ageException?: unknown) =>
      world.call(
        'POST',
        `/rounds/${roundId}/applications`,
        family,
        {
          applicant: {
            personalId: '022210000009',
            fullName: 'Học sinh lớn tuổi',
            dateOfBirth: '2010-09-09',
            residenceOrgUnitId: ids['W-1'],
            ...(ageException ? { ageException } : {}),
          },
          wishes: [ids['THPT-HONGAI']],
          priorityCategories: [],
        },
        { 'idempotency-key': randomUUID() },
      );
    const refused = await apply();
    expect(refused.status).toBe(422);
    expect(refused.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(refused.body.errors).toEqual([
      { field: 'applicant.dateOfBirth', message: expect.stringContaining('Tuổi vào lớp 10') },
    ]);
    const wrongWay = await apply({ category: 'skipped-grade' });
    expect(wrongWay.status).toBe(422);
    expect(wrongWay.body.errors.map((e: { field: string }) => e.field)).toEqual([
      'applicant.ageException',
    ]);
    const unknown = await apply({ category: 'gifted' });
    expect(unknown.status).toBe(400);
    const admitted = await apply({ category: 'ethnic-minority', evidenceRef: 'GKS-2010/15' });
    expect(admitted.status).toBe(201);
    const read = await world.call('GET', `/applications/${admitted.body.applicationId}`, family);
    expect(read.body.applicant.ageException).toEqual({
      category: 'ethnic-minority',
      evidenceRef: 'GKS-2010/15',
    });
    // Out of the way of the results below.
    const gone = await world.call(
      'POST',
      `/applications/${admitted.body.applicationId}/withdrawal`,
      family,
      {},
      { 'idempotency-key': randomUUID() },
    );
    expect(gone.status).toBeLessThan(300);
  });

  it('refuses a grade-10 round that weights subjects or gives other priority points than the regulation', async () => {
    const r = await world.call('POST', '/rounds', province, {
      schoolYear: '2026-2027',
      grade: 10,
      name: 'Tuyển sinh lớp 10 (hệ số cũ)',
      opensAt: new Date(Date.now() - 60000).toISOString(),
      closesAt: new Date(Date.now() + 60000).toISOString(),
      maxWishes: 2,
      priorityCategories: [{ code: 'UU-TIEN', name: 'Ưu tiên', points: 3 }],
      exam: {
        subjects: [
          { code: 'TOAN', name: 'Toán', weight: 2 },
          { code: 'VAN', name: 'Ngữ văn', weight: 2 },
          { code: 'ANH', name: 'Tiếng Anh', weight: 1 },
        ],
        tieBreakSubjects: ['VAN'],
      },
    });
    expect(r.status).toBe(422);
    expect(r.body.errors.map((e: { field: string }) => e.field)).toEqual([
      'exam.subjects.0.weight',
      'exam.subjects.1.weight',
      'priorityCategories.0.points',
    ]);
  });

  it('refuses a score file with errors as a whole, naming lines and columns', async () => {
    const bad = await world.call(
      'POST',
      `/rounds/${roundId}/exam-scores`,
      examBoard,
      'personal_id,TOAN,VAN,ANH\n022211000001,8.5,11,7\n022311000002,7,7\n',
    );
    expect(bad.status).toBe(422);
    expect(bad.body.errors).toEqual([
      { field: 'line 2: VAN', message: 'must be a score from 0 to 10 with at most two decimals' },
      { field: 'line 3: row', message: 'expected 4 columns, found 3' },
    ]);
  });

  it('takes scores from the exam board over Kafka by the same rules; a bad batch or an unknown board is dead-lettered and changes nothing', async () => {
    const batch = (source: string, batchId: string, candidates: unknown[]) =>
      newEvent({
        ...EventTypes.examScoresPublished,
        source,
        subjectId: batchId,
        data: { roundId, batchId, candidates, publishedAt: new Date().toISOString() },
      });
    const good = batch('exam-board-qn', 'B-1', [
      { personalId: '022211000001', scores: { TOAN: 1, VAN: 2, ANH: 3 } },
    ]);
    const bad = batch('exam-board-qn', 'B-2', [
      { personalId: '022311000002', scores: { TOAN: 5, VAN: 5, ANH: 5 } },
      { personalId: '022211000003', scores: { TOAN: 5, VAN: 5, LY: 5 } },
    ]);
    // Circular 30/2024 adds no bonus points: a batch carrying them is refused, not half-applied.
    const withBonus = batch('exam-board-qn', 'B-3', [
      { personalId: '022211000003', scores: { TOAN: 5, VAN: 5, ANH: 5 }, bonus: 1 },
    ]);
    const stranger = batch('someone-else', 'X-1', [
      { personalId: '022311000002', scores: { TOAN: 9, VAN: 9, ANH: 9 } },
    ]);
    // Connected as the exam board's own Kafka principal: it may write this topic only.
    const producer = testKafka('grade10-exam-board', TestPrincipals.examBoard).producer();
    await producer.connect();
    await producer.send({
      topic: `${env.prefix}${Topics.enrollmentExamScoreIntake}`,
      messages: [bad, withBonus, stranger, good].map((e) => ({
        key: `${e.source}:${e.subjectId}`,
        value: JSON.stringify(e),
      })),
    });
    await producer.disconnect();

    const consumer = testKafka().consumer({ groupId: `${env.prefix}dlq-${randomUUID()}` });
    await consumer.connect();
    await consumer.subscribe({
      topic: `${env.prefix}${dlqTopicOf(Topics.enrollmentExamScoreIntake)}`,
      fromBeginning: true,
    });
    const dead: KafkaMessage[] = [];
    await consumer.run({ eachMessage: async ({ message }) => void dead.push(message) });
    await waitFor(() => dead.length >= 3, {
      timeoutMs: 30000,
      description: 'three dead letters',
    });
    await consumer.disconnect();
    expect(dead.map((m) => m.headers!['x-dlq-reason']!.toString()).sort()).toEqual([
      "forbidden-source: enrollment.exam-scores.published v1 may not come from source 'someone-else' (allowed: the exam-board sources this service trusts)",
      'rejected: exam-scores-invalid: candidate 1: bonus điểm khuyến khích is not added from the 2025-2026 intake (Circular 30/2024/TT-BGDĐT)',
      'rejected: exam-scores-invalid: candidate 2: scores.ANH missing: an exam subject of this round; candidate 2: scores.LY not an exam subject of this round',
    ]);

    const scoresOf = async (name: string) =>
      (
        await world.call(
          'GET',
          `/applications/${apps[name]}`,
          await env.token('family', null, `family-${name}`),
        )
      ).body.examScores;
    await waitFor(async () => (await scoresOf('an')) !== null, {
      timeoutMs: 30000,
      description: 'the good batch applied',
    });
    expect(await scoresOf('an')).toEqual({ TOAN: 1, VAN: 2, ANH: 3 });
    expect(await scoresOf('binh')).toBeNull(); // the bad batch changed nothing
    expect(await scoresOf('cuong')).toBeNull(); // nor the one with bonus points
  });

  it('imports scores and admits by the sum of the three scores plus priority points (Circular 30/2024), tie broken by literature', async () => {
    // an: 8 + 7 + 6 = 21; binh: 7.5 + 7 + 5 + 1.5 (priority) = 21: a tie. Literature (VAN) is
    // equal, then mathematics (TOAN) 8 > 7.5: an gets the first wish, binh the second.
    // cuong: 6 + 6 + 5 = 17: no place left (one place per school).
    const csv =
      'personal_id,TOAN,VAN,ANH\n022211000001,8,7,6\n022311000002,7.5,7,5\n022211000003,6,6,5\n022299999999,9,9,9\n';
    // Scores come only from the exam board's client: not even the department may send them.
    expect((await world.call('POST', `/rounds/${roundId}/exam-scores`, province, csv)).status).toBe(
      403,
    );
    const imported = await world.call('POST', `/rounds/${roundId}/exam-scores`, examBoard, csv);
    expect(imported.body).toEqual({ rows: 4, matched: 3, unmatchedLines: [5] });
    await sleep(Math.max(0, closesAt - Date.now() + 200));
    const published = await world.call('POST', `/rounds/${roundId}/publication`, province);
    expect(published.status).toBe(200);
    const offer = async (name: string) =>
      await world.call(
        'GET',
        `/applications/${apps[name]}/offer`,
        await env.token('family', null, `family-${name}`),
      );
    expect((await offer('an')).body).toMatchObject({ schoolId: ids['THPT-HONGAI'], wishRank: 1 });
    expect((await offer('binh')).body).toMatchObject({
      schoolId: ids['THPT-BAICHAY'],
      wishRank: 2,
    });
    expect((await offer('cuong')).status).toBe(404);
    expect(
      (await world.call('POST', `/rounds/${roundId}/exam-scores`, examBoard, csv)).status,
    ).toBe(409);
  });
});
