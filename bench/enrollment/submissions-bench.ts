/**
 * Application submission benchmark (issue 4): "at least 2,000 application submissions/s sustained
 * through the HTTP API with p99 under 100 ms on this machine, measured with autocannon against a
 * running service (report the ratio to a bare NestJS endpoint that does no work, measured in the
 * same run)".
 *
 * What runs, all on this machine:
 * - its own PostgreSQL database (createTestDatabase) and Kafka topic prefix;
 * - the real enrollment service, built (`services/enrollment/dist/main.js`), as its own process
 *   (ServiceProcess, environment as PlatformEnv.envFor, LOG_LEVEL=warn, default settings);
 * - no registry process: this bench publishes `registry.org-unit.changed` v1 events (a province,
 *   wards, primary schools) onto `<prefix>registry.org-unit.v1`, enrollment's replica fills from
 *   Kafka, and seats are set (PUT /rounds/:id/schools/:schoolId) once it has the schools;
 * - one open grade-1 round (school year 2026-2027: children born in 2020 are of the usual age);
 * - autocannon: POST /rounds/:id/applications, each request with its own Idempotency-Key and its
 *   own valid personal id (022 + 2|3 + 20 + six unique digits, born in 2020), 1-2 random wishes,
 *   residence in a ward, a family token (signDemoToken with the service's secret);
 * - the baseline: libs/testing's bare-nest (NestJS, one POST route on the same path that does nothing),
 *   its own process, the same autocannon settings and the same requests.
 *
 * Checks afterwards: no non-2xx response and no socket error; every 2xx application id is in the
 * database (active), and the database holds no other application than those plus requests that
 * were still in flight when the load generator stopped (identified by the hash of their personal
 * id); the outbox drained; the applications topic holds one `enrollment.application.recorded` per
 * application.
 */
import { randomBytes } from 'node:crypto';
import Redis from 'ioredis';
import { seededRandom } from '@qn/demo-kit';
import { PersonalDataProtector } from '@qn/privacy';
import { deleteTopicsWithPrefix, redisUrl, testId } from '@qn/testing';
import { loadAverage, machineCores } from '../kit/machine';
import { checksOf, correct, settleAfterLoad, storedApplications } from './submissions/checks';
import {
  familyTokens,
  openRound,
  startEnrollment,
  SubmissionsRun,
} from './submissions/enrollment-service';
import { LoadState, RequestShape } from './submissions/load';
import {
  defaultOptions,
  SubmissionsBenchOptions,
  SubmissionsBenchResult,
} from './submissions/options';
import { pgCeiling } from './submissions/pg-ceiling';
import { baselineRun, measuredRun, pgPidsOf, warmUpAndSweep } from './submissions/runs';

export * from './submissions/options';
export { personalIdOf } from './submissions/load';
export { summariseProfile } from '../kit/cpu-profile';
export { formatReport, jsonLine } from './submissions/report';

export async function runSubmissionsBench(
  partial: Partial<SubmissionsBenchOptions> = {},
): Promise<SubmissionsBenchResult> {
  const o: SubmissionsBenchOptions = { ...defaultOptions, ...partial };
  const id = testId();
  const keys = PersonalDataProtector.generateKeys();
  const run: SubmissionsRun = {
    o,
    id,
    prefix: `b${id}.`,
    secret: randomBytes(32).toString('hex'),
    keys,
  };
  const rand = seededRandom(20260601);
  const loadBefore = loadAverage(true);
  warnAboutPool(o);
  try {
    await startEnrollment(run);
    const { roundId, province } = await openRound(run);
    const tokens = await familyTokens(run.secret, o.families);
    const shape: RequestShape = { url: run.url!, roundId, tokens, province, runTag: id };
    const state: LoadState = { seq: 0, ids2xx: new Set(), pending: new Set(), non2xxSamples: [] };
    const result: Partial<SubmissionsBenchResult> = {};
    await warmUpAndSweep(run, shape, state, rand, result);
    await measuredRun(run, shape, state, rand, result);
    const settled = await settleAfterLoad(run, roundId);
    const protector = new PersonalDataProtector(keys);
    const stored = await storedApplications(run, roundId, state, protector);
    if (o.pgCeilingSec > 0) {
      o.log(
        `PostgreSQL alone: pgbench replays a submission's statements, ${o.connections} clients, ${o.pgCeilingSec} s per mode`,
      );
      result.pgCeiling = await pgCeiling(
        run.admin!,
        run.db!,
        roundId,
        province,
        { clients: o.connections, seconds: o.pgCeilingSec },
        pgPidsOf(run),
      );
    }
    if (o.baseline) await baselineRun(run, shape, rand, result);
    if (state.non2xxSamples.length)
      o.log(`non-2xx responses; the service's last log lines:\n${run.service!.logs.slice(-3000)}`);
    const checks = checksOf(result, state, stored, settled);
    const s = result.service!;
    const pass = {
      throughput: s.rps >= o.targetRps,
      p99: s.p99 < o.targetP99Ms,
      correctness: correct(result, state, stored, checks),
      all: false,
    };
    pass.all = pass.throughput && pass.p99 && pass.correctness;
    const { log: _log, ...printable } = o;
    void _log;
    return {
      options: printable,
      machine: { ...machineCores(), loadavgBefore: loadBefore, loadavgAfter: loadAverage(true) },
      ...(result as Pick<SubmissionsBenchResult, 'service'>),
      checks,
      pass,
    } as SubmissionsBenchResult;
  } finally {
    await cleanUp(run);
  }
}

/** From DB_POOL_SIZE concurrent submissions on, the service's pool can run dry (README). */
function warnAboutPool(o: SubmissionsBenchOptions): void {
  const poolSize = Number(o.serviceEnv?.DB_POOL_SIZE ?? 20);
  if (Math.max(o.connections, ...(o.sweep ?? [])) >= poolSize)
    o.log(
      `note: ${Math.max(o.connections, ...(o.sweep ?? []))} connections ≥ the service's DB_POOL_SIZE (${poolSize}): submissions can exhaust the pool (see README)`,
    );
}

/** Stops the processes, drops the database and topics, and removes the run's idempotency records. */
async function cleanUp(run: SubmissionsRun): Promise<void> {
  const { db, prefix, o } = run;
  await Promise.all([
    run.service?.stop().catch(() => undefined),
    run.bare?.stop().catch(() => undefined),
  ]);
  await run.admin?.end().catch(() => undefined);
  await db?.drop().catch((e: Error) => o.log(`could not drop ${db?.name}: ${e.message}`));
  await deleteTopicsWithPrefix(prefix).catch((e: Error) =>
    o.log(`could not delete topics ${prefix}*: ${e.message}`),
  );
  await clearIdempotencyRecords(prefix);
}

/** The idempotency records the run left in Redis (24 h TTL otherwise). */
async function clearIdempotencyRecords(prefix: string): Promise<void> {
  const redis = new Redis(redisUrl(), { lazyConnect: true, maxRetriesPerRequest: 2 });
  try {
    await redis.connect();
    let cursor = '0';
    do {
      const [next, found] = await redis.scan(cursor, 'MATCH', `idem:${prefix}*`, 'COUNT', 1000);
      cursor = next;
      if (found.length) await redis.unlink(...found);
    } while (cursor !== '0');
  } catch {
    /* best effort */
  } finally {
    redis.disconnect();
  }
}
