/**
 * KPI aggregator bench: the real service process (services/kpi-aggregator/dist/main.js) on its
 * own database and topic prefix, fed with `enrollment.application.recorded` events built with
 * the contracts, measured from outside:
 *
 * 1. ingest: N events produced as fast as kafkajs goes while the service projects them; events
 *    per second from the first event produced to the last one applied (committed);
 * 2. freshness: events produced at a fixed rate (default 2,000/s) in 10 ms slices; the time from
 *    a slice's send to the first API answer (asked after the send) that counts it — the
 *    province's denominator counts every event, so event → Kafka → projection → API;
 * 3. cached query: GET /indicators/:code/values at a fixed rate (default 1,000/s), latency p50/p99,
 *    next to the same answer computed by a plain SQL GROUP BY over the raw events (kept by the
 *    bench in its own table) at the same rate; both answers must agree; the ratio is printed;
 * 4. rebuild: POST /projections/rebuild, time until the shadow generation is swapped in.
 */
import { serviceEnvArg } from '@qn/testing';
import { DEFAULTS, KpiBenchOptions, KpiBenchResult } from './options';
import { freshness, ingest, query, rebuild } from './phases';
import { formatReport, targetsOf } from './report';
import { publishOrgTree, startWorld } from './world';

export * from './options';
export { benchCatalogue } from './catalogue';
export { formatReport } from './report';

export async function runKpiBench(partial: Partial<KpiBenchOptions> = {}): Promise<KpiBenchResult> {
  const o: KpiBenchOptions = { ...DEFAULTS, ...partial };
  const { world: w, close } = await startWorld(o, o.log ?? (() => undefined));
  try {
    await publishOrgTree(w);
    const ingested = await ingest(w);
    const fresh = await freshness(w);
    const { query: queried, sqlDenominator } = await query(w);
    const rebuilt = o.rebuild ? await rebuild(w, sqlDenominator) : null;
    const result = {
      options: o,
      ingest: ingested,
      freshness: fresh,
      query: queried,
      rebuild: rebuilt,
    };
    return { ...result, targets: targetsOf(result) };
  } finally {
    await close();
  }
}

function parseArgs(argv: string[]): Partial<KpiBenchOptions> {
  const o: Partial<KpiBenchOptions> = {};
  const num = (name: string, envName: string): number | undefined => {
    const i = argv.indexOf(`--${name}`);
    const v = i >= 0 ? argv[i + 1] : process.env[envName];
    return v === undefined ? undefined : Number(v);
  };
  const set = <K extends keyof KpiBenchOptions>(k: K, v: KpiBenchOptions[K] | undefined) => {
    if (v !== undefined && !Number.isNaN(v)) o[k] = v;
  };
  set('events', num('events', 'BENCH_EVENTS'));
  set('schools', num('schools', 'BENCH_SCHOOLS'));
  set('pacedRate', num('rate', 'BENCH_RATE'));
  set('pacedSeconds', num('paced-seconds', 'BENCH_PACED_SECONDS'));
  set('queryRate', num('query-rate', 'BENCH_QUERY_RATE'));
  set('querySeconds', num('query-seconds', 'BENCH_QUERY_SECONDS'));
  set('chunk', num('chunk', 'BENCH_CHUNK'));
  if (argv.includes('--no-rebuild')) o.rebuild = false;
  if (argv.includes('--no-baseline')) o.baseline = false;
  argv.forEach((a, i) => {
    if (a !== '--service-env') return;
    const [key, value] = serviceEnvArg(argv[i + 1]);
    o.serviceEnv = { ...o.serviceEnv, [key]: value };
  });
  return o;
}

if (require.main === module) {
  const opts = parseArgs(process.argv.slice(2));
  runKpiBench({ ...opts, log: (m) => process.stderr.write(`[bench:kpi] ${m}\n`) })
    .then((r) => {
      process.stdout.write(`${formatReport(r)}\n`);
      process.exit(0);
    })
    .catch((e: Error) => {
      process.stderr.write(`[bench:kpi] failed: ${e.stack ?? e.message}\n`);
      process.exit(1);
    });
}
