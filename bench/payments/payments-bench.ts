/**
 * Payments benchmark (issue 5): "at least 1,000 gateway callbacks/s sustained with p99 under
 * 150 ms and zero double credits when 10% of callbacks are duplicates sent concurrently;
 * reconciliation of a 100,000-line statement in under 30 seconds; the ratio to a bare endpoint
 * measured in the same run".
 *
 * What runs, all on this machine:
 * - its own PostgreSQL database and Kafka topic prefix; the real payments service, built
 *   (`services/payments/dist/main.js`), as its own process with default settings;
 * - students billed the normal way: `enrollment.student.enrolled` events published on Kafka,
 *   the service's consumer bills them (one term invoice each);
 * - gateway orders (one per distinct callback, small amounts so invoices stay open) are inserted
 *   straight into the `gateway_order` table — set-up, not measured;
 * - autocannon sends signed VNPay-style IPNs (GET /gateways/vnpay/ipn, HMAC-SHA512, built by the
 *   service's own simulator): every 10th request repeats the previous callback, which is at that
 *   moment in flight on another connection — a duplicate sent concurrently;
 * - the baseline: a bare NestJS endpoint on the same path (libs/testing bare-nest), its own process, same
 *   requests, same autocannon settings;
 * - reconciliation: a statement of `statementLines` bank transfers to the billed students,
 *   POSTed as text/csv; the time is the HTTP round trip (parse, match, book, queue, event).
 *
 * Checks: answers 00 = payments recorded = distinct callbacks; no order paid twice; Σ payments =
 * Σ amounts of the distinct callbacks; ledger payment entries = payments; every statement line
 * booked once.
 */
import autocannon from 'autocannon';
import { randomBytes, randomUUID } from 'node:crypto';
import { cpus, loadavg } from 'node:os';
import { Client } from 'pg';
import { signDemoToken } from '@qn/auth';
import { EventTypes, newEvent, prefixedTopic, StudentEnrolledV1, Topics } from '@qn/contracts';
import {
  BARE_NEST_ENTRY,
  createTestDatabase,
  deleteTopicsWithPrefix,
  grantKafkaAccess,
  kafkaBrokers,
  kafkaClientEnv,
  testKafka,
  redisUrl,
  ServiceProcess,
  testId,
  TestDatabase,
  waitFor,
  testPort,
} from '@qn/testing';
import {
  statementCsv,
  vnpayIpn,
  vnpayQuery,
} from '../../services/payments/demo/simulator/gateway-simulator';
import { demoProvinceCatalogue } from '../../services/payments/demo/demo-catalogue';

export interface PaymentsBenchOptions {
  connections: number;
  durationSec: number;
  warmupSec: number;
  /** A fixed number of callback requests instead of a duration (the CI smoke). */
  amount?: number;
  students: number;
  /** Share of requests that repeat the previous callback while it is in flight. */
  duplicateShare: number;
  baseline: boolean;
  statementLines: number;
  targetRps: number;
  targetP99Ms: number;
  targetStatementSec: number;
  /** Extra environment of the service process (`--service-env KEY=VALUE`), e.g. for ablations. */
  serviceEnv?: Record<string, string>;
  log: (line: string) => void;
}

export const defaultOptions: PaymentsBenchOptions = {
  connections: 32,
  durationSec: 20,
  warmupSec: 5,
  students: 2000,
  duplicateShare: 0.1,
  baseline: true,
  statementLines: 100_000,
  targetRps: 1000,
  targetP99Ms: 150,
  targetStatementSec: 30,
  log: (line) => process.stderr.write(`[bench:payments] ${line}\n`),
};

export interface LoadFigures {
  requests: number;
  ok2xx: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  durationSec: number;
  rps: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  answers: Record<string, number>;
}

export interface PaymentsBenchResult {
  options: Omit<PaymentsBenchOptions, 'log'>;
  machine: { cores: number; cpu: string; loadavgBefore: number[]; loadavgAfter: number[] };
  warmup?: LoadFigures;
  service: LoadFigures;
  bare?: LoadFigures;
  ratio?: number;
  statement?: { lines: number; seconds: number; booked: number; status: number };
  checks: {
    distinctCallbacks: number;
    duplicatesSent: number;
    confirmed: number;
    payments: number;
    /** Payments no order points at: a second credit for the same callback (must be 0). */
    ordersPaidTwice: number;
    paymentsSum: string;
    expectedSum: string;
    ledgerPaymentEntries: number;
    statementPayments: number;
  };
  pass: {
    throughput: boolean;
    p99: boolean;
    correctness: boolean;
    statement: boolean;
    all: boolean;
  };
}

