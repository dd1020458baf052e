import { randomUUID } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { orgUnitChanged } from '@qn/testing';
import { QUALITY_CODES } from '../src/gradebook/domain/primary-assessments';
import { RosterWorld, SCHOOL_YEAR } from './roster-world';

/**
 * A primary class's term close and học bạ (Circular 27), against real Kafka, PostgreSQL and
 * Redis: subjects confirmed only with every checkpoint's level and periodic test, the class only
 * with every learner's qualities and competencies, and at the end of the year the principal signs
 * each learner's primary học bạ (levels, end-of-year tests, qualities, the year's evaluation).
 * Each signed term's results reach the (local) sector database: levels, tests and qualities of
 * the term's end checkpoint, by student id, never a name.
 */
describe('records: closing a primary class’s year (Circular 27)', () => {
  const w = new RosterWorld();
  const id = () => randomUUID();
  const [province, commune, school] = [id(), id(), id()];
  const [tToan, tHomeroom, tPrincipal] = [id(), id(), id()];
  const k4a = id();
  const [an, binh] = [id(), id()];
  let sectorDir: string;
  const NAMES = ['Vi Thị Hằng', 'Nông Văn Tú'];
  let homeroom: string;
  let maths: string;
  let principal: string;

  const subjectPath = (subject: string, term: number) =>
    `/classes/${k4a}/subjects/${subject}/terms/${term}/primary-assessments`;
  const ok = w.ok.bind(w);
  const allLevels = (level: string) => Object.fromEntries(QUALITY_CODES.map((c) => [c, level]));

  /** Grade 4 Toán has tests at mid-term and end of term; Đạo đức none. */
  async function assess(term: 1 | 2, withTests = true) {
    for (const checkpoint of ['mid', 'end'])
      await ok('PUT', subjectPath('TOAN', term), maths, {
        checkpoint,
        assessments: [
          { studentId: an, level: 'T', ...(withTests ? { testScore: 9 } : {}) },
          { studentId: binh, level: 'H', ...(withTests ? { testScore: 6 } : {}) },
        ],
      });
    for (const checkpoint of ['mid', 'end'])
      await ok('PUT', subjectPath('DD', term), homeroom, {
        checkpoint,
        assessments: [
          { studentId: an, level: 'T', comment: 'Lễ phép, biết giúp đỡ bạn' },
          { studentId: binh, level: 'T' },
        ],
      });
  }
  async function qualities(term: 1 | 2) {
    for (const checkpoint of ['mid', 'end'])
      await ok('PUT', `/classes/${k4a}/terms/${term}/qualities`, homeroom, {
        checkpoint,
        assessments: [
          { studentId: an, levels: allLevels('T') },
          { studentId: binh, levels: allLevels('Đ') },
        ],
      });
  }
  async function closeTerm(term: 1 | 2) {
    await ok(
      'POST',
      `${subjectPath('TOAN', term).replace('primary-assessments', 'marks')}/confirmation`,
      maths,
    );
    await ok(
      'POST',
      `${subjectPath('DD', term).replace('primary-assessments', 'marks')}/confirmation`,
      homeroom,
    );
    await ok('POST', `/classes/${k4a}/terms/${term}/confirmation`, homeroom);
    return ok('POST', `/classes/${k4a}/terms/${term}/signature`, principal);
  }

  beforeAll(async () => {
    const signing = await w.demoSigning();
    sectorDir = signing.SECTOR_DATABASE_DIR!;
    await w.start({ ...signing, SECTOR_EXPORT_INTERVAL_MS: '300' });
    const events = [
      orgUnitChanged(province, 'province', null),
      orgUnitChanged(commune, 'commune', province),
      orgUnitChanged(school, 'school', commune, ['primary']),
      w.staff({ staffId: tToan, schoolId: school, accountSubject: 'gv-toan-4a' }),
      w.staff({ staffId: tHomeroom, schoolId: school, accountSubject: 'gvcn-4a' }),
      w.staff({
        staffId: tPrincipal,
        schoolId: school,
        accountSubject: 'ht-th',
        role: 'principal',
      }),
      w.classFormed({
        classId: k4a,
        schoolId: school,
        grade: 4,
        name: '4A',
        homeroomTeacherId: tHomeroom,
      }),
      w.assigned({ classId: k4a, schoolId: school, staffId: tToan, subjectCode: 'TOAN' }),
      w.assigned({ classId: k4a, schoolId: school, staffId: tHomeroom, subjectCode: 'DD' }),
      w.enrolled({ studentId: an, schoolId: school, grade: 4, classId: k4a, className: '4A' }),
      w.enrolled({ studentId: binh, schoolId: school, grade: 4, classId: k4a, className: '4A' }),
      ...[an, binh].map((studentId, i) =>
        w.identity({
          studentId,
          schoolId: school,
          fullName: NAMES[i]!,
          dateOfBirth: '2016-10-02',
          gender: i ? 'male' : 'female',
          ethnicity: 'Tày',
          personalIdLast4: null,
        }),
      ),
    ];
    await w.publish(events);
    await w.processed(events.slice(3, 11));
    await w.until(`SELECT 1 FROM learner`, [], (r) => r.length === 2, 'the identities');
    await w.until(`SELECT 1 FROM org_unit_replica`, [], (r) => r.length === 3, 'the org tree');
    homeroom = await w.env.token('teacher', school, 'gvcn-4a');
    maths = await w.env.token('teacher', school, 'gv-toan-4a');
    principal = await w.env.token('principal', school, 'ht-th');
  }, 180000);
  afterAll(() => w.stop());

  it('confirms a subject only with every checkpoint’s level and periodic test', async () => {
    await assess(1, false);
    const early = await w.call(
      'POST',
      `/classes/${k4a}/subjects/TOAN/terms/1/marks/confirmation`,
      maths,
    );
    expect(early.status).toBe(422);
    expect(early.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(
      [an, binh]
        .flatMap((s) => [`assessments[${s}].end.testScore`, `assessments[${s}].mid.testScore`])
        .sort(),
    );
    await assess(1);
  });

  it('confirms the class only with every learner’s qualities and competencies, then freezes them', async () => {
    await ok('POST', `/classes/${k4a}/subjects/TOAN/terms/1/marks/confirmation`, maths);
    await ok('POST', `/classes/${k4a}/subjects/DD/terms/1/marks/confirmation`, homeroom);
    const missing = await w.call('POST', `/classes/${k4a}/terms/1/confirmation`, homeroom);
    expect(missing.status).toBe(422);
    expect(missing.body.type).toMatch(/qualities-missing$/);
    expect(missing.body.errors).toHaveLength(4);
    await qualities(1);
    await ok('POST', `/classes/${k4a}/terms/1/confirmation`, homeroom);
    const late = await w.call('PUT', `/classes/${k4a}/terms/1/qualities`, homeroom, {
      checkpoint: 'end',
      assessments: [{ studentId: an, levels: { chamChi: 'C' } }],
    });
    expect(late.status).toBe(409);
    const signed = await ok('POST', `/classes/${k4a}/terms/1/signature`, principal);
    expect(signed.body).toMatchObject({ recordsSigned: 0 });
  });

  it('at the end of the year signs each learner’s primary học bạ with the year’s evaluation', async () => {
    await assess(2);
    await qualities(2);
    const signed = await closeTerm(2);
    expect(signed.body).toMatchObject({ status: 'signed', recordsSigned: 2 });

    const family = await w.env.token('province');
    const a = (await ok('GET', `/learners/${an}/records/${SCHOOL_YEAR}`, family)).body;
    expect(a.verification.valid).toBe(true);
    expect(a.document.body).toMatchObject({
      level: 'Tiểu học',
      circular: '27/2020/TT-BGDĐT',
      class: { name: '4A', grade: 4 },
      evaluation: { code: 'excellent', text: 'Hoàn thành xuất sắc' },
      awards: { items: ['Học sinh Xuất sắc'] },
      promotion: { outcome: 'promoted', text: 'Hoàn thành chương trình lớp 4' },
    });
    expect(a.document.body.subjects).toEqual([
      { code: 'TOAN', name: 'Toán', level: 'Hoàn thành tốt', testScore: 9, remark: null },
      {
        code: 'DD',
        name: 'Đạo đức',
        level: 'Hoàn thành tốt',
        testScore: null,
        remark: 'Lễ phép, biết giúp đỡ bạn',
      },
    ]);
    const b = (await ok('GET', `/learners/${binh}/records/${SCHOOL_YEAR}`, family)).body;
    // Toán Hoàn thành, qualities Đạt, test 6: Hoàn thành.
    expect(b.document.body.evaluation).toMatchObject({ code: 'completed' });

    // A correction of a primary record: a test mark entered wrong (9 was 8): Hoàn thành tốt now.
    const wrong = await w.call(
      'POST',
      `/learners/${an}/records/${SCHOOL_YEAR}/corrections`,
      principal,
      {
        reason: 'x',
        subjects: [{ code: 'TOAN', termII: '9' }],
      },
    );
    expect(wrong.status).toBe(422);
    expect(wrong.body.errors.map((e: { field: string }) => e.field)).toEqual([
      'subjects[0].termII',
    ]);
    const corrected = await w.call(
      'POST',
      `/learners/${an}/records/${SCHOOL_YEAR}/corrections`,
      principal,
      {
        reason: 'Nhập nhầm điểm kiểm tra cuối năm môn Toán',
        subjects: [{ code: 'TOAN', testScore: 8 }],
      },
    );
    expect(corrected).toMatchObject({ status: 201, body: { version: 2, previousVersion: 1 } });
    const v2 = (await ok('GET', `/learners/${an}/records/${SCHOOL_YEAR}`, family)).body;
    expect(v2.verification.valid).toBe(true);
    expect(v2.document.body.evaluation).toMatchObject({ code: 'good', text: 'Hoàn thành tốt' });
    expect(v2.document.body.subjects[0]).toMatchObject({ code: 'TOAN', testScore: 8 });
    expect(v2.document.previous).toMatchObject({
      version: 1,
      reason: 'Nhập nhầm điểm kiểm tra cuối năm môn Toán',
    });
  });

  it('sends each signed term to the sector database: end-of-term levels, tests and qualities, no names', async () => {
    await w.until(
      `SELECT 1 FROM sector_export_batch WHERE answered_at IS NOT NULL`,
      [],
      (r) => r.length === 2,
      'both terms’ answered batches',
    );
    const folder = join(sectorDir, 'term-results');
    const files = readdirSync(folder).filter((f) => f.endsWith('.json'));
    expect(files).toHaveLength(2);
    const texts = files.map((f) => readFileSync(join(folder, f), 'utf8'));
    const kept = texts.map((t) => JSON.parse(t));
    const ofTerm = (term: number) => kept.find((k) => k.batch.term === `${SCHOOL_YEAR}-HK${term}`);
    for (const term of [1, 2]) {
      const { batch, answers } = ofTerm(term);
      expect(batch).toMatchObject({ schoolId: school, schoolYear: SCHOOL_YEAR });
      const record = (ref: string) => batch.records.find((r: { ref: string }) => r.ref === ref);
      // Grade 4 Toán has a test at the end of term I and of the year; Đạo đức has none.
      expect(record(an)).toEqual({
        kind: 'primary',
        ref: an,
        classId: k4a,
        grade: 4,
        subjects: [
          { code: 'DD', level: 'T' },
          { code: 'TOAN', level: 'T', testScore: 9 },
        ],
        qualities: allLevels('T'),
      });
      expect(record(binh)).toMatchObject({
        subjects: [
          { code: 'DD', level: 'T' },
          { code: 'TOAN', level: 'H', testScore: 6 },
        ],
        qualities: allLevels('Đ'),
      });
      expect(record(binh)).not.toHaveProperty('conduct');
      expect(answers).toEqual(
        expect.arrayContaining([
          { ref: an, status: 'accepted' },
          { ref: binh, status: 'accepted' },
        ]),
      );
    }
    for (const text of texts) {
      for (const name of NAMES) expect(text).not.toContain(name);
      expect(text).not.toContain('Lễ phép'); // comments stay in the gradebook
    }
    expect(existsSync(join(folder, 'known-learners.json'))).toBe(false);
    for (const name of NAMES) expect(w.service.logs).not.toContain(name);
  });

  it('reports the primary school’s export per term: every learner sent and accepted', async () => {
    const staff = await w.env.token('school-staff', school, 'van-thu');
    for (const term of ['1', 'HK2']) {
      const r = await ok(
        'GET',
        `/schools/${school}/terms/${SCHOOL_YEAR}/${term}/sector-export`,
        staff,
      );
      expect(r.body).toMatchObject({
        due: 2,
        sent: 2,
        accepted: 2,
        rejected: 0,
        pending: 0,
        rejections: [],
        missing: { classes: [], learners: [] },
        batches: 1,
        unansweredBatches: 0,
        lastSentAt: expect.any(String),
        lastError: null,
      });
    }
  });
});
