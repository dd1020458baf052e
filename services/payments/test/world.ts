import { KafkaMessage, Producer } from 'kafkajs';
import { randomBytes, randomUUID } from 'node:crypto';
import {
  EventEnvelope,
  EventTypes,
  GuardianLinkedV1,
  newEvent,
  platformCatalog,
  PreviousEventTypes,
  StudentEnrolledV1,
  StudentEnrolledV2,
  StudentLeftV1,
  Topics,
  TransferCompletedV1,
} from '@qn/contracts';
import { callApi, PlatformEnv, testPort, ServiceProcess, testKafka, waitFor } from '@qn/testing';
import { demoProvinceCatalogue, DEMO_SCHOOL_YEAR } from '../demo/demo-catalogue';

/**
 * The payments service as its own process on a test database and topic prefix. Enrollment is
 * played by a Kafka producer publishing its real event contracts (validated by the catalogue),
 * the gateways and the bank by the simulator ((demo/simulator)).
 */
export class PaymentsWorld {
  readonly env = new PlatformEnv();
  readonly url: string;
  readonly keys = {
    tmnCode: 'QNEDU001',
    hashSecret: randomBytes(32).toString('hex'),
    partnerCode: 'MOMOQNEDU',
    accessKey: 'qnedu-access',
    secretKey: randomBytes(32).toString('hex'),
  };
  service!: ServiceProcess;
  province!: string;
  private producer?: Producer;
  private readonly port: number;

  constructor() {
    this.port = testPort();
    this.url = `http://127.0.0.1:${this.port}`;
  }

  async start(extra: Record<string, string> = {}): Promise<void> {
    await this.env.setUp();
    this.service = new ServiceProcess(
      'payments',
      this.env.envFor('payments', this.port, {
        VNPAY_TMN_CODE: this.keys.tmnCode,
        VNPAY_HASH_SECRET: this.keys.hashSecret,
        MOMO_PARTNER_CODE: this.keys.partnerCode,
        MOMO_ACCESS_KEY: this.keys.accessKey,
        MOMO_SECRET_KEY: this.keys.secretKey,
        ...extra,
      }),
    ).start();
    await this.service.ready(this.url);
    this.province = await this.env.token('province');
    // Publishes enrollment's events as enrollment does: with its principal.
    this.producer = testKafka('payments-test-enrollment', 'enrollment').producer();
    await this.producer.connect();
    const r = await this.write(
      'PUT',
      `/fee-catalogues/${DEMO_SCHOOL_YEAR}`,
      this.province,
      demoProvinceCatalogue,
    );
    if (r.status !== 200) throw new Error(`catalogue: ${JSON.stringify(r.body)}`);
  }

  async stop(): Promise<void> {
    await this.producer?.disconnect().catch(() => undefined);
    await this.service?.stop();
    await this.env.tearDown();
  }

  call(
    method: string,
    path: string,
    token: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ) {
    return callApi(this.url, method, path, token, body, headers);
  }

  /** A write with a fresh Idempotency-Key. */
  write(method: string, path: string, token: string, body?: unknown) {
    return this.call(method, path, token, body, { 'idempotency-key': randomUUID() });
  }

  /** Publishes enrollment events as the enrollment service would (same topic, key, schema). */
  async publish(events: EventEnvelope[]): Promise<void> {
    for (const e of events) {
      const v = platformCatalog.validate(e);
      if (!v.ok) throw new Error(`invalid test event: ${JSON.stringify(v.issues)}`);
    }
    await this.producer!.send({
      topic: `${this.env.prefix}${Topics.enrollmentStudents}`,
      messages: events.map((e) => ({ key: e.subjectId, value: JSON.stringify(e) })),
    });
  }

  /**
   * Publishes events as the service that owns them would, to the topic the catalogue routes them
   * to (the org tree as the registry: each principal may write its own topics only).
   */
  async publishRouted(events: EventEnvelope[]): Promise<void> {
    for (const source of new Set(events.map((e) => e.source))) {
      const producer = testKafka(`payments-test-${source}`, source).producer();
      await producer.connect();
      try {
        for (const e of events.filter((x) => x.source === source)) {
          platformCatalog.assertValid(e);
          const { topic, key } = platformCatalog.route(e);
          await producer.send({
            topic: `${this.env.prefix}${topic}`,
            messages: [{ key, value: JSON.stringify(e) }],
          });
        }
      } finally {
        await producer.disconnect();
      }
    }
  }

