import { execFileSync } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { Client } from 'pg';
import { Producer } from 'kafkajs';
import { EventEnvelope, EventTypes, newEvent, StudentEnrolledV2, Topics } from '@qn/contracts';
import {
  callApi,
  createOrgUnit,
  PlatformEnv,
  redisUrl,
  REPO_ROOT,
  ServiceProcess,
  TcpProxy,
  testKafka,
  testPort,
  TestPrincipals,
  waitFor,
} from '@qn/testing';
import {
  demoProvinceCatalogue,
  DEMO_SCHOOL_YEAR,
} from '../../services/payments/demo/demo-catalogue';
import { writeExtendedCatalogue } from '../../services/kpi-aggregator/test/catalogue-fixture';

export type ServiceName = 'registry' | 'enrollment' | 'payments' | 'kpi-aggregator';
export const SERVICES: ServiceName[] = ['registry', 'enrollment', 'payments', 'kpi-aggregator'];
/** The outside admission portal's event source (trusted by enrollment here). */
export const PORTAL_SOURCE = 'fault-portal';

/**
 * The whole platform as separate processes on one test database (a PostgreSQL role per
 * service, so connection cuts hit one service only), the shared broker, and Redis through one
 * TCP proxy per service (so a stall or cut hits one service only). Faults are applied to the
 * real things: a process killed with SIGKILL, the broker killed and restarted, a service's
 * PostgreSQL role locked out with its sessions terminated, its Redis proxy stalled or cut.
 */
export class FaultWorld {
  readonly env = new PlatformEnv();
  readonly ports = Object.fromEntries(SERVICES.map((s) => [s, testPort()])) as Record<
    ServiceName,
    number
  >;
  /** Each service's Redis, through its own proxy (set up by `start`). */
  readonly redis = {} as Record<ServiceName, TcpProxy>;
  readonly procs = {} as Record<ServiceName, ServiceProcess>;
  readonly ids: Record<string, string> = {};
  province!: string;
  roundId!: string;
  staff!: string;
  db!: Client;
  private portal?: Producer;

  url(s: ServiceName): string {
    return `http://127.0.0.1:${this.ports[s]}`;
  }

  schema(s: ServiceName): string {
    return this.env.roles[s]!.schema;
  }

  private envOf(s: ServiceName): Record<string, string> {
    const redis = new URL(redisUrl());
    redis.port = String(this.redis[s].port);
    const extra: Record<string, string> = {
      REDIS_URL: redis.toString(),
      // Quick to give up on a dead PostgreSQL connection, so outages are seen at once.
      DB_POOL_SIZE: '10',
    };
    if (s === 'enrollment') extra.TRUSTED_PORTALS = PORTAL_SOURCE;
    if (s === 'payments') {
      extra.VNPAY_HASH_SECRET = randomBytes(32).toString('hex');
      extra.MOMO_SECRET_KEY = randomBytes(32).toString('hex');
    }
    if (s === 'kpi-aggregator') extra.KPI_CATALOGUE_PATH = writeExtendedCatalogue();
    return this.env.envFor(s, this.ports[s], extra);
  }

  async start(): Promise<void> {
    await this.env.setUp();
    const u = new URL(redisUrl());
    for (const s of SERVICES)
      this.redis[s] = await TcpProxy.start({ host: u.hostname, port: Number(u.port || 6379) });
    for (const s of SERVICES) this.procs[s] = new ServiceProcess(s, this.envOf(s)).start();
    await Promise.all(SERVICES.map((s) => this.procs[s].ready(this.url(s))));
    this.db = new Client({ connectionString: this.env.db.url });
    await this.db.connect();
    this.province = await this.env.token('province');
    await this.seed();
  }

  async stop(): Promise<void> {
    await this.portal?.disconnect().catch(() => undefined);
    await Promise.all(SERVICES.map((s) => this.procs[s]?.stop()));
    await Promise.all(SERVICES.map((s) => this.redis[s]?.close()));
    await this.db?.end().catch(() => undefined);
    await this.env.tearDown();
  }

  /** Two schools in a ward, a grade-1 round open for a day, and the fee catalogue. */
  private async seed(): Promise<void> {
    const unit = async (code: string, kind: string, parent: string | null, extra = {}) =>
      (this.ids[code] = await createOrgUnit(
        this.url('registry'),
        this.province,
        code,
        kind,
        parent,
        extra,
      ));
    const school = { school: { levels: ['primary'], segment: 'urban', ownership: 'public' } };
    await unit('QN', 'province', null, { validFrom: '1963-10-30' });
    await unit('W1', 'ward', this.ids.QN!);
    await unit('TH-A', 'school', this.ids.W1!, school);
    await unit('TH-B', 'school', this.ids.W1!, school);
    const round = await callApi(this.url('enrollment'), 'POST', '/rounds', this.province, {
      schoolYear: '2026-2027',
      grade: 1,
      name: 'Lớp 1 — thử lỗi',
      opensAt: new Date(Date.now() - 3600_000).toISOString(),
      closesAt: new Date(Date.now() + 24 * 3600_000).toISOString(),
      maxWishes: 2,
      priorityCategories: [],
    });
    if (round.status !== 201) throw new Error(`round: ${JSON.stringify(round.body)}`);
    this.roundId = round.body.id;
    for (const code of ['TH-A', 'TH-B']) {
      let last: unknown;
      await waitFor(
        async () => {
          const r = await callApi(
            this.url('enrollment'),
            'PUT',
            `/rounds/${this.roundId}/schools/${this.ids[code]}`,
            this.province,
            { capacity: 5000, catchmentOrgUnitIds: [this.ids.W1] },
          );
          last = r.body;
          return r.status === 200;
        },
        { timeoutMs: 30000, description: `${code} in enrollment` },
      ).catch((err: Error) => {
        throw new Error(`${err.message}: ${JSON.stringify(last)}`);
      });
    }
    const catalogue = await callApi(
      this.url('payments'),
      'PUT',
      `/fee-catalogues/${DEMO_SCHOOL_YEAR}`,
      this.province,
      demoProvinceCatalogue,
      { 'idempotency-key': randomUUID() },
    );
    if (catalogue.status !== 200) throw new Error(`catalogue: ${JSON.stringify(catalogue.body)}`);
    this.staff = await this.env.token('school-staff', this.ids['TH-A']!, 'thu-ngan-faults');
  }

