import { randomUUID } from 'node:crypto';
import { KafkaMessage } from 'kafkajs';
import { Topics } from '@qn/contracts';
import { orgUnitChanged, testKafka, waitFor } from '@qn/testing';
import { RosterWorld } from './roster-world';

/**
 * Term close (khoá sổ) against real Kafka, PostgreSQL and Redis: each subject's teacher confirms
 * the class's marks once every learner has them all, then the homeroom teacher confirms the class
 * once every subject is confirmed and every learner has their conduct; after that the marks do not change in place. Each step is
 * announced on `records.gradebooks.v1`, ids and counts only.
 */
describe('records: closing a class’s term', () => {
  const w = new RosterWorld();
  const id = () => randomUUID();
  const [province, commune, school] = [id(), id(), id()];
  const [tMath, tPe] = [id(), id()];
  const k8a = id();
  const [an, binh] = [id(), id()];
  const marks = (subject: string) => `/classes/${k8a}/subjects/${subject}/terms/1/marks`;
  const full = (studentId: string) => ({
    studentId,
    regular: ['7', '8', '9', '6'],
    midTerm: '8',
    endOfTerm: '7.5',
  });
  const pe = (studentId: string) => ({
    studentId,
    regular: ['Đ', 'Đ'],
    midTerm: 'Đ',
    endOfTerm: 'Đ',
  });

  beforeAll(async () => {
    await w.start();
    const events = [
      orgUnitChanged(province, 'province', null),
      orgUnitChanged(commune, 'commune', province),
      orgUnitChanged(school, 'school', commune, ['lower-secondary']),
      w.staff({ staffId: tMath, schoolId: school, accountSubject: 'gv-toan-8a' }),
      w.staff({ staffId: tPe, schoolId: school, accountSubject: 'gvcn-8a' }),
      w.classFormed({
        classId: k8a,
        schoolId: school,
        grade: 8,
        name: '8A',
        homeroomTeacherId: tPe,
      }),
      w.assigned({ classId: k8a, schoolId: school, staffId: tMath, subjectCode: 'TOAN' }),
      w.assigned({ classId: k8a, schoolId: school, staffId: tPe, subjectCode: 'GDTC' }),
      w.enrolled({ studentId: an, schoolId: school, grade: 8, classId: k8a, className: '8A' }),
      w.enrolled({ studentId: binh, schoolId: school, grade: 8, classId: k8a, className: '8A' }),
    ];
    await w.publish(events);
    await w.processed(events.slice(3));
  }, 120000);
  afterAll(() => w.stop());

  it('confirms a subject only when every learner has every required mark, then freezes it', async () => {
    const maths = await w.env.token('teacher', school, 'gv-toan-8a');
    await w.call('PUT', marks('TOAN'), maths, {
      marks: [full(an), { studentId: binh, regular: ['5'] }],
    });
    const early = await w.call('POST', `${marks('TOAN')}/confirmation`, maths);
    expect(early.status).toBe(422);
    expect(early.body.type).toMatch(/marks-incomplete$/);
    expect(early.body.errors.map((e: { field: string }) => e.field)).toEqual([
      `marks[${binh}].regular`,
      `marks[${binh}].midTerm`,
      `marks[${binh}].endOfTerm`,
    ]);
    expect((await w.call('PUT', marks('TOAN'), maths, { marks: [full(binh)] })).status).toBe(200);
    const done = await w.call('POST', `${marks('TOAN')}/confirmation`, maths);
    expect(done).toMatchObject({ status: 200, body: { status: 'confirmed', learners: 2 } });

    // Confirmed marks do not change in place, and confirming twice is refused.
    const late = await w.call('PUT', marks('TOAN'), maths, {
      marks: [{ ...full(an), endOfTerm: '10' }],
    });
    expect(late.status).toBe(409);
    expect(late.body.type).toMatch(/marks-confirmed$/);
    expect((await w.call('POST', `${marks('TOAN')}/confirmation`, maths)).status).toBe(409);
    expect((await w.call('GET', marks('TOAN'), maths)).body.status).toBe('confirmed');
  });

  it('lets the homeroom teacher confirm the class once every subject is confirmed', async () => {
    const homeroom = await w.env.token('teacher', school, 'gvcn-8a');
    const maths = await w.env.token('teacher', school, 'gv-toan-8a');
    const waiting = await w.call('POST', `/classes/${k8a}/terms/1/confirmation`, homeroom);
    expect(waiting.status).toBe(422);
    expect(waiting.body.errors).toEqual([
      { field: 'subjects.GDTC', message: 'marks not confirmed by its teacher' },
    ]);
    await w.call('PUT', marks('GDTC'), homeroom, { marks: [pe(an), pe(binh)] });
    expect((await w.call('POST', `${marks('GDTC')}/confirmation`, homeroom)).status).toBe(200);
    // A subject teacher is not the homeroom teacher.
    const notMine = await w.call('POST', `/classes/${k8a}/terms/1/confirmation`, maths);
    expect(notMine.status).toBe(403);
    // A secondary class's term needs every learner's conduct, absences and remarks (the học bạ
    // prints them): the homeroom teacher enters them first.
    const noConduct = await w.call('POST', `/classes/${k8a}/terms/1/confirmation`, homeroom);
    expect(noConduct.status).toBe(422);
    expect(noConduct.type).toContain('application/problem+json');
    expect(noConduct.body.type).toMatch(/conduct-missing$/);
    expect(noConduct.body.errors.map((e: { field: string }) => e.field)).toEqual(
      [an, binh].sort().map((s) => `conduct.${s}`),
    );
    const conduct = `/classes/${k8a}/terms/1/conduct`;
    expect(
      (
        await w.call('PUT', conduct, homeroom, {
          entries: [{ studentId: an, conduct: 'Tốt', absentSessions: 0 }],
        })
      ).status,
    ).toBe(200);
    const oneMissing = await w.call('POST', `/classes/${k8a}/terms/1/confirmation`, homeroom);
    expect(oneMissing.status).toBe(422);
    expect(oneMissing.body.errors).toEqual([
      { field: `conduct.${binh}`, message: expect.any(String) },
    ]);
    expect(
      (
        await w.call('PUT', conduct, homeroom, {
          entries: [
            { studentId: binh, conduct: 'Khá', absentSessions: 3, remarks: 'Cần cố gắng.' },
          ],
        })
      ).status,
    ).toBe(200);
    const confirmed = await w.call('POST', `/classes/${k8a}/terms/1/confirmation`, homeroom);
    expect(confirmed).toMatchObject({
      status: 200,
      body: { status: 'confirmed', subjectCodes: ['GDTC', 'TOAN'], learners: 2 },
    });
    expect((await w.call('POST', `/classes/${k8a}/terms/1/confirmation`, homeroom)).status).toBe(
      409,
    );
    // …and its conduct no longer changes in place.
    const late = await w.call('PUT', conduct, homeroom, {
      entries: [{ studentId: binh, conduct: 'Tốt', absentSessions: 3 }],
    });
    expect(late.status).toBe(409);
  });

  it('announces each step with ids and counts only', async () => {
    const consumer = testKafka('records-term-close-reader', 'admin').consumer({
      groupId: `${w.env.prefix}reader-${randomUUID()}`,
    });
    const got: KafkaMessage[] = [];
    await consumer.connect();
    try {
      await consumer.subscribe({
        topic: `${w.env.prefix}${Topics.recordsGradebooks}`,
        fromBeginning: true,
      });
      await consumer.run({ eachMessage: async ({ message }) => void got.push(message) });
      await waitFor(() => got.length >= 3, { timeoutMs: 30000, description: 'term close events' });
    } finally {
      await consumer.disconnect();
    }
    const events = got.map((m) => JSON.parse(m.value!.toString()));
    for (const m of got) expect(m.key!.toString()).toBe(k8a);
    expect(events.map((e) => `${e.type}:${e.data.subjectCode ?? 'class'}`)).toEqual([
      'records.term-marks.confirmed:TOAN',
      'records.term-marks.confirmed:GDTC',
      'records.class-term.confirmed:class',
    ]);
    expect(events[0].data).toMatchObject({
      classId: k8a,
      schoolId: school,
      grade: 8,
      term: 1,
      teacherStaffId: tMath,
      learners: 2,
    });
    expect(events[2].data).toMatchObject({
      homeroomTeacherStaffId: tPe,
      subjectCodes: ['GDTC', 'TOAN'],
    });
    // No marks travel: not one of the values entered appears.
    expect(got.map((m) => m.value!.toString()).join()).not.toMatch(/7\.5|"Đ"|good|fair|Cần/);
  });
});
