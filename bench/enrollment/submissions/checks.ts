/**
 * Checks after the load: every 2xx application is in the database (active), the database holds
 * no other application than those plus requests still in flight when the load generator
 * stopped (identified by the hash of their personal id), the outbox drained, and the
 * applications topic holds one `enrollment.application.recorded` per application.
 */
import { PersonalDataProtector } from '@qn/privacy';
import { waitFor } from '@qn/testing';
import type { SubmissionsRun } from './enrollment-service';
import { readRecorded } from './kafka-check';
import type { LoadState } from './load';
import type { LoadFigures, SubmissionsBenchResult } from './options';
import { outboxCount } from './runs';

type Checks = SubmissionsBenchResult['checks'];

/** Lets the requests in flight when autocannon stopped finish, then waits for the outbox to drain. */
export async function settleAfterLoad(
  run: SubmissionsRun,
  roundId: string,
): Promise<Pick<Checks, 'outboxLeft' | 'outboxDrainMs'>> {
  const admin = run.admin!;
  const loadEnded = Date.now();
  let last = -1;
  await waitFor(
    async () => {
      const n = Number(
        (
          await admin.query(
            `SELECT count(*)::int AS n FROM enrollment.application WHERE round_id = $1`,
            [roundId],
          )
        ).rows[0].n,
      );
      const settled = n === last;
      last = n;
      return settled;
    },
    { timeoutMs: 30_000, intervalMs: 500, description: 'in-flight submissions to settle' },
  );
  let outboxLeft = -1;
  await waitFor(
    async () => {
      outboxLeft = await outboxCount(admin);
      return outboxLeft === 0;
    },
    { timeoutMs: 120_000, intervalMs: 100, description: 'the outbox to drain' },
  ).catch(() => undefined);
  return { outboxLeft, outboxDrainMs: Date.now() - loadEnded };
}

/** The database and Kafka against what the clients were told. */
export interface Stored {
  rows: number;
  active: number;
  matched: number;
  completedAfterStop: number;
  extra: number;
  kafka: { distinctRecorded: number; messages: number; unknown: number };
}

export async function storedApplications(
  run: SubmissionsRun,
  roundId: string,
  state: LoadState,
  protector: PersonalDataProtector,
): Promise<Stored> {
  const rows: Array<{ id: string; h: string; status: string }> = (
    await run.admin!.query(
      `SELECT id, applicant_hash AS h, status FROM enrollment.application WHERE round_id = $1`,
      [roundId],
    )
  ).rows;
  const active = rows.filter((r) => r.status === 'active');
  const unansweredHashes = new Set([...state.pending].map((pid) => protector.lookupHash(pid)));
  const extra = active.filter((r) => !state.ids2xx.has(r.id));
  // Kafka: one `enrollment.application.recorded` per application on the applications topic.
  const kafka = await readRecorded(run.prefix, new Set(active.map((r) => r.id)));
  return {
    rows: rows.length,
    active: active.length,
    matched: active.filter((r) => state.ids2xx.has(r.id)).length,
    completedAfterStop: extra.filter((r) => unansweredHashes.has(r.h)).length,
    extra: extra.length,
    kafka,
  };
}

/** 2xx responses of every run against the service (warm-up, sweep, measured). */
export const total2xxOf = (result: Partial<SubmissionsBenchResult>) =>
  (result.warmup?.ok ?? 0) +
  (result.sweep ?? []).reduce((t, x) => t + x.figures.ok, 0) +
  result.service!.ok;

export function checksOf(
  result: Partial<SubmissionsBenchResult>,
  state: LoadState,
  stored: Stored,
  settled: Pick<Checks, 'outboxLeft' | 'outboxDrainMs'>,
): Checks {
  return {
    total2xx: total2xxOf(result),
    dbActive: stored.active,
    dbMatched2xx: stored.matched,
    dbCompletedAfterStop: stored.completedAfterStop,
    unansweredAtStop: state.pending.size,
    dbExtraUnexplained: stored.extra - stored.completedAfterStop,
    outboxLeft: settled.outboxLeft,
    outboxDrainMs: settled.outboxDrainMs,
    kafkaRecorded: stored.kafka.distinctRecorded,
    kafkaMessages: stored.kafka.messages,
    kafkaUnknown: stored.kafka.unknown,
    firstNon2xx: state.non2xxSamples,
  };
}

/** No failed request anywhere, and the database, the outbox and Kafka agree with the 2xx count. */
export function correct(
  result: Partial<SubmissionsBenchResult>,
  state: LoadState,
  stored: Stored,
  c: Checks,
): boolean {
  const anyBad = (f?: LoadFigures) => !!f && (f.non2xx > 0 || f.errors > 0);
  return (
    !anyBad(result.warmup) &&
    !(result.sweep ?? []).some((x) => anyBad(x.figures)) &&
    !anyBad(result.service) &&
    !anyBad(result.bare) &&
    state.ids2xx.size === c.total2xx &&
    c.dbMatched2xx === c.total2xx &&
    c.dbExtraUnexplained === 0 &&
    stored.rows === stored.active &&
    c.outboxLeft === 0 &&
    c.kafkaRecorded === stored.active &&
    c.kafkaUnknown === 0
  );
}