  /** Students of school A, enrolled as enrollment announces them; resolves once billed. */
  async enrolStudents(n: number): Promise<Map<string, string>> {
    const students = Array.from({ length: n }, () => randomUUID());
    const producer = testKafka('faults-enrollment', 'enrollment').producer();
    await producer.connect();
    try {
      await producer.send({
        topic: `${this.env.prefix}${Topics.enrollmentStudents}`,
        messages: students.map((studentId) => {
          const e = this.studentEnrolled(studentId);
          return { key: studentId, value: JSON.stringify(e) };
        }),
      });
    } finally {
      await producer.disconnect();
    }
    const invoices = new Map<string, string>();
    await waitFor(
      async () => {
        const { rows } = await this.db.query<{ student_id: string; id: string }>(
          `SELECT DISTINCT ON (student_id) student_id, id FROM "${this.schema('payments')}".invoice
            WHERE student_id = ANY($1::uuid[]) ORDER BY student_id, id`,
          [students],
        );
        for (const r of rows) invoices.set(r.student_id, r.id);
        return invoices.size === n;
      },
      { timeoutMs: 60000, description: 'students billed' },
    );
    return invoices;
  }

  /** Enrollment announcing a student of school A (payments bills it). */
  studentEnrolled(studentId: string): EventEnvelope {
    return newEvent<StudentEnrolledV2>({
      ...EventTypes.studentEnrolled,
      source: 'enrollment',
      subjectId: studentId,
      orgUnitId: this.ids['TH-A']!,
      data: {
        studentId,
        schoolId: this.ids['TH-A']!,
        grade: 1,
        classId: null,
        className: null,
        schoolYear: DEMO_SCHOOL_YEAR,
        segment: 'urban',
        reason: 'admission',
        enrolledOn: '2025-09-05',
      },
    });
  }

  /** The outside portal's producer (its own principal; kafkajs retries while the broker is away). */
  async portalProducer(): Promise<Producer> {
    if (!this.portal) {
      this.portal = testKafka('faults-portal', TestPrincipals.portal).producer({
        retry: { retries: 30, initialRetryTime: 300, maxRetryTime: 3000 },
      });
      await this.portal.connect();
    }
    return this.portal;
  }

  portalApplication(personalId: string, externalId: string): EventEnvelope {
    return newEvent({
      ...EventTypes.applicationSubmitted,
      source: PORTAL_SOURCE,
      subjectId: externalId,
      orgUnitId: this.ids['TH-B']!,
      data: {
        externalId,
        roundId: this.roundId,
        applicant: {
          personalId,
          fullName: 'Người Thử Cổng',
          dateOfBirth: '2020-03-03',
          residenceOrgUnitId: this.ids.W1,
        },
        wishes: [this.ids['TH-B']],
        priorityCategories: [],
        submittedAt: new Date().toISOString(),
      },
    });
  }

  // ---- faults ---------------------------------------------------------------------------------

  async killService(s: ServiceName): Promise<void> {
    await this.procs[s].stop('SIGKILL');
  }

  async restartService(s: ServiceName): Promise<void> {
    this.procs[s].start();
    await this.procs[s].ready(this.url(s), 90000);
  }

  /** The service's PostgreSQL role may not log in, and its open sessions are terminated. */
  async cutDatabase(s: ServiceName): Promise<void> {
    const role = this.env.roles[s]!.role;
    await this.db.query(`ALTER ROLE "${role}" NOLOGIN`);
    await this.db.query(
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = $1`,
      [role],
    );
  }

  async restoreDatabase(s: ServiceName): Promise<void> {
    await this.db.query(`ALTER ROLE "${this.env.roles[s]!.role}" LOGIN`);
  }

  /** kill -9 of the local broker (the fault suite runs alone, nothing else uses it meanwhile). */
  killBroker(): void {
    const pid = execFileSync('bash', [join(REPO_ROOT, 'deploy/kafka/local-kafka.sh'), 'pid'])
      .toString()
      .trim();
    if (!/^\d+$/.test(pid)) throw new Error(`no broker pid: ${pid}`);
    process.kill(Number(pid), 'SIGKILL');
  }

  startBroker(): void {
    execFileSync('bash', [join(REPO_ROOT, 'deploy/kafka/local-kafka.sh'), 'start'], {
      stdio: 'ignore',
    });
  }
}
