/** What the KPI bench is asked to do and what it reports. */
import { nearestRank } from '../kit/stats';

export interface KpiBenchOptions {
  events: number;
  schools: number;
  communes: number;
  pacedRate: number;
  pacedSeconds: number;
  queryRate: number;
  querySeconds: number;
  rebuild: boolean;
  /** Also measure the bare NestJS endpoint at the query rate. */
  baseline: boolean;
  chunk: number;
  /** Extra environment of the service process (`--service-env KEY=VALUE`), for paired runs. */
  serviceEnv?: Record<string, string>;
  log?: (m: string) => void;
}

export const DEFAULTS: KpiBenchOptions = {
  events: 100_000,
  schools: 600,
  communes: 54,
  pacedRate: 2000,
  pacedSeconds: 10,
  queryRate: 1000,
  querySeconds: 5,
  rebuild: true,
  baseline: true,
  chunk: 2000,
};

export interface Latency {
  n: number;
  p50: number;
  p99: number;
  max: number;
}

/** Count, p50, p99 and max of latency samples (nearest rank). */
export function latency(samples: number[]): Latency {
  const s = [...samples].sort((a, b) => a - b);
  return {
    n: s.length,
    p50: nearestRank(s, 0.5),
    p99: nearestRank(s, 0.99),
    max: s.length ? s[s.length - 1] : NaN,
  };
}

export interface KpiBenchResult {
  options: KpiBenchOptions;
  ingest: { events: number; seconds: number; perSecond: number; produceSeconds: number };
  freshness: { rate: number; achievedRate: number; latencyMs: Latency };
  query: {
    rate: number;
    api: Latency & { errors: number };
    sql: Latency & { errors: number };
    /** SQL p99 / API p99 at the paced rate: how many times faster the cached answer is. */
    ratio: number;
    /**
     * A bare NestJS endpoint (libs/testing bare-nest: same path, same answer body, no work) at
     * the same rate with the same client: the floor this machine sets; null with --no-baseline.
     */
    bare: { paced: Latency & { errors: number }; sequential: Latency } | null;
    /** One request at a time (no queueing): the cost of one answer. */
    sequential: { api: Latency; sql: Latency; ratio: number };
    answer: { numerator: number; denominator: number };
    answersAgree: boolean;
  };
  rebuild: { events: number; seconds: number; perSecond: number; extrapolated1M: number } | null;
  targets: Record<string, { target: string; measured: string; pass: boolean }>;
}
