import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT, sleep } from '@qn/testing';
import { FaultWorld, SERVICES, ServiceName } from './fault-world';
import { burst, Verdict, verdict } from './workload';

/**
 * The fault suite: under a burst of online applications (HTTP), portal applications (Kafka)
 * and cash payments (HTTP), each fault below hits the real processes; then every acknowledged
 * request must have exactly one effect in PostgreSQL and one event on Kafka, retried requests
 * converge on their first answer, outboxes drain and the KPI projection equals a recomputation
 * from the raw events. It runs alone (it kills the shared broker): `npm test` runs it after the
 * rest; `npm run faults` runs the long version (FAULT_SCALE=long) and prints the table.
 */
const long = process.env.FAULT_SCALE === 'long';
const sizes = long ? { online: 120, portal: 120, cash: 80 } : { online: 16, portal: 16, cash: 12 };
const spreadMs = long ? 8000 : 2500;
const outageMs = long ? 16000 : 6000;

interface Fault {
  name: string;
  apply: (w: FaultWorld) => Promise<void> | void;
  restore: (w: FaultWorld) => Promise<void> | void;
  /** The services that must stay ready throughout (they can still accept and commit work). */
  staysReady: ServiceName[];
  /** Requests must not hang on the failing dependency: every attempt answers within this. */
  failFastMs?: number;
  longOnly?: boolean;
}

const others = (s: ServiceName) => SERVICES.filter((x) => x !== s);
const kill = (s: ServiceName): Fault => ({
  name: `kill -9 ${s}`,
  apply: (w) => w.killService(s),
  restore: (w) => w.restartService(s),
  staysReady: others(s),
});
const dbCut = (s: ServiceName): Fault => ({
  name: `PostgreSQL cut (${s})`,
  apply: (w) => w.cutDatabase(s),
  restore: (w) => w.restoreDatabase(s),
  staysReady: others(s),
});

const ALL_FAULTS: Fault[] = [
  kill('enrollment'),
  kill('payments'),
  kill('kpi-aggregator'),
  { ...kill('registry'), longOnly: true },
  dbCut('enrollment'),
  dbCut('payments'),
  { ...dbCut('kpi-aggregator'), longOnly: true },
  {
    name: 'Redis stalled (enrollment, payments)',
    apply: (w) => (w.redis.enrollment.stall(), w.redis.payments.stall()),
    restore: (w) => (w.redis.enrollment.pass(), w.redis.payments.pass()),
    staysReady: SERVICES,
    failFastMs: 3000,
  },
  {
    name: 'Redis cut (every service)',
    apply: (w) => Object.values(w.redis).forEach((p) => p.cut()),
    restore: (w) => Object.values(w.redis).forEach((p) => p.pass()),
    staysReady: SERVICES,
    failFastMs: 3000,
  },
  {
    // A pod restarted while the broker is away must still start and take work (degraded).
    name: 'broker kill -9, enrollment restarted meanwhile',
    apply: async (w) => {
      w.killBroker();
      await w.killService('enrollment');
      await w.restartService('enrollment');
    },
    restore: (w) => w.startBroker(),
    staysReady: others('enrollment'),
  },
  {
    name: 'broker kill -9',
    apply: (w) => w.killBroker(),
    restore: (w) => w.startBroker(),
    staysReady: SERVICES,
  },
];
const FAULTS = ALL_FAULTS.filter((f) => long || !f.longOnly);

interface Row extends Verdict {
  fault: string;
  attempts: number;
  slowestMs: number;
  /** Readiness probes (every 500 ms during the fault) that said not-ready, of services that could work. */
  unreadyProbes: number;
  recoverySeconds: number;
}

describe(`fault suite (${long ? 'long' : 'short'})`, () => {
  const w = new FaultWorld();
  const rows: Row[] = [];

  beforeAll(() => w.start(), 180000);
  afterAll(async () => {
    await w.stop();
    const table = renderTable(rows);
    console.log(`fault suite (${long ? 'long' : 'short'})\n${table}`);
    mkdirSync(join(REPO_ROOT, 'reports'), { recursive: true });
    writeFileSync(join(REPO_ROOT, 'reports', `faults-${long ? 'long' : 'short'}.md`), `${table}\n`);
  });

  for (const fault of FAULTS)
    it(`${fault.name}: one effect per acknowledged request, nothing lost, projections converge`, async () => {
      const invoices = await w.enrolStudents(sizes.cash);
      let restoredAt = 0;
      let unreadyProbes = 0;
      const unready: string[] = [];
      const b = await burst(w, sizes, invoices, spreadMs, async () => {
        await sleep(spreadMs / 3);
        // Restored whatever happens, so one failed scenario does not break the next ones.
        try {
          await fault.apply(w);
          const until = Date.now() + outageMs;
          while (Date.now() < until) {
            for (const s of fault.staysReady) {
              const r = await fetch(`${w.url(s)}/health/ready`, {
                signal: AbortSignal.timeout(2000),
              }).catch(() => undefined);
              if (r?.status !== 200) {
                unreadyProbes++;
                unready.push(`${s}: ${r?.status ?? 'no answer'}`);
              }
            }
            await sleep(500);
          }
        } finally {
          await fault.restore(w);
        }
        restoredAt = Date.now();
      });
      // Recovered when nothing is pending any more (or given up after two minutes): the time
      // from the restoration to the start of the first check that found everything settled.
      let checkedAt = Date.now();
      let v = await verdict(w, b);
      const until = Date.now() + 120_000;
      while (v.pending.length && Date.now() < until) {
        await sleep(1000);
        checkedAt = Date.now();
        v = await verdict(w, b);
      }
      rows.push({
        fault: fault.name,
        attempts: b.attempts,
        slowestMs: b.slowestMs,
        unreadyProbes,
        ...v,
        // Whatever never settled was lost.
        lost: v.lost + v.unrecorded,
        recoverySeconds: Math.max(0, checkedAt - restoredAt) / 1000,
      });
      expect(v.pending).toEqual([]);
      // A tolerated outage is not a full one: who can still work stays ready (degraded).
      expect(unready).toEqual([]);
      if (fault.failFastMs) expect(b.slowestMs).toBeLessThan(fault.failFastMs);
      expect(v.duplicates).toBe(0);
      expect(v.lost).toBe(0);
      // Every client got its answer (none gave up), and every answer had its effect.
      expect(v.acknowledged).toBe(v.requests);
      expect(v.effects).toBe(v.acknowledged);
    }, 400000);
});

function renderTable(rows: Row[]): string {
  const head =
    '| fault | requests | HTTP attempts | slowest attempt (ms) | acknowledged | effects | duplicates | lost | unready probes | recovery (s) |';
  const line = '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|';
  return [
    head,
    line,
    ...rows.map(
      (r) =>
        `| ${r.fault} | ${r.requests} | ${r.attempts} | ${r.slowestMs} | ${r.acknowledged} | ${r.effects} | ${r.duplicates} | ${r.lost} | ${r.unreadyProbes} | ${r.recoverySeconds.toFixed(1)} |`,
    ),
  ].join('\n');
}
