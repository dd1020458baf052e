import { randomInt, randomUUID } from 'node:crypto';
import { KafkaMessage } from 'kafkajs';
import { EventEnvelope, EventTypes, Topics } from '@qn/contracts';
import { callApi, sleep, testKafka, waitFor } from '@qn/testing';
import { FaultWorld, PORTAL_SOURCE, SERVICES } from './fault-world';

/** What one burst asked for and what its clients were told. */
export interface Burst {
  /** Families applying online: personal id → the application id they were answered with. */
  online: Map<string, string | undefined>;
  /** Portal submissions the broker acknowledged: external id → personal id. */
  portal: Map<string, string>;
  /** Portal submissions the portal could not hand to the broker (it would resend them). */
  portalUnsent: number;
  /** Cash payments at the desk: student → the payment id they were answered with. */
  cash: Map<string, string | undefined>;
  /** HTTP attempts in all (first tries and retries). */
  attempts: number;
  /** The longest single HTTP attempt (a dependency without timeouts shows here). */
  slowestMs: number;
}

/**
 * A 12-digit personal id of a girl born in 2020 (century-and-gender digit 2, year 20), unique in
 * this run: drawn at random, two of the long suite's ~2,600 children would share one (a second
 * application for the same child, rightly refused).
 */
let nextChild = randomInt(0, 500_000);
const childId = () => `0222${'20'}${String(nextChild++ % 1_000_000).padStart(6, '0')}`;

/**
 * A desk or family client: the same Idempotency-Key and body until an answer that is not
 * "try again" (connection refused or reset, 5xx, 429). Any other refusal fails the test. Gives up
 * after the deadline (the request then counts as not acknowledged).
 */
async function untilAnswered(
  w: FaultWorld,
  burst: Burst,
  url: string,
  path: string,
  token: string,
  body: unknown,
  deadline: number,
): Promise<Record<string, unknown> | undefined> {
  const key = randomUUID();
  while (Date.now() < deadline) {
    burst.attempts++;
    const started = Date.now();
    const r = await callApi(url, 'POST', path, token, body, { 'idempotency-key': key }).catch(
      () => undefined,
    );
    burst.slowestMs = Math.max(burst.slowestMs, Date.now() - started);
    if (r && r.status >= 200 && r.status < 300) return r.body as Record<string, unknown>;
    if (r && r.status < 500 && r.status !== 429)
      throw new Error(`${path}: ${r.status} ${JSON.stringify(r.body)}`);
    await sleep(200 + randomInt(0, 200));
  }
  return undefined;
}

/**
 * Runs a burst while `fault` does its damage: families apply online, the portal sends
 * applications over Kafka, the desk takes cash for `invoices`' students, spread over `spreadMs`.
 */
export async function burst(
  w: FaultWorld,
  sizes: { online: number; portal: number; cash: number },
  invoices: Map<string, string>,
  spreadMs: number,
  fault: () => Promise<void>,
): Promise<Burst> {
  const b: Burst = {
    online: new Map(),
    portal: new Map(),
    portalUnsent: 0,
    cash: new Map(),
    attempts: 0,
    slowestMs: 0,
  };
  const deadline = Date.now() + spreadMs + 120_000;
  const family = await w.env.token('family', null, `faults-family-${randomUUID()}`);
  const onlineClients = Array.from({ length: sizes.online }, async () => {
    await sleep(randomInt(0, spreadMs));
    const pid = childId();
    b.online.set(pid, undefined);
    const answer = await untilAnswered(
      w,
      b,
      w.url('enrollment'),
      `/rounds/${w.roundId}/applications`,
      family,
      {
        applicant: {
          personalId: pid,
          fullName: 'Người Thử Lỗi',
          dateOfBirth: '2020-02-02',
          residenceOrgUnitId: w.ids.W1,
        },
        wishes: [w.ids['TH-A']],
        priorityCategories: [],
      },
      deadline,
    );
    b.online.set(pid, answer?.applicationId as string | undefined);
  });
  const producer = await w.portalProducer();
  const portalClients = Array.from({ length: sizes.portal }, async () => {
    await sleep(randomInt(0, spreadMs));
    const pid = childId();
    const externalId = randomUUID();
    const e = w.portalApplication(pid, externalId);
    // A portal resends what the broker did not acknowledge (the same submission, same id).
    while (Date.now() < deadline) {
      try {
        await producer.send({
          topic: `${w.env.prefix}${Topics.enrollmentApplicationIntake}`,
          messages: [{ key: e.subjectId, value: JSON.stringify(e) }],
        });
        b.portal.set(externalId, pid);
        return;
      } catch {
        await sleep(500);
      }
    }
    b.portalUnsent++;
  });
  const students = [...invoices.keys()].slice(0, sizes.cash);
  const cashClients = students.map(async (studentId) => {
    await sleep(randomInt(0, spreadMs));
    b.cash.set(studentId, undefined);
    const answer = await untilAnswered(
      w,
      b,
      w.url('payments'),
      `/invoices/${invoices.get(studentId)}/cash-payments`,
      w.staff,
      { amount: '150.000' },
      deadline,
    );
    b.cash.set(studentId, answer?.paymentId as string | undefined);
  });
  await Promise.all([fault(), ...onlineClients, ...portalClients, ...cashClients]);
  return b;
}

