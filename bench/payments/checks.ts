/**
 * Checks of the callbacks: answers 00 = payments recorded = distinct callbacks sent; no order
 * paid twice; Σ payments = Σ amounts of the distinct callbacks; ledger payment entries =
 * payments; every statement line booked once.
 */
import { Client } from 'pg';
import { waitFor } from '@qn/testing';
import { Callback, ipnPath } from './callbacks';
import type { LoadFigures, PaymentsBenchOptions, PaymentsBenchResult } from './options';

type Checks = PaymentsBenchResult['checks'];

/** Requests still in flight when autocannon stopped finish on the server: waits until quiet. */
export async function waitUntilQuiet(c: Client): Promise<void> {
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
}

/** What the sent callbacks should have credited, next to what the database holds. */
export async function creditChecks(
  c: Client,
  callbacks: Callback[],
  sentPaths: Set<string>,
  sent: number,
  confirmed: number,
): Promise<Omit<Checks, 'statementPayments'>> {
  const sentCallbacks = callbacks.filter((cb) => sentPaths.has(ipnPath(cb)));
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
  return {
    distinctCallbacks: sentCallbacks.length,
    // Sent, not answered: callbacks still in flight when autocannon stopped were sent too.
    duplicatesSent: sent - sentCallbacks.length,
    confirmed,
    payments: payments.n,
    ordersPaidTwice: twice.n,
    paymentsSum: payments.sum,
    expectedSum: expectedSum.toString(),
    ledgerPaymentEntries: ledgerEntries.n,
  };
}

export const bankPayments = async (c: Client): Promise<number> =>
  (await c.query(`SELECT count(*)::int AS n FROM payments.payment WHERE provider = 'bank'`)).rows[0]
    .n;

export function passOf(
  o: PaymentsBenchOptions,
  checks: Checks,
  measured: LoadFigures,
  statement: PaymentsBenchResult['statement'],
): PaymentsBenchResult['pass'] {
  const correctness =
    checks.payments === checks.distinctCallbacks &&
    // In-flight answers at the end of a timed run are not counted by autocannon: ≤, not =.
    checks.confirmed <= checks.payments &&
    checks.payments - checks.confirmed <= o.connections * 2 &&
    checks.ordersPaidTwice === 0 &&
    checks.paymentsSum === checks.expectedSum &&
    checks.ledgerPaymentEntries === checks.payments &&
    measured.errors === 0 &&
    measured.non2xx === 0 &&
    (!statement ||
      (statement.status === 201 &&
        statement.booked === o.statementLines &&
        checks.statementPayments === o.statementLines));
  const pass = {
    throughput: measured.rps >= o.targetRps,
    p99: measured.p99 < o.targetP99Ms,
    correctness,
    statement: !statement || statement.seconds < o.targetStatementSec,
    all: false,
  };
  pass.all = pass.throughput && pass.p99 && pass.correctness && pass.statement;
  return pass;
}