  /** `student.enrolled` as enrollment publishes it now (v2). */
  enrolled(d: Partial<StudentEnrolledV2> & { studentId: string; schoolId: string }) {
    return newEvent<StudentEnrolledV2>({
      ...EventTypes.studentEnrolled,
      source: 'enrollment',
      subjectId: d.studentId,
      orgUnitId: d.schoolId,
      data: {
        grade: 1,
        classId: null,
        className: null,
        schoolYear: DEMO_SCHOOL_YEAR,
        segment: 'urban',
        reason: 'admission',
        enrolledOn: '2025-09-05',
        ...d,
      },
    });
  }

  /** A `student.enrolled` v1, as still on the topic from before v2. */
  enrolledV1(d: Partial<StudentEnrolledV1> & { studentId: string; schoolId: string }) {
    return newEvent<StudentEnrolledV1>({
      ...PreviousEventTypes.studentEnrolledV1,
      source: 'enrollment',
      subjectId: d.studentId,
      orgUnitId: d.schoolId,
      data: {
        grade: 1,
        className: null,
        schoolYear: DEMO_SCHOOL_YEAR,
        segment: 'urban',
        reason: 'admission',
        enrolledOn: '2025-09-05',
        ...d,
      },
    });
  }

  /** The student left the school (thôi học) from `leftOn`. */
  left(d: Partial<StudentLeftV1> & { studentId: string; schoolId: string; leftOn: string }) {
    return newEvent<StudentLeftV1>({
      ...EventTypes.studentLeft,
      source: 'enrollment',
      subjectId: d.studentId,
      orgUnitId: d.schoolId,
      data: {
        schoolYear: DEMO_SCHOOL_YEAR,
        grade: 1,
        reason: 'moved-away',
        recordedAt: new Date().toISOString(),
        ...d,
      },
    });
  }

  /** Enrollment announcing a guardian of the student (the family reach in payments). */
  guardianLinked(studentId: string, guardianSubject: string) {
    return newEvent<GuardianLinkedV1>({
      ...EventTypes.guardianLinked,
      source: 'enrollment',
      subjectId: studentId,
      data: {
        studentId,
        guardianSubject,
        basis: 'application',
        linkedAt: new Date().toISOString(),
      },
    });
  }

  transferred(d: TransferCompletedV1) {
    return newEvent<TransferCompletedV1>({
      ...EventTypes.transferCompleted,
      source: 'enrollment',
      subjectId: d.studentId,
      orgUnitId: d.toSchoolId,
      data: d,
    });
  }

  /** The student's account once payments has billed them (`until` says when it is ready). */
  async account(
    studentId: string,
    until: (a: { invoices: Array<Record<string, string>> }) => boolean = (a) =>
      a.invoices.length > 0,
  ) {
    return waitFor(
      async () => {
        const r = await this.call('GET', `/students/${studentId}/account`, this.province);
        return r.status === 200 && until(r.body) ? r.body : undefined;
      },
      { timeoutMs: 30000, description: `account of ${studentId}` },
    );
  }

  /** Reads a topic from the beginning until `until` holds. */
  async messages(topic: string, until: (m: EventEnvelope[]) => boolean): Promise<EventEnvelope[]> {
    const consumer = testKafka().consumer({
      groupId: `${this.env.prefix}reader-${randomUUID()}`,
      sessionTimeout: 6000,
      heartbeatInterval: 500,
    });
    await consumer.connect();
    await consumer.subscribe({ topic: `${this.env.prefix}${topic}`, fromBeginning: true });
    const got: EventEnvelope[] = [];
    await consumer.run({
      eachMessage: async ({ message }: { message: KafkaMessage }) =>
        void got.push(JSON.parse(message.value!.toString())),
    });
    try {
      await waitFor(() => until(got), { timeoutMs: 30000, description: `messages on ${topic}` });
    } finally {
      await consumer.disconnect();
    }
    return got;
  }
}
