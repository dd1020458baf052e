import { Producer } from 'kafkajs';
import {
  EventEnvelope,
  newEvent,
  OrgUnitChangedV1,
  platformCatalog,
  RoundClosedV1,
  ApplicationRecordedV1,
} from '@qn/contracts';
import {
  callApi,
  orgUnitChanged,
  PlatformEnv,
  testPort,
  ServiceProcess,
  testKafka,
  waitFor,
} from '@qn/testing';
import { v7 as uuidv7 } from 'uuid';

/**
 * The kpi-aggregator as its own process on a test database and topic prefix, with a producer
 * that publishes events built with the platform's contracts (validated like the producers do),
 * so the test plays the registry and the enrollment service.
 */
/** An API answer read field by field in tests. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;

export class KpiWorld {
  readonly env = new PlatformEnv();
  readonly url: string;
  kpi!: ServiceProcess;
  province!: string;
  producer!: Producer;
  private readonly port: number;

  constructor(private kpiEnv: Record<string, string> = {}) {
    this.port = testPort();
    this.url = `http://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    await this.env.setUp();
    this.producer = testKafka('kpi-test-producer').producer({ allowAutoTopicCreation: false });
    await this.producer.connect();
    await this.startService();
    this.province = await this.env.token('province');
  }

  async startService(extraEnv: Record<string, string> = {}): Promise<void> {
    this.kpiEnv = { ...this.kpiEnv, ...extraEnv };
    this.kpi = new ServiceProcess(
      'kpi-aggregator',
      this.env.envFor('kpi-aggregator', this.port, this.kpiEnv),
    ).start();
    await this.kpi.ready(this.url);
  }

  async stop(): Promise<void> {
    await this.producer?.disconnect().catch(() => undefined);
    await this.kpi?.stop();
    await this.env.tearDown();
  }

  async publish(events: EventEnvelope[]): Promise<void> {
    const byTopic = new Map<string, Array<{ key: string; value: string }>>();
    for (const e of events) {
      platformCatalog.assertValid(e);
      const { topic, key } = platformCatalog.route(e);
      const list = byTopic.get(topic) ?? [];
      list.push({ key, value: JSON.stringify(e) });
      byTopic.set(topic, list);
    }
    for (const [topic, messages] of byTopic)
      for (let i = 0; i < messages.length; i += 1000)
        await this.producer.send({
          topic: `${this.env.prefix}${topic}`,
          acks: -1,
          messages: messages.slice(i, i + 1000),
        });
  }

  call(path: string, token = this.province, method = 'GET') {
    return callApi(this.url, method, path, token);
  }

  /** Polls an API path until `ok` holds for the body; returns the body. */
  async until<T = Json>(path: string, ok: (body: Json) => boolean, timeoutMs = 30000): Promise<T> {
    let last: unknown;
    return waitFor(
      async () => {
        const r = await this.call(path);
        last = r.body;
        return r.status === 200 && ok(r.body) ? (r.body as T) : undefined;
      },
      { timeoutMs, intervalMs: 200, description: `${path}` },
    ).catch((e: Error) => {
      throw new Error(
        `${e.message}\nlast answer: ${JSON.stringify(last)}\n${this.kpi.logs.slice(-3000)}`,
      );
    });
  }
}

// ---------------------------------------------------------------------------------------------
// Events built with the contracts

/** An org unit event as the registry publishes it (a school is primary, urban unless said). */
export function orgUnit(
  id: string,
  kind: OrgUnitChangedV1['kind'],
  parentId: string | null,
  opts: {
    segment?: 'urban' | 'rural' | 'ethnic-minority-mountain' | 'island';
    versions?: OrgUnitChangedV1['versions'];
    revision?: number;
  } = {},
): EventEnvelope<OrgUnitChangedV1> {
  return orgUnitChanged(id, kind, parentId, ['primary'], opts);
}

export function roundClosed(
  roundId: string,
  grade: 1 | 6 | 10,
  bySchool: Array<[string, number, number, number]>,
  occurredAt = new Date('2025-07-20T03:00:00Z'),
  schoolYear = '2025-2026',
): EventEnvelope<RoundClosedV1> {
  const sum = (i: 1 | 2 | 3) => bySchool.reduce((a, s) => a + s[i], 0);
  return newEvent({
    type: 'enrollment.round.closed',
    version: 1,
    source: 'enrollment',
    subjectId: roundId,
    occurredAt,
    data: {
      roundId,
      schoolYear,
      grade,
      closedAt: occurredAt.toISOString(),
      applications: sum(1) + sum(2) + sum(3),
      byChannel: { online: sum(1), portal: sum(2), paper: sum(3) },
      bySchool: bySchool.map(([schoolId, online, portal, paper]) => ({
        schoolId,
        online,
        portal,
        paper,
      })),
    },
  });
}

