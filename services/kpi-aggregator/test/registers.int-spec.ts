import { EventEnvelope, newEvent } from '@qn/contracts';
import { Json, KpiWorld, newId, orgUnit } from './world';

/**
 * CRED-REGISTER-DIGITISED per graduation year from the credentials service's
 * `credentials.register.coverage-changed` (on the compacted `credentials.registers.v1`), through
 * real Kafka with the shipped catalogue: each register's latest coverage replaces the previous
 * one; historic books are due their archive count, issued registers their own entries; a
 * register without a school counts at its authority.
 */
describe('kpi-aggregator: CRED-REGISTER-DIGITISED from register coverage (real Kafka, PostgreSQL, Redis)', () => {
  const world = new KpiWorld();
  const P = newId();
  const C = newId();
  const A = newId();
  const B = newId();
  const [R1, R2, R3] = [newId(), newId(), newId()];
  // Registers of 1998: the units' history must reach back to the graduation year.
  const since1990 = (parentId: string | null) => ({
    versions: [{ validFrom: '1990-01-01', validTo: null, parentId, name: 'Đơn vị' }],
  });
  const values = (unit: string, period = '1998') =>
    `/indicators/CRED-REGISTER-DIGITISED/values?orgUnitId=${unit}&period=${period}`;
  const coverage = (
    registerId: string,
    unit: { schoolId: string | null; authorityId: string | null },
    counts: { origin: 'historic' | 'issued'; expected: number | null; digitised: number },
    changedAt: string,
  ) =>
    newEvent({
      type: 'credentials.register.coverage-changed',
      version: 1,
      source: 'credentials',
      subjectId: registerId,
      orgUnitId: unit.schoolId ?? unit.authorityId,
      occurredAt: new Date(changedAt),
      data: {
        registerId,
        kind: 'lower-secondary-diploma',
        origin: counts.origin,
        ...unit,
        graduationYear: 1998,
        expectedEntries: counts.expected,
        digitisedEntries: counts.digitised,
        reviewedEntries: 0,
        changedAt,
      },
    }) as EventEnvelope;
  const total = (b: Json) => [b.orgUnit.total.numerator, b.orgUnit.total.denominator];

  beforeAll(async () => {
    await world.start();
    await world.publish([
      orgUnit(P, 'province', null, since1990(null)),
      orgUnit(C, 'commune', P, since1990(P)),
      orgUnit(A, 'school', C, { segment: 'urban', ...since1990(C) }),
      orgUnit(B, 'school', C, { segment: 'rural', ...since1990(C) }),
    ]);
  });
  afterAll(() => world.stop());

  it('computes the share digitised from each register’s latest coverage, per school, authority and up the tree', async () => {
    const first = coverage(
      R1,
      { schoolId: A, authorityId: null },
      { origin: 'historic', expected: 4, digitised: 2 },
      '2026-11-01T02:00:00.000Z',
    );
    const latest = coverage(
      R1,
      { schoolId: A, authorityId: null },
      { origin: 'historic', expected: 4, digitised: 3 },
      '2026-11-02T02:00:00.000Z',
    );
    await world.publish([
      first,
      latest,
      // Issued at B: complete by construction (5 of 5).
      coverage(
        R2,
        { schoolId: B, authorityId: null },
        { origin: 'issued', expected: null, digitised: 5 },
        '2026-11-01T03:00:00.000Z',
      ),
      // No school: counted at its authority, the commune (2 of 11).
      coverage(
        R3,
        { schoolId: null, authorityId: C },
        { origin: 'historic', expected: 11, digitised: 2 },
        '2026-11-01T04:00:00.000Z',
      ),
    ]);
    // A: 3 of 4, the second coverage replacing the first (not 5 of 8).
    const school = await world.until(values(A), (b) => b.orgUnit.total.numerator === 3);
    expect(school.orgUnit.total).toMatchObject({ numerator: 3, denominator: 4, value: 75 });
    expect(school.orgUnit.total.target).toBe(100);
    expect(school.orgUnit.bySegment.urban).toMatchObject({ numerator: 3, denominator: 4 });
    expect(total(await world.until(values(B), (b) => b.orgUnit.total.denominator === 5))).toEqual([
      5, 5,
    ]);
    // The commune: its schools and its own register, (3 + 5 + 2) / (4 + 5 + 11) = 50 %.
    const commune = await world.until(values(C), (b) => b.orgUnit.total.denominator === 20);
    expect(commune.orgUnit.total).toMatchObject({ numerator: 10, denominator: 20, value: 50 });
    expect(total(await world.until(values(P), (b) => b.orgUnit.total.denominator === 20))).toEqual([
      10, 20,
    ]);
    // Another graduation year has nothing of these books.
    const other = await world.call(values(A, '1999'));
    expect(other.status).toBe(200);
    expect(other.body.orgUnit.total.numerator).toBe(0);

    // A late, older coverage (redelivered) changes nothing; a newer one replaces again.
    await world.publish([first]);
    await world.publish([
      coverage(
        R1,
        { schoolId: A, authorityId: null },
        { origin: 'historic', expected: 4, digitised: 4 },
        '2026-11-03T02:00:00.000Z',
      ),
    ]);
    const done = await world.until(values(A), (b) => b.orgUnit.total.numerator === 4);
    expect(done.orgUnit.total).toMatchObject({ numerator: 4, denominator: 4, value: 100 });
    expect(total(await world.until(values(P), (b) => b.orgUnit.total.numerator === 11))).toEqual([
      11, 20,
    ]);
  });

  it('lists the indicator with its Vietnamese name and source event', async () => {
    const r = await world.call('/indicators');
    expect(r.status).toBe(200);
    const list: Json[] = Array.isArray(r.body) ? r.body : r.body.indicators;
    const i = list.find((x) => x.code === 'CRED-REGISTER-DIGITISED');
    expect(i).toMatchObject({ periodType: 'calendar-year' });
    expect(JSON.stringify(i)).toContain('Tỷ lệ sổ gốc văn bằng được số hóa');
    expect(JSON.stringify(i)).toContain('credentials.register.coverage-changed');
  });
});
