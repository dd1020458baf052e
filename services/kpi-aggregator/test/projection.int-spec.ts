import { Kafka } from 'kafkajs';
import { testKafka, waitFor } from '@qn/testing';
import { writeExtendedCatalogue } from './catalogue-fixture';
import {
  Json,
  applicationRecorded,
  applicationWithdrawn,
  KpiWorld,
  newId,
  orgUnit,
  roundClosed,
} from './world';

/**
 * Events produced with the enrollment and registry contracts → projections → the query API:
 * drill-down, roll-up over the dated tree, corrections, late events, withdrawals, duplicates,
 * events for unknown org units (held, then applied or dead-lettered), errors and scope.
 */
describe('kpi-aggregator projections and query API (real Kafka, PostgreSQL, Redis)', () => {
  const world = new KpiWorld({
    KPI_CATALOGUE_PATH: writeExtendedCatalogue(),
    KPI_PARK_MAX_AGE_MS: '4000',
    KPI_PARK_CHECK_MS: '200',
  });
  const P = newId();
  const C1 = newId();
  const C2 = newId();
  const A = newId(); // urban school in C1; moves to C2 on 2026-06-01
  const B = newId(); // rural school in C1
  const D = newId(); // ethnic-minority school in C2
  const ROUND = newId();
  const values = (code: string, unit: string, period: string) =>
    `/indicators/${code}/values?orgUnitId=${unit}&period=${period}`;

  beforeAll(async () => {
    await world.start();
    await world.publish([
      orgUnit(P, 'province', null),
      orgUnit(C1, 'commune', P),
      orgUnit(C2, 'commune', P),
      orgUnit(A, 'school', C1, {
        segment: 'urban',
        versions: [
          { validFrom: '2025-07-01', validTo: '2026-06-01', parentId: C1, name: 'Trường A' },
          { validFrom: '2026-06-01', validTo: null, parentId: C2, name: 'Trường A' },
        ],
      }),
      orgUnit(B, 'school', C1, { segment: 'rural' }),
      orgUnit(D, 'school', C2, { segment: 'ethnic-minority-mountain' }),
    ]);
  });
  afterAll(() => world.stop());

  it('projects a closed round into the admission indicators, rolled up as ratio of sums with drill-down', async () => {
    const closed = roundClosed(ROUND, 1, [
      [A, 30, 5, 0],
      [B, 10, 0, 2],
      [D, 0, 0, 4],
    ]);
    await world.publish([closed]);
    const g1 = await world.until(
      values('ENR-ONLINE-SCHOOLS-G1', P, '2025-2026'),
      (b) => b.orgUnit.total.denominator === 3,
    );
    expect(g1.orgUnit.total).toMatchObject({ numerator: 1, denominator: 3, target: 100 });
    expect(g1.orgUnit.total.value).toBeCloseTo(100 / 3, 9);
    expect(g1.orgUnit.bySegment.urban).toMatchObject({
      numerator: 1,
      denominator: 1,
      value: 100,
      status: 'completed',
    });
    expect(
      g1.children.map((c: Json) => [c.orgUnitId, c.total.numerator, c.total.denominator]),
    ).toEqual(
      expect.arrayContaining([
        [C1, 1, 2],
        [C2, 0, 1],
      ]),
    );
    expect(g1.children).toHaveLength(2);
    const c1 = await world.call(values('ENR-ONLINE-SCHOOLS-G1', C1, '2025-2026'));
    expect(c1.body.orgUnit.total.value).toBe(50);

    // Answers carry an ETag; a client holding that version gets 304 and no body.
    const url = `${world.url}${values('ENR-ONLINE-SCHOOLS-G1', C1, '2025-2026')}`;
    const auth = { authorization: `Bearer ${world.province}` };
    const first = await fetch(url, { headers: auth });
    expect(first.headers.get('content-type')).toBe('application/json; charset=utf-8');
    const etag = first.headers.get('etag')!;
    expect(etag).toMatch(/^W\/"/);
    expect(((await first.json()) as Json).orgUnit.total.value).toBe(50);
    // As a browser revalidates (fetch adds `no-cache`, which forces a full answer, unless the
    // request says otherwise).
    const revalidate = { ...auth, 'cache-control': 'max-age=0' };
    const notModified = await fetch(url, { headers: { ...revalidate, 'if-none-match': etag } });
    expect(notModified.status).toBe(304);
    expect(await notModified.text()).toBe('');
    const otherVersion = await fetch(url, {
      headers: { ...revalidate, 'if-none-match': 'W/"old"' },
    });
    expect(otherVersion.status).toBe(200);
    expect(c1.body.children.map((c: Json) => c.orgUnitId).sort()).toEqual([A, B].sort());

    const apps = await world.call(values('ENR-APPLICATIONS-ONLINE', P, '2025-2026'));
    expect(apps.body.orgUnit.total).toMatchObject({ numerator: 45, denominator: 51 });
    // The 2025 season ended when the school year began (5 Sep 2025): judged for good, 88.2 % of
    // a 100 % target is below the 90 % of "cơ bản hoàn thành".
    expect(apps.body.orgUnit.total).toMatchObject({
      status: 'not-completed',
      statusLabel: { vi: 'Chưa hoàn thành', en: 'Not completed' },
      target: 100,
      expected: 100,
      deadline: '2025-09-05',
      final: true,
    });

    // The facts behind the commune's figure: its schools' applications, from the round's event.
    const facts = await world.call(
      `/indicators/ENR-APPLICATIONS-ONLINE/facts?orgUnitId=${C1}&period=2025-2026`,
    );
    expect(facts.status).toBe(200);
    expect(facts.body.elements.map((e: Json) => [e.name, e.role]).sort()).toEqual([
      ['applications.online', 'numerator'],
      ['applications.portal', 'numerator'],
      ['applications.total', 'denominator'],
    ]);
    const bySchool = (id: string) =>
      facts.body.facts
        .filter((f: Json) => f.school.id === id)
        .map((f: Json) => [f.element, f.value])
        .sort();
    // One fact per source: the total is fed by each channel's count.
    expect(bySchool(A)).toEqual([
      ['applications.online', '30'],
      ['applications.portal', '5'],
      ['applications.total', '0'],
      ['applications.total', '30'],
      ['applications.total', '5'],
    ]);
    expect(facts.body.facts.some((f: Json) => f.school.id === D)).toBe(false); // C2's school
    expect(facts.body.facts[0].event).toMatchObject({
      type: 'enrollment.round.closed',
      id: closed.id,
      occurredAt: closed.occurredAt,
    });
    expect(facts.body.total).toBe(facts.body.facts.length);
    const page = await world.call(
      `/indicators/ENR-APPLICATIONS-ONLINE/facts?orgUnitId=${C1}&period=2025-2026&limit=1&offset=1`,
    );
    expect(page.body).toMatchObject({ total: facts.body.total, offset: 1, limit: 1 });
    expect(page.body.facts).toEqual([facts.body.facts[1]]);
    const bad = await world.call(
      `/indicators/ENR-APPLICATIONS-ONLINE/facts?orgUnitId=${C1}&period=2025-2026&element=nope&limit=500`,
    );
    expect(bad.status).toBe(400);

    // The same events again (redelivery, a producer retry): same numbers.
    await world.publish([closed, closed]);
    await new Promise((r) => setTimeout(r, 1500));
    const again = await world.call(values('ENR-APPLICATIONS-ONLINE', P, '2025-2026'));
    expect(again.body.orgUnit.total).toMatchObject({ numerator: 45, denominator: 51 });
  });

  it('a corrected round replaces the earlier counts; an older late event changes nothing', async () => {
    const corrected = roundClosed(
      ROUND,
      1,
      [
        [A, 30, 5, 0],
        [B, 12, 0, 0],
        [D, 0, 0, 4],
      ],
      new Date('2025-07-21T03:00:00Z'),
    );
    const stale = roundClosed(ROUND, 1, [[A, 0, 0, 99]], new Date('2025-07-19T03:00:00Z'));
    await world.publish([corrected, stale]);
    const g1 = await world.until(
      values('ENR-ONLINE-SCHOOLS-G1', P, '2025-2026'),
      (b) => b.orgUnit.total.numerator === 2,
    );
    expect(g1.orgUnit.total).toMatchObject({ numerator: 2, denominator: 3 });
    await new Promise((r) => setTimeout(r, 1000));
    const apps = await world.call(values('ENR-APPLICATIONS-ONLINE', P, '2025-2026'));
    expect(apps.body.orgUnit.total).toMatchObject({ numerator: 47, denominator: 51 });
  });

  it('withdrawals and amendments adjust the right school year; a moved school counts under its commune of each period', async () => {
    const x = newId();
    const y = newId();
    const z = newId();
    const t0 = Date.parse('2025-07-05T00:00:00Z');
    await world.publish([
      applicationRecorded(x, A, 'online', { occurredAt: new Date(t0) }),
      applicationRecorded(y, B, 'paper', { occurredAt: new Date(t0 + 1000) }),
      applicationRecorded(z, A, 'portal', {
        occurredAt: new Date(t0 + 2000),
        schoolYear: '2026-2027',
      }),
      applicationWithdrawn(x, new Date(t0 + 3000)),
      // A late copy of x's record (older than the withdrawal) must not bring it back.
      applicationRecorded(x, A, 'online', { occurredAt: new Date(t0 - 1000) }),
      // y amended: moved to the next school year, now online.
      applicationRecorded(y, B, 'online', {
        occurredAt: new Date(t0 + 4000),
        revision: 2,
        schoolYear: '2026-2027',
      }),
    ]);
    const next = await world.until(
      values('ENR-LIVE-ONLINE', P, '2026-2027'),
      (b) => b.orgUnit.total.denominator === 2,
    );
    expect(next.orgUnit.total).toMatchObject({ numerator: 2, denominator: 2, value: 100 });
    // In 2026-2027 school A is under C2 (moved on 2026-06-01).
    const byChild = Object.fromEntries(
      next.children.map((c: Json) => [c.orgUnitId, c.total.denominator]),
    );
    expect(byChild).toEqual({ [C1]: 1, [C2]: 1 });
    const now = await world.call(values('ENR-LIVE-ONLINE', P, '2025-2026'));
    expect(now.body.orgUnit.total).toMatchObject({
      numerator: 0,
      denominator: 0,
      value: null,
      status: 'no-data',
    });

    const series = await world.call(
      `/indicators/ENR-LIVE-ONLINE/series?orgUnitId=${C2}&from=2025-2026&to=2026-2027`,
    );
    expect(series.status).toBe(200);
    expect(series.body.points.map((p: Json) => [p.period, p.total.value])).toEqual([
      ['2025-2026', null],
      ['2026-2027', 100],
    ]);
  });

  it('holds events for unknown org units until the registry catches up, then dead-letters the rest with the reason', async () => {
    const late = newId();
    const never = newId();
    const round2 = newId();
    const round3 = newId();
    await world.publish([
      roundClosed(round2, 6, [[late, 8, 0, 0]]),
      roundClosed(round3, 10, [[never, 1, 0, 1]]),
    ]);
    const status = await world.until('/projections', (b) => b.generations[0].parked >= 1, 15000);
    expect(status.generations[0].parked).toBeGreaterThanOrEqual(1);

    await world.publish([orgUnit(late, 'school', C2, { segment: 'island' })]);
    // Watch the DLQ for the one whose unit never comes.
    const kafka: Kafka = testKafka('kpi-test-dlq');
    const consumer = kafka.consumer({ groupId: `${world.env.prefix}dlq-watch` });
    await consumer.connect();
    await consumer.subscribe({
      topic: `${world.env.prefix}enrollment.rounds.v1.dlq`,
      fromBeginning: true,
    });
    const dead: Array<{ reason: string; id: string }> = [];
    await consumer.run({
      eachMessage: async ({ message }) => {
        dead.push({
          reason: message.headers?.['x-dlq-reason']?.toString() ?? '',
          id: JSON.parse(message.value!.toString()).id,
        });
      },
    });
    const g6 = await world.until(
      values('ENR-ONLINE-SCHOOLS-G6', P, '2025-2026'),
      (b) => b.orgUnit.total.denominator === 1,
    );
    expect(g6.orgUnit.bySegment.island).toMatchObject({ numerator: 1, denominator: 1, value: 100 });
    await waitFor(() => dead.length >= 1, { timeoutMs: 20000, description: 'the DLQ' });
    await consumer.disconnect();
    expect(dead[0].reason).toMatch(new RegExp(`unknown org unit\\(s\\) ${never}`));
    const after = await world.call('/projections');
    expect(after.body.generations[0].parked).toBe(0);
  });

  it('answers indicators whose elements are pending with no value, never a false 0 %', async () => {
    const r = await world.call(values('ID-LEARNERS-VERIFIED', P, '2025-12-31'));
    expect(r.status).toBe(200);
    expect(r.body.orgUnit.total).toMatchObject({ value: null, status: 'no-data', target: 100 });
    const etag = (
      await fetch(`${world.url}${values('ID-LEARNERS-VERIFIED', P, '2025-12-31')}`, {
        headers: { authorization: `Bearer ${world.province}` },
      })
    ).headers.get('etag');
    expect(etag).toMatch(/^W\//);
  });

  it('answers bad queries with problem+json and keeps users within their scope', async () => {
    const unknown = await world.call(values('NO-SUCH', P, '2025-2026'));
    expect(unknown.status).toBe(404);
    expect(unknown.type).toMatch(/application\/problem\+json/);
    const badPeriod = await world.call(values('ENR-ONLINE-SCHOOLS-G1', P, '2025'));
    expect(badPeriod.status).toBe(400);
    expect(badPeriod.body.errors[0].field).toBe('period');
    const badUnit = await world.call(values('ENR-ONLINE-SCHOOLS-G1', 'x', '2025-2026'));
    expect(badUnit.status).toBe(400);
    expect(badUnit.body.errors[0].field).toBe('orgUnitId');
    const noUnit = await world.call(values('ENR-ONLINE-SCHOOLS-G1', newId(), '2025-2026'));
    expect(noUnit.status).toBe(404);
    const commune = await world.env.token('commune', C2);
    expect(
      (await world.call(values('ENR-ONLINE-SCHOOLS-G1', C1, '2025-2026'), commune)).status,
    ).toBe(403);
    const own = await world.call(values('ENR-ONLINE-SCHOOLS-G1', C2, '2025-2026'), commune);
    expect(own.status).toBe(200);
    expect((await world.call('/projections', commune)).status).toBe(403);
  });
});