/** Every message of a topic up to its current end. */
export async function readTopic(w: FaultWorld, topic: string): Promise<EventEnvelope[]> {
  const full = `${w.env.prefix}${topic}`;
  const kafka = testKafka();
  const admin = kafka.admin();
  await admin.connect();
  const ends = await admin.fetchTopicOffsets(full).finally(() => admin.disconnect());
  const wanted = ends.reduce((n, p) => n + Number(p.high) - Number(p.low), 0);
  const consumer = kafka.consumer({
    groupId: `${w.env.prefix}faults-reader-${randomUUID()}`,
    sessionTimeout: 6000,
    heartbeatInterval: 500,
  });
  await consumer.connect();
  await consumer.subscribe({ topic: full, fromBeginning: true });
  const got: EventEnvelope[] = [];
  await consumer.run({
    eachMessage: async ({ message }: { message: KafkaMessage }) =>
      void got.push(JSON.parse(message.value!.toString())),
  });
  try {
    await waitFor(() => got.length >= wanted, { timeoutMs: 30000, description: full });
  } finally {
    await consumer.disconnect();
  }
  return got;
}

/** Every consumer group of this deployment that has not read its topics to the end. */
export async function consumerLag(w: FaultWorld): Promise<string[]> {
  const admin = testKafka().admin();
  await admin.connect();
  try {
    const groups = (await admin.listGroups()).groups
      .map((g) => g.groupId)
      // The services' groups (the suite's own readers are not consumers of the platform).
      .filter((g) => g.startsWith(w.env.prefix) && !g.includes('faults-reader'));
    const behind: string[] = [];
    for (const groupId of groups)
      for (const { topic, partitions } of await admin.fetchOffsets({ groupId })) {
        const ends = new Map(
          (await admin.fetchTopicOffsets(topic)).map((p) => [p.partition, BigInt(p.high)]),
        );
        for (const p of partitions) {
          const committed = BigInt(p.offset === '-1' ? '0' : p.offset);
          const lag = (ends.get(p.partition) ?? 0n) - committed;
          if (lag > 0n) behind.push(`${groupId} is ${lag} behind on ${topic}[${p.partition}]`);
        }
      }
    return behind;
  } finally {
    await admin.disconnect();
  }
}

/** What a burst left behind, counted in PostgreSQL, on Kafka and in the KPI projection. */
export interface Verdict {
  requests: number;
  acknowledged: number;
  effects: number;
  duplicates: number;
  lost: number;
  /** Acknowledged portal submissions with no application (yet): lost if it stays so. */
  unrecorded: number;
  /** Things still not settled (outboxes, lag, KPI) — empty once recovered. */
  pending: string[];
}

