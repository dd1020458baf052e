import { randomUUID } from 'node:crypto';
import { orgUnitChanged } from '@qn/testing';
import { RosterWorld } from './roster-world';

/**
 * The primary gradebook (Circular 27) against real Kafka, PostgreSQL and Redis: a grade-4 class
 * (mid-term tests in Tiếng Việt and Toán) and a grade-2 class (none), their teachers and learners
 * arriving as enrollment's roster events. Subject teachers enter levels, test marks and comments;
 * the homeroom teacher enters qualities and competencies; one bad field refuses the request.
 */
describe('records: primary teachers assess under Circular 27', () => {
  const w = new RosterWorld();
  const id = () => randomUUID();
  const [province, commune, school] = [id(), id(), id()];
  const [tTv, tToan, tHomeroom] = [id(), id(), id()];
  const [k4a, k2a, k7a] = [id(), id(), id()];
  const [an, binh, chi, dung] = [id(), id(), id(), id()];
  const subjectPath = (classId: string, subject: string, term = 1) =>
    `/classes/${classId}/subjects/${subject}/terms/${term}/primary-assessments`;
  const qualitiesPath = (classId: string, term = 1) =>
    `/classes/${classId}/terms/${term}/qualities`;
  const fields = (body: { errors: Array<{ field: string }> }) =>
    body.errors.map((e) => e.field).sort();

  beforeAll(async () => {
    await w.start();
    const events = [
      orgUnitChanged(province, 'province', null),
      orgUnitChanged(commune, 'commune', province),
      orgUnitChanged(school, 'school', commune, ['primary']),
      w.staff({ staffId: tTv, schoolId: school, accountSubject: 'gv-tieng-viet' }),
      w.staff({ staffId: tToan, schoolId: school, accountSubject: 'gv-toan' }),
      w.staff({ staffId: tHomeroom, schoolId: school, accountSubject: 'gv-chu-nhiem' }),
      w.classFormed({
        classId: k4a,
        schoolId: school,
        grade: 4,
        name: '4A',
        homeroomTeacherId: tHomeroom,
      }),
      w.classFormed({ classId: k2a, schoolId: school, grade: 2, name: '2A' }),
      w.classFormed({ classId: k7a, schoolId: school, grade: 7, name: '7A' }),
      w.assigned({ classId: k4a, schoolId: school, staffId: tTv, subjectCode: 'TV' }),
      w.assigned({ classId: k4a, schoolId: school, staffId: tToan, subjectCode: 'TOAN' }),
      w.assigned({ classId: k4a, schoolId: school, staffId: tHomeroom, subjectCode: 'DD' }),
      w.assigned({ classId: k2a, schoolId: school, staffId: tToan, subjectCode: 'TOAN' }),
      w.assigned({ classId: k2a, schoolId: school, staffId: tToan, subjectCode: 'KH' }),
      w.assigned({ classId: k7a, schoolId: school, staffId: tToan, subjectCode: 'TOAN' }),
      w.enrolled({ studentId: an, schoolId: school, grade: 4, classId: k4a, className: '4A' }),
      w.enrolled({ studentId: binh, schoolId: school, grade: 4, classId: k4a, className: '4A' }),
      w.enrolled({ studentId: chi, schoolId: school, grade: 2, classId: k2a, className: '2A' }),
      w.enrolled({ studentId: dung, schoolId: school, grade: 7, classId: k7a, className: '7A' }),
    ];
    await w.publish(events);
    await w.processed(events.slice(3));
  }, 120000);
  afterAll(() => w.stop());

  it('takes the subject teacher’s levels, mid-term test marks and comments (grade 4)', async () => {
    const tv = await w.env.token('teacher', school, 'gv-tieng-viet');
    const saved = await w.call('PUT', subjectPath(k4a, 'TV'), tv, {
      checkpoint: 'mid',
      assessments: [
        // A comment typed decomposed (macOS) is kept in NFC.
        { studentId: an, level: 'T', testScore: 9, comment: 'Đọc lưu loát'.normalize('NFD') },
        { studentId: binh, level: 'Hoàn thành', testScore: '7' },
      ],
    });
    expect(saved).toMatchObject({
      status: 200,
      body: { learners: 2, status: 'open', term: 1, checkpoint: 'mid' },
    });
    // The answer of a write carries no assessments (read them with GET, in the access log).
    expect(JSON.stringify(saved.body)).not.toMatch(/lưu loát|"level"|testScore/);

    const read = await w.call('GET', subjectPath(k4a, 'TV'), tv);
    expect(read.status).toBe(200);
    const byId = Object.fromEntries(
      read.body.learners.map((l: { studentId: string }) => [l.studentId, l]),
    );
    expect(byId[an]).toEqual({
      studentId: an,
      mid: { level: 'T', testScore: 9, comment: 'Đọc lưu loát'.normalize('NFC') },
      end: null,
    });
    expect(byId[binh]).toEqual({
      studentId: binh,
      mid: { level: 'H', testScore: 7, comment: null },
      end: null,
    });
  });

  it('refuses the whole request naming every failing field, and keeps what was there', async () => {
    const toan = await w.env.token('teacher', school, 'gv-toan');
    const bad = await w.call('PUT', subjectPath(k4a, 'TOAN'), toan, {
      checkpoint: 'mid',
      assessments: [
        { studentId: an, level: 'T', testScore: '8.5' },
        { studentId: binh, testScore: 11 },
        { studentId: chi, level: 'H' },
        { studentId: an, level: 'X', comment: 'x'.repeat(501) },
      ],
    });
    expect(bad.status).toBe(422);
    expect(bad.type).toContain('application/problem+json');
    expect(fields(bad.body)).toEqual([
      'assessments[0].testScore',
      'assessments[1].level',
      'assessments[1].testScore',
      'assessments[2].studentId',
      'assessments[3].comment',
      'assessments[3].level',
      'assessments[3].studentId',
    ]);
    expect(bad.body.errors).toContainEqual({
      field: 'assessments[0].testScore',
      message: expect.stringContaining('whole'),
    });
    expect((await w.call('GET', subjectPath(k4a, 'TOAN'), toan)).body.learners).toEqual([]);

    // A test mark on a subject without a test (Đạo đức, grade 4) is refused too.
    const homeroom = await w.env.token('teacher', school, 'gv-chu-nhiem');
    const dd = await w.call('PUT', subjectPath(k4a, 'DD'), homeroom, {
      checkpoint: 'end',
      assessments: [{ studentId: an, level: 'T', testScore: '9' }],
    });
    expect(dd.status).toBe(422);
    expect(dd.body.errors).toEqual([
      { field: 'assessments[0].testScore', message: expect.stringContaining('no endOfTermI test') },
    ]);
  });

  it('has no mid-term test in grade 2, but an end-of-term one', async () => {
    const toan = await w.env.token('teacher', school, 'gv-toan');
    const mid = await w.call('PUT', subjectPath(k2a, 'TOAN'), toan, {
      checkpoint: 'mid',
      assessments: [{ studentId: chi, level: 'T', testScore: 8 }],
    });
    expect(mid.status).toBe(422);
    expect(fields(mid.body)).toEqual(['assessments[0].testScore']);
    // Khoa học is a grade 4-5 subject (even if assigned by mistake): refused for grade 2, with no
    // learner named, and no term opened for it.
    const notTaught = await w.call('PUT', subjectPath(k2a, 'KH'), toan, {
      checkpoint: 'mid',
      assessments: [],
    });
    expect(notTaught.status).toBe(422);
    expect(notTaught.body.errors).toEqual([
      { field: 'subjectCode', message: 'KH is not taught in grade 2' },
    ]);
    expect(
      await w.rows(`SELECT 1 FROM gradebook_term WHERE class_id = $1 AND subject_code = 'KH'`, [
        k2a,
      ]),
    ).toEqual([]);
    const levelOnly = await w.call('PUT', subjectPath(k2a, 'TOAN'), toan, {
      checkpoint: 'mid',
      assessments: [{ studentId: chi, level: 'c', comment: 'Cần luyện bảng cửu chương' }],
    });
    expect(levelOnly.status).toBe(200);
    const end = await w.call('PUT', subjectPath(k2a, 'TOAN'), toan, {
      checkpoint: 'end',
      assessments: [{ studentId: chi, level: 'H', testScore: '6' }],
    });
    expect(end.status).toBe(200);
    const read = await w.call('GET', subjectPath(k2a, 'TOAN'), toan);
    expect(read.body.learners).toEqual([
      {
        studentId: chi,
        mid: { level: 'C', testScore: null, comment: 'Cần luyện bảng cửu chương' },
        end: { level: 'H', testScore: 6, comment: null },
      },
    ]);
  });

  it('lets only the subject’s own teacher write, and refuses once confirmed', async () => {
    const toan = await w.env.token('teacher', school, 'gv-toan');
    const notMine = await w.call('PUT', subjectPath(k4a, 'TV'), toan, {
      checkpoint: 'end',
      assessments: [],
    });
    expect(notMine.status).toBe(403);
    expect(notMine.body.type).toMatch(/not-the-subject-teacher$/);
    const principal = await w.env.token('principal', school, 'hieu-truong');
    expect((await w.call('GET', subjectPath(k4a, 'TV'), principal)).status).toBe(200);
    expect(
      (
        await w.call('PUT', subjectPath(k4a, 'TV'), principal, {
          checkpoint: 'end',
          assessments: [],
        })
      ).status,
    ).toBe(403);

    await w.rows(
      `UPDATE gradebook_term SET status = 'confirmed', confirmed_by = 'gv-toan', confirmed_at = now()
        WHERE class_id = $1 AND subject_code = 'TOAN' AND term = 1`,
      [k2a],
    );
    const late = await w.call('PUT', subjectPath(k2a, 'TOAN'), toan, {
      checkpoint: 'end',
      assessments: [{ studentId: chi, level: 'T', testScore: '9' }],
    });
    expect(late.status).toBe(409);
    const read = await w.call('GET', subjectPath(k2a, 'TOAN'), toan);
    expect(read.body).toMatchObject({ status: 'confirmed' });
    expect(read.body.learners[0].end).toEqual({ level: 'H', testScore: 6, comment: null });
  });

  it('takes the homeroom teacher’s qualities and competencies, and no other teacher’s', async () => {
    const homeroom = await w.env.token('teacher', school, 'gv-chu-nhiem');
    const saved = await w.call('PUT', qualitiesPath(k4a), homeroom, {
      checkpoint: 'mid',
      assessments: [
        { studentId: an, levels: { chamChi: 'Tốt', trungThuc: 'T', tuChuTuHoc: 'đạt' } },
        { studentId: binh, levels: { nhanAi: 'Cần cố gắng' } },
      ],
    });
    expect(saved).toMatchObject({ status: 200, body: { learners: 2, status: 'open' } });
    expect(JSON.stringify(saved.body)).not.toContain('chamChi');
    // A second PUT sets the levels it names; the others stay.
    expect(
      (
        await w.call('PUT', qualitiesPath(k4a), homeroom, {
          checkpoint: 'mid',
          assessments: [{ studentId: an, levels: { trungThuc: 'Đ' } }],
        })
      ).status,
    ).toBe(200);

    const bad = await w.call('PUT', qualitiesPath(k4a), homeroom, {
      checkpoint: 'end',
      assessments: [
        { studentId: an, levels: { chamChi: 'H', hatHay: 'T' } },
        { studentId: chi, levels: { nhanAi: 'T' } },
      ],
    });
    expect(bad.status).toBe(422);
    expect(fields(bad.body)).toEqual([
      'assessments[0].levels.chamChi',
      'assessments[0].levels.hatHay',
      'assessments[1].studentId',
    ]);

    const toan = await w.env.token('teacher', school, 'gv-toan');
    const other = await w.call('PUT', qualitiesPath(k4a), toan, {
      checkpoint: 'mid',
      assessments: [{ studentId: an, levels: { chamChi: 'C' } }],
    });
    expect(other.status).toBe(403);
    expect(other.body.type).toMatch(/not-the-homeroom-teacher$/);

    const read = await w.call('GET', qualitiesPath(k4a), toan);
    expect(read.status).toBe(200);
    const byId = Object.fromEntries(
      read.body.learners.map((l: { studentId: string }) => [l.studentId, l]),
    );
    expect(byId[an]).toEqual({
      studentId: an,
      mid: { chamChi: 'T', trungThuc: 'Đ', tuChuTuHoc: 'Đ' },
      end: null,
    });
    expect(byId[binh]).toEqual({ studentId: binh, mid: { nhanAi: 'C' }, end: null });
  });

  it('sends a secondary class to its marks (422), and logs every read', async () => {
    const toan = await w.env.token('teacher', school, 'gv-toan');
    const secondary = await w.call('PUT', subjectPath(k7a, 'TOAN'), toan, {
      checkpoint: 'mid',
      assessments: [{ studentId: dung, level: 'T' }],
    });
    expect(secondary.status).toBe(422);
    expect(secondary.body.type).toMatch(/not-primary$/);
    expect(secondary.body.errors[0]).toEqual({
      field: 'classId',
      message: expect.stringContaining(`/classes/${k7a}/subjects/{subjectCode}/terms/{term}/marks`),
    });
    expect((await w.call('GET', qualitiesPath(k7a), toan)).status).toBe(422);

    const dept = await w.env.token('province');
    const log = await w.call('GET', `/access-log?recordId=${k4a}&limit=100`, dept);
    expect(log.status).toBe(200);
    const routes = new Set(log.body.map((r: { route: string }) => r.route));
    for (const route of [
      'GET /classes/:classId/subjects/:subjectCode/terms/:term/primary-assessments',
      'PUT /classes/:classId/subjects/:subjectCode/terms/:term/primary-assessments',
      'GET /classes/:classId/terms/:term/qualities',
      'PUT /classes/:classId/terms/:term/qualities',
    ])
      expect(routes).toContain(route);
  });
});
