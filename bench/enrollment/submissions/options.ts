/** What the submission bench is asked to do and what it reports. */
import type { CpuFigures } from '../../kit/cpu';
import type { ProfileSummary } from '../../kit/cpu-profile';

export type { CpuFigures, ProfileSummary };

export interface SubmissionsBenchOptions {
  /** Concurrent connections of autocannon (both targets). */
  connections: number;
  /** Measured run, seconds (ignored when `amount` is set). */
  durationSec: number;
  /** Unmeasured warm-up against each target first, seconds (0 = none). */
  warmupSec: number;
  /** Before the measured run: short runs at these connection counts (to choose `connections`). */
  sweep?: number[];
  /** Seconds of each sweep run. */
  sweepSec: number;
  /** A fixed number of requests instead of a duration (the CI smoke). */
  amount?: number;
  /** Primary schools published into the registry topic and given seats in the round. */
  schools: number;
  /** Wards (residences and catchments). */
  wards: number;
  /** Family tokens to spread the requests over. */
  families: number;
  /** Measure the bare NestJS baseline too (needs the compiled bare-nest.js). */
  baseline: boolean;
  /** Compiled bare server (default: libs/testing's bare-nest.js). */
  bareEntry?: string;
  /** Extra environment for the service (diagnostics only: the headline figures use defaults). */
  serviceEnv?: Record<string, string>;
  /** Sample pg_stat_activity during the measured run (wait events of the service's backends). */
  sampleWaits: boolean;
  /**
   * Diagnostics: record a CPU profile of the service during the measured run (through the
   * inspector protocol; the service is started with --inspect on a free local port) and write it
   * to this file (.cpuprofile, opens in Chrome DevTools); a summary goes into the result.
   */
  cpuProfile?: string;
  /**
   * Diagnostics: after the measured run, replay the SQL of one submission with pgbench (PostgreSQL
   * alone, same statements, same concurrency, `-M extended` as node-postgres sends them and
   * `-M prepared`) for this many seconds on a copy of the service's tables. 0 = off.
   */
  pgCeilingSec: number;
  /** Diagnostics: the service reaches PostgreSQL through this Unix-socket directory instead of TCP. */
  pgSocketDir?: string;
  /** Targets. */
  targetRps: number;
  targetP99Ms: number;
  log: (line: string) => void;
}

export const defaultOptions: SubmissionsBenchOptions = {
  // Below the service's DB_POOL_SIZE (20): from 20 concurrent submissions on, the pool deadlocks (README).
  connections: 16,
  durationSec: 20,
  warmupSec: 5,
  schools: 50,
  wards: 6,
  families: 200,
  baseline: true,
  sampleWaits: true,
  pgCeilingSec: 0,
  sweepSec: 8,
  targetRps: 2000,
  targetP99Ms: 100,
  log: (line) => process.stderr.write(`[bench:submissions] ${line}\n`),
};

export interface LoadFigures {
  /** 2xx responses. */
  ok: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  statusCodes: Record<string, number>;
  durationSec: number;
  /** 2xx responses per second of the run. */
  rps: number;
  p50: number;
  p90: number;
  p97_5: number;
  p99: number;
  max: number;
  mean: number;
  /** Requests sent but not answered when the run stopped. */
  inFlightAtEnd: number;
}

export interface SubmissionsBenchResult {
  options: Omit<SubmissionsBenchOptions, 'log'>;
  machine: { cores: number; cpu: string; loadavgBefore: number[]; loadavgAfter: number[] };
  warmup?: LoadFigures;
  sweep?: Array<{ connections: number; figures: LoadFigures }>;
  service: LoadFigures;
  serviceCpu?: CpuFigures;
  bareWarmup?: LoadFigures;
  bare?: LoadFigures;
  bareCpu?: CpuFigures;
  /** service rps / bare rps */
  ratio?: number;
  /** Mean number of the service's PostgreSQL backends per state/wait event during the measured run. */
  pgWaits?: Record<string, number>;
  /** pgbench replay of a submission's SQL (when `pgCeilingSec` > 0). */
  pgCeiling?: Array<{
    mode: string;
    tps: number;
    latencyMs: number;
    postgresPct: number;
    machineBusyPct: number;
    postgresMsPerTx: number;
  }>;
  /** Summary of the service's CPU profile over the measured run (when `cpuProfile` is set). */
  profile?: ProfileSummary;
  /** From the service's /metrics after the measured run (since the scrape before it). */
  eventLoop?: { lagP50Ms: number; lagP99Ms: number; lagMaxMs: number };
  checks: {
    total2xx: number;
    dbActive: number;
    dbMatched2xx: number;
    /** Applications committed for requests the load generator no longer waited for. */
    dbCompletedAfterStop: number;
    unansweredAtStop: number;
    dbExtraUnexplained: number;
    outboxLeft: number;
    outboxDrainMs: number;
    /** Distinct applications with an `enrollment.application.recorded` on Kafka. */
    kafkaRecorded: number;
    /** Messages on the applications topic (more than kafkaRecorded: redelivered, at least once). */
    kafkaMessages: number;
    /** Recorded events whose application is not in the database (must be 0). */
    kafkaUnknown: number;
    firstNon2xx: string[];
  };
  pass: { throughput: boolean; p99: boolean; correctness: boolean; all: boolean };
}