export function applicationRecorded(
  applicationId: string,
  schoolId: string,
  channel: 'online' | 'portal' | 'paper',
  opts: { revision?: number; schoolYear?: string; occurredAt?: Date; roundId?: string } = {},
): EventEnvelope<ApplicationRecordedV1> {
  const at = opts.occurredAt ?? new Date();
  return newEvent({
    type: 'enrollment.application.recorded',
    version: 1,
    source: 'enrollment',
    subjectId: applicationId,
    orgUnitId: schoolId,
    occurredAt: at,
    data: {
      applicationId,
      roundId: opts.roundId ?? '0190a000-0000-7000-8000-00000000f001',
      schoolYear: opts.schoolYear ?? '2025-2026',
      grade: 1,
      channel,
      firstWishSchoolId: schoolId,
      wishes: [schoolId],
      revision: opts.revision ?? 1,
      recordedAt: at.toISOString(),
    },
  });
}

export function applicationWithdrawn(applicationId: string, occurredAt = new Date()) {
  return newEvent({
    type: 'enrollment.application.withdrawn',
    version: 1,
    source: 'enrollment',
    subjectId: applicationId,
    occurredAt,
    data: {
      applicationId,
      roundId: '0190a000-0000-7000-8000-00000000f001',
      withdrawnAt: occurredAt.toISOString(),
    },
  });
}

export const newId = () => uuidv7();

/** A payment as the payments service publishes it (checked against the contract on publish). */
/**
 * `payments.payment.received` v2: `amount` settles one tuition line, unless `lines` says which
 * fee lines (kind, amount) it settled (e.g. health insurance, which the amount shares leave out).
 */
export function paymentReceived(
  schoolId: string,
  segment: string,
  amount: string,
  cashless: boolean,
  opts: {
    schoolYear?: string;
    receivedAt?: string;
    lines?: Array<{ kind: 'tuition' | 'healthInsurance' | 'service'; amount: string }>;
  } = {},
) {
  const invoiceId = newId();
  const lines = opts.lines ?? [{ kind: 'tuition' as const, amount }];
  return newEvent({
    type: 'payments.payment.received',
    version: 2,
    source: 'payments',
    subjectId: newId(),
    orgUnitId: schoolId,
    data: {
      paymentId: newId(),
      studentId: newId(),
      invoiceId,
      paymentCode: 'HP0000000001',
      schoolId,
      segment,
      schoolYear: opts.schoolYear ?? '2025-2026',
      channel: cashless ? 'vietqr' : 'cash',
      cashless,
      currency: 'VND',
      amount,
      appliedAmount: amount,
      creditAmount: '0',
      receivedAt: opts.receivedAt ?? '2025-10-15T03:00:00.000Z',
      externalReference: null,
      reconciled: false,
      settledLines: lines.map((l, i) => ({
        invoiceId,
        feeCode: `${l.kind.toUpperCase()}-${i + 1}`,
        feeName: l.kind === 'healthInsurance' ? 'Bảo hiểm y tế học sinh' : 'Học phí',
        kind: l.kind,
        periodKey: `${opts.schoolYear ?? '2025-2026'}/HK1`,
        amount: l.amount,
      })),
    },
  });
}

/** `payments.collection-account.set` v1: the school can be paid cashless from `setAt`. */
export function collectionAccountSet(schoolId: string, setAt = '2025-09-01T03:00:00.000Z') {
  return newEvent({
    type: 'payments.collection-account.set',
    version: 1,
    source: 'payments',
    subjectId: schoolId,
    orgUnitId: schoolId,
    data: { schoolId, bankBin: '970415', setAt },
  });
}

/**
 * A small province for the dashboard and report tests: the province, a ward with an urban school
 * and a commune with an ethnic-minority-mountain school, in force since the 2025 merger. Its ids,
 * and the registry events that make it.
 */
export function smallProvince() {
  const ids = {
    province: newId(),
    ward: newId(),
    commune: newId(),
    urbanSchool: newId(),
    mountainSchool: newId(),
  };
  const since2025 = (parentId: string, name: string) => ({
    versions: [{ validFrom: '2025-07-01', validTo: null, parentId, name }],
  });
  const events = [
    orgUnit(ids.province, 'province', null, {
      versions: [
        { validFrom: '1963-10-30', validTo: null, parentId: null, name: 'Tỉnh Quảng Ninh' },
      ],
    }),
    orgUnit(ids.ward, 'ward', ids.province, since2025(ids.province, 'Phường Hồng Gai')),
    orgUnit(ids.commune, 'commune', ids.province, since2025(ids.province, 'Xã Ba Chẽ')),
    orgUnit(ids.urbanSchool, 'school', ids.ward, { segment: 'urban' }),
    orgUnit(ids.mountainSchool, 'school', ids.commune, { segment: 'ethnic-minority-mountain' }),
  ];
  return { ...ids, events };
}
