import { EventEnvelope, newEvent } from '@qn/contracts';
import { Json, KpiWorld, newId, orgUnit } from './world';

/**
 * Identity indicators from enrollment's roster and identity-check events, published through
 * real Kafka (`enrollment.students.v1` and `enrollment.school-rosters.v1`) with the shipped
 * catalogue: the latest check per learner (teacher) counts, over those on roll (in post) as of
 * the date, for a school, its commune and the province.
 */
describe('kpi-aggregator: ID-LEARNERS-VERIFIED and ID-TEACHERS-VERIFIED (real Kafka, PostgreSQL, Redis)', () => {
  const world = new KpiWorld();
  const P = newId();
  const C = newId();
  const A = newId(); // urban school
  const B = newId(); // rural school
  const [L1, L2, L3, L4, L5] = [newId(), newId(), newId(), newId(), newId()];
  const [T1, T2, T3, PRINCIPAL] = [newId(), newId(), newId(), newId()];
  const values = (code: string, unit: string, period: string) =>
    `/indicators/${code}/values?orgUnitId=${unit}&period=${period}`;
  const ev = (type: string, version: number, subjectId: string, data: object, orgUnitId: string) =>
    newEvent({ type, version, source: 'enrollment', subjectId, orgUnitId, data }) as EventEnvelope;
  const enrolled = (studentId: string, schoolId: string, version = 2) =>
    ev(
      'enrollment.student.enrolled',
      version,
      studentId,
      {
        studentId,
        schoolId,
        grade: 4,
        ...(version === 2 ? { classId: null } : {}),
        className: null,
        schoolYear: '2025-2026',
        segment: schoolId === A ? 'urban' : 'rural',
        reason: version === 2 ? 'roster' : 'admission',
        enrolledOn: '2025-09-05',
      },
      schoolId,
    );
  const checked = (studentId: string, schoolId: string, result: string, checkedAt: string) =>
    ev(
      'enrollment.student.identity-checked',
      1,
      studentId,
      { studentId, schoolId, result, checkedAt },
      schoolId,
    );
  const staff = (staffId: string, role: string, active: boolean, revision: number) =>
    ev(
      'enrollment.staff-member.changed',
      1,
      staffId,
      {
        staffId,
        schoolId: A,
        role,
        accountSubject: null,
        active,
        revision,
        changedAt: revision === 1 ? '2025-09-01T01:00:00.000Z' : '2025-11-05T01:00:00.000Z',
      },
      A,
    );
  const staffChecked = (staffId: string, result: string, role = 'teacher') =>
    ev(
      'enrollment.staff-member.identity-checked',
      1,
      staffId,
      { staffId, schoolId: A, role, result, checkedAt: '2025-10-01T01:00:00.000Z' },
      A,
    );
  const share = (b: Json) => [b.orgUnit.total.numerator, b.orgUnit.total.denominator];

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

  it('counts the latest identity check of each learner on roll, per school, commune and province', async () => {
    const events = [
      enrolled(L1, A),
      enrolled(L2, A),
      enrolled(L3, A),
      enrolled(L4, A, 1), // a v1 enrolment still on the topic
      enrolled(L5, B),
      checked(L1, A, 'verified', '2025-10-01T02:00:00.000Z'),
      checked(L2, A, 'verified', '2025-10-01T02:00:00.000Z'),
      checked(L2, A, 'mismatch', '2025-11-03T02:00:00.000Z'), // verified, then a mismatch
      checked(L3, A, 'verified', '2025-10-01T02:00:00.000Z'),
      ev(
        'enrollment.student.left',
        1,
        L3,
        {
          studentId: L3,
          schoolId: A,
          schoolYear: '2025-2026',
          grade: 4,
          reason: 'moved-away',
          leftOn: '2025-11-16',
          recordedAt: '2025-11-16T03:00:00.000Z',
        },
        A,
      ),
      checked(L5, B, 'verified', '2025-10-02T02:00:00.000Z'),
    ];
    await world.publish(events);
    // End of year: A has L1, L2, L4 on roll (L3 left), only L1 verified; B has L5, verified.
    const school = await world.until(
      values('ID-LEARNERS-VERIFIED', A, '2025-12-31'),
      (b) => b.orgUnit.total.denominator === 3 && b.orgUnit.total.numerator === 1,
    );
    expect(school.orgUnit.bySegment.urban).toMatchObject({ numerator: 1, denominator: 3 });
    expect(school.orgUnit.total.target).toBe(100);
    const commune = await world.until(
      values('ID-LEARNERS-VERIFIED', C, '2025-12-31'),
      (b) => b.orgUnit.total.denominator === 4,
    );
    expect(share(commune)).toEqual([2, 4]);
    expect(
      commune.children.map((c: Json) => [c.orgUnitId, c.total.numerator, c.total.denominator]),
    ).toEqual(
      expect.arrayContaining([
        [A, 1, 3],
        [B, 1, 1],
      ]),
    );
    expect(
      share(await world.until(values('ID-LEARNERS-VERIFIED', P, '2025-12-31'), () => true)),
    ).toEqual([2, 4]);
    // As of 15 October: all four on roll at A, three verified (L2's mismatch and L3's departure come later).
    expect(
      share(await world.until(values('ID-LEARNERS-VERIFIED', A, '2025-10-15'), () => true)),
    ).toEqual([3, 4]);

    // Redelivered events change nothing.
    await world.publish(events);
    await new Promise((r) => setTimeout(r, 2000));
    expect(share((await world.call(values('ID-LEARNERS-VERIFIED', P, '2025-12-31'))).body)).toEqual(
      [2, 4],
    );
  });

  it('counts teachers in post with a verified identity (enrollment.school-rosters.v1)', async () => {
    await world.publish([
      staff(T1, 'teacher', true, 1),
      staff(T2, 'teacher', true, 1),
      staff(T3, 'teacher', true, 1),
      staffChecked(T1, 'verified'),
      staffChecked(T3, 'verified'),
      staff(T3, 'teacher', false, 2), // T3, verified in October, leaves the post in November
      // The principal, verified too, is not a teacher: counted in neither.
      staff(PRINCIPAL, 'principal', true, 1),
      staffChecked(PRINCIPAL, 'verified', 'principal'),
    ]);
    const school = await world.until(
      values('ID-TEACHERS-VERIFIED', A, '2025-12-31'),
      (b) => b.orgUnit.total.denominator === 2 && b.orgUnit.total.numerator === 1,
    );
    expect(school.orgUnit.total.value).toBe(50);
    // In October T3 was still in post: 2 of 3.
    expect(
      share(await world.until(values('ID-TEACHERS-VERIFIED', A, '2025-10-15'), () => true)),
    ).toEqual([2, 3]);
    expect(
      share(await world.until(values('ID-TEACHERS-VERIFIED', C, '2025-12-31'), () => true)),
    ).toEqual([1, 2]);
    expect(
      share(await world.until(values('ID-TEACHERS-VERIFIED', P, '2025-12-31'), () => true)),
    ).toEqual([1, 2]);
  });
});
