/** What the messaging bench is asked to do and what it reports. */

export interface MessagingBenchOptions {
  /** Events per measured run (each of the four runs). */
  events: number;
  /** Concurrent writer transactions (each a business request). */
  writers: number;
  /**
   * Worker threads the writers run on (0 = this thread, the default). Like several service
   * instances writing at once, it keeps the writers' JavaScript off the thread that runs the
   * relay and the consumer. Needs the compiled bench (dist), not ts sources.
   */
  writerThreads?: number;
  /**
   * Offered rate of the paced (latency) run, events/s. Default: the lower of 5,000/s and the
   * throughput the saturation run sustained.
   */
  ratePerSecond?: number;
  /** Partitions of the bench topic (full path and baseline alike). */
  partitions?: number;
  /** OutboxRelay batch size; the baseline producer sends batches of the same size. */
  relayBatchSize?: number;
  /** OutboxRelay lingerMs: pause after a partial batch so that batches grow under load (default 25). */
  relayLingerMs?: number;
  /** EventConsumer events per transaction. */
  consumerChunkSize?: number;
  /** Distinct message keys (aggregates); events of one key stay in order. */
  keys?: number;
  /** Events of an unmeasured warm-up run of the full path (JIT, pools, broker). 0 = none. */
  warmupEvents?: number;
  /** Which runs: saturation and paced, or one of them. */
  modes?: Array<'saturation' | 'paced'>;
  /**
   * Also a drain run (diagnostic, default false): writers fill the outbox with the relay
   * stopped, then relay + Kafka + consumer empty it — the capacity downstream of the writers.
   */
  drainRun?: boolean;
  /** Run the raw kafkajs baseline next to the full path (default true). */
  baseline?: boolean;
  /** Admin URL of the PostgreSQL server (a database is created and dropped on it). */
  adminDatabaseUrl?: string;
  brokers?: string[];
  /** Gives up when no event completes for this long (ms). */
  stallTimeoutMs?: number;
  /** Progress lines; default silent. */
  log?: (line: string) => void;
}

export interface LatencyFigures {
  p50: number;
  p95: number;
  p99: number;
  max: number;
  mean: number;
}

export interface RunFigures {
  name: string;
  /** raw: batched sends like the relay's; raw-per-event: one send per event from concurrent writers, like the business transactions. */
  path: 'full' | 'raw' | 'raw-per-event';
  mode: 'saturation' | 'paced' | 'drain' | 'warmup';
  events: number;
  /** Paced runs: the rate asked for (events/s); null for saturation. */
  targetRate: number | null;
  /**
   * Offered load actually achieved (events/s): full path = events committed by the writers per
   * second (first write start → last writer commit); raw = messages offered per second.
   */
  offeredRate: number;
  /** events / (last effect committed − first write started), events/s (drain: from relay start). */
  throughput: number;
  durationMs: number;
  latencyMs: LatencyFigures;
  /**
   * Paced runs: latency counted from each event's slot in the schedule instead of from its
   * transaction start — includes any time the writers fell behind (coordinated omission).
   */
  latencyFromScheduleMs: LatencyFigures | null;
  /** Paced runs: how late the last writer started compared with its schedule (ms). */
  maxScheduleLagMs: number;
  /** Largest outbox backlog seen (full path, sampled every 100 ms): committed, not yet published. */
  maxOutboxBacklog: number | null;
  /** Largest consumer backlog seen (full path): published, not yet applied. */
  maxConsumerBacklog: number | null;
  /** Full path: relay batches (SELECT → send → DELETE cycles) and consumer transactions (diagnostic). */
  relayBatches: number | null;
  consumerTransactions: number | null;
  /** Full path: NOTIFY wake-ups the relay's channel received during the run (diagnostic). */
  relayWakeUps: number | null;
  /** Share of the run this process's event loop was busy (0..1): near 1 means Node is the limit. */
  eventLoopUtilization: number;
  /** CPU time of this process per event (µs, user + system, all threads). */
  processCpuMicrosPerEvent: number;
  /** Mean payload size in bytes (the JSON message value). */
  payloadBytes: number;
  integrity: {
    expected: number;
    effects: number;
    distinct: number;
    lost: number;
    duplicates: number;
    businessRows: number | null;
    outboxLeft: number | null;
    ok: boolean;
  };
}

export interface MessagingBenchResult {
  machine: { cpus: number; cpuModel: string; node: string };
  options: Required<
    Pick<
      MessagingBenchOptions,
      | 'events'
      | 'writers'
      | 'writerThreads'
      | 'partitions'
      | 'relayBatchSize'
      | 'relayLingerMs'
      | 'consumerChunkSize'
      | 'keys'
      | 'warmupEvents'
    >
  >;
  runs: RunFigures[];
  /** The three target figures (null when the run that gives one was not made). */
  figures: {
    fullPathThroughput: number | null;
    rawThroughput: number | null;
    throughputRatio: number | null;
    rawPerEventThroughput: number | null;
    throughputRatioPerEvent: number | null;
    pacedRate: number | null;
    pacedP50Ms: number | null;
    pacedP99Ms: number | null;
    /** The paced p99 counted from each event's scheduled slot (includes writer lateness). */
    pacedP99FromScheduleMs: number | null;
    /**
     * Diagnostic (with the drain run): business transactions/s PostgreSQL alone commits for
     * the writers' two INSERTs, from as many plain `pg` clients — the most the full path could
     * carry on this machine before the relay, Kafka and the consumer take their share.
     */
    plainSqlTransactionsPerSecond: number | null;
  };
  targets: { throughput: Verdict; p99: Verdict; ratio: Verdict };
  integrityOk: boolean;
}

export interface Verdict {
  target: string;
  value: number | null;
  pass: boolean | null;
}

export const TARGETS = { throughputPerSecond: 5000, p99Ms: 250, ratio: 0.3 } as const;
