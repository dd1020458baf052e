/**
 * The autocannon runs of the submission bench: warm-up and sweep, the measured run with its
 * diagnostics, and the bare NestJS baseline with the same settings.
 */
import { writeFileSync } from 'node:fs';
import { Client } from 'pg';
import { waitFor } from '@qn/testing';
import { CpuMeter, pidOf } from '../../kit/cpu';
import { CpuProfile, InspectorProfiler, summariseProfile } from '../../kit/cpu-profile';
import { startBare } from '../../kit/services';
import { ratioOf } from '../../kit/stats';
import { scrapeEventLoop, SUBMISSION_MARKERS, WaitSampler } from './diagnostics';
import type { SubmissionsRun } from './enrollment-service';
import { bareLoad, load, LoadState, RequestShape } from './load';
import type { SubmissionsBenchResult } from './options';

type Result = Partial<SubmissionsBenchResult>;

/** The measured run's shape: connections and a duration or a fixed number of requests. */
export const measuredOf = (run: SubmissionsRun) => ({
  connections: run.o.connections,
  durationSec: run.o.durationSec,
  amount: run.o.amount,
});

/** Unmeasured warm-up, then short runs at each sweep connection count; the outbox drained after. */
export async function warmUpAndSweep(
  run: SubmissionsRun,
  shape: RequestShape,
  state: LoadState,
  rand: () => number,
  result: Result,
): Promise<void> {
  const { o } = run;
  if (o.warmupSec > 0) {
    o.log(`warm-up: ${o.warmupSec} s, ${o.connections} connections`);
    result.warmup = await load(
      shape,
      state,
      { connections: o.connections, durationSec: o.warmupSec, title: 'warm-up' },
      rand,
    );
  }
  for (const c of o.sweep ?? []) {
    o.log(`sweep: ${c} connections, ${o.sweepSec} s`);
    (result.sweep ??= []).push({
      connections: c,
      figures: await load(
        shape,
        state,
        { connections: c, durationSec: o.sweepSec, title: `sweep ${c}` },
        rand,
      ),
    });
    await new Promise((r) => setTimeout(r, 1000));
  }
  await waitFor(async () => (await outboxCount(run.admin!)) === 0, {
    timeoutMs: 60_000,
    description: 'the outbox to drain after the warm-up',
  }).catch(() => undefined);
}

export const outboxCount = async (admin: Client) =>
  Number((await admin.query(`SELECT count(*)::int AS n FROM enrollment.outbox`)).rows[0].n);

/** Process ids of the PostgreSQL backends serving the bench's database. */
export const pgPidsOf = (run: SubmissionsRun) => async () =>
  (
    await run.admin!.query(
      `SELECT pid FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()`,
      [run.db!.name],
    )
  ).rows.map((r: { pid: number }) => r.pid);

/** The measured run, with CPU accounting, PostgreSQL wait sampling, the event loop, a profile. */
export async function measuredRun(
  run: SubmissionsRun,
  shape: RequestShape,
  state: LoadState,
  rand: () => number,
  result: Result,
): Promise<void> {
  const { o } = run;
  const url = run.url!;
  const sampler = o.sampleWaits ? new WaitSampler(run.admin!, run.db!.name) : undefined;
  const profiler = run.inspectPort ? await startProfiler(run.inspectPort) : undefined;
  await scrapeEventLoop(url); // resets the event-loop histogram
  const cpu = new CpuMeter(pidOf(run.service!), pgPidsOf(run));
  await cpu.start();
  sampler?.start();
  o.log(
    `measured run: ${o.amount ? `${o.amount} requests` : `${o.durationSec} s`}, ${o.connections} connections`,
  );
  result.service = await load(shape, state, { ...measuredOf(run), title: 'enrollment' }, rand);
  result.pgWaits = sampler?.stop();
  result.serviceCpu = await cpu.stop();
  if (profiler) {
    const { profile } = await profiler.send<{ profile: CpuProfile }>('Profiler.stop');
    profiler.close();
    writeFileSync(o.cpuProfile!, JSON.stringify(profile));
    result.profile = summariseProfile(profile, SUBMISSION_MARKERS);
    o.log(`CPU profile of the measured run written to ${o.cpuProfile}`);
  }
  result.eventLoop = await scrapeEventLoop(url);
}

async function startProfiler(inspectPort: number): Promise<InspectorProfiler> {
  const profiler = new InspectorProfiler(inspectPort);
  await profiler.connect();
  await profiler.send('Profiler.enable');
  await profiler.send('Profiler.setSamplingInterval', { interval: 200 });
  await profiler.send('Profiler.start');
  return profiler;
}

/** The same requests and settings against the bare NestJS endpoint (its warm-up too). */
export async function baselineRun(
  run: SubmissionsRun,
  shape: RequestShape,
  rand: () => number,
  result: Result,
): Promise<void> {
  const { o } = run;
  const bare = await startBare({
    name: 'bare-nest',
    route: 'POST /rounds/:roundId/applications',
    env: {
      NODE_OPTIONS: '--disable-warning=TimeoutNegativeWarning',
      BARE_STATUS: '201',
      BARE_BODY: '{"ok":true}',
    },
    entry: o.bareEntry,
    readyTimeoutMs: 30_000,
  });
  run.bare = bare.process;
  const bareShape = { ...shape, url: bare.url };
  if (o.warmupSec > 0)
    result.bareWarmup = await bareLoad(
      bareShape,
      { connections: o.connections, durationSec: o.warmupSec, title: 'bare warm-up' },
      rand,
    );
  const bareCpu = new CpuMeter(pidOf(bare.process), async () => []);
  await bareCpu.start();
  o.log(`baseline: bare NestJS endpoint, same settings`);
  result.bare = await bareLoad(bareShape, { ...measuredOf(run), title: 'bare' }, rand);
  result.bareCpu = await bareCpu.stop();
  result.ratio = ratioOf(result.service!.rps, Math.max(1, result.bare.rps));
}
