import { randomUUID } from 'node:crypto';
import { Topics } from '@qn/contracts';
import { testKafka, waitFor } from '@qn/testing';
import { demoProvinceCatalogueFor } from '../demo/demo-catalogue';
import { PaymentsWorld } from './world';

type Invoice = Record<string, string>;

/**
 * Learners enrolled by a roster import (every grade 1-12), each new school year (promotion,
 * repetition) and departures, against real PostgreSQL, Redis and Kafka with the service as its
 * own process. Amounts are the demo catalogue's (term 1 of 2025-2026 starts on Fri 5 September:
 * September is 26/30 of a month; health insurance 884.520 once a year).
 */
describe('payments: roster imports, new school years, departures', () => {
  const w = new PaymentsWorld();
  const urban = randomUUID();
  const rural = randomUUID();
  const live = (a: { invoices: Invoice[] }) => a.invoices.filter((i) => i.status !== 'cancelled');

  beforeAll(async () => {
    await w.start();
    const r = await w.write(
      'PUT',
      '/fee-catalogues/2026-2027',
      w.province,
      demoProvinceCatalogueFor('2026-2027'),
    );
    expect(r.status).toBe(200);
  }, 60000);
  afterAll(() => w.stop());

  it('bills learners of every grade 1-12 imported from a roster like admitted ones (v2), and v1 admissions still', async () => {
    const grades = [2, 3, 4, 5, 7, 8, 9, 11, 12];
    const students = grades.map((grade) => ({
      grade,
      studentId: randomUUID(),
      // Upper-secondary learners at the rural school: its tuition (200.000) differs from the others'.
      schoolId: grade >= 10 ? rural : urban,
      segment: grade >= 10 ? ('rural' as const) : ('urban' as const),
    }));
    const admittedV1 = randomUUID();
    await w.publish([
      ...students.map((s) =>
        w.enrolled({ ...s, classId: randomUUID(), className: `${s.grade}A1`, reason: 'roster' }),
      ),
      w.enrolledV1({ studentId: admittedV1, schoolId: urban, grade: 6, reason: 'admission' }),
    ]);
    for (const s of students) {
      const account = await w.account(s.studentId);
      // Urban primary / lower secondary, 300.000 a month: 260.000 + 3 × 300.000 + 884.520.
      // Rural upper secondary, 200.000 a month: 173.333 + 3 × 200.000 + 884.520.
      expect([s.grade, account.invoices]).toEqual([
        s.grade,
        [
          expect.objectContaining({
            periodKey: '2025-2026/HK1',
            schoolId: s.schoolId,
            amount: s.grade >= 10 ? '1657853' : '2044520',
            status: 'open',
          }),
        ],
      ]);
    }
    expect((await w.account(admittedV1)).invoices).toEqual([
      expect.objectContaining({ periodKey: '2025-2026/HK1', amount: '2044520' }),
    ]);

    // Redelivered (new event ids, same enrolments): nothing more is billed.
    await w.publish(students.map((s) => w.enrolled({ ...s, reason: 'roster' })));
    await new Promise((r) => setTimeout(r, 1500));
    for (const s of students) expect((await w.account(s.studentId)).invoices).toHaveLength(1);
  });

  it('confirms an admitted student found on the roster without billing twice', async () => {
    const S = randomUUID();
    await w.publish([w.enrolled({ studentId: S, schoolId: urban, grade: 6 })]);
    await w.account(S);
    await w.publish([
      w.enrolled({
        studentId: S,
        schoolId: urban,
        grade: 6,
        reason: 'roster',
        enrolledOn: '2025-10-01',
      }),
    ]);
    await new Promise((r) => setTimeout(r, 1500));
    expect((await w.account(S)).invoices).toEqual([
      expect.objectContaining({ amount: '2044520', status: 'open' }),
    ]);
  });

  it('bills each new school year at the grade of that year: promotion, repetition, and grade 9 → 10 at a lower and upper secondary school', async () => {
    const promoted = randomUUID();
    const repeating = randomUUID();
    const toUpper = randomUUID();
    await w.publish([
      w.enrolled({ studentId: promoted, schoolId: urban, grade: 3, reason: 'roster' }),
      w.enrolled({ studentId: repeating, schoolId: urban, grade: 4, reason: 'roster' }),
      w.enrolled({
        studentId: toUpper,
        schoolId: rural,
        segment: 'rural',
        grade: 9,
        reason: 'roster',
      }),
    ]);
    for (const s of [promoted, repeating, toUpper]) await w.account(s);
    const nextYear = { schoolYear: '2026-2027', enrolledOn: '2026-09-05' };
    await w.publish([
      w.enrolled({
        studentId: promoted,
        schoolId: urban,
        grade: 4,
        reason: 'promotion',
        ...nextYear,
      }),
      w.enrolled({
        studentId: repeating,
        schoolId: urban,
        grade: 4,
        reason: 'repetition',
        ...nextYear,
      }),
      w.enrolled({
        studentId: toUpper,
        schoolId: rural,
        segment: 'rural',
        grade: 10,
        reason: 'promotion',
        ...nextYear,
      }),
    ]);
    const twoYears = (a: { invoices: Invoice[] }) => live(a).length === 2;
    for (const [s, lastYear, thisYear] of [
      // Staying at the school and level, the enrolment goes on: September 2026 is a whole month
      // (4 × 300.000 + 884.520, health insurance again for the new year).
      [promoted, '2044520', '2084520'],
      [repeating, '2044520', '2084520'],
      // Lower secondary rural 150.000 (130.000 + 450.000 + 884.520); then a new enrolment in upper
      // secondary (200.000) from its first day, Sat 5 September 2026: 173.333 + 600.000 + 884.520.
      [toUpper, '1464520', '1657853'],
    ] as const) {
      const account = await w.account(s, twoYears);
      expect(
        live(account)
          .map((i) => [i.periodKey, i.amount])
          .sort(),
      ).toEqual([
        ['2025-2026/HK1', lastYear],
        ['2026-2027/HK1', thisYear],
      ]);
      // Last year's invoice stands: the new year adds one, cancels nothing.
      expect(account.invoices).toHaveLength(2);
    }
  });

  it('ends the enrolment on leftOn (that day excluded) and re-bills the term prorated, once', async () => {
    const L = randomUUID();
    await w.publish([w.enrolled({ studentId: L, schoolId: urban, grade: 7, reason: 'roster' })]);
    const before = await w.account(L);
    expect(before.invoices[0].amount).toBe('2044520');
    const left = w.left({ studentId: L, schoolId: urban, grade: 7, leftOn: '2025-11-16' });
    await w.publish([left]);
    const after = await w.account(L, (a) => a.invoices.length === 2);
    // September 260.000 + October 300.000 + 15/30 of November 150.000 + health insurance 884.520.
    expect(live(after)).toEqual([
      expect.objectContaining({ periodKey: '2025-2026/HK1', amount: '1594520', schoolId: urban }),
    ]);
    expect(after.invoices.find((i: Invoice) => i.status === 'cancelled').id).toBe(
      before.invoices[0].id,
    );
    // Redelivered, under the same or a new event id: nothing changes.
    await w.publish([
      left,
      w.left({ studentId: L, schoolId: urban, grade: 7, leftOn: '2025-11-16' }),
    ]);
    await new Promise((r) => setTimeout(r, 1500));
    expect((await w.account(L)).invoices).toHaveLength(2);
  });

  it('dead-letters a departure from a school the student never attended, with the reason', async () => {
    const N = randomUUID();
    await w.publish([w.enrolled({ studentId: N, schoolId: urban, grade: 2, reason: 'roster' })]);
    await w.account(N);
    const bad = w.left({ studentId: N, schoolId: rural, grade: 2, leftOn: '2025-11-16' });
    await w.publish([bad]);
    const consumer = testKafka('payments-test-dlq').consumer({
      groupId: `${w.env.prefix}dlq-watch-${randomUUID()}`,
    });
    await consumer.connect();
    await consumer.subscribe({
      topic: `${w.env.prefix}${Topics.enrollmentStudents}.dlq`,
      fromBeginning: true,
    });
    const dead: Array<{ id: string; reason: string }> = [];
    await consumer.run({
      eachMessage: async ({ message }) =>
        void dead.push({
          id: (JSON.parse(message.value!.toString()) as { id: string }).id,
          reason: message.headers?.['x-dlq-reason']?.toString() ?? '',
        }),
    });
    try {
      await waitFor(() => dead.some((d) => d.id === bad.id), {
        timeoutMs: 30000,
        description: 'the departure on the DLQ',
      });
    } finally {
      await consumer.disconnect();
    }
    expect(dead.find((d) => d.id === bad.id)!.reason).toBe(
      `rejected: not-enrolled: never enrolled at ${rural}`,
    );
    expect(live(await w.account(N))).toEqual([expect.objectContaining({ amount: '2044520' })]);
  });
});
