/**
 * CPU accounting over a run from Linux /proc: a process (the service under test), a set of
 * PostgreSQL backends, this process, the machine, redis-server and the Kafka broker.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { ServiceProcess } from '@qn/testing';

export interface CpuFigures {
  /** Percent of one core over the measured run. */
  servicePct: number;
  benchPct: number;
  /** PostgreSQL backends of the service's database, percent of one core. */
  postgresPct: number;
  /** Whole machine busy, percent of all cores. */
  machineBusyPct: number;
  /** redis-server and the Kafka broker (shared with anything else running), percent of one core. */
  redisPct: number;
  kafkaPct: number;
}

/** The operating-system process id of a started service. */
export const pidOf = (p: ServiceProcess): number | undefined =>
  (p as unknown as { child?: { pid?: number } }).child?.pid;

/** utime + stime of a process, in clock ticks (Linux); 0 when unreadable. */
function processTicks(pid: number | undefined): number {
  if (!pid) return 0;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return 0;
  }
}

function machineTicks(): { busy: number; total: number } {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n')[0];
    const v = line.trim().split(/\s+/).slice(1).map(Number);
    const idle = v[3] + (v[4] ?? 0);
    const total = v.reduce((a, b) => a + b, 0);
    return { busy: total - idle, total };
  } catch {
    return { busy: 0, total: 0 };
  }
}

const TICKS_PER_SEC = 100; // USER_HZ on Linux

/** Processes whose command line matches (Linux /proc). */
function pidsMatching(re: RegExp): number[] {
  const out: number[] = [];
  try {
    for (const d of readdirSync('/proc')) {
      if (!/^\d+$/.test(d)) continue;
      try {
        if (re.test(readFileSync(`/proc/${d}/cmdline`, 'utf8').replace(/\0/g, ' ')))
          out.push(Number(d));
      } catch {
        /* gone */
      }
    }
  } catch {
    /* not Linux */
  }
  return out;
}

/** CPU accounting over one run: the service process, its PostgreSQL backends, this process, the machine. */
export class CpuMeter {
  private t0 = 0;
  private svc0 = 0;
  private pg0 = new Map<number, number>();
  private bench0 = process.cpuUsage();
  private m0 = machineTicks();
  private readonly redisPids = pidsMatching(/^redis-server /);
  private readonly kafkaPids = pidsMatching(/kafka\.Kafka /);
  private redis0 = 0;
  private kafka0 = 0;

  constructor(
    private readonly pid: number | undefined,
    private readonly pgPids: () => Promise<number[]>,
  ) {}

  async start(): Promise<void> {
    this.t0 = performance.now();
    this.svc0 = processTicks(this.pid);
    this.pg0 = new Map((await this.pgPids()).map((p) => [p, processTicks(p)]));
    this.bench0 = process.cpuUsage();
    this.m0 = machineTicks();
    this.redis0 = this.redisPids.reduce((t, p) => t + processTicks(p), 0);
    this.kafka0 = this.kafkaPids.reduce((t, p) => t + processTicks(p), 0);
  }

  async stop(): Promise<CpuFigures> {
    const secs = (performance.now() - this.t0) / 1000;
    const svc = processTicks(this.pid) - this.svc0;
    let pg = 0;
    for (const p of await this.pgPids()) pg += processTicks(p) - (this.pg0.get(p) ?? 0);
    const bench = process.cpuUsage(this.bench0);
    const m = machineTicks();
    const pct = (ticks: number) => Math.round((ticks / TICKS_PER_SEC / secs) * 100);
    return {
      servicePct: pct(svc),
      benchPct: Math.round(((bench.user + bench.system) / 1e6 / secs) * 100),
      postgresPct: pct(pg),
      machineBusyPct:
        m.total > this.m0.total
          ? Math.round(((m.busy - this.m0.busy) / (m.total - this.m0.total)) * 100)
          : 0,
      redisPct: pct(this.redisPids.reduce((t, p) => t + processTicks(p), 0) - this.redis0),
      kafkaPct: pct(this.kafkaPids.reduce((t, p) => t + processTicks(p), 0) - this.kafka0),
    };
  }
}
