import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { EventEnvelope, EventTypes, Topics } from '@qn/contracts';
import { callApi, sleep } from '@qn/testing';
import { PaymentsWorld } from './world';

/**
 * Fault: `kill -9` of the payments service during a burst of cash payments, each client
 * retrying with its Idempotency-Key until it gets an answer (as a school desk's software does).
 * Every request has exactly one effect (one payment, one payment event) and every retry gets the
 * first answer, including those whose first attempt committed just before the crash.
 */
describe('payments survives kill -9 in a burst: one effect per Idempotency-Key', () => {
  const w = new PaymentsWorld();
  const school = randomUUID();
  const students = Array.from({ length: 40 }, () => randomUUID());
  let staff: string;
  let db: Client;

  beforeAll(async () => {
    await w.start();
    db = new Client({ connectionString: w.env.db.url });
    await db.connect();
    staff = await w.env.token('school-staff', school, 'thu-ngan-crash');
    await w.publish(students.map((studentId) => w.enrolled({ studentId, schoolId: school })));
    for (const s of students) await w.account(s);
  }, 120000);
  afterAll(async () => {
    await db?.end();
    await w.stop();
  });

  it('books each cash payment once and answers every retry with the first answer', async () => {
    const invoices = new Map<string, string>();
    for (const s of students) invoices.set(s, (await w.account(s)).invoices[0]!.id);
    const attempts = new Map<string, number>();

    /** A desk client: same key and body until an answer other than "try again" arrives. */
    const desk = async (studentId: string) => {
      await sleep(Math.random() * 1500);
      const key = randomUUID();
      const deadline = Date.now() + 90000;
      for (;;) {
        attempts.set(studentId, (attempts.get(studentId) ?? 0) + 1);
        const r = await callApi(
          w.url,
          'POST',
          `/invoices/${invoices.get(studentId)}/cash-payments`,
          staff,
          { amount: '250.000' },
          { 'idempotency-key': key },
        ).catch(() => undefined); // connection refused or reset: the service is down
        if (r && r.status === 201) return { studentId, answer: r.body as { paymentId: string } };
        if (r && r.status < 500 && r.status !== 409)
          throw new Error(`unexpected ${r.status}: ${JSON.stringify(r.body)}`);
        if (Date.now() > deadline) throw new Error(`no answer for ${studentId}`);
        await sleep(150);
      }
    };

    const schema = w.env.roles['payments']!.schema;
    const burst = Promise.all(students.map(desk));
    // Two crashes in the middle of the burst, each followed by a restart. Before each, the
    // idempotency table is locked for a moment (PostgreSQL slow on it): requests whose effect is
    // done pile up waiting to record their answer, which is the window a crash must not turn
    // into a second effect.
    for (const at of [400, 600]) {
      await sleep(at);
      await db.query('BEGIN');
      await db.query(`LOCK TABLE "${schema}".idempotency_record IN SHARE ROW EXCLUSIVE MODE`);
      await sleep(400);
      await w.service.stop('SIGKILL');
      await db.query('ROLLBACK');
      w.service.start();
      await w.service.ready(w.url);
    }
    const answers = await burst;
    // Some requests really were cut by the crashes (else the test proves nothing).
    expect([...attempts.values()].some((n) => n > 1)).toBe(true);

    {
      const { rows } = await db.query<{ student_id: string; ids: string[] }>(
        `SELECT student_id, array_agg(id::text) AS ids FROM "${schema}".payment
          WHERE channel = 'cash' AND student_id = ANY($1::uuid[]) GROUP BY student_id`,
        [students],
      );
      const paid = new Map(rows.map((r) => [r.student_id, r.ids]));
      for (const { studentId, answer } of answers)
        expect(paid.get(studentId)).toEqual([answer.paymentId]);
    }

    // One payment event per payment (the relay may resend an envelope after a crash: the same id).
    const paymentIds = new Set(answers.map((a) => a.answer.paymentId));
    const events = await w.messages(Topics.paymentsPayments, (m) =>
      [...paymentIds].every((id) => m.some((e) => paymentIdOf(e) === id)),
    );
    for (const id of paymentIds) {
      const envelopes = new Set(events.filter((e) => paymentIdOf(e) === id).map((e) => e.id));
      expect(envelopes.size).toBe(1);
    }
  }, 180000);
});

const paymentIdOf = (e: EventEnvelope) =>
  e.type === EventTypes.paymentReceived.type
    ? (e.data as { paymentId?: string }).paymentId
    : undefined;