interface Callback {
  query: string;
  amount: bigint;
  orderId: string;
}

/** Requests in the order sent: every 1/share-th repeats the previous one (the duplicate in flight). */
function sequence(callbacks: Callback[], share: number): { paths: string[] } {
  const every = Math.max(2, Math.round(1 / share));
  const paths: string[] = [];
  for (const c of callbacks) {
    paths.push(`/gateways/vnpay/ipn?${c.query}`);
    if ((paths.length + 1) % every === 0) paths.push(`/gateways/vnpay/ipn?${c.query}`);
  }
  return { paths };
}

function load(
  url: string,
  paths: string[],
  o: { connections: number; durationSec?: number; amount?: number; title: string },
): Promise<{ figures: LoadFigures; sent: number }> {
  let next = 0;
  const answers: Record<string, number> = {};
  return new Promise((resolve, reject) => {
    autocannon(
      {
        title: o.title,
        url,
        connections: o.connections,
        pipelining: 1,
        timeout: 10,
        ...(o.amount ? { amount: o.amount } : { duration: o.durationSec ?? 10 }),
        requests: [
          {
            setupRequest: (req: autocannon.Request) => {
              // Past the end the last path repeats: a duplicate, answered 02, never a credit.
              const path = paths[Math.min(next, paths.length - 1)]!;
              next++;
              return { ...req, method: 'GET', path };
            },
            onResponse: (_status: number, body: string) => {
              const code = /"RspCode":"(\d\d)"/.exec(body)?.[1] ?? 'other';
              answers[code] = (answers[code] ?? 0) + 1;
            },
          } as unknown as autocannon.Request,
        ],
      },
      (err, r) => {
        if (err) return reject(err);
        resolve({
          sent: next,
          figures: {
            requests: r.requests.total,
            ok2xx: r['2xx'],
            non2xx: r.non2xx,
            errors: r.errors,
            timeouts: r.timeouts,
            durationSec: r.duration,
            rps: Math.round(r['2xx'] / r.duration),
            p50: r.latency.p50,
            p90: r.latency.p90,
            p99: r.latency.p99,
            max: r.latency.max,
            answers,
          },
        });
      },
    );
  });
}

