import { Client } from 'pg';
import { Topics } from '@qn/contracts';
import { testKafka, waitFor } from '@qn/testing';
import { writeExtendedCatalogue } from './catalogue-fixture';
import {
  applicationRecorded,
  applicationWithdrawn,
  Json,
  KpiWorld,
  newId,
  orgUnit,
  roundClosed,
} from './world';

/**
 * A new catalogue indicator over an event type already consumed (enrollment.round.closed) is
 * back-filled by a rebuild into a shadow generation, swapped in atomically; the rebuilt
 * projection gives the same numbers as the incremental one for every other indicator.
 */
describe('kpi-aggregator rebuild and back-fill (real Kafka, PostgreSQL, Redis)', () => {
  const world = new KpiWorld({ KPI_PARK_CHECK_MS: '200' });
  const P = newId();
  const C1 = newId();
  const C2 = newId();
  const A = newId();
  const B = newId();
  const D = newId();
  /** The generation in use after the rebuild (2, or 3 when a second request came after it finished). */
  let current = 2;
  const values = (code: string, unit: string, period: string) =>
    `/indicators/${code}/values?orgUnitId=${unit}&period=${period}`;
  const QUERIES = [
    ['ENR-ONLINE-SCHOOLS-G1', P],
    ['ENR-ONLINE-SCHOOLS-G1', C1],
    ['ENR-ONLINE-SCHOOLS-G6', P],
    ['ENR-APPLICATIONS-ONLINE', P],
    ['ENR-APPLICATIONS-ONLINE', C2],
  ] as const;
  const snapshot = async () => {
    const out: Json[] = [];
    for (const [code, unit] of QUERIES) {
      const r = await world.call(values(code, unit, '2025-2026'));
      expect(r.status).toBe(200);
      const { projection: _p, ...rest } = r.body;
      out.push(rest);
    }
    return out;
  };

  beforeAll(() => world.start());
  afterAll(() => world.stop());

  it('back-fills an indicator added to the catalogue; rebuild equals incremental', async () => {
    await world.publish([
      orgUnit(P, 'province', null),
      orgUnit(C1, 'commune', P),
      orgUnit(C2, 'commune', P),
      orgUnit(A, 'school', C1, { segment: 'urban' }),
      orgUnit(B, 'school', C1, { segment: 'rural' }),
      orgUnit(D, 'school', C2, { segment: 'island' }),
    ]);
    const r1 = newId();
    await world.publish([
      roundClosed(r1, 1, [
        [A, 30, 5, 0],
        [B, 10, 0, 2],
      ]),
      roundClosed(newId(), 6, [
        [A, 3, 1, 0],
        [D, 0, 0, 7],
      ]),
      roundClosed(
        r1,
        1,
        [
          [A, 30, 5, 0],
          [B, 10, 0, 2],
          [D, 1, 0, 0],
        ],
        new Date('2025-07-21T00:00:00Z'),
      ),
      applicationRecorded(newId(), A, 'online'),
    ]);
    await world.until(
      values('ENR-ONLINE-SCHOOLS-G1', P, '2025-2026'),
      (b) => b.orgUnit.total.denominator === 3,
    );
    await world.until(
      values('ENR-ONLINE-SCHOOLS-G6', P, '2025-2026'),
      (b) => b.orgUnit.total.denominator === 2,
    );
    const incremental = await snapshot();

    // New catalogue version: ENR-PORTAL-G1 over enrollment.round.closed (already consumed) and
    // ENR-LIVE-ONLINE over enrollment.application.recorded. Only YAML changes.
    await world.kpi.stop();
    await world.startService({ KPI_CATALOGUE_PATH: writeExtendedCatalogue() });
    const before = await world.call('/projections');
    expect(before.body.generations).toHaveLength(1);
    expect(before.body.generations[0]).toMatchObject({ generation: 1, catalogueMatches: false });
    const stale = await world.call(values('ENR-PORTAL-G1', P, '2025-2026'));
    expect(stale.body.orgUnit.total.numerator).toBe(0); // history not projected for the new element

    // Late events keep coming during the rebuild.
    const x = newId();
    await world.publish([applicationRecorded(x, B, 'paper')]);
    const started = await world.call('/projections/rebuild', world.province, 'POST');
    expect(started.status).toBe(202);
    expect(started.body).toMatchObject({ generation: 2, status: 'building' });
    const again = await world.call('/projections/rebuild', world.province, 'POST');
    expect([202, 409]).toContain(again.status);
    // 409 while generation 2 builds; 202 when it was already done (a dozen events take
    // milliseconds), which starts one more generation from the same catalogue.
    current = again.status === 202 ? (again.body.generation as number) : 2;
    await world.publish([applicationWithdrawn(x)]);

    const done = await world.until(
      '/projections',
      (b) => b.generations.length === 1 && b.generations[0].generation === current,
      45000,
    );
    expect(done.generations[0]).toMatchObject({ status: 'active', catalogueMatches: true });

    const portal = await world.call(values('ENR-PORTAL-G1', P, '2025-2026'));
    expect(portal.body.projection.generation).toBe(current);
    expect(portal.body.orgUnit.total).toMatchObject({ numerator: 5, denominator: 48 });
    const live = await world.until(
      values('ENR-LIVE-ONLINE', P, '2025-2026'),
      (b) => b.orgUnit.total.denominator === 1,
    );
    expect(live.orgUnit.total).toMatchObject({ numerator: 1, denominator: 1 });
    expect(await snapshot()).toEqual(incremental);

    // The old generation is gone: its tables and its consumer group's processed events.
    const db = new Client({ connectionString: world.env.db.url });
    await db.connect();
    try {
      const t = await waitFor(
        async () => {
          const [row] = (
            await db.query(
              `SELECT to_regclass('kpi_aggregator.kpi_fact_g1') AS g1, to_regclass($1) AS live`,
              [`kpi_aggregator.kpi_fact_g${current}`],
            )
          ).rows;
          return row.g1 === null ? row : undefined;
        },
        { timeoutMs: 15000, description: 'generation 1 dropped' },
      );
      expect(t).toEqual({ g1: null, live: `kpi_aggregator.kpi_fact_g${current}` });
      const { rows } = await db.query(
        `SELECT count(*)::int AS n FROM kpi_aggregator.processed_event WHERE consumer_group LIKE '%projection.g1'`,
      );
      expect(rows[0].n).toBe(0);
    } finally {
      await db.end();
    }
    // Its consumer group is deleted too: no registered group with an ever-growing lag.
    const admin = testKafka('rebuild-groups').admin();
    await admin.connect();
    try {
      const groups = await waitFor(
        async () => {
          const ids = (await admin.listGroups()).groups.map((x) => x.groupId);
          return ids.includes(`${world.env.prefix}kpi-aggregator.projection.g1`) ? undefined : ids;
        },
        { timeoutMs: 15000, description: 'consumer group of generation 1 deleted' },
      );
      expect(groups).toContain(`${world.env.prefix}kpi-aggregator.projection.g${current}`);
    } finally {
      await admin.disconnect();
    }
  });

  it('refuses to rebuild when a source topic no longer starts at offset 0', async () => {
    // What a retention shorter than forever does over time: the first facts are gone.
    const topic = `${world.env.prefix}${Topics.enrollmentApplications}`;
    const admin = testKafka('rebuild-truncate').admin();
    await admin.connect();
    try {
      const withFacts = (await admin.fetchTopicOffsets(topic)).find((o) => Number(o.high) > 0)!;
      await admin.deleteTopicRecords({
        topic,
        partitions: [{ partition: withFacts.partition, offset: '1' }],
      });
      const refused = await world.call('/projections/rebuild', world.province, 'POST');
      expect(refused.status).toBe(409);
      expect(refused.body).toMatchObject({
        type: expect.stringMatching(/rebuild-history-incomplete$/),
        truncated: [`${topic}[${withFacts.partition}] starts at 1`],
      });
      expect(refused.body.detail).toContain('retention');
      // The projection in use stays, with no generation started.
      const after = await world.call('/projections');
      expect(after.body.generations).toEqual([
        expect.objectContaining({ generation: current, status: 'active' }),
      ]);
    } finally {
      await admin.disconnect();
    }
  });

  it('deletes at start the consumer groups of generations retired before', async () => {
    // What a version that kept them left behind: generation 1's group with its offsets.
    const group = `${world.env.prefix}kpi-aggregator.projection.g1`;
    const admin = testKafka('rebuild-leftover').admin();
    await admin.connect();
    try {
      await admin.setOffsets({
        groupId: group,
        topic: `${world.env.prefix}${Topics.enrollmentRounds}`,
        partitions: [{ partition: 0, offset: '0' }],
      });
      expect((await admin.listGroups()).groups.map((x) => x.groupId)).toContain(group);
      await world.kpi.stop();
      await world.startService();
      await waitFor(
        async () => !(await admin.listGroups()).groups.some((x) => x.groupId === group),
        { timeoutMs: 15000, description: 'leftover group of generation 1 deleted' },
      );
    } finally {
      await admin.disconnect();
    }
  });
});
