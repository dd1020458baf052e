import { formatReport, runRosterBench, SMOKE } from './roster-bench';

/**
 * CI smoke of the roster bench: a few small demo schools through the import service and the COPY
 * baseline, in seconds. It checks that every learner was imported with its events and the figures
 * are computed; not the performance (run `bash bench/roster/run.sh` for those).
 */
describe('roster bench (smoke)', () => {
  it('imports small demo schools and copies the same rows', async () => {
    const r = await runRosterBench({ ...SMOKE, log: () => undefined });
    expect(r.learners).toBeGreaterThanOrEqual(SMOKE.learners);
    // student.enrolled and identity checked per learner, and the staff's, classes', assignments'.
    expect(r.events).toBeGreaterThanOrEqual(2 * r.learners);
    expect(r.import.learnersPerSecond).toBeGreaterThan(0);
    expect(r.copy.learnersPerSecond).toBeGreaterThan(0);
    expect(r.ratio).toBeGreaterThan(0);
    const report = formatReport(r);
    expect(report).toMatch(/import \/ COPY = \d/);
    expect(report).toMatch(/identity \(population register\)/);
    const json = report.split('\n').find((l) => l.startsWith('BENCH_JSON '))!;
    expect(JSON.parse(json.slice('BENCH_JSON '.length)).learners).toBe(r.learners);
  }, 120000);
});