export async function runPaymentsBench(
  partial: Partial<PaymentsBenchOptions> = {},
): Promise<PaymentsBenchResult> {
  const o: PaymentsBenchOptions = { ...defaultOptions, ...partial };
  const log = o.log;
  const machine = {
    cores: cpus().length,
    cpu: cpus()[0]?.model ?? '?',
    loadavgBefore: loadavg(),
    loadavgAfter: [] as number[],
  };
  const prefix = `b${testId()}.`;
  const secret = randomBytes(32).toString('hex');
  const keys = { tmnCode: 'QNEDU001', hashSecret: randomBytes(32).toString('hex') };
  let db: TestDatabase | undefined;
  let service: ServiceProcess | undefined;
  let bare: ServiceProcess | undefined;
  // Publishes enrollment's events with enrollment's principal.
  const kafka = testKafka('bench-payments', 'enrollment', { retry: undefined });
  const producer = kafka.producer();
  const pg = () => new Client({ connectionString: db!.url });
  try {
    db = await createTestDatabase('bench');
    await grantKafkaAccess(prefix);
    const port = testPort();
    const url = `http://127.0.0.1:${port}`;
    service = new ServiceProcess('payments', {
      PORT: String(port),
      DATABASE_URL: db.url,
      DB_SCHEMA: 'payments',
      KAFKA_BROKERS: kafkaBrokers().join(','),
      ...kafkaClientEnv('payments'),
      REDIS_URL: redisUrl(),
      TOPIC_PREFIX: prefix,
      AUTH_HMAC_SECRET: secret,
      VNPAY_TMN_CODE: keys.tmnCode,
      VNPAY_HASH_SECRET: keys.hashSecret,
      MOMO_SECRET_KEY: randomBytes(32).toString('hex'),
      LOG_LEVEL: 'warn',
      NODE_OPTIONS: '--disable-warning=TimeoutNegativeWarning',
      // One client sending as fast as it can: the bench measures the service, not the rate limit.
      RATE_LIMIT_PER_ROUTE: '10000000',
      ...(o.serviceEnv ?? {}),
    }).start();
    await service.ready(url);
    const province = await signDemoToken(secret, {
      sub: 'bench',
      roles: ['province'],
      orgUnitId: null,
      issuer: 'qn-edu-local',
      audience: 'qn-edu-platform',
      expiresIn: '2h',
    });
    const put = await fetch(`${url}/fee-catalogues/2025-2026`, {
      method: 'PUT',
      headers: {
        authorization: `Bearer ${province}`,
        'content-type': 'application/json',
        'idempotency-key': randomUUID(),
      },
      body: JSON.stringify(demoProvinceCatalogue),
    });
    if (!put.ok) throw new Error(`catalogue: ${put.status} ${await put.text()}`);

    // Students billed through Kafka, as enrollment would.
    log(`billing ${o.students} students through enrollment.student.enrolled events`);
    const schools = Array.from({ length: 20 }, () => randomUUID());
    await producer.connect();
    const students = Array.from({ length: o.students }, () => randomUUID());
    for (let i = 0; i < students.length; i += 500) {
      await producer.send({
        topic: prefixedTopic(prefix, Topics.enrollmentStudents),
        messages: students.slice(i, i + 500).map((studentId, k) => {
          const e = newEvent<StudentEnrolledV1>({
            ...EventTypes.studentEnrolled,
            source: 'enrollment',
            subjectId: studentId,
            orgUnitId: schools[k % schools.length]!,
            data: {
              studentId,
              schoolId: schools[k % schools.length]!,
              grade: 1 + (k % 12),
              className: null,
              schoolYear: '2025-2026',
              segment: (['urban', 'rural', 'ethnic-minority-mountain', 'island'] as const)[k % 4]!,
              reason: 'admission',
              enrolledOn: '2025-09-05',
            },
          });
          return { key: studentId, value: JSON.stringify(e) };
        }),
      });
    }
    const c = pg();
    await c.connect();
    const billStart = Date.now();
    await waitFor(
      async () =>
        (await c.query(`SELECT count(*)::int AS n FROM payments.invoice`)).rows[0].n >= o.students,
      { timeoutMs: 300_000, intervalMs: 500, description: 'students billed' },
    );
    log(`billed in ${((Date.now() - billStart) / 1000).toFixed(1)} s`);
    const invoices: Array<{ id: string; studentId: string; paymentCode: string }> = (
      await c.query(
        `SELECT id, student_id AS "studentId", payment_code AS "paymentCode" FROM payments.invoice`,
      )
    ).rows;

    // One order per distinct callback, inserted directly (set-up).
    const expected = o.amount ?? Math.ceil(o.targetRps * 3 * (o.durationSec + o.warmupSec));
    const distinct = Math.ceil(expected * (1 - o.duplicateShare)) + 100;
    log(`preparing ${distinct} gateway orders and signed callbacks`);
    const callbacks: Callback[] = [];
    for (let i = 0; i < distinct; i++) {
      const amount = BigInt(1000 + (i % 9) * 100);
      const orderId = randomUUID();
      callbacks.push({
        orderId,
        amount,
        query: vnpayQuery(
          vnpayIpn({ orderId, amount, transactionNo: String(10_000_000 + i) }, keys),
        ),
      });
    }
    for (let i = 0; i < callbacks.length; i += 5000) {
      const chunk = callbacks.slice(i, i + 5000);
      await c.query(
        `INSERT INTO payments.gateway_order (id, provider, invoice_id, student_id, amount, created_by)
         SELECT o.id, 'vnpay', i.id, i.student_id, o.amount, 'bench' FROM unnest($1::uuid[], $2::uuid[], $3::numeric[]) AS o(id, invoice_id, amount)
         JOIN payments.invoice i ON i.id = o.invoice_id`,
        [
          chunk.map((x) => x.orderId),
          chunk.map((_, k) => invoices[(i + k) % invoices.length]!.id),
          chunk.map((x) => x.amount.toString()),
        ],
      );
    }
    const { paths } = sequence(callbacks, o.duplicateShare);

    // Warm-up uses the tail of the sequence so the measured run starts fresh; all of it counts in the checks.
    const warmPaths =
      o.warmupSec > 0 && !o.amount
        ? paths.splice(paths.length - Math.round(o.targetRps * o.warmupSec))
        : [];
    let warmup: LoadFigures | undefined;
    let warmSent = 0;
    if (warmPaths.length) {
      log(`warm-up ${o.warmupSec} s`);
      const w = await load(url, warmPaths, {
        connections: o.connections,
        durationSec: o.warmupSec,
        title: 'warmup',
      });
      warmup = w.figures;
      warmSent = Math.min(w.sent, warmPaths.length);
    }
    log(
      o.amount
        ? `measured: ${o.amount} callbacks`
        : `measured: ${o.durationSec} s at ${o.connections} connections`,
    );
    const measured = await load(url, paths, {
      connections: o.connections,
      ...(o.amount ? { amount: o.amount } : { durationSec: o.durationSec }),
      title: 'payments',
    });
    log(
      `service: ${measured.figures.rps}/s, p50 ${measured.figures.p50} ms, p99 ${measured.figures.p99} ms, answers ${JSON.stringify(measured.figures.answers)}`,
    );

    // Requests still in flight when autocannon stopped finish on the server: wait until quiet.
    let last = -1;
    await waitFor(
      async () => {
        const n = (await c.query(`SELECT count(*)::int AS n FROM payments.payment`)).rows[0]
          .n as number;
        const quiet = n === last;
        last = n;
        return quiet;
      },
      { timeoutMs: 60_000, intervalMs: 1000, description: 'in-flight callbacks to finish' },
    );
    // Correctness: what the sent callbacks should have credited.
    const sentPaths = new Set([...paths.slice(0, measured.sent), ...warmPaths.slice(0, warmSent)]);
    const sentCallbacks = callbacks.filter((cb) =>
      sentPaths.has(`/gateways/vnpay/ipn?${cb.query}`),
    );
    const expectedSum = sentCallbacks.reduce((s, cb) => s + cb.amount, 0n);
    const q = async (sql: string) => (await c.query(sql)).rows[0];
    const payments = await q(
      `SELECT count(*)::int AS n, coalesce(sum(amount), 0)::text AS sum FROM payments.payment WHERE provider = 'vnpay'`,
    );
    // A double credit would be a payment no order points at (an order records exactly one payment id).
    const twice =
      await q(`SELECT count(*)::int AS n FROM payments.payment p WHERE p.provider = 'vnpay'
      AND NOT EXISTS (SELECT 1 FROM payments.gateway_order o WHERE o.payment_id = p.id)`);
    const ledgerEntries = await q(
      `SELECT count(*)::int AS n FROM payments.ledger_entry WHERE kind = 'paymentReceived'`,
    );
    const confirmed = (warmup?.answers['00'] ?? 0) + (measured.figures.answers['00'] ?? 0);

    let bareFigures: LoadFigures | undefined;
    if (o.baseline) {
      const barePort = testPort();
      bare = new ServiceProcess(
        'bare',
        {
          PORT: String(barePort),
          BARE_ROUTE: 'GET /gateways/vnpay/ipn',
          BARE_BODY: JSON.stringify({ RspCode: '00', Message: 'Confirm Success' }),
        },
        BARE_NEST_ENTRY,
      ).start();
      await bare.ready(`http://127.0.0.1:${barePort}`);
      if (o.warmupSec > 0 && !o.amount)
        await load(`http://127.0.0.1:${barePort}`, warmPaths, {
          connections: o.connections,
          durationSec: o.warmupSec,
          title: 'bare-warmup',
        });
      bareFigures = (
        await load(`http://127.0.0.1:${barePort}`, paths, {
          connections: o.connections,
          ...(o.amount ? { amount: o.amount } : { durationSec: o.durationSec }),
          title: 'bare',
        })
      ).figures;
      log(`bare: ${bareFigures.rps}/s, p99 ${bareFigures.p99} ms`);
      await bare.stop();
    }

    // Statement reconciliation: bank transfers to the billed students by payment code.
    let statement: PaymentsBenchResult['statement'];
    let statementPayments = 0;
    if (o.statementLines > 0) {
      const today = new Date().toISOString().slice(0, 10);
      const csv = statementCsv(
        Array.from({ length: o.statementLines }, (_, i) => {
          const inv = invoices[i % invoices.length]!;
          return {
            transactionId: `FT${String(i).padStart(12, '0')}`,
            bookingDate: today,
            amount: BigInt(500 + (i % 97)),
            description: `MBVCB.${i}.${inv.paymentCode}.chuyen tien hoc phi`,
          };
        }),
      );
      log(`statement: ${o.statementLines} lines (${(csv.length / 1e6).toFixed(1)} MB)`);
      const started = Date.now();
      const r = await fetch(`${url}/reconciliation/statements`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${province}`,
          'content-type': 'text/csv',
          'idempotency-key': randomUUID(),
        },
        body: csv,
      });
      const body = (await r.json()) as { booked?: number };
      statement = {
        lines: o.statementLines,
        seconds: (Date.now() - started) / 1000,
        booked: body.booked ?? 0,
        status: r.status,
      };
      statementPayments = (
        await q(`SELECT count(*)::int AS n FROM payments.payment WHERE provider = 'bank'`)
      ).n;
      log(
        `statement: ${statement.seconds.toFixed(1)} s, ${statement.booked} booked (HTTP ${r.status})`,
      );
    }
    await c.end();
    machine.loadavgAfter = loadavg();

    const checks = {
      distinctCallbacks: sentCallbacks.length,
      // Sent, not answered: callbacks still in flight when autocannon stopped were sent too.
      duplicatesSent: measured.sent + warmSent - sentCallbacks.length,
      confirmed,
      payments: payments.n,
      ordersPaidTwice: twice.n,
      paymentsSum: payments.sum,
      expectedSum: expectedSum.toString(),
      ledgerPaymentEntries: ledgerEntries.n,
      statementPayments,
    };
    const correctness =
      checks.payments === checks.distinctCallbacks &&
      // In-flight answers at the end of a timed run are not counted by autocannon: ≤, not =.
      checks.confirmed <= checks.payments &&
      checks.payments - checks.confirmed <= o.connections * 2 &&
      checks.ordersPaidTwice === 0 &&
      checks.paymentsSum === checks.expectedSum &&
      checks.ledgerPaymentEntries === checks.payments &&
      measured.figures.errors === 0 &&
      measured.figures.non2xx === 0 &&
      (!statement ||
        (statement.status === 201 &&
          statement.booked === o.statementLines &&
          statementPayments === o.statementLines));
    const pass = {
      throughput: measured.figures.rps >= o.targetRps,
      p99: measured.figures.p99 < o.targetP99Ms,
      correctness,
      statement: !statement || statement.seconds < o.targetStatementSec,
      all: false,
    };
    pass.all = pass.throughput && pass.p99 && pass.correctness && pass.statement;
    const { log: _log, ...options } = o;
    return {
      options,
      machine,
      ...(warmup ? { warmup } : {}),
      service: measured.figures,
      ...(bareFigures
        ? {
            bare: bareFigures,
            ratio: Math.round((measured.figures.rps / bareFigures.rps) * 1000) / 1000,
          }
        : {}),
      ...(statement ? { statement } : {}),
      checks,
      pass,
    };
  } finally {
    await producer.disconnect().catch(() => undefined);
    await bare?.stop().catch(() => undefined);
    await service?.stop().catch(() => undefined);
    await db?.drop().catch(() => undefined);
    await deleteTopicsWithPrefix(prefix).catch(() => undefined);
  }
}

export function formatReport(r: PaymentsBenchResult): string {
  const f = (x: LoadFigures) =>
    `${x.rps}/s, p50 ${x.p50} ms, p90 ${x.p90} ms, p99 ${x.p99} ms, max ${x.max} ms (${x.requests} requests, ${x.non2xx} non-2xx, ${x.errors} errors)`;
  return [
    `machine: ${r.machine.cores} cores (${r.machine.cpu}); load ${r.machine.loadavgBefore.map((l) => l.toFixed(2)).join(' ')} → ${r.machine.loadavgAfter.map((l) => l.toFixed(2)).join(' ')}`,
    `gateway callbacks (VNPay-style IPN, ${Math.round(r.options.duplicateShare * 100)}% concurrent duplicates, ${r.options.connections} connections):`,
    `  service: ${f(r.service)}  answers ${JSON.stringify(r.service.answers)}`,
    ...(r.bare ? [`  bare NestJS endpoint: ${f(r.bare)}`, `  ratio service/bare: ${r.ratio}`] : []),
    `  checks: ${JSON.stringify(r.checks)}`,
    ...(r.statement
      ? [
          `statement reconciliation: ${r.statement.lines} lines in ${r.statement.seconds.toFixed(1)} s (${r.statement.booked} booked)`,
        ]
      : []),
    `targets: ≥ ${r.options.targetRps}/s ${r.pass.throughput ? 'MET' : 'NOT MET'}; p99 < ${r.options.targetP99Ms} ms ${r.pass.p99 ? 'MET' : 'NOT MET'}; statement < ${r.options.targetStatementSec} s ${r.pass.statement ? 'MET' : 'NOT MET'}; zero double credits and checks ${r.pass.correctness ? 'PASSED' : 'FAILED'}`,
  ].join('\n');
}
