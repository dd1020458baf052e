import { EventEnvelope, newEvent } from '@qn/contracts';
import { Json, KpiWorld, newId, orgUnit } from './world';

/**
 * REC-HOCBA-SIGNED per school year from the records service's `records.record.signed` (on
 * `records.school-records.v1`) over the learners due a học bạ from enrollment's rosters
 * (`enrollment.students.v1`), published through real Kafka with the shipped catalogue: a school,
 * its commune and the province for 2025-2026; a correction (a new version) does not count again.
 */
describe('kpi-aggregator: REC-HOCBA-SIGNED from signed school records (real Kafka, PostgreSQL, Redis)', () => {
  const world = new KpiWorld();
  const P = newId();
  const C = newId();
  const A = newId(); // urban school
  const B = newId(); // rural school
  const CLASS_A = newId();
  const CLASS_B = newId();
  const [L1, L2, L3, L4, L5, L6] = [newId(), newId(), newId(), newId(), newId(), newId()];
  const YEAR = '2025-2026';
  const values = (unit: string, period = YEAR) =>
    `/indicators/REC-HOCBA-SIGNED/values?orgUnitId=${unit}&period=${period}`;
  const hash = (c: string) => c.repeat(64);
  const recordId = (schoolId: string, studentId: string) => `${schoolId}/${studentId}/${YEAR}`;

  const enrollment = (type: string, studentId: string, schoolId: string, data: object) =>
    newEvent({
      type,
      version: type === 'enrollment.student.enrolled' ? 2 : 1,
      source: 'enrollment',
      subjectId: studentId,
      orgUnitId: schoolId,
      data: { studentId, schoolId, schoolYear: YEAR, ...data },
    }) as EventEnvelope;
  const enrolled = (studentId: string, schoolId: string, grade: number) =>
    enrollment('enrollment.student.enrolled', studentId, schoolId, {
      grade,
      classId: schoolId === A ? CLASS_A : CLASS_B,
      className: null,
      segment: schoolId === A ? 'urban' : 'rural',
      reason: 'roster',
      enrolledOn: '2025-09-05',
    });
  const yearClosed = (studentId: string, schoolId: string, grade: number, outcome: string) =>
    enrollment('enrollment.student.year-closed', studentId, schoolId, {
      grade,
      outcome,
      closedAt: '2026-05-28T08:00:00.000Z',
    });
  const records = (type: string, studentId: string, schoolId: string, data: object) =>
    newEvent({
      type,
      version: 1,
      source: 'records',
      subjectId: studentId,
      orgUnitId: schoolId,
      data: {
        recordId: recordId(schoolId, studentId),
        studentId,
        schoolId,
        schoolYear: YEAR,
        ...data,
      },
    }) as EventEnvelope;
  const signed = (studentId: string, schoolId: string, grade: number) =>
    records('records.record.signed', studentId, schoolId, {
      classId: schoolId === A ? CLASS_A : CLASS_B,
      grade,
      version: 1,
      recordHash: hash('a'),
      signedAt: '2026-05-27T09:00:00.000Z',
    });
  const share = (b: Json) => [b.orgUnit.total.numerator, b.orgUnit.total.denominator];
  /** Until the projection has read every event published (nothing left on its topics). */
  const caughtUp = () => world.until('/projections', (b) => b.generations?.[0]?.lag === 0, 30000);

  beforeAll(async () => {
    await world.start();
    await world.publish([
      orgUnit(P, 'province', null),
      orgUnit(C, 'commune', P),
      orgUnit(A, 'school', C, { segment: 'urban' }),
      orgUnit(B, 'school', C, { segment: 'rural' }),
    ]);
  });
  afterAll(() => world.stop());

  it('counts signed records over the learners due one for the school year, per school, commune and province', async () => {
    const roster = [
      // A: four learners due a học bạ for 2025-2026.
      enrolled(L1, A, 4),
      enrolled(L2, A, 4), // year never closed (no year end at the school): still due
      enrolled(L3, A, 4),
      yearClosed(L3, A, 4, 'promoted'), // still on roll on 31 May
      enrolled(L4, A, 5),
      yearClosed(L4, A, 5, 'completed-level'), // off the roll on 28 May, but due for the year
      // B: L5 due; L6 dropped out in January, not due.
      enrolled(L5, B, 7),
      enrolled(L6, B, 7),
      enrollment('enrollment.student.left', L6, B, {
        grade: 7,
        reason: 'dropped-out',
        leftOn: '2026-01-12',
        recordedAt: '2026-01-12T03:00:00.000Z',
      }),
    ];
    const signedRecords = [signed(L1, A, 4), signed(L3, A, 4), signed(L4, A, 5), signed(L5, B, 7)];
    await world.publish([...roster, ...signedRecords]);

    // A: 3 of 4 (L2 not signed) = 75 %.
    const school = await world.until(
      values(A),
      (b) => b.orgUnit.total.numerator === 3 && b.orgUnit.total.denominator === 4,
    );
    expect(school.orgUnit.total).toMatchObject({ numerator: 3, denominator: 4, value: 75 });
    expect(school.orgUnit.total.target).toBe(100);
    expect(school.orgUnit.bySegment.urban).toMatchObject({ numerator: 3, denominator: 4 });
    expect(school.period).toMatchObject({ code: YEAR, start: '2025-09-05', lastDay: '2026-05-31' });

    const b = await world.until(values(B), (x) => x.orgUnit.total.denominator === 1);
    expect(b.orgUnit.total).toMatchObject({ numerator: 1, denominator: 1, value: 100 });

    const commune = await world.until(values(C), (x) => x.orgUnit.total.denominator === 5);
    expect(commune.orgUnit.total).toMatchObject({ numerator: 4, denominator: 5, value: 80 });
    expect(
      commune.children.map((c: Json) => [c.orgUnitId, c.total.numerator, c.total.denominator]),
    ).toEqual(
      expect.arrayContaining([
        [A, 3, 4],
        [B, 1, 1],
      ]),
    );
    expect(share(await world.until(values(P), () => true))).toEqual([4, 5]);

    // Nothing of 2025-2026 in another school year.
    const next = await world.call(values(A, '2026-2027'));
    expect(next.status).toBe(200);
    expect(next.body.orgUnit.total.numerator).toBe(0);

    // A correction of L1's record (version 2) and redelivered signatures do not count again.
    await world.publish([
      records('records.record.corrected', L1, A, {
        grade: 4,
        version: 2,
        recordHash: hash('b'),
        previousVersion: 1,
        previousHash: hash('a'),
        correctedAt: '2026-06-20T02:00:00.000Z',
      }),
      ...signedRecords,
    ]);
    await caughtUp();
    const after = await world.until(values(A), () => true);
    expect(after.orgUnit.total).toMatchObject({ numerator: 3, denominator: 4, value: 75 });
    expect(share(await world.until(values(P), () => true))).toEqual([4, 5]);
  });

  it('lists the indicator per school year with its source events (no longer pending)', async () => {
    const r = await world.call('/indicators');
    expect(r.status).toBe(200);
    const list: Json[] = Array.isArray(r.body) ? r.body : r.body.indicators;
    const hocba = list.find((i) => i.code === 'REC-HOCBA-SIGNED');
    expect(hocba).toMatchObject({ periodType: 'school-year' });
    expect(JSON.stringify(hocba)).toContain('records.record.signed');
    expect(JSON.stringify(hocba)).not.toContain('pending');
  });
});