export async function verdict(w: FaultWorld, b: Burst): Promise<Verdict> {
  const pending: string[] = [];
  const en = w.schema('enrollment');
  const pay = w.schema('payments');
  let effects = 0;
  let duplicates = 0;
  let lost = 0;

  const online = [...b.online.entries()].filter(([, id]) => id !== undefined);
  const onlineRows = await w.db.query<{ id: string }>(
    `SELECT id::text FROM "${en}".application WHERE id = ANY($1::uuid[])`,
    [online.map(([, id]) => id)],
  );
  effects += onlineRows.rowCount ?? 0;
  lost += online.length - (onlineRows.rowCount ?? 0);

  const portalRows = await w.db.query<{ external_id: string; n: number }>(
    `SELECT external_id, count(*)::int AS n FROM "${en}".application
      WHERE source = $1 AND external_id = ANY($2::text[]) GROUP BY external_id`,
    [PORTAL_SOURCE, [...b.portal.keys()]],
  );
  effects += portalRows.rows.reduce((n, r) => n + r.n, 0);
  duplicates += portalRows.rows.reduce((n, r) => n + r.n - 1, 0);
  const portalMissing = b.portal.size - portalRows.rows.length;
  if (portalMissing) pending.push(`${portalMissing} portal applications not recorded yet`);

  const cash = [...b.cash.entries()].filter(([, id]) => id !== undefined);
  const cashRows = await w.db.query<{ student_id: string; ids: string[] }>(
    `SELECT student_id::text, array_agg(id::text) AS ids FROM "${pay}".payment
      WHERE channel = 'cash' AND student_id = ANY($1::uuid[]) GROUP BY student_id`,
    [[...b.cash.keys()]],
  );
  const paid = new Map(cashRows.rows.map((r) => [r.student_id, r.ids]));
  for (const [studentId, paymentId] of b.cash) {
    const ids = paid.get(studentId) ?? [];
    effects += ids.length;
    duplicates += Math.max(0, ids.length - 1);
    if (paymentId !== undefined && !ids.includes(paymentId)) lost++;
  }

  // Applications of one child in the round: one (the unique index), whatever the retries.
  const perChild = await w.db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM "${en}".application WHERE round_id = $1 AND status = 'active'
      GROUP BY applicant_hash HAVING count(*) > 1`,
    [w.roundId],
  );
  duplicates += perChild.rows.reduce((n, r) => n + r.n - 1, 0);

  for (const s of SERVICES) {
    const { rows } = await w.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM "${w.schema(s)}".outbox`,
    );
    if (rows[0]!.n > 0) pending.push(`${s} outbox holds ${rows[0]!.n}`);
  }
  pending.push(...(await consumerLag(w)));

  // One event per effect (an envelope resent by the relay keeps its id: consumers dedupe it).
  const applicationEvents = await readTopic(w, Topics.enrollmentApplications);
  const recorded = applicationEvents.filter((e) => e.type === EventTypes.applicationRecorded.type);
  const envelopesPerApplication = new Map<string, Set<string>>();
  for (const e of recorded) {
    const id = (e.data as { applicationId: string }).applicationId;
    envelopesPerApplication.set(id, (envelopesPerApplication.get(id) ?? new Set()).add(e.id));
  }
  for (const ids of envelopesPerApplication.values()) duplicates += ids.size - 1;
  const paymentEvents = await readTopic(w, Topics.paymentsPayments);
  const envelopesPerPayment = new Map<string, Set<string>>();
  for (const e of paymentEvents.filter((x) => x.type === EventTypes.paymentReceived.type)) {
    const id = (e.data as { paymentId: string }).paymentId;
    envelopesPerPayment.set(id, (envelopesPerPayment.get(id) ?? new Set()).add(e.id));
  }
  for (const ids of envelopesPerPayment.values()) duplicates += ids.size - 1;
  for (const [, paymentId] of cash)
    if (!envelopesPerPayment.has(paymentId!)) pending.push(`payment ${paymentId} not on Kafka yet`);

  // The KPI projection equals a recomputation from the raw events on the topic.
  const live = new Map<string, string>();
  for (const e of recorded) {
    const d = e.data as { applicationId: string; channel: string; roundId: string };
    if (d.roundId === w.roundId) live.set(d.applicationId, d.channel);
  }
  const expected = {
    numerator: [...live.values()].filter((c) => c === 'online' || c === 'portal').length,
    denominator: live.size,
  };
  const kpi = await callApi(
    w.url('kpi-aggregator'),
    'GET',
    `/indicators/ENR-LIVE-ONLINE/values?orgUnitId=${w.ids.QN}&period=2026-2027`,
    w.province,
  ).catch(() => undefined);
  const total = (kpi?.body as { orgUnit?: { total?: { numerator: number; denominator: number } } })
    ?.orgUnit?.total;
  if (total?.numerator !== expected.numerator || total?.denominator !== expected.denominator)
    pending.push(
      `KPI ${JSON.stringify(total ?? kpi?.status)} ≠ recomputed ${JSON.stringify(expected)}`,
    );

  return {
    requests: b.online.size + b.portal.size + b.portalUnsent + b.cash.size,
    acknowledged: online.length + b.portal.size + cash.length,
    effects,
    duplicates,
    lost,
    unrecorded: portalMissing,
    pending,
  };
}
