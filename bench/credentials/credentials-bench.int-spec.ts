import { formatReport, runCredentialsBench, SMOKE } from './credentials-bench';

/**
 * CI smoke of the credentials bench (bench/credentials/credentials-bench.ts): the real credentials
 * service as its own process, 4 schools of 40 graduates seeded through Kafka, 3 upper-secondary
 * lists approved by the department 2 at a time (so two first issuings of one authority meet) and
 * a lower-secondary one by its ward, every diploma verified through `POST /verification`, and the
 * raw baseline. Checks that the machinery works and the figures are positive and sane; no
 * performance assertion (run `bash bench/credentials/run.sh` for those). Needs the built service.
 */
describe('credentials bench (smoke)', () => {
  it('issues every graduate’s diploma, verifies them through the API, measures the raw baseline', async () => {
    const r = await runCredentialsBench({ ...SMOKE, log: () => undefined });
    expect(r.cohort).toMatchObject({ schools: 4, upperSecondary: 3, graduates: 160 });
    expect(r.issuing.diplomas).toBe(160);
    expect(r.issuing.perSecond).toBeGreaterThan(0);
    expect(r.issuing.credentialBytes).toBeGreaterThan(1000);
    expect(r.verification).toMatchObject({ requests: 160, verified: 160, non2xx: 0, errors: 0 });
    expect(r.raw.ed25519).toMatchObject({ signatures: 160, verifications: 160 });
    expect(r.raw.canonicalise.documents).toBe(20);
    // The canonical document is N-Quads of the whole diploma: bigger than a proof's options.
    expect(r.raw.canonicalise.canonicalBytes).toBeGreaterThan(
      r.raw.canonicalise.proofCanonicalBytes,
    );
    expect(r.raw.suiteVerify.verified).toBe(20);
    for (const ratio of Object.values(r.ratios)) {
      expect(ratio).toBeGreaterThan(0);
      expect(Number.isFinite(ratio)).toBe(true);
    }
    // Nothing the service does per diploma can beat a bare Ed25519 operation.
    expect(r.ratios.issueToEd25519).toBeLessThan(1);
    expect(r.ratios.verifyToEd25519).toBeLessThan(1);
    const report = formatReport(r);
    expect(report).toMatch(/issue \(approve the lists/);
    const json = report.split('\n').find((l) => l.startsWith('BENCH_JSON '))!;
    expect(JSON.parse(json.slice('BENCH_JSON '.length)).issuing.diplomas).toBe(160);
  }, 180_000);
});
