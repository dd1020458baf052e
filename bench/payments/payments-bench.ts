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
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import {
  createTestDatabase,
  deleteTopicsWithPrefix,
  ServiceProcess,
  testId,
  TestDatabase,
  testKafka,
} from '@qn/testing';
import { loadAverage, machineCores } from '../kit/machine';
import { benchToken, startBare } from '../kit/services';
import { ratioOf } from '../kit/stats';
import { billStudents, putFeeCatalogue, startPayments } from './billing';
import { load, prepareCallbacks, sequence } from './callbacks';
import { bankPayments, creditChecks, passOf, waitUntilQuiet } from './checks';
import { defaultOptions, LoadFigures, PaymentsBenchOptions, PaymentsBenchResult } from './options';
import { reconcileStatement } from './statement';

export * from './options';
export { formatReport } from './report';

/** The callback runs against the service: warm-up (the tail of the sequence) and measured. */
interface CallbackRuns {
  paths: string[];
  warmPaths: string[];
  warmup?: LoadFigures;
  warmSent: number;
  measured: { figures: LoadFigures; sent: number };
}

export async function runPaymentsBench(
  partial: Partial<PaymentsBenchOptions> = {},
): Promise<PaymentsBenchResult> {
  const o: PaymentsBenchOptions = { ...defaultOptions, ...partial };
  const loadavgBefore = loadAverage();
  const prefix = `b${testId()}.`;
  const secret = randomBytes(32).toString('hex');
  const keys = { tmnCode: 'QNEDU001', hashSecret: randomBytes(32).toString('hex') };
  let db: TestDatabase | undefined;
  let service: ServiceProcess | undefined;
  // Publishes enrollment's events with enrollment's principal.
  const producer = testKafka('bench-payments', 'enrollment', { retry: undefined }).producer();
  try {
    db = await createTestDatabase('bench');
    const started = await startPayments(o, db, prefix, secret, keys);
    service = started.process;
    const { url } = started;
    const province = await benchToken(secret, 'bench', ['province']);
    await putFeeCatalogue(url, province);
    const c = new Client({ connectionString: db.url });
    await c.connect();
    const invoices = await billStudents(o, producer, c, prefix);

    // One order per distinct callback, inserted directly (set-up).
    const expected = o.amount ?? Math.ceil(o.targetRps * 3 * (o.durationSec + o.warmupSec));
    const distinct = Math.ceil(expected * (1 - o.duplicateShare)) + 100;
    o.log(`preparing ${distinct} gateway orders and signed callbacks`);
    const callbacks = await prepareCallbacks(c, invoices, distinct, keys);
    const runs = await callbackRuns(o, url, sequence(callbacks, o.duplicateShare).paths);
    await waitUntilQuiet(c);
    const { paths, warmPaths, warmSent, measured, warmup } = runs;
    const sentPaths = new Set([...paths.slice(0, measured.sent), ...warmPaths.slice(0, warmSent)]);
    const confirmed = (warmup?.answers['00'] ?? 0) + (measured.figures.answers['00'] ?? 0);
    const credits = await creditChecks(
      c,
      callbacks,
      sentPaths,
      measured.sent + warmSent,
      confirmed,
    );
    const bare = o.baseline ? await baselineRun(o, runs) : undefined;
    const statement =
      o.statementLines > 0 ? await reconcileStatement(o, url, province, invoices) : undefined;
    const statementPayments = statement ? await bankPayments(c) : 0;
    await c.end();
    const loadavgAfter = loadAverage();

    const checks = { ...credits, statementPayments };
    const { log: _log, ...options } = o;
    return {
      options,
      machine: { ...machineCores(), loadavgBefore, loadavgAfter },
      ...(warmup ? { warmup } : {}),
      service: measured.figures,
      ...(bare ? { bare, ratio: ratioOf(measured.figures.rps, bare.rps) } : {}),
      ...(statement ? { statement } : {}),
      checks,
      pass: passOf(o, checks, measured.figures, statement),
    };
  } finally {
    await producer.disconnect().catch(() => undefined);
    await service?.stop().catch(() => undefined);
    await db?.drop().catch(() => undefined);
    await deleteTopicsWithPrefix(prefix).catch(() => undefined);
  }
}

/**
 * The warm-up uses the tail of the sequence so the measured run starts fresh; all of it counts
 * in the checks.
 */
async function callbackRuns(
  o: PaymentsBenchOptions,
  url: string,
  paths: string[],
): Promise<CallbackRuns> {
  const warmPaths =
    o.warmupSec > 0 && !o.amount
      ? paths.splice(paths.length - Math.round(o.targetRps * o.warmupSec))
      : [];
  let warmup: LoadFigures | undefined;
  let warmSent = 0;
  if (warmPaths.length) {
    o.log(`warm-up ${o.warmupSec} s`);
    const w = await load(url, warmPaths, {
      connections: o.connections,
      durationSec: o.warmupSec,
      title: 'warmup',
    });
    warmup = w.figures;
    warmSent = Math.min(w.sent, warmPaths.length);
  }
  o.log(
    o.amount
      ? `measured: ${o.amount} callbacks`
      : `measured: ${o.durationSec} s at ${o.connections} connections`,
  );
  const measured = await load(url, paths, {
    connections: o.connections,
    ...(o.amount ? { amount: o.amount } : { durationSec: o.durationSec }),
    title: 'payments',
  });
  o.log(
    `service: ${measured.figures.rps}/s, p50 ${measured.figures.p50} ms, p99 ${measured.figures.p99} ms, answers ${JSON.stringify(measured.figures.answers)}`,
  );
  return { paths, warmPaths, warmup, warmSent, measured };
}

/** The bare NestJS endpoint on the same path: same requests, same autocannon settings. */
async function baselineRun(o: PaymentsBenchOptions, runs: CallbackRuns): Promise<LoadFigures> {
  const bare = await startBare({
    name: 'bare',
    route: 'GET /gateways/vnpay/ipn',
    env: { BARE_BODY: JSON.stringify({ RspCode: '00', Message: 'Confirm Success' }) },
  });
  try {
    if (o.warmupSec > 0 && !o.amount)
      await load(bare.url, runs.warmPaths, {
        connections: o.connections,
        durationSec: o.warmupSec,
        title: 'bare-warmup',
      });
    const figures = (
      await load(bare.url, runs.paths, {
        connections: o.connections,
        ...(o.amount ? { amount: o.amount } : { durationSec: o.durationSec }),
        title: 'bare',
      })
    ).figures;
    o.log(`bare: ${figures.rps}/s, p99 ${figures.p99} ms`);
    return figures;
  } finally {
    await bare.process.stop().catch(() => undefined);
  }
}
