import { randomUUID } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { orgUnitChanged, ServiceProcess } from '@qn/testing';
import { RosterWorld, SCHOOL_YEAR } from './roster-world';

/**
 * Each term's results to the sector database, against real Kafka, PostgreSQL and Redis and the
 * local sector database folder: a signed class term is queued with the signing; while the sector
 * database is unavailable the batch waits (and survives a restart of the service); then it
 * reaches the folder, with ids and results only, and the school's report says who was sent,
 * accepted, rejected and who is missing (the class whose term is not signed).
 */
describe('records: term results to the sector database', () => {
  const w = new RosterWorld();
  const id = () => randomUUID();
  const [province, ward, school] = [id(), id(), id()];
  const [tMath, tHomeroom, tPrincipal, tOther] = [id(), id(), id(), id()];
  const [k9a, k9b] = [id(), id()];
  const [an, binh, chi] = [id(), id(), id()];
  const NAMES = ['Phạm Thị Ngọc Ánh', 'Hoàng Đức Bình', 'Lương Minh Chi'];
  const sectorDir = mkdtempSync(join(tmpdir(), 'records-sector-export-'));
  const UNAVAILABLE = join(sectorDir, 'UNAVAILABLE');
  const report = `/schools/${school}/terms/${SCHOOL_YEAR}/1/sector-export`;
  const serviceEnv = {
    SECTOR_DATABASE_DIR: sectorDir,
    SECTOR_EXPORT_INTERVAL_MS: '300',
    LOG_LEVEL: 'debug',
  };
  let earlierLogs = '';
  let principal: string;
  let homeroom: string;
  let maths: string;
  let staff: string;

  const ok = w.ok.bind(w);
  const marks = (subject: string) => `/classes/${k9a}/subjects/${subject}/terms/1/marks`;

  beforeAll(async () => {
    await w.start(serviceEnv);
    const events = [
      orgUnitChanged(province, 'province', null, []),
      orgUnitChanged(ward, 'commune', province, []),
      orgUnitChanged(school, 'school', ward, ['lower-secondary']),
      w.staff({ staffId: tMath, schoolId: school, accountSubject: 'gv-toan' }),
      w.staff({ staffId: tHomeroom, schoolId: school, accountSubject: 'gvcn-9a' }),
      w.staff({ staffId: tOther, schoolId: school, accountSubject: 'gvcn-9b' }),
      w.staff({ staffId: tPrincipal, schoolId: school, accountSubject: 'ht', role: 'principal' }),
      w.classFormed({
        classId: k9a,
        schoolId: school,
        grade: 9,
        name: '9A',
        homeroomTeacherId: tHomeroom,
      }),
      w.classFormed({
        classId: k9b,
        schoolId: school,
        grade: 9,
        name: '9B',
        homeroomTeacherId: tOther,
      }),
      w.assigned({ classId: k9a, schoolId: school, staffId: tMath, subjectCode: 'TOAN' }),
      w.assigned({ classId: k9a, schoolId: school, staffId: tHomeroom, subjectCode: 'GDTC' }),
      w.enrolled({ studentId: an, schoolId: school, grade: 9, classId: k9a, className: '9A' }),
      w.enrolled({ studentId: binh, schoolId: school, grade: 9, classId: k9a, className: '9A' }),
      w.enrolled({ studentId: chi, schoolId: school, grade: 9, classId: k9b, className: '9B' }),
      w.identity({ studentId: an, schoolId: school, fullName: NAMES[0]! }),
      w.identity({ studentId: binh, schoolId: school, fullName: NAMES[1]! }),
      w.identity({ studentId: chi, schoolId: school, fullName: NAMES[2]! }),
    ];
    await w.publish(events);
    await w.processed(events.slice(3));
    await w.until(`SELECT 1 FROM learner`, [], (r) => r.length === 3, 'the identities');
    await w.until(`SELECT 1 FROM org_unit_replica`, [], (r) => r.length === 3, 'the org tree');
    principal = await w.env.token('principal', school, 'ht');
    homeroom = await w.env.token('teacher', school, 'gvcn-9a');
    maths = await w.env.token('teacher', school, 'gv-toan');
    staff = await w.env.token('school-staff', school, 'van-thu');
    // 9A's term 1, closed up to the homeroom teacher's confirmation; 9B's is left open.
    await ok('PUT', marks('TOAN'), maths, {
      marks: [an, binh].map((studentId, i) => ({
        studentId,
        regular: ['8', '7', '9', '8'],
        midTerm: '7',
        endOfTerm: i === 0 ? '8' : '6',
      })),
    });
    await ok('PUT', marks('GDTC'), homeroom, {
      marks: [an, binh].map((studentId) => ({
        studentId,
        regular: ['Đ', 'Đ'],
        midTerm: 'Đ',
        endOfTerm: 'Đ',
      })),
    });
    await ok('POST', `${marks('TOAN')}/confirmation`, maths);
    await ok('POST', `${marks('GDTC')}/confirmation`, homeroom);
    await ok('PUT', `/classes/${k9a}/terms/1/conduct`, homeroom, {
      entries: [
        { studentId: an, conduct: 'good', absentSessions: 1, remarks: 'Chăm ngoan' },
        { studentId: binh, conduct: 'fair', absentSessions: 4 },
      ],
    });
    await ok('POST', `/classes/${k9a}/terms/1/confirmation`, homeroom);
    // The sector database holds An and Chi (enrollment registered them), not Bình.
    mkdirSync(join(sectorDir, 'term-results'), { recursive: true });
    writeFileSync(
      join(sectorDir, 'term-results', 'known-learners.json'),
      JSON.stringify([an, chi]),
    );
  }, 180000);

  afterAll(async () => {
    await w.stop();
    rmSync(sectorDir, { recursive: true, force: true });
  });

  it('queues the signed term with the signing; while the sector database is unavailable the batch waits', async () => {
    writeFileSync(UNAVAILABLE, '');
    await ok('POST', `/classes/${k9a}/terms/1/signature`, principal);
    const [queued] = await w.rows(`SELECT class_id AS "classId" FROM sector_export_queue`);
    expect(queued).toEqual({ classId: k9a });
    await w.until(
      `SELECT attempts FROM sector_export_batch WHERE attempts >= 2 AND answered_at IS NULL`,
      [],
      (r) => r.length === 1,
      'a retried batch',
    );
    const r = await ok('GET', report, staff);
    expect(r.body).toMatchObject({
      term: `${SCHOOL_YEAR}-HK1`,
      due: 3,
      sent: 0,
      pending: 2,
      batches: 1,
      unansweredBatches: 1,
      lastSentAt: null,
      lastError: expect.stringMatching(/unavailable/),
    });
  });

  it('keeps the batch across a restart and sends it once the sector database is back', async () => {
    earlierLogs = w.service.logs;
    await w.service.stop();
    rmSync(UNAVAILABLE);
    const port = new URL(w.url).port;
    w.service = new ServiceProcess('records', {
      ...w.env.envFor('records', Number(port)),
      ...serviceEnv,
    }).start();
    await w.service.ready(w.url);
    await w.until(
      `SELECT 1 FROM sector_export_batch WHERE answered_at IS NOT NULL`,
      [],
      (r) => r.length === 1,
      'the answered batch',
    );
    const files = readdirSync(join(sectorDir, 'term-results')).filter(
      (f) => f.endsWith('.json') && f !== 'known-learners.json',
    );
    expect(files).toHaveLength(1);
    const kept = JSON.parse(readFileSync(join(sectorDir, 'term-results', files[0]!), 'utf8'));
    expect(kept.batch).toMatchObject({
      schoolId: school,
      schoolYear: SCHOOL_YEAR,
      term: `${SCHOOL_YEAR}-HK1`,
    });
    const an1 = kept.batch.records.find((x: { ref: string }) => x.ref === an);
    expect(an1).toMatchObject({
      classId: k9a,
      grade: 9,
      conduct: 'good',
      subjects: [
        { code: 'GDTC', result: 'Đ' },
        { code: 'TOAN', result: '7.8' },
      ],
    });
    expect(kept.batch.records.map((x: { ref: string }) => x.ref).sort()).toEqual([an, binh].sort());
    const text = readFileSync(join(sectorDir, 'term-results', files[0]!), 'utf8');
    for (const name of NAMES) expect(text).not.toContain(name);
    expect(existsSync(join(sectorDir, 'signers.json'))).toBe(false);
  });

  it('reports per school and term: due, sent, accepted, rejected with the reason, missing', async () => {
    const r = await ok(
      'GET',
      `/schools/${school}/terms/${SCHOOL_YEAR}/HK1/sector-export`,
      principal,
    );
    expect(r.body).toMatchObject({
      due: 3,
      sent: 2,
      accepted: 1,
      rejected: 1,
      pending: 0,
      rejections: [{ studentId: binh, classId: k9a, reason: 'unknown-learner' }],
      missing: {
        classes: [{ classId: k9b, name: '9B', status: 'open', learners: 1 }],
        learners: [{ studentId: chi, classId: k9b, why: 'term-not-signed' }],
      },
      batches: 1,
      unansweredBatches: 0,
      lastSentAt: expect.any(String),
      lastError: null,
    });
    // Term 2: nothing signed, everyone missing.
    const t2 = await ok(
      'GET',
      `/schools/${school}/terms/${SCHOOL_YEAR}/2/sector-export`,
      principal,
    );
    expect(t2.body).toMatchObject({ due: 3, sent: 0, batches: 0, lastSentAt: null });
    expect(t2.body.missing.classes).toHaveLength(2);
    expect((await w.call('GET', report, homeroom)).status).toBe(403);
    expect(
      (await w.call('GET', `/schools/${school}/terms/2025/3/sector-export`, principal)).status,
    ).toBe(400);
  });

  it('never logs a learner’s name', () => {
    const logs = earlierLogs + w.service.logs;
    expect(logs).toMatch(/SectorExport/);
    for (const name of NAMES) expect(logs).not.toContain(name);
  });
});
