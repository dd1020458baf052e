/** What the payments bench is asked to do and what it reports. */

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
