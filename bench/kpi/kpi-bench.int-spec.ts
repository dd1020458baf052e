import { formatReport, latency, runKpiBench } from './kpi-bench';

/**
 * CI smoke of the KPI bench: a small run of every phase against the real service process. It
 * checks that the figures are computed (the bare NestJS baseline too) and the API and the SQL baseline agree; it does not
 * check the performance targets (run `bash bench/kpi/run.sh` for those).
 */
describe('kpi bench (smoke)', () => {
  it('computes percentiles', () => {
    expect(latency([5, 1, 3, 2, 4])).toEqual({ n: 5, p50: 3, p99: 5, max: 5 });
  });

  it('runs ingest, freshness, cached query vs SQL and rebuild on a small load', async () => {
    const r = await runKpiBench({
      events: 2000,
      schools: 40,
      communes: 4,
      pacedRate: 400,
      pacedSeconds: 1,
      queryRate: 100,
      querySeconds: 1,
      chunk: 500,
    });
    expect(r.ingest.perSecond).toBeGreaterThan(0);
    expect(r.freshness.latencyMs.n).toBeGreaterThan(50);
    expect(Number.isFinite(r.freshness.latencyMs.p99)).toBe(true);
    expect(r.query.api.errors).toBe(0);
    expect(r.query.sql.errors).toBe(0);
    expect(r.query.answersAgree).toBe(true);
    expect(r.query.answer.denominator).toBe(2000 + 400);
    expect(r.query.ratio).toBeGreaterThan(0);
    expect(r.query.bare?.paced.errors).toBe(0);
    expect(r.query.bare?.paced.n).toBe(100);
    expect(r.rebuild?.events).toBeGreaterThanOrEqual(2400);
    for (const v of Object.values(r.targets)) expect(typeof v.pass).toBe('boolean');
    const report = formatReport(r);
    expect(report).toMatch(/SQL p99 \/ cached API p99/);
    expect(report).toMatch(/cached API p99 \/ bare NestJS p99 = \d/);
    const json = report.split('\n').find((l) => l.startsWith('BENCH_JSON '))!;
    expect(JSON.parse(json.slice('BENCH_JSON '.length)).ingest.events).toBe(2000);
  }, 180000);
});
