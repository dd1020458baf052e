import { randomUUID } from 'node:crypto';
import { EventEnvelope, EventTypes, Topics } from '@qn/contracts';
import { callApi, sleep, testKafka, TestPrincipals, waitFor } from '@qn/testing';
import { FaultWorld } from './faults/fault-world';
import { readTopic } from './faults/workload';

/**
 * Delivery is at least once (a relay that crashed between its send and its delete sends the
 * batch again, with the same envelope ids): every consumer of the platform applies a repeated
 * envelope once. Each service's consumers get the same envelope twice here, from the principal
 * that owns it, and their effect is counted.
 */
describe('every consumer applies a repeated envelope once (real processes and broker)', () => {
  const w = new FaultWorld();
  beforeAll(() => w.start(), 180000);
  afterAll(() => w.stop());

  const sendTwice = async (principal: string, topic: string, e: EventEnvelope) => {
    const producer = testKafka(`twice-${principal}`, principal).producer();
    await producer.connect();
    try {
      for (let i = 0; i < 2; i++)
        await producer.send({
          topic: `${w.env.prefix}${topic}`,
          messages: [{ key: e.subjectId, value: JSON.stringify(e) }],
        });
    } finally {
      await producer.disconnect();
    }
  };
  const count = async (sql: string, params: unknown[]) =>
    (await w.db.query<{ n: number }>(sql, params)).rows[0]!.n;

  it('payments bills a student announced twice once', async () => {
    const studentId = randomUUID();
    const e = w.studentEnrolled(studentId);
    await sendTwice('enrollment', Topics.enrollmentStudents, e);
    const invoices = `SELECT count(*)::int AS n FROM "${w.schema('payments')}".invoice WHERE student_id = $1`;
    await waitFor(async () => (await count(invoices, [studentId])) > 0, {
      description: 'the invoice',
    });
    await sleep(2000); // the second copy has had time to arrive
    expect(await count(invoices, [studentId])).toBe(1);
  });

  it('enrollment records a portal application delivered twice once', async () => {
    const externalId = randomUUID();
    await sendTwice(
      TestPrincipals.portal,
      Topics.enrollmentApplicationIntake,
      w.portalApplication('022220123456', externalId),
    );
    const rows = `SELECT count(*)::int AS n FROM "${w.schema('enrollment')}".application WHERE external_id = $1`;
    await waitFor(async () => (await count(rows, [externalId])) > 0, {
      description: 'the application',
    });
    await sleep(2000);
    expect(await count(rows, [externalId])).toBe(1);
  });

  it('the KPI projection counts an application event sent again once', async () => {
    const kpi = async () =>
      (
        await callApi(
          w.url('kpi-aggregator'),
          'GET',
          `/indicators/ENR-LIVE-ONLINE/values?orgUnitId=${w.ids.QN}&period=2026-2027`,
          w.province,
        )
      ).body?.orgUnit?.total as { numerator: number; denominator: number } | undefined;
    // The portal application above reached the projection: its event is on the topic.
    const recorded = await waitFor(
      async () => {
        const events = await readTopic(w, Topics.enrollmentApplications);
        const e = events.find((x) => x.type === EventTypes.applicationRecorded.type);
        const total = await kpi();
        return e && total?.denominator === 1 ? e : undefined;
      },
      { timeoutMs: 60000, description: 'the application in the KPI projection' },
    );
    // Enrollment's relay sending it again (the same envelope, the same id).
    await sendTwice('enrollment', Topics.enrollmentApplications, recorded);
    await sleep(3000);
    expect(await kpi()).toMatchObject({ numerator: 1, denominator: 1 });
  });
});
