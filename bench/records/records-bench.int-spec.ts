import { formatReport, runRecordsBench, SMOKE } from './records-bench';

/**
 * CI smoke of the records bench (bench/records/records-bench.ts): the real records service as its
 * own process (demo CA), 2 classes of 4 learners seeded through Kafka and the API, term 2 signed
 * by the principals, 30 verifications through the public API and the raw node:crypto baseline.
 * Checks that every record was signed and verified and that the figures are computed; no
 * performance assertion (run `bash bench/records/run.sh` for those). Needs the built service.
 */
describe('records bench (smoke)', () => {
  it('signs every learner’s record, verifies them through the API, measures the raw baseline', async () => {
    const r = await runRecordsBench({ ...SMOKE, log: () => undefined });
    expect(r.province).toMatchObject({ classes: 2, learners: 8 });
    expect(r.signing.records).toBe(8);
    expect(r.signing.signatures).toBe(24);
    expect(r.signing.recordsPerSecond).toBeGreaterThan(0);
    expect(r.signing.canonicalBytes).toBeGreaterThan(1000);
    expect(r.verification).toMatchObject({ requests: 30, valid: 30, non2xx: 0, errors: 0 });
    expect(r.raw.signatures).toBe(24);
    expect(r.rawRecordsSignedPerSecond).toBeGreaterThan(0);
    expect(r.signRatio).toBeGreaterThan(0);
    expect(r.verifyRatio).toBeGreaterThan(0);
    const report = formatReport(r);
    expect(report).toMatch(/close and sign term 2/);
    const json = report.split('\n').find((l) => l.startsWith('BENCH_JSON '))!;
    expect(JSON.parse(json.slice('BENCH_JSON '.length)).signing.records).toBe(8);
  }, 180_000);
});
