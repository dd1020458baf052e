/** The messaging bench's result and report: figures of each run, the three targets, a JSON line. */
import { cpus } from 'node:os';
import { fmt, textTable } from '../kit/table';
import { MessagingBenchResult, RunFigures, TARGETS, Verdict } from './options';
import type { World } from './world';

export function describeRun(r: RunFigures): string {
  const diag =
    r.path === 'full'
      ? ` [event loop ${(r.eventLoopUtilization * 100).toFixed(0)}% busy, ${fmt(r.processCpuMicrosPerEvent)} µs Node CPU/event, ${r.relayWakeUps} wake-ups, ${r.relayBatches} relay batches, ${r.consumerTransactions} consumer tx, max outbox ${r.maxOutboxBacklog}, max consumer lag ${r.maxConsumerBacklog}]`
      : ` [${r.consumerTransactions} consumer batches]`;
  return `${fmt(r.throughput)} ev/s${diag}, offered ${fmt(r.offeredRate)} ev/s, p50 ${fmt(r.latencyMs.p50, 1)} ms, p99 ${fmt(r.latencyMs.p99, 1)} ms, ${r.integrity.ok ? 'no loss, no duplicates' : `INTEGRITY FAILED ${JSON.stringify(r.integrity)}`}`;
}

export function summarize(
  opts: World['opts'],
  runs: RunFigures[],
  plainSql: number | null,
): MessagingBenchResult {
  const find = (path: RunFigures['path'], mode: RunFigures['mode']) =>
    runs.find((r) => r.path === path && r.mode === mode);
  const fullSat = find('full', 'saturation');
  const rawSat = find('raw', 'saturation');
  const fullPaced = find('full', 'paced');
  const ratio = fullSat && rawSat ? fullSat.throughput / rawSat.throughput : null;
  const rawPerEvent = find('raw-per-event', 'saturation');
  const ratioPerEvent = fullSat && rawPerEvent ? fullSat.throughput / rawPerEvent.throughput : null;
  return {
    machine: {
      cpus: cpus().length,
      cpuModel: cpus()[0]?.model ?? 'unknown',
      node: process.version,
    },
    options: {
      events: opts.events,
      writers: opts.writers,
      writerThreads: opts.writerThreads,
      partitions: opts.partitions,
      relayBatchSize: opts.relayBatchSize,
      relayLingerMs: opts.relayLingerMs,
      consumerChunkSize: opts.consumerChunkSize,
      keys: opts.keys,
      warmupEvents: opts.warmupEvents,
    },
    runs,
    figures: {
      fullPathThroughput: fullSat?.throughput ?? null,
      rawThroughput: rawSat?.throughput ?? null,
      throughputRatio: ratio,
      rawPerEventThroughput: rawPerEvent?.throughput ?? null,
      throughputRatioPerEvent: ratioPerEvent,
      pacedRate: fullPaced?.targetRate ?? null,
      pacedP50Ms: fullPaced?.latencyMs.p50 ?? null,
      pacedP99Ms: fullPaced?.latencyMs.p99 ?? null,
      pacedP99FromScheduleMs: fullPaced?.latencyFromScheduleMs?.p99 ?? null,
      plainSqlTransactionsPerSecond: plainSql,
    },
    targets: verdicts(fullSat, fullPaced, ratio),
    integrityOk: runs.every((r) => r.integrity.ok),
  };
}

const verdict = (target: string, value: number | null, ok: (v: number) => boolean): Verdict => ({
  target,
  value,
  pass: value === null ? null : ok(value),
});

/** The three targets: sustained throughput, paced p99, ratio to raw kafkajs. */
function verdicts(
  fullSat: RunFigures | undefined,
  fullPaced: RunFigures | undefined,
  ratio: number | null,
): MessagingBenchResult['targets'] {
  return {
    throughput: verdict(
      `>= ${TARGETS.throughputPerSecond} events/s sustained (saturation run)`,
      fullSat?.throughput ?? null,
      (v) => v >= TARGETS.throughputPerSecond,
    ),
    p99: verdict(
      `p99 < ${TARGETS.p99Ms} ms (paced run)`,
      fullPaced?.latencyMs.p99 ?? null,
      (v) => v < TARGETS.p99Ms,
    ),
    ratio: verdict(
      `>= ${TARGETS.ratio * 100}% of raw kafkajs throughput`,
      ratio,
      (v) => v >= TARGETS.ratio,
    ),
  };
}

/** The human-readable report: a table, the three target figures, integrity, a JSON line. */
export function formatReport(result: MessagingBenchResult): string {
  const o = result.options;
  const lines: string[] = [];
  lines.push(
    `Messaging bench — ${result.machine.cpus} CPU cores (${result.machine.cpuModel}), Node ${result.machine.node}; ${o.events} events per run, ${o.writers} writers, ${o.partitions} partitions, relay batch ${o.relayBatchSize} (linger ${o.relayLingerMs} ms), consumer chunk ${o.consumerChunkSize}, ${o.keys} keys`,
  );
  lines.push('');
  lines.push(...runTable(result.runs));
  lines.push('');
  lines.push(
    'Saturation runs measure throughput (writers as fast as they can); paced runs measure latency at a fixed offered rate.',
  );
  lines.push(
    'Latency = consumer transaction committed (raw: batch handled) − writer transaction started (raw: message offered), same process clock.',
  );
  lines.push('');
  lines.push(...targetLines(result));
  lines.push(...diagnosticLines(result));
  lines.push(
    `[${result.integrityOk ? 'PASS' : 'FAIL'}] integrity: ${result.runs.map((r) => `${r.name}: ${r.integrity.distinct}/${r.integrity.expected} distinct, ${r.integrity.lost} lost, ${r.integrity.duplicates} duplicate`).join('; ')}`,
  );
  lines.push('');
  lines.push(`BENCH_JSON ${JSON.stringify(result)}`);
  return lines.join('\n');
}

