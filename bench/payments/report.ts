/** The payments bench's report. */
import type { LoadFigures, PaymentsBenchResult } from './options';

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
