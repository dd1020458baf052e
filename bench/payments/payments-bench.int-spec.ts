/**
 * CI smoke of the payments bench (bench/payments/payments-bench.ts): the real payments service as
 * its own process, 100 students billed through Kafka, 400 signed VNPay-style callbacks through
 * autocannon with 10% concurrent duplicates, and a 2,000-line statement. Asserts zero double
 * credits and that every statement line is booked once. No performance assertion: the targets
 * are checked by `bash bench/payments/run.sh`. Needs the built service (services/payments/dist).
 */
import { PaymentsBenchResult, runPaymentsBench } from './payments-bench';

describe('payments bench smoke (400 callbacks, 10% concurrent duplicates, 2,000-line statement)', () => {
  let r: PaymentsBenchResult;

  beforeAll(async () => {
    r = await runPaymentsBench({
      amount: 400,
      connections: 8,
      warmupSec: 0,
      students: 100,
      statementLines: 2000,
      baseline: false,
      log: () => undefined,
    });
  }, 120_000);

  it('answers every callback, credits each distinct one exactly once', () => {
    expect(r.service).toMatchObject({ non2xx: 0, errors: 0, timeouts: 0 });
    expect(r.checks.duplicatesSent).toBeGreaterThan(0);
    expect(r.checks.payments).toBe(r.checks.distinctCallbacks);
    expect(r.checks.confirmed).toBe(r.checks.payments);
    expect(r.service.answers['02']).toBe(r.checks.duplicatesSent);
    expect(r.checks.ordersPaidTwice).toBe(0);
    expect(r.checks.paymentsSum).toBe(r.checks.expectedSum);
    expect(r.checks.ledgerPaymentEntries).toBe(r.checks.payments);
    expect(r.pass.correctness).toBe(true);
  });

  it('books every statement line once', () => {
    expect(r.statement).toMatchObject({ lines: 2000, booked: 2000, status: 201 });
    expect(r.checks.statementPayments).toBe(2000);
  });
});