/** One row per run: rates, latency percentiles, payload size, backlogs, integrity. */
function runTable(runs: RunFigures[]): string[] {
  const head = [
    'run',
    'events',
    'offered/s',
    'throughput/s',
    'p50 ms',
    'p95 ms',
    'p99 ms',
    'max ms',
    'bytes',
    'max outbox',
    'max cons. lag',
    'loss',
    'dup',
  ];
  const rows = runs.map((r) => [
    r.name,
    String(r.events),
    fmt(r.offeredRate),
    fmt(r.throughput),
    fmt(r.latencyMs.p50, 1),
    fmt(r.latencyMs.p95, 1),
    fmt(r.latencyMs.p99, 1),
    fmt(r.latencyMs.max, 1),
    fmt(r.payloadBytes),
    r.maxOutboxBacklog === null ? '-' : String(r.maxOutboxBacklog),
    r.maxConsumerBacklog === null ? '-' : String(r.maxConsumerBacklog),
    String(r.integrity.lost),
    String(r.integrity.duplicates),
  ]);
  return textTable(head, rows);
}

/** The three targets, with the per-event ratio as information. */
function targetLines(result: MessagingBenchResult): string[] {
  const lines: string[] = [];
  const o = result.options;
  const f = result.figures;
  const mark = (v: Verdict) => (v.pass === null ? 'n/a ' : v.pass ? 'PASS' : 'FAIL');
  lines.push(
    `[${mark(result.targets.throughput)}] full-path sustained throughput: ${fmt(f.fullPathThroughput)} events/s (target ${result.targets.throughput.target})`,
  );
  lines.push(
    `[${mark(result.targets.p99)}] full-path e2e latency at ${fmt(f.pacedRate)} events/s offered: p50 ${fmt(f.pacedP50Ms, 1)} ms, p99 ${fmt(f.pacedP99Ms, 1)} ms; from the scheduled slot p99 ${fmt(f.pacedP99FromScheduleMs, 1)} ms (target ${result.targets.p99.target})`,
  );
  lines.push(
    `[${mark(result.targets.ratio)}] full path / raw kafkajs throughput: ${f.throughputRatio === null ? 'n/a' : `${(f.throughputRatio * 100).toFixed(1)}%`} (${fmt(f.fullPathThroughput)} / ${fmt(f.rawThroughput)} events/s; target ${result.targets.ratio.target})`,
  );
  if (f.throughputRatioPerEvent !== null && f.throughputRatioPerEvent !== undefined) {
    lines.push(
      `[info] full path / raw kafkajs with one send per event from ${o.writers} concurrent senders (as the business transactions produce): ${(f.throughputRatioPerEvent * 100).toFixed(1)}% (${fmt(f.fullPathThroughput)} / ${fmt(f.rawPerEventThroughput)} events/s)`,
    );
  }
  return lines;
}

/** The drain run and PostgreSQL-alone diagnostics, and paced runs the writers could not hold. */
function diagnosticLines(result: MessagingBenchResult): string[] {
  const lines: string[] = [];
  const o = result.options;
  const f = result.figures;
  const drain = result.runs.find((r) => r.mode === 'drain');
  if (drain) {
    lines.push(
      `[diag] writers alone (drain run, relay stopped): ${fmt(drain.offeredRate)} business transactions/s; relay + Kafka + idempotent consumer on a full outbox: ${fmt(drain.throughput)} events/s` +
        (f.rawThroughput
          ? ` (${((drain.throughput / f.rawThroughput) * 100).toFixed(1)}% of raw kafkajs)`
          : ''),
    );
  }
  if (f.plainSqlTransactionsPerSecond) {
    lines.push(
      `[diag] PostgreSQL alone: ${o.writers} plain pg clients committing the writers' two INSERTs, one event per transaction: ${fmt(f.plainSqlTransactionsPerSecond)} transactions/s` +
        (f.rawThroughput
          ? ` = ${((f.plainSqlTransactionsPerSecond / f.rawThroughput) * 100).toFixed(1)}% of raw kafkajs: the ceiling of the full path's ratio on this machine`
          : ''),
    );
  }
  for (const r of result.runs) {
    if (r.targetRate && r.offeredRate < 0.97 * r.targetRate) {
      lines.push(
        `[note] ${r.name}: the writers held only ${fmt(r.offeredRate)} of ${r.targetRate} events/s (up to ${fmt(r.maxScheduleLagMs)} ms behind schedule) — the rate is at or past this machine's capacity.`,
      );
    }
  }
  return lines;
}
