import { randomUUID } from 'node:crypto';
import { orgUnitChanged } from '@qn/testing';
import { RosterWorld } from './roster-world';

/**
 * Conduct (rèn luyện), absences and remarks against real Kafka, PostgreSQL and Redis: the class's
 * homeroom teacher enters them per learner and term (Circular 22, grades 6-12); a bad field
 * refuses the whole request, naming each; the class's readers read them (access-logged); once the
 * class's term is confirmed they do not change.
 */
describe('records: the homeroom teacher enters conduct, absences and remarks', () => {
  const w = new RosterWorld();
  const id = () => randomUUID();
  const [province, commune, school] = [id(), id(), id()];
  const [tHome, tMath] = [id(), id()];
  const [k8a, k3a] = [id(), id()];
  const [an, binh, chi, dung] = [id(), id(), id(), id()];
  const conduct = (classId = k8a, term = 1) => `/classes/${classId}/terms/${term}/conduct`;
  const marks = (subject: string) => `/classes/${k8a}/subjects/${subject}/terms/1/marks`;
  const byId = (body: { learners: Array<{ studentId: string; conduct: unknown }> }) =>
    Object.fromEntries(body.learners.map((l) => [l.studentId, l.conduct]));

  beforeAll(async () => {
    await w.start();
    const events = [
      orgUnitChanged(province, 'province', null),
      orgUnitChanged(commune, 'commune', province),
      orgUnitChanged(school, 'school', commune, ['primary', 'lower-secondary']),
      w.staff({ staffId: tHome, schoolId: school, accountSubject: 'gvcn-8a' }),
      w.staff({ staffId: tMath, schoolId: school, accountSubject: 'gv-toan-8a' }),
      w.classFormed({
        classId: k8a,
        schoolId: school,
        grade: 8,
        name: '8A',
        homeroomTeacherId: tHome,
      }),
      w.classFormed({
        classId: k3a,
        schoolId: school,
        grade: 3,
        name: '3A',
        homeroomTeacherId: tHome,
      }),
      w.assigned({ classId: k8a, schoolId: school, staffId: tMath, subjectCode: 'TOAN' }),
      w.assigned({ classId: k8a, schoolId: school, staffId: tHome, subjectCode: 'GDTC' }),
      w.enrolled({ studentId: an, schoolId: school, grade: 8, classId: k8a, className: '8A' }),
      w.enrolled({ studentId: binh, schoolId: school, grade: 8, classId: k8a, className: '8A' }),
      w.enrolled({ studentId: chi, schoolId: school, grade: 8, classId: k8a, className: '8A' }),
      w.enrolled({ studentId: dung, schoolId: school, grade: 3, classId: k3a, className: '3A' }),
    ];
    await w.publish(events);
    await w.processed(events.slice(3));
  }, 120000);
  afterAll(() => w.stop());

  it('takes the homeroom teacher’s entries, answers counts only, and shows each learner', async () => {
    const homeroom = await w.env.token('teacher', school, 'gvcn-8a');
    const remarks = '  Chăm ngoan, có tiến bộ về môn Toán. '.normalize('NFD');
    const saved = await w.call('PUT', conduct(), homeroom, {
      entries: [
        { studentId: an, conduct: 'Tốt'.normalize('NFD'), absentSessions: 2, remarks },
        { studentId: binh, conduct: 'CĐ', absentSessions: '0' },
      ],
    });
    expect(saved).toMatchObject({
      status: 200,
      body: { classId: k8a, term: 1, learners: 2, saved: 2, unchanged: 0, status: 'open' },
    });
    // The answer of a write carries no values (they are read with GET, in the access log).
    expect(JSON.stringify(saved.body)).not.toMatch(/good|fail|Chăm|absentSessions/);

    // The same again changes nothing; a changed learner replaces their term, the others stay.
    const again = await w.call('PUT', conduct(), homeroom, {
      entries: [
        { studentId: an, conduct: 'good', absentSessions: 2, remarks },
        { studentId: binh, conduct: 'Chưa đạt', absentSessions: 0 },
      ],
    });
    expect(again.body).toMatchObject({ learners: 2, saved: 0, unchanged: 2 });
    const changed = await w.call('PUT', conduct(), homeroom, {
      entries: [{ studentId: binh, conduct: 'k', absentSessions: 3 }],
    });
    expect(changed.body).toMatchObject({ learners: 1, saved: 1, unchanged: 0 });

    const read = await w.call('GET', conduct(), homeroom);
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ classId: k8a, term: 1, status: 'open' });
    expect(byId(read.body)).toEqual({
      [an]: { level: 'good', absentSessions: 2, remarks: 'Chăm ngoan, có tiến bộ về môn Toán.' },
      [binh]: { level: 'fair', absentSessions: 3, remarks: null },
      [chi]: null,
    });
    // Term 2 is its own.
    expect(byId((await w.call('GET', conduct(k8a, 2), homeroom)).body)[an]).toBeNull();
  });

  it('lets only the homeroom teacher write; the class’s readers read', async () => {
    const maths = await w.env.token('teacher', school, 'gv-toan-8a');
    const other = await w.call('PUT', conduct(), maths, {
      entries: [{ studentId: an, conduct: 'CĐ', absentSessions: 40 }],
    });
    expect(other.status).toBe(403);
    expect(other.type).toContain('application/problem+json');
    expect(other.body.type).toMatch(/not-the-homeroom-teacher$/);
    expect((await w.call('GET', conduct(), maths)).status).toBe(200);
    const principal = await w.env.token('principal', school, 'hieu-truong');
    expect((await w.call('GET', conduct(), principal)).status).toBe(200);
    expect((await w.call('PUT', conduct(), principal, { entries: [] })).status).toBe(403);
    expect(byId((await w.call('GET', conduct(), principal)).body)[an]).toMatchObject({
      level: 'good',
      absentSessions: 2,
    });
  });

  it('refuses a request with any bad field, naming each, and saves nothing', async () => {
    const homeroom = await w.env.token('teacher', school, 'gvcn-8a');
    const bad = await w.call('PUT', conduct(), homeroom, {
      entries: [
        { studentId: chi, conduct: 'Đạt', absentSessions: 1 },
        { studentId: dung, conduct: 'T', absentSessions: 0 },
        { studentId: an, conduct: 'Giỏi', absentSessions: 1 },
        { studentId: binh, conduct: 'K', absentSessions: 1.5, remarks: 'x'.repeat(1001) },
        { studentId: chi, conduct: 'Đ', absentSessions: 401 },
      ],
    });
    expect(bad.status).toBe(422);
    expect(bad.type).toContain('application/problem+json');
    expect(bad.body.type).toMatch(/conduct-invalid$/);
    expect(bad.body.errors.map((e: { field: string }) => e.field)).toEqual([
      'entries[1].studentId',
      'entries[2].conduct',
      'entries[3].absentSessions',
      'entries[3].remarks',
      'entries[4].studentId',
      'entries[4].absentSessions',
    ]);
    // The problem names fields, never the values typed.
    expect(JSON.stringify(bad.body)).not.toContain('xxxx');
    const after = byId((await w.call('GET', conduct(), homeroom)).body);
    expect(after[chi]).toBeNull();
    expect(after[an]).toMatchObject({ level: 'good' });
    expect(after[binh]).toMatchObject({ level: 'fair', absentSessions: 3 });
  });

  it('refuses a primary class (it has qualities and competencies instead)', async () => {
    const homeroom = await w.env.token('teacher', school, 'gvcn-8a');
    const primary = await w.call('PUT', conduct(k3a), homeroom, {
      entries: [{ studentId: dung, conduct: 'T', absentSessions: 0 }],
    });
    expect(primary.status).toBe(422);
    expect(primary.body.type).toMatch(/not-secondary$/);
    expect(primary.body.errors).toEqual([
      {
        field: 'classId',
        message: expect.stringContaining(`/classes/${k3a}/terms/{term}/qualities`),
      },
    ]);
    expect((await w.call('GET', conduct(k3a), homeroom)).status).toBe(422);
    expect((await w.call('GET', conduct(k8a, 3), homeroom)).status).toBe(400);
  });

  it('freezes the term’s conduct once the class’s term is confirmed', async () => {
    const homeroom = await w.env.token('teacher', school, 'gvcn-8a');
    const maths = await w.env.token('teacher', school, 'gv-toan-8a');
    const learners = [an, binh, chi];
    await w.call('PUT', marks('TOAN'), maths, {
      marks: learners.map((studentId) => ({
        studentId,
        regular: ['7', '8', '9', '6'],
        midTerm: '8',
        endOfTerm: '7.5',
      })),
    });
    expect((await w.call('POST', `${marks('TOAN')}/confirmation`, maths)).status).toBe(200);
    await w.call('PUT', marks('GDTC'), homeroom, {
      marks: learners.map((studentId) => ({
        studentId,
        regular: ['Đ', 'Đ'],
        midTerm: 'Đ',
        endOfTerm: 'Đ',
      })),
    });
    expect((await w.call('POST', `${marks('GDTC')}/confirmation`, homeroom)).status).toBe(200);
    const filled = await w.call('PUT', conduct(), homeroom, {
      entries: [{ studentId: chi, conduct: 'Đạt', absentSessions: 5 }],
    });
    expect(filled.body).toMatchObject({ saved: 1 });
    const confirmed = await w.call('POST', `/classes/${k8a}/terms/1/confirmation`, homeroom);
    expect(confirmed).toMatchObject({ status: 200, body: { status: 'confirmed' } });

    const late = await w.call('PUT', conduct(), homeroom, {
      entries: [{ studentId: binh, conduct: 'T', absentSessions: 0 }],
    });
    expect(late.status).toBe(409);
    expect(late.body.type).toMatch(/class-term-confirmed$/);
    const read = await w.call('GET', conduct(), homeroom);
    expect(read.body.status).toBe('confirmed');
    expect(byId(read.body)[binh]).toMatchObject({ level: 'fair' });
    // Term 2 is still open.
    expect(
      (
        await w.call('PUT', conduct(k8a, 2), homeroom, {
          entries: [{ studentId: binh, conduct: 'T', absentSessions: 0 }],
        })
      ).status,
    ).toBe(200);
  });

  it('records every read and write of conduct in the access log', async () => {
    const dept = await w.env.token('province');
    const log = await w.call('GET', `/access-log?recordId=${k8a}&limit=100`, dept);
    expect(log.status).toBe(200);
    const routes = new Set(log.body.map((r: { route: string }) => r.route));
    expect(routes).toContain('GET /classes/:classId/terms/:term/conduct');
    expect(routes).toContain('PUT /classes/:classId/terms/:term/conduct');
    expect(
      log.body.some(
        (r: { subject: string; route: string }) =>
          r.subject === 'hieu-truong' && r.route === 'GET /classes/:classId/terms/:term/conduct',
      ),
    ).toBe(true);
  });
});
