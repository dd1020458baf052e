import { randomUUID } from 'node:crypto';
import { KafkaMessage } from 'kafkajs';
import { Topics } from '@qn/contracts';
import { orgUnitChanged, ServiceProcess, testKafka, testPort, waitFor } from '@qn/testing';
import { RosterWorld, SCHOOL_YEAR } from './roster-world';

/**
 * From roster events to signed học bạ, against real Kafka, PostgreSQL and Redis: marks and
 * conduct of both terms, each term closed (subject teachers, homeroom teacher, principal); at
 * term 2 each learner's record is signed by the homeroom teacher, the principal and the school
 * seal (the demo CA issues their certificates and registers them); families read their own
 * child's record and PDF, anyone verifies a printed one; a correction is a new version.
 */
describe('records: signed school records (học bạ số)', () => {
  const w = new RosterWorld();
  const id = () => randomUUID();
  const [province, ward, school, otherSchool] = [id(), id(), id(), id()];
  const [tMath, tHomeroom, tPrincipal] = [id(), id(), id()];
  const k9a = id();
  const [an, binh] = [id(), id()];
  const NAME_AN = 'Phạm Thị Ngọc Ánh';
  const NAME_BINH = 'Hoàng Đức Bình';
  let principal: string;
  let homeroom: string;
  let maths: string;
  const published: KafkaMessage[] = [];
  // The KPI aggregator in its own process, reading the same topics: the indicator's side.
  const kpiPort = testPort();
  let kpi: ServiceProcess;

  const marks = (subject: string, term: number) =>
    `/classes/${k9a}/subjects/${subject}/terms/${term}/marks`;
  const scored = (studentId: string, end: string) => ({
    studentId,
    regular: ['8', '7', '9', '8'],
    midTerm: '7',
    endOfTerm: end,
  });
  const commented = (studentId: string) => ({
    studentId,
    regular: ['Đ', 'Đ'],
    midTerm: 'Đ',
    endOfTerm: 'Đ',
  });
  const ok = w.ok.bind(w);

  /** Both terms of the class closed up to the homeroom teacher's confirmation. */
  async function confirmTerm(term: 1 | 2) {
    await ok('PUT', marks('TOAN', term), maths, {
      marks: [scored(an, term === 1 ? '8' : '9'), scored(binh, '6')],
    });
    await ok('PUT', marks('GDTC', term), homeroom, { marks: [commented(an), commented(binh)] });
    await ok('POST', `${marks('TOAN', term)}/confirmation`, maths);
    await ok('POST', `${marks('GDTC', term)}/confirmation`, homeroom);
    await ok('PUT', `/classes/${k9a}/terms/${term}/conduct`, homeroom, {
      entries: [
        { studentId: an, conduct: 'good', absentSessions: 1, remarks: 'Chăm ngoan, học tốt' },
        { studentId: binh, conduct: 'fair', absentSessions: 4 },
      ],
    });
    await ok('POST', `/classes/${k9a}/terms/${term}/confirmation`, homeroom);
  }

  beforeAll(async () => {
    await w.start({
      ...(await w.demoSigning()),
      RECORDS_VERIFY_URL: 'https://hocba.example.vn/verification/records',
      LOG_LEVEL: 'debug',
    });
    const named = (_unit: string, name: string, parent: string | null) => ({
      versions: [{ validFrom: '2025-07-01', validTo: null, parentId: parent, name }],
    });
    const events = [
      orgUnitChanged(province, 'province', null, [], named(province, 'Tỉnh Quảng Ninh', null)),
      orgUnitChanged(ward, 'commune', province, [], named(ward, 'Phường Hạ Long', province)),
      orgUnitChanged(
        school,
        'school',
        ward,
        ['lower-secondary'],
        named(school, 'Trường THCS Lê Văn Tám', ward),
      ),
      orgUnitChanged(otherSchool, 'school', ward, ['lower-secondary']),
      w.staff({ staffId: tMath, schoolId: school, accountSubject: 'gv-toan-9a' }),
      w.staff({ staffId: tHomeroom, schoolId: school, accountSubject: 'gvcn-9a' }),
      w.staff({
        staffId: tPrincipal,
        schoolId: school,
        accountSubject: 'ht-le-van-tam',
        role: 'principal',
      }),
      w.classFormed({
        classId: k9a,
        schoolId: school,
        grade: 9,
        name: '9A',
        homeroomTeacherId: tHomeroom,
      }),
      w.assigned({ classId: k9a, schoolId: school, staffId: tMath, subjectCode: 'TOAN' }),
      w.assigned({ classId: k9a, schoolId: school, staffId: tHomeroom, subjectCode: 'GDTC' }),
      w.enrolled({ studentId: an, schoolId: school, grade: 9, classId: k9a, className: '9A' }),
      w.enrolled({ studentId: binh, schoolId: school, grade: 9, classId: k9a, className: '9A' }),
      w.guardianLinked(an, 'family-of-an'),
      w.identity({ studentId: an, schoolId: school, fullName: NAME_AN }),
      w.identity({ studentId: binh, schoolId: school, fullName: NAME_BINH }),
    ];
    await w.publish(events);
    await w.processed(events.slice(4));
    await w.until(`SELECT 1 FROM learner`, [], (r) => r.length === 2, 'the identities');
    await w.until(`SELECT 1 FROM org_unit_replica`, [], (r) => r.length === 4, 'the org tree');
    kpi = new ServiceProcess('kpi-aggregator', w.env.envFor('kpi-aggregator', kpiPort)).start();
    await kpi.ready(`http://127.0.0.1:${kpiPort}`);
    principal = await w.env.token('principal', school, 'ht-le-van-tam');
    homeroom = await w.env.token('teacher', school, 'gvcn-9a');
    maths = await w.env.token('teacher', school, 'gv-toan-9a');
    await confirmTerm(1);
  }, 180000);
  afterAll(async () => {
    await kpi?.stop();
    await w.stop();
  });

  it('the principal signs term 1: the term is closed, no record yet; only once, only the principal', async () => {
    expect((await w.call('POST', `/classes/${k9a}/terms/1/signature`, homeroom)).status).toBe(403);
    expect(
      (await w.call('POST', `/classes/${k9a}/terms/2/signature`, principal)).body.type,
    ).toMatch(/class-term-not-confirmed$/);
    const signed = await w.call('POST', `/classes/${k9a}/terms/1/signature`, principal);
    expect(signed).toMatchObject({
      status: 200,
      body: { status: 'signed', learners: 2, recordsSigned: 0 },
    });
    expect((await w.call('POST', `/classes/${k9a}/terms/1/signature`, principal)).status).toBe(409);
  });

  it('at term 2 signs every learner’s học bạ with the three signatures, all stored at once', async () => {
    await confirmTerm(2);
    const signed = await w.call('POST', `/classes/${k9a}/terms/2/signature`, principal);
    expect(signed).toMatchObject({ status: 200, body: { recordsSigned: 2, learners: 2 } });
    const rows = await w.rows<{ studentId: string; version: number; recordId: string }>(
      `SELECT student_id AS "studentId", version, record_id AS "recordId" FROM school_record_version ORDER BY student_id`,
    );
    expect(rows.map((r) => r.version)).toEqual([1, 1]);
    expect(rows.map((r) => r.recordId).sort()).toEqual(
      [an, binh].map((s) => `${school}/${s}/${SCHOOL_YEAR}`).sort(),
    );
    // Immutable: the database itself refuses to change a signed version.
    await expect(w.db.query(`UPDATE school_record_version SET reason = 'x'`)).rejects.toThrow(
      /immutable/,
    );
    await expect(w.db.query(`DELETE FROM school_record_version`)).rejects.toThrow(/immutable/);
    // Marks of a signed term stay frozen.
    expect(
      (await w.call('PUT', marks('TOAN', 2), maths, { marks: [scored(an, '10')] })).status,
    ).toBe(409);
  });

  it('announces the signed records, graduation at grade 9 and the closed terms, with no names or marks', async () => {
    const consumer = testKafka('records-school-records-reader', 'admin').consumer({
      groupId: `${w.env.prefix}reader-${randomUUID()}`,
    });
    await consumer.connect();
    try {
      for (const topic of [Topics.recordsSchoolRecords, Topics.recordsGradebooks])
        await consumer.subscribe({ topic: `${w.env.prefix}${topic}`, fromBeginning: true });
      await consumer.run({ eachMessage: async ({ message }) => void published.push(message) });
      await waitFor(
        () =>
          published.filter((m) => /class-term\.closed/.test(m.value!.toString())).length >= 2 &&
          published.filter((m) => /record\.signed/.test(m.value!.toString())).length >= 2,
        { timeoutMs: 30000, description: 'records events' },
      );
    } finally {
      await consumer.disconnect();
    }
    const events = published.map((m) => ({
      key: m.key!.toString(),
      ...JSON.parse(m.value!.toString()),
    }));
    const signed = events.filter((e) => e.type === 'records.record.signed');
    expect(signed.map((e) => e.key).sort()).toEqual([an, binh].sort());
    expect(signed[0].data).toMatchObject({ schoolId: school, classId: k9a, grade: 9, version: 1 });
    expect(signed[0].data.recordHash).toMatch(/^[0-9a-f]{64}$/);
    const graduation = events.filter((e) => e.type === 'records.graduation-eligibility.assessed');
    expect(graduation.map((e) => e.data.level)).toEqual(['lower-secondary', 'lower-secondary']);
    const closed = events.filter((e) => e.type === 'records.class-term.closed');
    expect(closed.map((e) => [e.data.term, e.data.recordsSigned])).toEqual([
      [1, 0],
      [2, 2],
    ]);
    const all = published.map((m) => m.value!.toString()).join();
    expect(all).not.toContain(NAME_AN);
    expect(all).not.toContain('Chăm ngoan');
  });

  it('feeds the KPI aggregator’s học bạ indicator: both learners due at the school are signed', async () => {
    const dept = await w.env.token('province');
    const url = `http://127.0.0.1:${kpiPort}/indicators/REC-HOCBA-SIGNED/values?orgUnitId=${school}&period=${SCHOOL_YEAR}`;
    const total = await waitFor(
      async () => {
        const r = await fetch(url, { headers: { authorization: `Bearer ${dept}` } });
        const body = (await r.json()) as {
          orgUnit?: { total?: { numerator: number; denominator: number } };
        };
        const t = body.orgUnit?.total;
        return t && t.numerator === 2 && t.denominator === 2 ? t : undefined;
      },
      { timeoutMs: 60000, description: 'REC-HOCBA-SIGNED at the school: 2 of 2' },
    );
    expect(total).toMatchObject({ numerator: 2, denominator: 2, value: 100, target: 100 });
  });

  it('the family reads its own child’s record, valid, with the learner and the signers; not another child’s', async () => {
    const family = await w.env.token('family', null, 'family-of-an');
    const list = await w.call('GET', `/learners/${an}/records`, family);
    expect(list).toMatchObject({
      status: 200,
      body: {
        records: [
          {
            schoolYear: SCHOOL_YEAR,
            // The school by the name the record was signed with (the family does not know ids).
            schoolName: 'Trường THCS Lê Văn Tám',
            versions: [{ version: 1, reason: null }],
          },
        ],
      },
    });
    const record = await w.call('GET', `/learners/${an}/records/${SCHOOL_YEAR}`, family);
    expect(record.status).toBe(200);
    expect(record.body).toMatchObject({ version: 1, latestVersion: 1, history: [] });
    expect(record.body.document.body.learner.fullName).toBe(NAME_AN);
    expect(record.body.document.body.school.name).toBe('Trường THCS Lê Văn Tám');
    expect(record.body.document.body.signatures.placeAndDate).toMatch(/^Phường Hạ Long, ngày/);
    expect(record.body.document.body.conductResult).toMatchObject({
      termI: 'Tốt',
      termII: 'Tốt',
      year: 'Tốt',
    });
    expect(record.body.document.body.absences.sessions).toBe(2);
    expect(record.body.verification).toMatchObject({ valid: true, failures: [] });
    expect(record.body.verification.signatures.map((s: { role: string }) => s.role)).toEqual([
      'homeroom-teacher',
      'principal',
      'school-seal',
    ]);
    expect((await w.call('GET', `/learners/${binh}/records/${SCHOOL_YEAR}`, family)).status).toBe(
      404,
    );
    expect((await w.call('GET', `/learners/${an}/records/2025-2027`, family)).status).toBe(400);
    // Names and marks never reach the logs.
    expect(w.service.logs).not.toContain(NAME_AN);
  });

  it('the receiving school reads a transferred learner’s record; before the transfer it could not', async () => {
    const receiving = await w.env.token('principal', otherSchool, 'ht-truong-moi');
    const path = `/learners/${binh}/records/${SCHOOL_YEAR}`;
    expect((await w.call('GET', path, receiving)).status).toBe(404);
    const moved = w.transferred({
      studentId: binh,
      fromSchoolId: school,
      toSchoolId: otherSchool,
      grade: 9,
      schoolYear: '2026-2027',
      effectiveDate: '2026-08-20',
    });
    await w.publish([moved]);
    await w.processed([moved]);
    const read = await w.call('GET', path, receiving);
    expect(read.status).toBe(200);
    expect(read.body.document.body.school.name).toBe('Trường THCS Lê Văn Tám');
    const dept = await w.env.token('province');
    const log = await w.call('GET', `/access-log?recordId=${binh}&limit=100`, dept);
    expect(log.body.some((r: { subject: string }) => r.subject === 'ht-truong-moi')).toBe(true);
  });

  it('gives the printable PDF, signed by the school seal, with the QR code’s link', async () => {
    const family = await w.env.token('family', null, 'family-of-an');
    const res = await fetch(`${w.url}/learners/${an}/records/${SCHOOL_YEAR}/pdf`, {
      headers: { authorization: `Bearer ${family}` },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    const pdf = Buffer.from(await res.arrayBuffer());
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pdf.toString('latin1')).toMatch(/\/ByteRange \[0 \d+ \d+ \d+\]/);
    expect(pdf.toString('latin1')).toContain('adbe.pkcs7.detached');
  });

  it('verifies a printed record from its QR code, and says which part of a tampered copy failed', async () => {
    const family = await w.env.token('family', null, 'family-of-an');
    const record = (await w.call('GET', `/learners/${an}/records/${SCHOOL_YEAR}`, family)).body;
    const qs = (hash: string) =>
      `/verification/records?record=${encodeURIComponent(record.recordId)}&version=1&hash=${hash}`;
    const good = await fetch(`${w.url}${qs(record.recordHash)}`).then((r) => r.json());
    expect(good).toMatchObject({
      valid: true,
      hashMatches: true,
      superseded: false,
      latestVersion: 1,
    });
    expect(JSON.stringify(good)).not.toContain(NAME_AN);
    const wrong = await fetch(`${w.url}${qs('0'.repeat(64))}`).then((r) => r.json());
    expect(wrong).toMatchObject({ valid: false, hashMatches: false });
    const bad = await fetch(`${w.url}/verification/records?record=x&hash=y`);
    expect(bad.status).toBe(400);
    expect((await bad.json()).errors.map((e: { field: string }) => e.field)).toEqual([
      'record',
      'version',
      'hash',
    ]);

    const post = (document: unknown) =>
      fetch(`${w.url}/verification/records`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ document, jws: record.jws }),
      }).then(async (r) => ({ status: r.status, body: await r.json() }));
    expect((await post(record.document)).body.valid).toBe(true);
    const garbage = await post({ recordId: 'x', schoolId: 'y', previous: 5 });
    expect(garbage.status).toBe(400);
    expect(garbage.body.errors.map((e: { field: string }) => e.field)).toEqual([
      'document.version',
      'document.previous',
      'document.body',
    ]);
    const tampered = structuredClone(record.document);
    tampered.body.subjects[0].year = '9.9';
    const report = (await post(tampered)).body;
    expect(report.valid).toBe(false);
    expect(report.failures[0]).toMatchObject({ check: 'payload', failure: 'payload-mismatch' });
    expect(report.failures[0].detail).toContain('$.body.subjects[0].year');
  });

  it('a correction is a new version with its reason and new signatures; the history stays readable', async () => {
    expect(
      (
        await w.call('POST', `/learners/${an}/records/${SCHOOL_YEAR}/corrections`, homeroom, {
          reason: 'x',
        })
      ).status,
    ).toBe(403);
    const invalid = await w.call(
      'POST',
      `/learners/${an}/records/${SCHOOL_YEAR}/corrections`,
      principal,
      {
        reason: 'Nhập nhầm',
        subjects: [
          { code: 'TOAN', termII: '8.55' },
          { code: 'GDTC', termI: '9' },
        ],
      },
    );
    expect(invalid.status).toBe(422);
    expect(invalid.body.errors.map((e: { field: string }) => e.field)).toEqual([
      'subjects[0].termII',
      'subjects[1].termI',
    ]);
    const same = await w.call(
      'POST',
      `/learners/${an}/records/${SCHOOL_YEAR}/corrections`,
      principal,
      {
        reason: 'Không đổi gì',
        conduct: { termI: 'good' },
      },
    );
    expect(same.body.type).toMatch(/correction-changes-nothing$/);

    const corrected = await w.call(
      'POST',
      `/learners/${an}/records/${SCHOOL_YEAR}/corrections`,
      principal,
      {
        reason: 'Nhập nhầm điểm cuối kì II môn Toán',
        subjects: [{ code: 'TOAN', termII: '9.2' }],
      },
    );
    expect(corrected).toMatchObject({ status: 201, body: { version: 2, previousVersion: 1 } });

    const family = await w.env.token('family', null, 'family-of-an');
    const v2 = (await w.call('GET', `/learners/${an}/records/${SCHOOL_YEAR}`, family)).body;
    expect(v2).toMatchObject({ version: 2, reason: 'Nhập nhầm điểm cuối kì II môn Toán' });
    expect(v2.history.map((h: { version: number }) => h.version)).toEqual([1]);
    expect(v2.document.previous).toMatchObject({ version: 1, hash: v2.history[0].recordHash });
    expect(v2.document.body.subjects[0]).toMatchObject({ code: 'TOAN', termII: '9.2' });
    expect(v2.verification.valid).toBe(true);
    expect(v2.verification.failures).toEqual([]);

    const v1 = (await w.call('GET', `/learners/${an}/records/${SCHOOL_YEAR}?version=1`, family))
      .body;
    expect(v1.document.body.subjects[0].termII).toBe('8.1');
    const qr = await fetch(
      `${w.url}/verification/records?record=${encodeURIComponent(v1.recordId)}&version=1&hash=${v1.recordHash}`,
    ).then((r) => r.json());
    expect(qr).toMatchObject({ valid: true, superseded: true, latestVersion: 2 });
  });

  it('records every read of a learner’s record in the access log', async () => {
    const dept = await w.env.token('province');
    const log = await w.call('GET', `/access-log?recordId=${an}&limit=100`, dept);
    expect(log.status).toBe(200);
    const routes = new Set(log.body.map((r: { route: string }) => r.route));
    expect(routes).toEqual(
      new Set([
        'GET /learners/:studentId/records',
        'GET /learners/:studentId/records/:schoolYear',
        'GET /learners/:studentId/records/:schoolYear/pdf',
        'POST /learners/:studentId/records/:schoolYear/corrections',
      ]),
    );
    expect(log.body.some((r: { subject: string }) => r.subject === 'family-of-an')).toBe(true);
  });
});
