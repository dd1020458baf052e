/** The KPI bench's verdicts on its targets, and its report. */
import { fmt } from '../kit/table';
import type { KpiBenchResult } from './options';

/** The four targets, judged on the figures. */
export function targetsOf(r: Omit<KpiBenchResult, 'targets'>): KpiBenchResult['targets'] {
  const t: KpiBenchResult['targets'] = {};
  const freshLat = r.freshness.latencyMs;
  t.ingest = {
    target: '≥ 10,000 events/s',
    measured: `${Math.round(r.ingest.perSecond)} events/s`,
    pass: r.ingest.perSecond >= 10000,
  };
  t.freshness = {
    target: 'p99 < 1,000 ms at 2,000 events/s',
    measured: `p99 ${freshLat.p99.toFixed(0)} ms at ${Math.round(r.freshness.achievedRate)} events/s`,
    pass: freshLat.p99 < 1000 && r.freshness.achievedRate >= 1900,
  };
  t.query = {
    target: 'cached query p99 < 10 ms at 1,000 req/s',
    measured: `p99 ${r.query.api.p99.toFixed(2)} ms at ${r.options.queryRate} req/s`,
    pass: r.query.api.p99 < 10 && r.options.queryRate >= 1000 && r.query.api.errors === 0,
  };
  const rebuild = r.rebuild;
  if (rebuild)
    t.rebuild = {
      target: '1,000,000 events in < 60 s',
      measured: `${Math.round(rebuild.perSecond)} events/s (1M ≈ ${rebuild.extrapolated1M.toFixed(0)} s${rebuild.events < 1_000_000 ? ', extrapolated' : ''})`,
      pass: rebuild.extrapolated1M < 60,
    };
  return t;
}

export function formatReport(r: KpiBenchResult): string {
  const l: string[] = [];
  const f = (n: number, d = 1) => fmt(n, d);
  l.push('KPI aggregator bench');
  l.push(
    `  ingest            ${r.ingest.events} events in ${f(r.ingest.seconds, 2)} s = ${Math.round(r.ingest.perSecond)} events/s (producer alone ${f(r.ingest.produceSeconds, 2)} s)`,
  );
  l.push(
    `  freshness         ${Math.round(r.freshness.achievedRate)} events/s offered: p50 ${f(r.freshness.latencyMs.p50)} ms, p99 ${f(r.freshness.latencyMs.p99)} ms, max ${f(r.freshness.latencyMs.max)} ms (${r.freshness.latencyMs.n} slices)`,
  );
  l.push(
    `  cached query      ${r.query.rate} req/s: p50 ${f(r.query.api.p50, 2)} ms, p99 ${f(r.query.api.p99, 2)} ms, errors ${r.query.api.errors}`,
  );
  l.push(
    `  SQL GROUP BY raw  ${r.query.rate} req/s: p50 ${f(r.query.sql.p50, 2)} ms, p99 ${f(r.query.sql.p99, 2)} ms, errors ${r.query.sql.errors}`,
  );
  l.push(
    `  ratio             SQL p99 / cached API p99 = ${f(r.query.ratio, 2)} (answers agree: ${r.query.answersAgree}, ${r.query.answer.numerator}/${r.query.answer.denominator})`,
  );
  const b = r.query.bare;
  if (b) {
    l.push(
      `  bare NestJS       ${r.query.rate} req/s: p50 ${f(b.paced.p50, 2)} ms, p99 ${f(b.paced.p99, 2)} ms, errors ${b.paced.errors}; one at a time p50 ${f(b.sequential.p50, 2)} ms / p99 ${f(b.sequential.p99, 2)} ms`,
    );
    l.push(
      `  ratio             cached API p99 / bare NestJS p99 = ${f(r.query.api.p99 / b.paced.p99, 2)} (same path, answer and client; the bare endpoint does no work)`,
    );
  }
  const q = r.query.sequential;
  l.push(
    `  one at a time     cached API p50 ${f(q.api.p50, 2)} ms / p99 ${f(q.api.p99, 2)} ms; SQL p50 ${f(q.sql.p50, 2)} ms / p99 ${f(q.sql.p99, 2)} ms; SQL p50 / API p50 = ${f(q.ratio, 2)}`,
  );
  if (r.rebuild)
    l.push(
      `  rebuild           ${r.rebuild.events} events in ${f(r.rebuild.seconds, 2)} s = ${Math.round(r.rebuild.perSecond)} events/s`,
    );
  l.push('  targets');
  for (const [k, v] of Object.entries(r.targets))
    l.push(`    ${v.pass ? 'PASS' : 'MISS'} ${k.padEnd(10)} ${v.measured}  (target ${v.target})`);
  l.push(`BENCH_JSON ${JSON.stringify(r)}`);
  return l.join('\n');
}
