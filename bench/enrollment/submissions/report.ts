/** The submission bench's report (a table and lines of figures) and its one-line JSON. */
import type { LoadFigures, SubmissionsBenchResult } from './options';

const pad = (s: string | number, n: number) => String(s).padStart(n);

export function formatReport(r: SubmissionsBenchResult): string {
  const lines: string[] = [];
  lines.push(
    `submission bench — ${r.machine.cores} cores (${r.machine.cpu}), load average ${r.machine.loadavgBefore.join(' ')} before, ${r.machine.loadavgAfter.join(' ')} after`,
  );
  lines.push(
    `autocannon: ${r.options.connections} connections, ${r.options.amount ? `${r.options.amount} requests` : `${r.options.durationSec} s`} measured after ${r.options.warmupSec} s warm-up; ${r.options.schools} schools, ${r.options.wards} wards`,
  );
  lines.push('');
  lines.push(...loadTable(r));
  lines.push('');
  if (r.ratio !== undefined)
    lines.push(
      `ratio enrollment / bare: ${r.ratio} (${r.service.rps} / ${r.bare!.rps} req/s); p99 ${r.service.p99} ms vs ${r.bare!.p99} ms`,
    );
  lines.push(...cpuLines(r));
  lines.push(...diagnosticLines(r));
  lines.push(...checkLines(r));
  return lines.join('\n');
}

/** One row per autocannon run: warm-up, sweep, measured, bare. */
function loadTable(r: SubmissionsBenchResult): string[] {
  const lines: string[] = [];
  const row = (name: string, f?: LoadFigures) =>
    f
      ? `| ${name.padEnd(18)} | ${pad(f.rps, 7)} | ${pad(f.ok, 7)} | ${pad(f.non2xx, 6)} | ${pad(f.errors, 5)} | ${pad(f.p50, 6)} | ${pad(f.p97_5, 7)} | ${pad(f.p99, 6)} | ${pad(f.max, 6)} | ${pad(f.durationSec.toFixed(1), 5)} |`
      : undefined;
  lines.push(
    '| target             | 2xx/s   | 2xx     | non2xx | err   | p50 ms | p97.5ms | p99 ms | max ms | s     |',
  );
  lines.push(
    '|--------------------|---------|---------|--------|-------|--------|---------|--------|--------|-------|',
  );
  const sweepRows = (r.sweep ?? []).map((x) => row(`sweep c=${x.connections}`, x.figures));
  for (const l of [
    row('enrollment warm-up', r.warmup),
    ...sweepRows,
    row('enrollment', r.service),
    row('bare NestJS', r.bare),
  ])
    if (l) lines.push(l);
  return lines;
}

/** CPU of the service, PostgreSQL, the load generator, per run and per request. */
function cpuLines(r: SubmissionsBenchResult): string[] {
  const lines: string[] = [];
  if (r.serviceCpu) {
    const perReq = (pct: number) =>
      r.service.rps ? ((pct / 100 / r.service.rps) * 1000).toFixed(2) : '?';
    lines.push(
      `cpu during the measured run (% of one core): service ${r.serviceCpu.servicePct}, its PostgreSQL backends ${r.serviceCpu.postgresPct}, autocannon ${r.serviceCpu.benchPct}, redis-server ${r.serviceCpu.redisPct}, Kafka broker ${r.serviceCpu.kafkaPct}; machine busy ${r.serviceCpu.machineBusyPct}% of ${r.machine.cores} cores`,
    );
    lines.push(
      `cpu per 2xx request: service ${perReq(r.serviceCpu.servicePct)} ms, PostgreSQL ${perReq(r.serviceCpu.postgresPct)} ms${r.bare && r.bareCpu ? `; bare app ${((r.bareCpu.servicePct / 100 / Math.max(1, r.bare.rps)) * 1000).toFixed(3)} ms` : ''}`,
    );
  }
  if (r.bareCpu)
    lines.push(
      `cpu during the bare run: bare app ${r.bareCpu.servicePct}, autocannon ${r.bareCpu.benchPct}; machine busy ${r.bareCpu.machineBusyPct}%`,
    );
  return lines;
}

