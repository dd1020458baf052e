import { randomUUID } from 'node:crypto';
import { orgUnitChanged } from '@qn/testing';
import { RosterWorld } from './roster-world';

/**
 * The gradebook against real Kafka, PostgreSQL and Redis, the service as its own process: the
 * class, its teachers and learners arrive as enrollment's roster events; the subject's teacher
 * enters marks under Circular 22's rules; a bad cell refuses the whole request, naming each.
 */
describe('records: teachers enter marks in the gradebook of their own classes', () => {
  const w = new RosterWorld();
  const id = () => randomUUID();
  const [province, commune, school, otherSchool] = [id(), id(), id(), id()];
  const [tMath, tPe, tOther] = [id(), id(), id()];
  const [k7a, k7b] = [id(), id()];
  const [an, binh, chi] = [id(), id(), id()];
  const path = (subject: string, classId = k7a, term = 1) =>
    `/classes/${classId}/subjects/${subject}/terms/${term}/marks`;

  beforeAll(async () => {
    await w.start();
    const events = [
      orgUnitChanged(province, 'province', null),
      orgUnitChanged(commune, 'commune', province),
      orgUnitChanged(school, 'school', commune, ['lower-secondary']),
      orgUnitChanged(otherSchool, 'school', commune, ['lower-secondary']),
      w.staff({ staffId: tMath, schoolId: school, accountSubject: 'gv-toan' }),
      w.staff({ staffId: tPe, schoolId: school, accountSubject: 'gv-the-duc' }),
      w.staff({ staffId: tOther, schoolId: otherSchool, accountSubject: 'gv-truong-khac' }),
      w.classFormed({
        classId: k7a,
        schoolId: school,
        grade: 7,
        name: '7A',
        homeroomTeacherId: tPe,
      }),
      w.classFormed({ classId: k7b, schoolId: school, grade: 7, name: '7B' }),
      w.assigned({ classId: k7a, schoolId: school, staffId: tMath, subjectCode: 'TOAN' }),
      w.assigned({ classId: k7a, schoolId: school, staffId: tPe, subjectCode: 'GDTC' }),
      w.enrolled({ studentId: an, schoolId: school, grade: 7, classId: k7a, className: '7A' }),
      w.enrolled({ studentId: binh, schoolId: school, grade: 7, classId: k7a, className: '7A' }),
      w.enrolled({ studentId: chi, schoolId: school, grade: 7, classId: k7b, className: '7B' }),
    ];
    await w.publish(events);
    await w.processed(events.slice(4));
  }, 120000);
  afterAll(() => w.stop());

  it('takes the subject teacher’s marks and shows the term average with exact rounding', async () => {
    const maths = await w.env.token('teacher', school, 'gv-toan');
    const saved = await w.call('PUT', path('TOAN'), maths, {
      marks: [
        // Maths in grade 7: four regular assessments a term. "7,5": a Vietnamese decimal comma.
        { studentId: an, regular: ['7', '8', '9', '6'], midTerm: '8', endOfTerm: '7,5' },
        { studentId: binh, regular: ['8.5'] },
      ],
    });
    expect(saved).toMatchObject({ status: 200, body: { learners: 2, status: 'open', term: 1 } });
    // The answer of a write carries no marks (they are read with GET, in the access log).
    expect(JSON.stringify(saved.body)).not.toContain('8.5');

    const read = await w.call('GET', path('TOAN'), maths);
    expect(read.status).toBe(200);
    const byId = Object.fromEntries(
      read.body.learners.map((l: { studentId: string }) => [l.studentId, l]),
    );
    // (7 + 8 + 9 + 6 + 2·8 + 3·7.5) / 9 = 7.61… → 7.6
    expect(byId[an]).toEqual({
      studentId: an,
      regular: ['7', '8', '9', '6'],
      midTerm: '8',
      endOfTerm: '7.5',
      termResult: '7.6',
    });
    expect(byId[binh]).toMatchObject({ regular: ['8.5'], midTerm: null, termResult: null });
  });

  it('refuses a request with any bad cell, naming each, and keeps what was there', async () => {
    const maths = await w.env.token('teacher', school, 'gv-toan');
    const bad = await w.call('PUT', path('TOAN'), maths, {
      marks: [
        { studentId: an, regular: ['11', '8.55', 'Đ'], midTerm: '9' },
        { studentId: chi, regular: ['8'] },
        { studentId: binh, regular: ['1', '2', '3', '4', '5'] },
      ],
    });
    expect(bad.status).toBe(422);
    expect(bad.type).toContain('application/problem+json');
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual([
      'marks[0].regular[0]',
      'marks[0].regular[1]',
      'marks[0].regular[2]',
      'marks[1].studentId',
      'marks[2].regular',
    ]);
    const after = await w.call('GET', path('TOAN'), maths);
    const anNow = after.body.learners.find((l: { studentId: string }) => l.studentId === an);
    expect(anNow).toMatchObject({ regular: ['7', '8', '9', '6'], midTerm: '8', termResult: '7.6' });
  });

  it('lets only the subject’s own teacher write, and Đ/CĐ only on a commented subject', async () => {
    const pe = await w.env.token('teacher', school, 'gv-the-duc');
    // The homeroom teacher reaches the class, but maths is another teacher's.
    const notMine = await w.call('PUT', path('TOAN'), pe, { marks: [] });
    expect(notMine.status).toBe(403);
    expect(notMine.body.type).toMatch(/not-the-subject-teacher$/);
    const scored = await w.call('PUT', path('GDTC'), pe, {
      marks: [{ studentId: an, regular: ['8', 'Đ'] }],
    });
    expect(scored.status).toBe(422);
    expect(scored.body.errors).toEqual([
      { field: 'marks[0].regular[0]', message: expect.stringContaining('comments only') },
    ]);
    const ok = await w.call('PUT', path('GDTC'), pe, {
      marks: [{ studentId: an, regular: ['đạt', 'Đ'], midTerm: 'Đ', endOfTerm: 'CD' }],
    });
    expect(ok.status).toBe(200);
    const read = await w.call('GET', path('GDTC'), pe);
    expect(read.body.learners).toEqual([
      { studentId: an, regular: ['Đ', 'Đ'], midTerm: 'Đ', endOfTerm: 'CĐ', termResult: 'CĐ' },
    ]);

    // The principal reads the class's marks but never writes a teacher's; another school's
    // teacher does not reach the class at all.
    const principal = await w.env.token('principal', school, 'hieu-truong');
    expect((await w.call('GET', path('TOAN'), principal)).status).toBe(200);
    expect((await w.call('PUT', path('TOAN'), principal, { marks: [] })).status).toBe(403);
    const stranger = await w.env.token('teacher', otherSchool, 'gv-truong-khac');
    expect((await w.call('GET', path('TOAN'), stranger)).status).toBe(404);
    expect((await w.call('GET', path('TOAN', k7a, 3), principal)).status).toBe(400);
  });

  it('records every read of the marks in the access log', async () => {
    const dept = await w.env.token('province');
    const log = await w.call('GET', `/access-log?recordId=${k7a}&limit=100`, dept);
    expect(log.status).toBe(200);
    const routes = new Set(log.body.map((r: { route: string }) => r.route));
    expect(routes).toEqual(
      new Set([
        'GET /classes/:classId/subjects/:subjectCode/terms/:term/marks',
        'PUT /classes/:classId/subjects/:subjectCode/terms/:term/marks',
      ]),
    );
    expect(
      log.body.some((r: { subject: string; action: string }) => r.subject === 'hieu-truong'),
    ).toBe(true);
  });
});
