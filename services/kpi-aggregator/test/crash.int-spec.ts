import { EventEnvelope } from '@qn/contracts';
import { writeExtendedCatalogue } from './catalogue-fixture';
import {
  applicationRecorded,
  applicationWithdrawn,
  Json,
  KpiWorld,
  newId,
  orgUnit,
  paymentReceived,
} from './world';

/**
 * The projection consumer is killed (SIGKILL) in the middle of its work and restarted: the
 * numbers are those of a clean run (computed here from the events), with duplicates in the
 * stream too: nothing counted twice, nothing skipped.
 */
describe('kpi-aggregator crash mid-batch (real Kafka, PostgreSQL, Redis)', () => {
  const world = new KpiWorld({
    KPI_CATALOGUE_PATH: writeExtendedCatalogue(),
    KPI_CHUNK_SIZE: '20',
  });
  const P = newId();
  const C = newId();
  const SEGMENTS = ['urban', 'rural', 'ethnic-minority-mountain', 'island'] as const;
  const schools = Array.from({ length: 8 }, () => newId());
  const CHANNELS = ['online', 'portal', 'paper'] as const;

  beforeAll(() => world.start());
  afterAll(() => world.stop());

  it('gives the same numbers as a clean run after a kill and restart', async () => {
    await world.publish([
      orgUnit(P, 'province', null),
      orgUnit(C, 'commune', P),
      ...schools.map((s, i) => orgUnit(s, 'school', C, { segment: SEGMENTS[i % 4] })),
    ]);
    await world.until(`/org-units/${C}/school-counts?asOf=2025-09-01`, (b) => b.total === 8);

    // 4,000 applications, every 7th withdrawn, every 13th amended to another channel, and 300
    // events published twice.
    const events: EventEnvelope[] = [];
    const expected = { digital: 0, total: 0, bySegment: {} as Record<string, [number, number]> };
    const t0 = Date.parse('2025-07-01T00:00:00Z');
    for (let i = 0; i < 4000; i++) {
      const id = newId();
      const school = i % schools.length;
      let channel = CHANNELS[i % 3];
      events.push(
        applicationRecorded(id, schools[school], channel, { occurredAt: new Date(t0 + i * 10) }),
      );
      if (i % 13 === 0) {
        channel = CHANNELS[(i + 1) % 3];
        events.push(
          applicationRecorded(id, schools[school], channel, {
            occurredAt: new Date(t0 + i * 10 + 5),
            revision: 2,
          }),
        );
      }
      if (i % 7 === 0) {
        events.push(applicationWithdrawn(id, new Date(t0 + i * 10 + 7)));
        continue;
      }
      const seg = SEGMENTS[school % 4];
      const cell = (expected.bySegment[seg] ??= [0, 0]);
      expected.total++;
      cell[1]++;
      if (channel !== 'paper') {
        expected.digital++;
        cell[0]++;
      }
    }
    // Payments accumulate (no subject rule: each event counts once by its id): 600, every
    // third in cash, between the applications.
    const payments = { cashless: 0, total: 0 };
    for (let i = 0; i < 600; i++) {
      const school = i % schools.length;
      const cashless = i % 3 !== 0;
      events.splice(
        i * 7 + 3,
        0,
        paymentReceived(schools[school], SEGMENTS[school % 4], String(100000 + i), cashless),
      );
      payments.total++;
      if (cashless) payments.cashless++;
    }
    // 300 events published twice (a producer's retry, an outbox republished after a crash):
    // applications and payments alike, at other offsets.
    for (let i = 0; i < 300; i++) events.splice(i * 13 + 5, 0, events[i * 11]);
    expect(events.filter((e) => e.type === 'payments.payment.received').length).toBeGreaterThan(
      payments.total,
    );
    await world.publish(events);

    // Kill it while it is applying.
    let applied = 0;
    for (let i = 0; i < 600 && applied < 400; i++) {
      const r = await world.call('/projections');
      applied = r.body?.generations?.[0]?.eventsApplied ?? 0;
      if (applied < 400) await new Promise((r) => setTimeout(r, 25));
    }
    await world.kpi.stop('SIGKILL');
    expect(world.kpi.exitCode).toBe(137);
    expect(applied).toBeGreaterThan(0);
    expect(applied).toBeLessThan(events.length);

    await world.startService();
    const path = `/indicators/ENR-LIVE-ONLINE/values?orgUnitId=${P}&period=2025-2026`;
    const body: Json = await world.until(
      path,
      (b) => b.orgUnit.total.denominator === expected.total,
      50000,
    );
    expect(body.orgUnit.total).toMatchObject({
      numerator: expected.digital,
      denominator: expected.total,
    });
    for (const [seg, [num, den]] of Object.entries(expected.bySegment))
      expect(body.orgUnit.bySegment[seg]).toMatchObject({ numerator: num, denominator: den });
    // Settled: nothing more moves.
    await new Promise((r) => setTimeout(r, 1500));
    const after = await world.call(path);
    expect(after.body.orgUnit.total).toMatchObject({
      numerator: expected.digital,
      denominator: expected.total,
    });
    const paid = await world.call(
      `/indicators/PAY-CASHLESS-COUNT/values?orgUnitId=${P}&period=2025-2026`,
    );
    expect(paid.body.orgUnit.total).toMatchObject({
      numerator: payments.cashless,
      denominator: payments.total,
    });
    const status = await world.call('/projections');
    expect(status.body.generations[0]).toMatchObject({ parked: 0, lag: 0 });
  });
});