/** Event-loop lag, PostgreSQL waits, the pgbench ceiling, the CPU profile. */
function diagnosticLines(r: SubmissionsBenchResult): string[] {
  const lines: string[] = [];
  if (r.eventLoop)
    lines.push(
      `service event loop lag (prom-client, 10 ms resolution, measured run): p50 ${r.eventLoop.lagP50Ms} ms, p99 ${r.eventLoop.lagP99Ms} ms, max ${r.eventLoop.lagMaxMs} ms`,
    );
  if (r.pgWaits)
    lines.push(
      `service's PostgreSQL backends, mean count by state:wait: ${Object.entries(r.pgWaits)
        .slice(0, 8)
        .map(([k, v]) => `${k}=${v}`)
        .join(', ')}`,
    );
  if (r.pgCeiling) {
    for (const c of r.pgCeiling)
      lines.push(
        `PostgreSQL alone, pgbench replaying a submission's SQL, ${r.options.connections} clients, ${c.mode}: ${c.tps} tx/s, mean ${c.latencyMs} ms; PostgreSQL ${c.postgresPct}% of a core = ${c.postgresMsPerTx} ms per submission; machine busy ${c.machineBusyPct}%`,
      );
  }
  if (r.profile) {
    // The sampler takes the main thread's stack on wall-clock ticks, also while the OS has it
    // descheduled (2 busy cores): shares are of samples. µs per request = share of the non-idle
    // samples × the service's measured CPU time per request (an estimate).
    const busy = r.profile.byArea[0][1];
    const cpuUsPerReq =
      r.serviceCpu && r.service.rps ? (r.serviceCpu.servicePct / 100 / r.service.rps) * 1e6 : 0;
    const perReq = (v: number) =>
      cpuUsPerReq ? ` ≈${Math.round((v / busy) * cpuUsPerReq)} µs/req` : '';
    const fmt = (xs: Array<[string, number]>) =>
      xs.map(([k, v]) => `${k} ${v}%${k.startsWith('(') ? '' : perReq(v)}`).join('; ');
    lines.push(
      `service CPU profile (${r.profile.wallMs} ms, % of samples) by area: ${fmt(r.profile.byArea)}`,
    );
    lines.push(`  inclusive: ${fmt(r.profile.inclusive)}`);
    lines.push(`  top self: ${fmt(r.profile.topSelf.slice(0, 12))}`);
  }
  return lines;
}

/** The correctness checks and the verdicts. */
function checkLines(r: SubmissionsBenchResult): string[] {
  const lines: string[] = [];
  const c = r.checks;
  lines.push(
    `checks: 2xx ${c.total2xx} (warm-up + measured); database active ${c.dbActive} = ${c.dbMatched2xx} answered 2xx + ${c.dbCompletedAfterStop} committed for the ${c.unansweredAtStop} requests in flight when autocannon stopped` +
      `${c.dbExtraUnexplained ? `, ${c.dbExtraUnexplained} UNEXPLAINED` : ''}; outbox left ${c.outboxLeft} (drained ${c.outboxDrainMs} ms after the load); ${c.kafkaRecorded} applications with enrollment.application.recorded on Kafka (${c.kafkaMessages} messages${c.kafkaUnknown ? `, ${c.kafkaUnknown} UNKNOWN` : ''})`,
  );
  if (c.firstNon2xx.length) lines.push(`first non-2xx: ${c.firstNon2xx.join(' | ')}`);
  lines.push(
    `${r.pass.throughput ? 'PASS' : 'FAIL'} throughput ${r.service.rps}/s (target ≥ ${r.options.targetRps}/s); ${r.pass.p99 ? 'PASS' : 'FAIL'} p99 ${r.service.p99} ms (target < ${r.options.targetP99Ms} ms); ${r.pass.correctness ? 'PASS' : 'FAIL'} correctness`,
  );
  lines.push(`RESULT ${r.pass.all ? 'PASS' : 'FAIL'}`);
  return lines;
}

/** One JSON line with every figure. */
export function jsonLine(r: SubmissionsBenchResult): string {
  const { pass, ...rest } = r;
  return JSON.stringify({
    bench: 'enrollment-submissions',
    at: new Date().toISOString(),
    rps: r.service.rps,
    p50: r.service.p50,
    p97_5: r.service.p97_5,
    p99: r.service.p99,
    bareRps: r.bare?.rps,
    bareP99: r.bare?.p99,
    ratio: r.ratio,
    pass,
    ...rest,
  });
}
