import { randomUUID } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { KafkaMessage } from 'kafkajs';
import { Topics } from '@qn/contracts';
import { PersonalDataProtector } from '@qn/privacy';
import { testKafka, waitFor } from '@qn/testing';
import { EnrollmentWorld } from './world';

/**
 * Identity checks and the sector sync through their ports, with the local adapters (a register
 * CSV file, a sector database directory), real PostgreSQL and Kafka. The roster import is not
 * part of this: learners, classes and staff are inserted directly in the service's tables, with
 * personal ids sealed by the service's keys in the contexts `student:<id>` and `staff:<id>`.
 */
describe('identity checks and the sector sync', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ports-int-'));
  const registerFile = join(dir, 'register.csv');
  const sectorDir = join(dir, 'sector');
  const world = new EnrollmentWorld({
    LOG_LEVEL: 'debug',
    IDENTITY_REGISTER_FILE: registerFile,
    IDENTITY_MAX_BATCH: '2',
    SECTOR_DATABASE_DIR: sectorDir,
    SECTOR_MAX_BATCH: '2',
  });
  const { env, ids } = world;
  const year = '2026-2027';
  const person = (n: number, fullName: string, dateOfBirth: string) => ({
    id: randomUUID(),
    personalId: `0222140${String(n).padStart(5, '0')}`,
    fullName,
    dateOfBirth,
  });
  const L1 = person(1, 'Nguyễn Thị Lan Anh', '2014-03-01');
  const L2 = person(2, 'Trần Văn Bình', '2014-04-02');
  const L3 = person(3, 'Lê Minh Châu', '2014-05-03');
  const L4 = person(4, 'Phạm Đức Dũng', '2014-06-04');
  const L5 = person(5, 'Vũ Thu Hà', '2014-07-05');
  const S1 = { ...person(6, 'Đỗ Văn Giáo', '1980-01-01'), personalId: '022080000006' };
  const S2 = { ...person(7, 'Hoàng Thị Nhân', '1985-02-02'), personalId: '022185000007' };
  const everyone = [L1, L2, L3, L4, L5, S1, S2];
  const classA = randomUUID();
  const classB = randomUUID();
  let pg: Client;

  beforeAll(async () => {
    // The register: L1, L4 and S1 as the school holds them, L2 under another name; L3, S2 absent.
    writeFileSync(
      registerFile,
      'personal_id,full_name,date_of_birth\n' +
        [L1, { ...L2, fullName: 'Trần Văn Bình Minh' }, L4, L5, S1]
          .map((p) => `${p.personalId},"${p.fullName}",${p.dateOfBirth}`)
          .join('\n'),
    );
    // The sector database already holds L4 at another school.
    mkdirSync(sectorDir, { recursive: true });
    writeFileSync(
      join(sectorDir, 'learners.json'),
      JSON.stringify({
        [L4.personalId]: { schoolId: randomUUID(), active: true, grade: 6, className: '6C' },
      }),
    );
    await world.start();
    pg = new Client({ connectionString: env.db.url });
    await pg.connect();
    await pg.query(`SET search_path TO enrollment`);
  }, 90000);
  afterAll(async () => {
    await pg?.end();
    await world.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  async function seedRoster(schoolId: string) {
    const p = new PersonalDataProtector(env.personalDataKeys);
    await pg.query(
      `INSERT INTO school_class (id, school_id, school_year, grade, name) VALUES ($1, $3, $4, 6, '6A'), ($2, $3, $4, 6, '6B')`,
      [classA, classB, schoolId, year],
    );
    for (const l of [L1, L2, L3, L4, L5]) {
      const gone = l === L5;
      await pg.query(
        `INSERT INTO student (id, applicant_hash, full_name, date_of_birth, school_id, grade, school_year, enrolled_on,
                              personal_id_sealed, personal_id_last4, gender, class_id, status)
         VALUES ($1, $2, $3, $4, $5, 6, $6, '2026-09-05', $7, $8, 'female', $9, $10)`,
        [
          l.id,
          p.lookupHash(l.personalId),
          l.fullName,
          l.dateOfBirth,
          schoolId,
          year,
          p.encrypt(l.personalId, `student:${l.id}`),
          l.personalId.slice(-4),
          classA,
          gone ? 'left' : 'active',
        ],
      );
      await pg.query(
        `INSERT INTO student_year (student_id, school_year, school_id, grade, class_id, enrolled_on, status, ended_on)
         VALUES ($1, $2, $3, 6, $4, '2026-09-05', $5, $6)`,
        [l.id, year, schoolId, classA, gone ? 'left' : 'enrolled', gone ? '2026-10-01' : null],
      );
    }
    for (const s of [S1, S2])
      await pg.query(
        `INSERT INTO staff_member (id, school_id, personal_id_hash, personal_id_sealed, personal_id_last4, full_name,
                                   date_of_birth, gender, role)
         VALUES ($1, $2, $3, $4, $5, $6, $7, 'male', 'teacher')`,
        [
          s.id,
          schoolId,
          p.lookupHash(s.personalId),
          p.encrypt(s.personalId, `staff:${s.id}`),
          s.personalId.slice(-4),
          s.fullName,
          s.dateOfBirth,
        ],
      );
  }

  it('checks identities, publishes the results, syncs changes with the sector database, and leaks no personal id', async () => {
    await world.unit('IS-QN', 'province', null, { validFrom: '1963-10-30' });
    await world.unit('IS-W1', 'ward', ids['IS-QN']);
    await world.unit('IS-THCS', 'school', ids['IS-W1'], {
      school: { levels: ['lower-secondary'], segment: 'urban', ownership: 'public' },
    });
    const school = ids['IS-THCS']!;
    await seedRoster(school);
    const staff = await env.token('school-staff', school, 'is-staff');
    const path = `/schools/${school}/identity-checks`;
    const responses: unknown[] = [];

    // The school reaches enrollment through Kafka: 404 (problem+json) until then.
    let first!: Awaited<ReturnType<typeof world.call>>;
    await waitFor(
      async () => {
        first = await world.call('POST', path, staff);
        return first.status === 200;
      },
      { timeoutMs: 30000, description: 'the school in enrollment' },
    );
    responses.push(first.body);
    expect(first.body).toMatchObject({
      provider: 'local-population-register',
      learners: { verified: 2, mismatch: 1, notFound: 1, total: 4 },
      staff: { verified: 1, mismatch: 0, notFound: 1, total: 2 },
      skipped: 0,
    });
    const summary = await world.call('GET', `${path}/summary`, staff);
    responses.push(summary.body);
    expect(summary.body.learners).toEqual({
      verified: 2,
      mismatch: 1,
      notFound: 1,
      unchecked: 0,
      total: 4,
    });
    expect(summary.body.staff).toEqual({
      verified: 1,
      mismatch: 0,
      notFound: 1,
      unchecked: 0,
      total: 2,
    });
    expect(
      summary.body.attention.map((a: { id: string; result: string }) => [a.id, a.result]).sort(),
    ).toEqual(
      [
        [L2.id, 'mismatch'],
        [L3.id, 'not-found'],
        [S2.id, 'not-found'],
      ].sort(),
    );
    expect(summary.body.attention.find((a: { id: string }) => a.id === L2.id).personalIdLast4).toBe(
      L2.personalId.slice(-4),
    );
    const rows = await pg.query(
      `SELECT identity_result FROM student WHERE id = $1 AND identity_checked_at IS NOT NULL`,
      [L1.id],
    );
    expect(rows.rows[0].identity_result).toBe('verified');

    // Again: only who is not verified is asked.
    const again = await world.call('POST', path, staff);
    responses.push(again.body);
    expect(again.body.learners.total).toBe(2);
    expect(again.body.staff.total).toBe(1);

    // The register unavailable: 503 problem+json, nothing changed.
    renameSync(registerFile, `${registerFile}.away`);
    const down = await world.call('POST', path, staff);
    expect(down.status).toBe(503);
    expect(down.type).toContain('application/problem+json');
    expect(down.body.type).toContain('identity-register-unavailable');
    responses.push(down.body);
    renameSync(`${registerFile}.away`, registerFile);

    // Events: 4 + 2 learner checks on the students topic, 2 + 1 staff checks on the rosters topic.
    const students = await readTopic(`${env.prefix}${Topics.enrollmentStudents}`, 6);
    const rosters = await readTopic(`${env.prefix}${Topics.enrollmentSchoolRosters}`, 3);
    const checked = students
      .map((m) => JSON.parse(m.value!.toString()))
      .filter((e) => e.type === 'enrollment.student.identity-checked');
    expect(checked).toHaveLength(6);
    expect(checked.find((e) => e.data.studentId === L3.id).data).toMatchObject({
      schoolId: school,
      result: 'not-found',
    });
    const staffChecked = rosters
      .map((m) => JSON.parse(m.value!.toString()))
      .filter((e) => e.type === 'enrollment.staff-member.identity-checked');
    expect(staffChecked.map((e) => e.data.result).sort()).toEqual([
      'not-found',
      'not-found',
      'verified',
    ]);

    // The sector sync: L1-L4 sent (L5 left before ever being accepted), L4 rejected.
    const sync = `/schools/${school}/sector-sync`;
    const sent = await world.call('POST', `${sync}/batches`, staff, { term: '2026-2027-HK1' });
    responses.push(sent.body);
    expect(sent.status).toBe(200);
    expect(sent.body).toMatchObject({ sent: 4, accepted: 3, rejected: 1, skipped: 0 });
    expect(sent.body.batchIds).toHaveLength(2);
    expect(sent.body.rejections).toEqual([
      { studentId: L4.id, change: 'enrolled', reason: 'enrolled-elsewhere' },
    ]);
    let report = await world.call('GET', `${sync}/report?term=2026-2027-HK1`, staff);
    responses.push(report.body);
    expect(report.body).toMatchObject({
      batches: 2,
      sent: 4,
      accepted: 3,
      rejected: 1,
      missing: 1,
    });
    expect(report.body.missingLearners.map((m: { studentId: string }) => m.studentId)).toEqual([
      L4.id,
    ]);
    expect(report.body.stillRejected.map((m: { studentId: string }) => m.studentId)).toEqual([
      L4.id,
    ]);

    // Nothing changed: nothing but the rejected one again.
    const quiet = await world.call('POST', `${sync}/batches`, staff, { term: '2026-2027-HK1' });
    expect(quiet.body).toMatchObject({ sent: 1, rejected: 1 });

    // L1 moves to 6B, L3 leaves: placed and left, in the second term.
    await pg.query(`UPDATE student_year SET class_id = $2 WHERE student_id = $1`, [L1.id, classB]);
    await pg.query(
      `UPDATE student_year SET status = 'left', ended_on = '2027-01-10' WHERE student_id = $1`,
      [L3.id],
    );
    const hk2 = await world.call('POST', `${sync}/batches`, staff, { term: '2026-2027-HK2' });
    responses.push(hk2.body);
    expect(hk2.body).toMatchObject({ sent: 3, accepted: 2, rejected: 1 });
    const batches = readdirSync(join(sectorDir, 'batches')).map((f) =>
      JSON.parse(readFileSync(join(sectorDir, 'batches', f), 'utf8')),
    );
    const hk2Changes = batches
      .filter((b) => b.batch.term === '2026-2027-HK2')
      .flatMap((b) =>
        b.batch.records.map((r: { ref: string; change: string; className: string }) => [
          r.ref,
          r.change,
          r.className,
        ]),
      );
    expect(hk2Changes.sort()).toEqual(
      [
        [L1.id, 'placed', '6B'],
        [L3.id, 'left', '6A'],
        [L4.id, 'enrolled', '6A'],
      ].sort(),
    );
    report = await world.call('GET', `${sync}/report?term=2026-2027-HK2`, staff);
    expect(report.body).toMatchObject({ sent: 3, accepted: 2, rejected: 1, missing: 1 });

    // The sector database unavailable: 503, the batch failed, sent again next time.
    await pg.query(`UPDATE student_year SET class_id = $2 WHERE student_id = $1`, [L2.id, classB]);
    writeFileSync(join(sectorDir, 'UNAVAILABLE'), '');
    const unavailable = await world.call('POST', `${sync}/batches`, staff, {
      term: '2026-2027-HK2',
    });
    expect(unavailable.status).toBe(503);
    expect(unavailable.body.type).toContain('sector-database-unavailable');
    rmSync(join(sectorDir, 'UNAVAILABLE'));
    const retried = await world.call('POST', `${sync}/batches`, staff, { term: '2026-2027-HK2' });
    expect(retried.body).toMatchObject({ sent: 2, accepted: 1 });
    report = await world.call('GET', `${sync}/report?term=2026-2027-HK2`, staff);
    expect(report.body.failedBatches).toBe(1);

    // A bad term is a problem naming the field; another school's staff is refused.
    const bad = await world.call('GET', `${sync}/report?term=HK1`, staff);
    expect(bad.status).toBe(400);
    expect(bad.type).toContain('application/problem+json');
    const other = await env.token('school-staff', randomUUID(), 'other-staff');
    expect((await world.call('POST', path, other)).status).toBe(403);

    // No personal id in responses, events or logs (names are in the responses on purpose).
    const places: Array<[string, string]> = [
      ['responses', JSON.stringify(responses)],
      ['events', [...students, ...rosters].map((m) => m.value?.toString()).join('\n')],
      ['enrollment log', world.enrollment.logs],
    ];
    expect(world.enrollment.logs.length).toBeGreaterThan(1000);
    const leaks = places.flatMap(([where, text]) =>
      everyone.filter((p) => text.includes(p.personalId)).map((p) => `${where}: ${p.personalId}`),
    );
    expect(leaks).toEqual([]);
    const eventsText = places[1]![1];
    for (const p of everyone) expect(eventsText).not.toContain(p.fullName);
    expect(existsSync(join(sectorDir, 'learners.json'))).toBe(true);
  }, 180000);
});

async function readTopic(topic: string, atLeast: number): Promise<KafkaMessage[]> {
  const consumer = testKafka().consumer({
    groupId: `reader-${randomUUID()}`,
    sessionTimeout: 6000,
    heartbeatInterval: 500,
  });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  const got: KafkaMessage[] = [];
  await consumer.run({ eachMessage: async ({ message }) => void got.push(message) });
  try {
    await waitFor(() => got.length >= atLeast, { timeoutMs: 30000, description: topic });
  } finally {
    await consumer.disconnect();
  }
  return got;
}
