/**
 * The payments service under test and its students: started as its own process with default
 * settings, given the province's fee catalogue, and students billed the normal way —
 * `enrollment.student.enrolled` events on Kafka, one term invoice each.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { Producer } from 'kafkajs';
import { EventTypes, newEvent, prefixedTopic, StudentEnrolledV2, Topics } from '@qn/contracts';
import { grantKafkaAccess, TestDatabase, testPort, waitFor } from '@qn/testing';
import { demoProvinceCatalogue } from '../../services/payments/demo/demo-catalogue';
import { benchServiceEnv, startService, StartedProcess } from '../kit/services';
import type { PaymentsBenchOptions } from './options';

export interface BilledInvoice {
  id: string;
  studentId: string;
  paymentCode: string;
}

/** Starts the service on the run's database and prefix, with the gateway keys the callbacks are signed with. */
export async function startPayments(
  o: PaymentsBenchOptions,
  db: TestDatabase,
  prefix: string,
  secret: string,
  keys: { tmnCode: string; hashSecret: string },
): Promise<StartedProcess> {
  await grantKafkaAccess(prefix);
  const port = testPort();
  return startService('payments', {
    ...benchServiceEnv({
      service: 'payments',
      port,
      databaseUrl: db.url,
      schema: 'payments',
      prefix,
      secret,
    }),
    VNPAY_TMN_CODE: keys.tmnCode,
    VNPAY_HASH_SECRET: keys.hashSecret,
    MOMO_SECRET_KEY: randomBytes(32).toString('hex'),
    ...(o.serviceEnv ?? {}),
  });
}

/** The province's fee catalogue for 2025-2026 (the demo one). */
export async function putFeeCatalogue(url: string, provinceToken: string): Promise<void> {
  const put = await fetch(`${url}/fee-catalogues/2025-2026`, {
    method: 'PUT',
    headers: {
      authorization: `Bearer ${provinceToken}`,
      'content-type': 'application/json',
      'idempotency-key': randomUUID(),
    },
    body: JSON.stringify(demoProvinceCatalogue),
  });
  if (!put.ok) throw new Error(`catalogue: ${put.status} ${await put.text()}`);
}

/** Publishes `students` enrolments as enrollment would, and waits until each is billed. */
export async function billStudents(
  o: PaymentsBenchOptions,
  producer: Producer,
  c: Client,
  prefix: string,
): Promise<BilledInvoice[]> {
  o.log(`billing ${o.students} students through enrollment.student.enrolled events`);
  const schools = Array.from({ length: 20 }, () => randomUUID());
  await producer.connect();
  const students = Array.from({ length: o.students }, () => randomUUID());
  for (let i = 0; i < students.length; i += 500) {
    await producer.send({
      topic: prefixedTopic(prefix, Topics.enrollmentStudents),
      messages: students.slice(i, i + 500).map((studentId, k) => {
        const e = enrolled(studentId, schools[k % schools.length]!, k);
        return { key: studentId, value: JSON.stringify(e) };
      }),
    });
  }
  const billStart = Date.now();
  await waitFor(
    async () =>
      (await c.query(`SELECT count(*)::int AS n FROM payments.invoice`)).rows[0].n >= o.students,
    { timeoutMs: 300_000, intervalMs: 500, description: 'students billed' },
  );
  o.log(`billed in ${((Date.now() - billStart) / 1000).toFixed(1)} s`);
  return (
    await c.query(
      `SELECT id, student_id AS "studentId", payment_code AS "paymentCode" FROM payments.invoice`,
    )
  ).rows;
}

function enrolled(studentId: string, schoolId: string, k: number) {
  return newEvent<StudentEnrolledV2>({
    ...EventTypes.studentEnrolled,
    source: 'enrollment',
    subjectId: studentId,
    orgUnitId: schoolId,
    data: {
      studentId,
      schoolId,
      grade: 1 + (k % 12),
      classId: null,
      className: null,
      schoolYear: '2025-2026',
      segment: (['urban', 'rural', 'ethnic-minority-mountain', 'island'] as const)[k % 4]!,
      reason: 'admission',
      enrolledOn: '2025-09-05',
    },
  });
}
