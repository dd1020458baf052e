/**
 * CI smoke of the submission bench (bench/enrollment/submissions-bench.ts): the real enrollment
 * service as its own process, its replica filled from Kafka by the bench, one open grade-1 round,
 * 300 submissions through autocannon. Asserts that every request succeeded and that the database,
 * the outbox and Kafka agree with the 2xx count. No performance assertion: the throughput target
 * is checked by `bash bench/enrollment/run.sh submissions`.
 * Needs the built service (services/enrollment/dist), like the other process-level tests.
 */
import { runSubmissionsBench, SubmissionsBenchResult } from './submissions-bench';

describe('submission bench smoke (300 requests through autocannon)', () => {
  let r: SubmissionsBenchResult;

  beforeAll(async () => {
    r = await runSubmissionsBench({
      amount: 300,
      connections: 8,
      warmupSec: 0,
      schools: 12,
      wards: 3,
      families: 20,
      baseline: false,
      sampleWaits: false,
      log: () => undefined,
    });
  }, 90_000);

  it('answers every submission with 201 and no socket error', () => {
    expect(r.service).toMatchObject({
      ok: 300,
      non2xx: 0,
      errors: 0,
      timeouts: 0,
      statusCodes: { '201': 300 },
    });
    expect(r.checks.firstNon2xx).toEqual([]);
  });

  it('holds exactly as many active applications as 2xx responses, and publishes one recorded event each', () => {
    expect(r.checks.total2xx).toBe(300);
    expect(r.checks.dbMatched2xx).toBe(300);
    // A fixed amount: autocannon waits for every response, so nothing was in flight at the end.
    expect(r.checks.unansweredAtStop).toBe(0);
    expect(r.checks.dbActive).toBe(300);
    expect(r.checks.dbExtraUnexplained).toBe(0);
    expect(r.checks.outboxLeft).toBe(0);
    expect(r.checks.kafkaRecorded).toBe(300);
    expect(r.checks.kafkaUnknown).toBe(0);
    expect(r.pass.correctness).toBe(true);
  });

  it('reports latency percentiles', () => {
    expect(r.service.p50).toBeGreaterThan(0);
    expect(r.service.p99).toBeGreaterThanOrEqual(r.service.p50);
  });
});
