import { formatReport, latencyFigures, runMessagingBench } from './messaging-bench';

/**
 * CI smoke of the messaging bench: a small run through the real outbox → Kafka → idempotent
 * consumer path and the raw kafkajs baseline. It checks that nothing is lost or duplicated and
 * that the figures are computed; it does not check the performance targets (shared CI machines
 * are too noisy for that — run `npm run bench:messaging` for the figures).
 */
describe('messaging bench (smoke)', () => {
  it('runs the full path and the baseline with no loss, no duplicates and computed figures', async () => {
    const result = await runMessagingBench({
      events: 2000,
      writers: 8,
      ratePerSecond: 1000,
      warmupEvents: 200,
      relayLingerMs: 10,
    });

    expect(result.runs.map((r) => r.name)).toEqual([
      'full path, saturation',
      'raw kafkajs, saturation',
      'raw kafkajs one send per event, saturation',
      'full path, paced 1000/s',
      'raw kafkajs, paced 1000/s',
    ]);
    for (const run of result.runs) {
      expect(run.integrity).toMatchObject({
        expected: 2000,
        distinct: 2000,
        lost: 0,
        duplicates: 0,
        ok: true,
      });
      if (run.path === 'full')
        expect(run.integrity).toMatchObject({ effects: 2000, businessRows: 2000, outboxLeft: 0 });
      expect(run.throughput).toBeGreaterThan(0);
      expect(run.offeredRate).toBeGreaterThan(0);
      expect(Number.isFinite(run.latencyMs.p99)).toBe(true);
      expect(run.latencyMs.p50).toBeGreaterThan(0);
      expect(run.latencyMs.p50).toBeLessThanOrEqual(run.latencyMs.p99);
      expect(run.payloadBytes).toBeGreaterThan(300);
    }
    expect(result.integrityOk).toBe(true);
    const f = result.figures;
    expect(f.fullPathThroughput).toBeGreaterThan(0);
    expect(f.rawThroughput).toBeGreaterThan(0);
    expect(f.throughputRatio).toBeGreaterThan(0);
    expect(f.rawPerEventThroughput).toBeGreaterThan(0);
    expect(f.throughputRatioPerEvent).toBeGreaterThan(0);
    expect(Number.isFinite(f.pacedP99Ms)).toBe(true);
    // Verdicts are computed, whatever they are on this machine.
    for (const v of Object.values(result.targets)) expect(typeof v.pass).toBe('boolean');

    const report = formatReport(result);
    expect(report).toMatch(/full-path sustained throughput/);
    const json = report.split('\n').find((l) => l.startsWith('BENCH_JSON '))!;
    expect(JSON.parse(json.slice('BENCH_JSON '.length)).figures.fullPathThroughput).toBeCloseTo(
      f.fullPathThroughput!,
      6,
    );
  }, 60000);

  it('computes nearest-rank percentiles', () => {
    const values = Array.from({ length: 100 }, (_, i) => 100 - i); // 1..100, unsorted
    expect(latencyFigures(values)).toEqual({ p50: 50, p95: 95, p99: 99, max: 100, mean: 50.5 });
    expect(Number.isNaN(latencyFigures([]).p99)).toBe(true);
  });
});
