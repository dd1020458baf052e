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
import autocannon from 'autocannon';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import Redis from 'ioredis';
import { Partitioners } from 'kafkajs';
import { signDemoToken } from '@qn/auth';
import { seededRandom } from '@qn/demo-kit';
import { EventTypes, newEvent, OrgUnitChangedV1, prefixedTopic, Topics } from '@qn/contracts';
import { PersonalDataProtector } from '@qn/privacy';
import {
  BARE_NEST_ENTRY,
  createTestDatabase,
  deleteTopicsWithPrefix,
  grantKafkaAccess,
  kafkaBrokers,
  kafkaClientEnv,
  testKafka,
  TestPrincipals,
  redisUrl,
  ServiceProcess,
  testId,
  TestDatabase,
  waitFor,
  testPort,
} from '@qn/testing';

// ---------------------------------------------------------------------------------------------
// Options and results

export interface SubmissionsBenchOptions {
  /** Concurrent connections of autocannon (both targets). */
  connections: number;
  /** Measured run, seconds (ignored when `amount` is set). */
  durationSec: number;
  /** Unmeasured warm-up against each target first, seconds (0 = none). */
  warmupSec: number;
  /** Before the measured run: short runs at these connection counts (to choose `connections`). */
  sweep?: number[];
  /** Seconds of each sweep run. */
  sweepSec: number;
  /** A fixed number of requests instead of a duration (the CI smoke). */
  amount?: number;
  /** Primary schools published into the registry topic and given seats in the round. */
  schools: number;
  /** Wards (residences and catchments). */
  wards: number;
  /** Family tokens to spread the requests over. */
  families: number;
  /** Measure the bare NestJS baseline too (needs the compiled bare-nest.js). */
  baseline: boolean;
  /** Compiled bare server (default: libs/testing's bare-nest.js). */
  bareEntry?: string;
  /** Extra environment for the service (diagnostics only: the headline figures use defaults). */
  serviceEnv?: Record<string, string>;
  /** Sample pg_stat_activity during the measured run (wait events of the service's backends). */
  sampleWaits: boolean;
  /**
   * Diagnostics: record a CPU profile of the service during the measured run (through the
   * inspector protocol; the service is started with --inspect on a free local port) and write it
   * to this file (.cpuprofile, opens in Chrome DevTools); a summary goes into the result.
   */
  cpuProfile?: string;
  /**
   * Diagnostics: after the measured run, replay the SQL of one submission with pgbench (PostgreSQL
   * alone, same statements, same concurrency, `-M extended` as node-postgres sends them and
   * `-M prepared`) for this many seconds on a copy of the service's tables. 0 = off.
   */
  pgCeilingSec: number;
  /** Diagnostics: the service reaches PostgreSQL through this Unix-socket directory instead of TCP. */
  pgSocketDir?: string;
  /** Targets. */
  targetRps: number;
  targetP99Ms: number;
  log: (line: string) => void;
}

export const defaultOptions: SubmissionsBenchOptions = {
  // Below the service's DB_POOL_SIZE (20): from 20 concurrent submissions on, the pool deadlocks (README).
  connections: 16,
  durationSec: 20,
  warmupSec: 5,
  schools: 50,
  wards: 6,
  families: 200,
  baseline: true,
  sampleWaits: true,
  pgCeilingSec: 0,
  sweepSec: 8,
  targetRps: 2000,
  targetP99Ms: 100,
  log: (line) => process.stderr.write(`[bench:submissions] ${line}\n`),
};

export interface LoadFigures {
  /** 2xx responses. */
  ok: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  statusCodes: Record<string, number>;
  durationSec: number;
  /** 2xx responses per second of the run. */
  rps: number;
  p50: number;
  p90: number;
  p97_5: number;
  p99: number;
  max: number;
  mean: number;
  /** Requests sent but not answered when the run stopped. */
  inFlightAtEnd: number;
}

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

export interface SubmissionsBenchResult {
  options: Omit<SubmissionsBenchOptions, 'log'>;
  machine: { cores: number; cpu: string; loadavgBefore: number[]; loadavgAfter: number[] };
  warmup?: LoadFigures;
  sweep?: Array<{ connections: number; figures: LoadFigures }>;
  service: LoadFigures;
  serviceCpu?: CpuFigures;
  bareWarmup?: LoadFigures;
  bare?: LoadFigures;
  bareCpu?: CpuFigures;
  /** service rps / bare rps */
  ratio?: number;
  /** Mean number of the service's PostgreSQL backends per state/wait event during the measured run. */
  pgWaits?: Record<string, number>;
  /** pgbench replay of a submission's SQL (when `pgCeilingSec` > 0). */
  pgCeiling?: Array<{
    mode: string;
    tps: number;
    latencyMs: number;
    postgresPct: number;
    machineBusyPct: number;
    postgresMsPerTx: number;
  }>;
  /** Summary of the service's CPU profile over the measured run (when `cpuProfile` is set). */
  profile?: ProfileSummary;
  /** From the service's /metrics after the measured run (since the scrape before it). */
  eventLoop?: { lagP50Ms: number; lagP99Ms: number; lagMaxMs: number };
  checks: {
    total2xx: number;
    dbActive: number;
    dbMatched2xx: number;
    /** Applications committed for requests the load generator no longer waited for. */
    dbCompletedAfterStop: number;
    unansweredAtStop: number;
    dbExtraUnexplained: number;
    outboxLeft: number;
    outboxDrainMs: number;
    /** Distinct applications with an `enrollment.application.recorded` on Kafka. */
    kafkaRecorded: number;
    /** Messages on the applications topic (more than kafkaRecorded: redelivered, at least once). */
    kafkaMessages: number;
    /** Recorded events whose application is not in the database (must be 0). */
    kafkaUnknown: number;
    firstNon2xx: string[];
  };
  pass: { throughput: boolean; p99: boolean; correctness: boolean; all: boolean };
}

// ---------------------------------------------------------------------------------------------
// Helpers

const HOUR = 3600_000;
const FAMILY_NAMES = ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Vũ', 'Đặng', 'Bùi', 'Đỗ', 'Hồ'];
const MIDDLE = ['Văn', 'Thị', 'Minh', 'Ngọc', 'Đức', 'Thu', 'Gia', 'Bảo'];
const GIVEN = [
  'An',
  'Bình',
  'Cường',
  'Dung',
  'Giang',
  'Hà',
  'Khánh',
  'Linh',
  'Minh',
  'Nam',
  'Phúc',
  'Quân',
  'Tâm',
  'Vy',
];

/**
 * The n-th personal id of a run: province 022 (Quảng Ninh), sex/century digit 2 or 3 (born
 * 2000-2099), year 20, and six digits — (digit, six digits) is a bijection of n < 2,000,000.
 */
export function personalIdOf(n: number): string {
  if (n >= 2_000_000) throw new Error('personal ids exhausted');
  return `022${2 + (n & 1)}20${String(n >>> 1).padStart(6, '0')}`;
}

const pidOf = (p: ServiceProcess): number | undefined =>
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
class CpuMeter {
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

interface HttpResult {
  status: number;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

async function call(
  base: string,
  method: string,
  path: string,
  token: string,
  body?: unknown,
): Promise<HttpResult> {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    /* not JSON */
  }
  return { status: res.status, body: parsed };
}

// ---------------------------------------------------------------------------------------------
// The province the bench publishes

interface Province {
  provinceId: string;
  wards: string[];
  schools: Array<{ id: string; wardId: string }>;
}

const uuid = () => {
  const b = randomBytes(16);
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
};

function orgUnit(
  id: string,
  code: string,
  kind: OrgUnitChangedV1['kind'],
  name: string,
  parentId: string | null,
  school: OrgUnitChangedV1['school'] = null,
): OrgUnitChangedV1 {
  const validFrom = kind === 'province' ? '1963-10-30' : '2025-07-01';
  return {
    id,
    code,
    kind,
    name,
    parentId,
    validFrom,
    validTo: null,
    successorIds: [],
    versions: [{ validFrom, validTo: null, parentId, name }],
    school,
    revision: 1,
  };
}

/** Publishes the province, its wards and primary schools as the registry would (compacted topic, key = id). */
async function publishProvince(prefix: string, wards: number, schools: number): Promise<Province> {
  const p: Province = { provinceId: uuid(), wards: [], schools: [] };
  const units: OrgUnitChangedV1[] = [
    orgUnit(p.provinceId, 'QN', 'province', 'Tỉnh Quảng Ninh', null),
  ];
  for (let w = 0; w < wards; w++) {
    const id = uuid();
    p.wards.push(id);
    units.push(orgUnit(id, `P-${w + 1}`, 'ward', `Phường ${w + 1}`, p.provinceId));
  }
  for (let s = 0; s < schools; s++) {
    const id = uuid();
    const wardId = p.wards[s % wards];
    p.schools.push({ id, wardId });
    units.push(
      orgUnit(
        id,
        `TH-${String(s + 1).padStart(3, '0')}`,
        'school',
        `Trường Tiểu học số ${s + 1}`,
        wardId,
        { levels: ['primary'], segment: 'urban', ownership: 'public' },
      ),
    );
  }
  const kafka = testKafka('bench-registry', 'registry');
  const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
  await producer.connect();
  try {
    await producer.send({
      topic: prefixedTopic(prefix, Topics.registryOrgUnits),
      messages: units.map((u) => ({
        key: u.id,
        value: JSON.stringify(
          newEvent({ ...EventTypes.orgUnitChanged, source: 'registry', subjectId: u.id, data: u }),
        ),
      })),
    });
  } finally {
    await producer.disconnect();
  }
  return p;
}

// ---------------------------------------------------------------------------------------------
// Load

interface LoadState {
  /** Next request number (personal id, idempotency key). */
  seq: number;
  ids2xx: Set<string>;
  pending: Set<string>;
  non2xxSamples: string[];
}

interface RequestShape {
  url: string;
  roundId: string;
  tokens: string[];
  province: Province;
  runTag: string;
}

/** One autocannon run; every request is a new application (its own key, child, wishes). */
function load(
  shape: RequestShape,
  state: LoadState,
  o: { connections: number; durationSec?: number; amount?: number; title: string },
  rand: () => number,
): Promise<LoadFigures> {
  const { province } = shape;
  const path = `/rounds/${shape.roundId}/applications`;
  const pendingAtStart = state.pending.size;
  const setupRequest = (
    req: autocannon.Request,
    context: Record<string, unknown>,
  ): autocannon.Request => {
    const n = state.seq++;
    const pid = personalIdOf(n);
    const w1 = province.schools[Math.floor(rand() * province.schools.length)].id;
    const wishes = [w1];
    if (rand() < 0.5) {
      let w2 = w1;
      while (w2 === w1) w2 = province.schools[Math.floor(rand() * province.schools.length)].id;
      wishes.push(w2);
    }
    const month = 1 + Math.floor(rand() * 12);
    const day = 1 + Math.floor(rand() * 28);
    const body = {
      applicant: {
        personalId: pid,
        fullName: `${FAMILY_NAMES[Math.floor(rand() * FAMILY_NAMES.length)]} ${MIDDLE[Math.floor(rand() * MIDDLE.length)]} ${GIVEN[Math.floor(rand() * GIVEN.length)]}`,
        dateOfBirth: `2020-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`,
        residenceOrgUnitId: province.wards[Math.floor(rand() * province.wards.length)],
      },
      wishes,
      priorityCategories: rand() < 0.1 ? ['HO-NGHEO'] : [],
    };
    context.pid = pid;
    state.pending.add(pid);
    return {
      ...req,
      method: 'POST',
      path,
      headers: {
        'content-type': 'application/json',
        authorization: shape.tokens[n % shape.tokens.length],
        'idempotency-key': `${shape.runTag}-${n}`,
      },
      body: JSON.stringify(body),
    };
  };
  const onResponse = (status: number, body: string, context: Record<string, unknown>) => {
    state.pending.delete(context.pid as string);
    if (status >= 200 && status < 300) {
      const m = /"applicationId":"([0-9a-f-]{36})"/.exec(body);
      if (m) state.ids2xx.add(m[1]);
    } else if (state.non2xxSamples.length < 5) {
      state.non2xxSamples.push(`${status} ${body.slice(0, 300)}`);
    }
  };
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        title: o.title,
        url: shape.url,
        connections: o.connections,
        pipelining: 1,
        timeout: 10,
        ...(o.amount ? { amount: o.amount } : { duration: o.durationSec }),
        requests: [
          {
            setupRequest: setupRequest as autocannon.Request['setupRequest'],
            onResponse: onResponse as autocannon.Request['onResponse'],
          },
        ],
      },
      (err, r) => {
        if (err) return reject(err);
        resolve(figures(r, state.pending.size - pendingAtStart));
      },
    );
    void instance;
  });
}

function figures(r: autocannon.Result, inFlightAtEnd: number): LoadFigures {
  const statusCodes: Record<string, number> = {};
  for (const [code, v] of Object.entries(r.statusCodeStats ?? {}))
    statusCodes[code] = Number((v as { count?: number }).count ?? 0);
  const ok = r['2xx'];
  return {
    ok,
    non2xx: r.non2xx,
    errors: r.errors,
    timeouts: r.timeouts,
    statusCodes,
    durationSec: r.duration,
    rps: Math.round(ok / r.duration),
    p50: r.latency.p50,
    p90: r.latency.p90,
    p97_5: r.latency.p97_5,
    p99: r.latency.p99,
    max: r.latency.max,
    mean: Math.round(r.latency.average * 100) / 100,
    inFlightAtEnd,
  };
}

/** Bare-endpoint load: the same request generator (the bare app ignores it). */
function bareLoad(
  shape: RequestShape,
  o: { connections: number; durationSec?: number; amount?: number; title: string },
  rand: () => number,
): Promise<LoadFigures> {
  const state: LoadState = {
    seq: 1_000_000,
    ids2xx: new Set(),
    pending: new Set(),
    non2xxSamples: [],
  };
  return load(shape, state, o, rand);
}

/** Reads the applications topic to its end: distinct applications recorded, messages, unknown ids. */
async function readRecorded(
  prefix: string,
  known: Set<string>,
): Promise<{ distinctRecorded: number; messages: number; unknown: number }> {
  const topic = prefixedTopic(prefix, Topics.enrollmentApplications);
  const kafka = testKafka('bench-reader', TestPrincipals.admin, { retry: undefined });
  const admin = kafka.admin();
  await admin.connect();
  const offsets = await admin.fetchTopicOffsets(topic).finally(() => admin.disconnect());
  const expected = offsets.reduce((t, p) => t + Number(p.high) - Number(p.low), 0);
  const recorded = new Set<string>();
  let messages = 0;
  let unknown = 0;
  if (expected > 0) {
    const consumer = kafka.consumer({
      groupId: `${prefix}bench-reader`,
      sessionTimeout: 10000,
      heartbeatInterval: 1000,
    });
    await consumer.connect();
    try {
      await consumer.subscribe({ topic, fromBeginning: true });
      await consumer.run({
        eachBatch: async ({ batch }) => {
          for (const m of batch.messages) {
            messages++;
            const e = JSON.parse(m.value!.toString()) as {
              type: string;
              data: { applicationId?: string };
            };
            if (e.type !== EventTypes.applicationRecorded.type) continue;
            const id = e.data.applicationId ?? '';
            if (!known.has(id)) unknown++;
            recorded.add(id);
          }
        },
      });
      await waitFor(() => messages >= expected, {
        timeoutMs: 60_000,
        description: `${expected} messages on ${topic}`,
      });
    } finally {
      await consumer.disconnect();
    }
  }
  return { distinctRecorded: recorded.size, messages, unknown };
}

// ---------------------------------------------------------------------------------------------
// Diagnostics

/**
 * The statements of one online submission as the service sends them (texts copied from
 * services/enrollment/src: application.repository.ts, round.repository.ts, libs/org-directory,
 * libs/service-kit/idempotency.ts, libs/messaging/outbox-writer.ts), for pgbench.
 */
function submissionScript(roundId: string, schools: string[], wards: string[]): string {
  const arr = (ids: string[]) => `(ARRAY[${ids.map((i) => `'${i}'`).join(',')}])`;
  const org = `SELECT id, code, kind, name, parent_id AS "parentId", to_char(valid_from, 'YYYY-MM-DD') AS "validFrom", to_char(valid_to, 'YYYY-MM-DD') AS "validTo", successor_ids AS "successorIds", versions, school, revision, updated_at AS "updatedAt" FROM org_unit_replica`;
  const app = `SELECT id, round_id AS "roundId", applicant_hash AS "applicantHash", applicant_pid_last4 AS "applicantPidLast4", applicant_name AS "applicantName", to_char(date_of_birth, 'YYYY-MM-DD') AS "dateOfBirth", residence_org_unit_id AS "residenceOrgUnitId", wishes, priority_categories AS "priorityCategories", exam_scores AS "examScores", bonus_hundredths AS "bonusHundredths", channel, source, external_id AS "externalId", recorded_by AS "recordedBy", status, revision, submitted_at AS "submittedAt", updated_at AS "updatedAt" FROM application`;
  return [
    `\\set n random(1, 9000000000000000000)`,
    `\\set w1 random(1, ${schools.length})`,
    `\\set w2 random(1, ${schools.length})`,
    `\\set two random(0, 1)`,
    `\\set r random(1, ${wards.length})`,
    `SELECT fingerprint, status, body FROM idempotency_record WHERE key_hash = md5(:n::text) AND created_at > now() - make_interval(secs => 86400);`,
    `BEGIN;`,
    `SELECT id, school_year AS "schoolYear", grade, name, opens_at AS "opensAt", closes_at AS "closesAt", max_wishes AS "maxWishes", priority_categories AS "priorityCategories", exam, required_documents AS "requiredDocuments", seed_commitment AS "seedCommitment", seed_revealed AS "seedRevealed", status FROM admission_round WHERE id = '${roundId}' FOR SHARE;`,
    `SELECT school_id AS "schoolId", capacity, catchment_org_unit_ids AS "catchmentOrgUnitIds" FROM round_school WHERE round_id = '${roundId}' ORDER BY school_id;`,
    `${org} WHERE id = ${arr(schools)}[:w1]::uuid;`,
    `\\if :two`,
    `${org} WHERE id = ${arr(schools)}[:w2]::uuid;`,
    `\\endif`,
    `${org} WHERE id = ${arr(wards)}[:r]::uuid;`,
    `${app} WHERE round_id = '${roundId}' AND applicant_hash = md5(:n::text) AND status = 'active';`,
    `INSERT INTO application (id, round_id, applicant_hash, applicant_pid_sealed, applicant_pid_last4, applicant_name, date_of_birth, residence_org_unit_id, wishes, priority_categories, exam_scores, bonus_hundredths, channel, source, external_id, recorded_by, submitted_at) VALUES (gen_random_uuid(), '${roundId}', md5(:n::text), repeat('s', 64), '1234', 'Nguyễn Văn An', '2020-04-02', ${arr(wards)}[:r]::uuid, ARRAY[${arr(schools)}[:w1]::uuid], '{}', NULL, 0, 'online', 'family-web', NULL, 'bench-family-1', now());`,
    `INSERT INTO outbox (event_id, event_type, topic, message_key, payload, headers) VALUES (gen_random_uuid(), 'enrollment.application.recorded', 'pgceiling.enrollment.applications.v1', md5(:n::text), repeat('p', 700), '{}');`,
    `COMMIT;`,
    `INSERT INTO idempotency_record (key_hash, fingerprint, status, body) VALUES (md5(:n::text), md5(:n::text), 201, '{"applicationId":"00000000-0000-0000-0000-000000000000"}') ON CONFLICT (key_hash) DO NOTHING;`,
    '',
  ].join('\n');
}

/**
 * What a leaner submission could send (see README): round, seats and org units from memory; the
 * round's state checked by the INSERT itself; the duplicate found by the unique index; the
 * idempotency record in the same transaction.
 */
function leanSubmissionScript(roundId: string, schools: string[], wards: string[]): string {
  const arr = (ids: string[]) => `(ARRAY[${ids.map((i) => `'${i}'`).join(',')}])`;
  return [
    `\\set n random(1, 9000000000000000000)`,
    `\\set w1 random(1, ${schools.length})`,
    `\\set r random(1, ${wards.length})`,
    `BEGIN;`,
    `INSERT INTO application (id, round_id, applicant_hash, applicant_pid_sealed, applicant_pid_last4, applicant_name, date_of_birth, residence_org_unit_id, wishes, priority_categories, exam_scores, bonus_hundredths, channel, source, external_id, recorded_by, submitted_at) SELECT gen_random_uuid(), r.id, md5(:n::text), repeat('s', 64), '1234', 'Nguyễn Văn An', '2020-04-02', ${arr(wards)}[:r]::uuid, ARRAY[${arr(schools)}[:w1]::uuid], '{}', NULL, 0, 'online', 'family-web', NULL, 'bench-family-1', now() FROM admission_round r WHERE r.id = '${roundId}' AND r.status = 'open' AND now() < r.closes_at;`,
    `INSERT INTO outbox (event_id, event_type, topic, message_key, payload, headers) VALUES (gen_random_uuid(), 'enrollment.application.recorded', 'pgceiling.enrollment.applications.v1', md5(:n::text), repeat('p', 700), '{}');`,
    `INSERT INTO idempotency_record (key_hash, fingerprint, status, body) VALUES (md5(:n::text), md5(:n::text), 201, '{"applicationId":"00000000-0000-0000-0000-000000000000"}') ON CONFLICT (key_hash) DO NOTHING;`,
    `COMMIT;`,
    '',
  ].join('\n');
}

/** pgbench, on a copy of the service's tables in schema pgceiling (the relay never sees its rows). */
async function pgCeiling(
  admin: Client,
  db: TestDatabase,
  roundId: string,
  province: Province,
  o: { clients: number; seconds: number },
  pgPids: () => Promise<number[]>,
): Promise<NonNullable<SubmissionsBenchResult['pgCeiling']>> {
  const { spawn } = await import('node:child_process');
  const { mkdtempSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  await admin.query(`CREATE SCHEMA pgceiling`);
  for (const t of [
    'admission_round',
    'round_school',
    'org_unit_replica',
    'application',
    'outbox',
    'idempotency_record',
  ]) {
    await admin.query(`CREATE TABLE pgceiling.${t} (LIKE enrollment.${t} INCLUDING ALL)`);
    if (t !== 'outbox')
      await admin.query(`INSERT INTO pgceiling.${t} SELECT * FROM enrollment.${t}`);
  }
  // Statistics as a long-running service would have them (a cached generic plan must not be the empty-table one).
  await admin.query(
    `ANALYZE pgceiling.admission_round, pgceiling.round_school, pgceiling.org_unit_replica, pgceiling.application, pgceiling.idempotency_record`,
  );
  await admin.query(
    `ALTER TABLE pgceiling.application ADD FOREIGN KEY (round_id) REFERENCES pgceiling.admission_round (id)`,
  );
  const dir = mkdtempSync(join(tmpdir(), 'subbench-'));
  const file = join(dir, 'submission.sql');
  const lean = join(dir, 'lean.sql');
  writeFileSync(
    file,
    submissionScript(
      roundId,
      province.schools.map((x) => x.id),
      province.wards,
    ),
  );
  writeFileSync(
    lean,
    leanSubmissionScript(
      roundId,
      province.schools.map((x) => x.id),
      province.wards,
    ),
  );
  const u = new URL(db.url);
  const out: NonNullable<SubmissionsBenchResult['pgCeiling']> = [];
  const variants = [
    { name: 'today, -M extended (as node-postgres sends it)', mode: 'extended', script: file },
    { name: 'today, -M prepared (named statements)', mode: 'prepared', script: file },
    { name: 'lean (BEGIN, 3 INSERTs, COMMIT), -M extended', mode: 'extended', script: lean },
  ];
  for (const { name, mode, script } of variants) {
    const child = spawn(
      'pgbench',
      [
        '-n',
        '-M',
        mode,
        '-c',
        String(o.clients),
        '-j',
        '2',
        '-T',
        String(o.seconds),
        '-f',
        script,
        '-h',
        u.hostname,
        '-p',
        u.port || '5432',
        '-U',
        decodeURIComponent(u.username || 'postgres'),
        db.name,
      ],
      {
        env: { ...process.env, PGOPTIONS: '-c search_path=pgceiling' },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let text = '';
    child.stdout.on('data', (b: Buffer) => (text += b.toString()));
    child.stderr.on('data', (b: Buffer) => (text += b.toString()));
    const exited = new Promise<number>((resolve) => child.on('exit', (code) => resolve(code ?? 1)));
    // CPU of the PostgreSQL backends from 1 s after the start to 1 s before the end.
    await new Promise((r) => setTimeout(r, 1000));
    const meter = new CpuMeter(undefined, pgPids);
    await meter.start();
    await new Promise((r) => setTimeout(r, Math.max(1000, (o.seconds - 2) * 1000)));
    const cpu = await meter.stop();
    const code = await exited;
    const tps = Number(/tps = ([0-9.]+)/.exec(text)?.[1] ?? NaN);
    const lat = Number(/latency average = ([0-9.]+) ms/.exec(text)?.[1] ?? NaN);
    if (code !== 0 || !Number.isFinite(tps))
      throw new Error(`pgbench -M ${mode} failed (${code}):\n${text.slice(-2000)}`);
    out.push({
      mode: name,
      tps: Math.round(tps),
      latencyMs: lat,
      postgresPct: cpu.postgresPct,
      machineBusyPct: cpu.machineBusyPct,
      postgresMsPerTx: Math.round((cpu.postgresPct / 100 / tps) * 1000 * 100) / 100,
    });
  }
  return out;
}

class WaitSampler {
  private timer?: NodeJS.Timeout;
  private samples = 0;
  private readonly counts = new Map<string, number>();
  private busy = false;

  constructor(
    private readonly admin: Client,
    private readonly dbName: string,
  ) {}

  start(intervalMs = 50): void {
    this.timer = setInterval(() => void this.sample(), intervalMs);
  }

  private async sample(): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    try {
      const rows: Array<{ k: string; n: number }> = (
        await this.admin.query(
          `SELECT coalesce(state, '?') || ':' || coalesce(wait_event_type || '/' || wait_event, 'CPU') AS k, count(*)::int AS n
             FROM pg_stat_activity WHERE datname = $1 AND backend_type = 'client backend' AND pid <> pg_backend_pid() GROUP BY 1`,
          [this.dbName],
        )
      ).rows;
      this.samples++;
      for (const r of rows) this.counts.set(r.k, (this.counts.get(r.k) ?? 0) + r.n);
    } catch {
      /* a lost sample */
    } finally {
      this.busy = false;
    }
  }

  stop(): Record<string, number> {
    clearInterval(this.timer);
    const out: Record<string, number> = {};
    for (const [k, n] of [...this.counts.entries()].sort((a, b) => b[1] - a[1]))
      out[k] = Math.round((n / Math.max(1, this.samples)) * 10) / 10;
    return out;
  }
}

async function scrapeEventLoop(
  url: string,
): Promise<{ lagP50Ms: number; lagP99Ms: number; lagMaxMs: number } | undefined> {
  try {
    const text = await (await fetch(`${url}/metrics`)).text();
    const get = (name: string) => {
      const m = new RegExp(`^${name}(?:\\{[^}]*\\})? ([0-9.eE+-]+)$`, 'm').exec(text);
      return m ? Math.round(Number(m[1]) * 1000 * 10) / 10 : NaN;
    };
    return {
      lagP50Ms: get('nodejs_eventloop_lag_p50_seconds'),
      lagP99Ms: get('nodejs_eventloop_lag_p99_seconds'),
      lagMaxMs: get('nodejs_eventloop_lag_max_seconds'),
    };
  } catch {
    return undefined;
  }
}

/** A CPU profile of another Node process through its inspector (Chrome DevTools Protocol over WebSocket). */
class InspectorProfiler {
  private ws?: WebSocket;
  private nextId = 1;
  private readonly waiting = new Map<
    number,
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    { resolve: (v: any) => void; reject: (e: Error) => void }
  >();

  constructor(private readonly inspectPort: number) {}

  async connect(): Promise<void> {
    const targets = (await (
      await fetch(`http://127.0.0.1:${this.inspectPort}/json/list`)
    ).json()) as Array<{ webSocketDebuggerUrl: string }>;
    const ws = new WebSocket(targets[0].webSocketDebuggerUrl);
    await new Promise<void>((resolve, reject) => {
      ws.addEventListener('open', () => resolve(), { once: true });
      ws.addEventListener('error', () => reject(new Error('inspector connection failed')), {
        once: true,
      });
    });
    ws.addEventListener('message', (ev: MessageEvent) => {
      const msg = JSON.parse(String(ev.data)) as {
        id?: number;
        result?: unknown;
        error?: { message: string };
      };
      const w = msg.id !== undefined ? this.waiting.get(msg.id) : undefined;
      if (!w) return;
      this.waiting.delete(msg.id!);
      if (msg.error) w.reject(new Error(msg.error.message));
      else w.resolve(msg.result);
    });
    this.ws = ws;
  }

  send<T = unknown>(method: string, params: Record<string, unknown> = {}): Promise<T> {
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      this.ws!.send(JSON.stringify({ id, method, params }));
    });
  }

  close(): void {
    this.ws?.close();
  }
}

interface CpuProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface CpuProfile {
  nodes: CpuProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

export interface ProfileSummary {
  /** Wall time profiled, ms. */
  wallMs: number;
  /** Share of the samples (percent) by where the code lives (self time). */
  byArea: Array<[string, number]>;
  /** Share of samples (percent) with a marker function on the stack (inclusive time). */
  inclusive: Array<[string, number]>;
  /** Busiest functions, self time percent. */
  topSelf: Array<[string, number]>;
}

/** Where a frame's code lives: a package, one of the platform's libraries or services, Node, V8. */
function areaOf(url: string, fn: string): string {
  if (!url) return fn.startsWith('(') ? fn : '(native / V8)';
  const nm = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (nm) return nm[1].startsWith('@opentelemetry/') ? '@opentelemetry/*' : nm[1];
  const lib = /\/libs\/([^/]+)\//.exec(url);
  if (lib) return `@qn/${lib[1]}`;
  const svc = /\/services\/([^/]+)\//.exec(url);
  if (svc) return `service ${svc[1]}`;
  if (url.startsWith('node:')) return 'node: ' + url.slice(5).split('/')[0];
  return url;
}

/** Frames counted inclusively (anywhere on the stack): the steps of one submission. */
const MARKERS: Array<[string, (f: CpuProfileNode['callFrame']) => boolean]> = [
  [
    'JWT verify (JwtAuthGuard)',
    (f) => f.functionName === 'canActivate' && f.url.includes('jwt-auth.guard'),
  ],
  ['roles guard', (f) => f.functionName === 'canActivate' && f.url.includes('roles.guard')],
  [
    'ValidationPipe (class-transformer + class-validator)',
    (f) => f.functionName === 'transform' && f.url.includes('validation.pipe'),
  ],
  [
    'idempotency: request fingerprint (canonical JSON + sha256)',
    (f) => f.functionName === 'canonical' && f.url.includes('idempotency'),
  ],
  [
    'TypeORM query() (incl. pg driver)',
    (f) => f.functionName === 'query' && /typeorm\/.*PostgresQueryRunner/.test(f.url),
  ],
  ['pg protocol parsing', (f) => f.url.includes('pg-protocol')],
  ['ioredis', (f) => f.url.includes('/ioredis/')],
  ['pino / pino-http', (f) => /node_modules\/pino(-http)?\//.test(f.url)],
  [
    'express (router, body-parser)',
    (f) => /node_modules\/(express|router|body-parser|raw-body)\//.test(f.url),
  ],
  ['application rules (checkApplication)', (f) => f.functionName === 'checkApplication'],
  [
    'personal data (HMAC + AES-GCM)',
    (f) => f.url.includes('privacy') && /lookupHash|encrypt/.test(f.functionName),
  ],
  [
    'outbox enqueue (schema validation, JSON)',
    (f) => f.functionName === 'enqueue' && f.url.includes('outbox-writer'),
  ],
  [
    'Intl.DateTimeFormat (todayInVietnam)',
    (f) => f.functionName === 'todayInVietnam' || f.functionName === 'today',
  ],
  ['garbage collector', (f) => f.functionName === '(garbage collector)'],
];

export function summariseProfile(p: CpuProfile): ProfileSummary {
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const counts = new Map<number, number>();
  for (const s of p.samples) counts.set(s, (counts.get(s) ?? 0) + 1);
  const idle = new Set(
    p.nodes.filter((n) => n.callFrame.functionName === '(idle)').map((n) => n.id),
  );
  const total = p.samples.length;
  const busy = p.samples.filter((s) => !idle.has(s)).length;
  const pct = (n: number) => Math.round((n / Math.max(1, total)) * 1000) / 10;
  const area = new Map<string, number>();
  const self = new Map<string, number>();
  const incl = new Map<string, number>();
  for (const [id, n] of counts) {
    const node = byId.get(id)!;
    const f = node.callFrame;
    const a = areaOf(f.url, f.functionName);
    area.set(a, (area.get(a) ?? 0) + n);
    const key =
      `${f.functionName || '(anonymous)'} ${f.url ? `${f.url.replace(/^.*\/(node_modules|libs|services)\//, '$1/')}:${f.lineNumber + 1}` : ''}`.trim();
    self.set(key, (self.get(key) ?? 0) + n);
    const seen = new Set<string>();
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const cf = byId.get(cur)!.callFrame;
      for (const [name, test] of MARKERS) if (!seen.has(name) && test(cf)) seen.add(name);
    }
    for (const name of seen) incl.set(name, (incl.get(name) ?? 0) + n);
  }
  const sorted = (m: Map<string, number>, k: number) =>
    [...m.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, k)
      .map(([name, n]) => [name, pct(n)] as [string, number]);
  return {
    wallMs: Math.round((p.endTime - p.startTime) / 1000),
    byArea: [['(busy: all but idle)', pct(busy)], ...sorted(area, 18)],
    inclusive: sorted(incl, MARKERS.length),
    topSelf: sorted(self, 20),
  };
}

// ---------------------------------------------------------------------------------------------
// The bench

export async function runSubmissionsBench(
  partial: Partial<SubmissionsBenchOptions> = {},
): Promise<SubmissionsBenchResult> {
  const o: SubmissionsBenchOptions = { ...defaultOptions, ...partial };
  const log = o.log;
  const id = testId();
  const prefix = `b${id}.`;
  const secret = randomBytes(32).toString('hex');
  const keys = PersonalDataProtector.generateKeys();
  const protector = new PersonalDataProtector(keys);
  const rand = seededRandom(20260601);
  const loadBefore = loadavg();
  const poolSize = Number(o.serviceEnv?.DB_POOL_SIZE ?? 20);
  if (Math.max(o.connections, ...(o.sweep ?? [])) >= poolSize)
    log(
      `note: ${Math.max(o.connections, ...(o.sweep ?? []))} connections ≥ the service's DB_POOL_SIZE (${poolSize}): submissions can exhaust the pool (see README)`,
    );

  let db: TestDatabase | undefined;
  let service: ServiceProcess | undefined;
  let bare: ServiceProcess | undefined;
  let admin: Client | undefined;
  const redis = new Redis(redisUrl(), { lazyConnect: true, maxRetriesPerRequest: 2 });
  try {
    db = await createTestDatabase('bench_submissions');
    await grantKafkaAccess(prefix);
    admin = new Client({ connectionString: db.url });
    await admin.connect();
    const port = testPort();
    const url = `http://127.0.0.1:${port}`;
    const env: Record<string, string> = {
      PORT: String(port),
      DATABASE_URL: o.pgSocketDir
        ? `postgres://postgres@${encodeURIComponent(o.pgSocketDir)}/${db.name}`
        : db.url,
      DB_SCHEMA: 'enrollment',
      KAFKA_BROKERS: kafkaBrokers().join(','),
      ...kafkaClientEnv('enrollment'),
      REDIS_URL: redisUrl(),
      TOPIC_PREFIX: prefix,
      AUTH_HMAC_SECRET: secret,
      PERSONAL_ID_HASH_KEY: keys.hashKey,
      PERSONAL_ID_ENCRYPTION_KEY: keys.encryptionKey,
      NODE_OPTIONS: '--disable-warning=TimeoutNegativeWarning',
      LOG_LEVEL: 'warn',
      // One client sending as fast as it can: the bench measures the service, not the rate limit.
      RATE_LIMIT_PER_ROUTE: '10000000',
      // The bench reads the event-loop lag from /metrics without a token.
      METRICS_PUBLIC: 'true',
      ...(o.serviceEnv ?? {}),
    };
    const inspectPort = o.cpuProfile ? testPort() : undefined;
    if (inspectPort) env.NODE_OPTIONS = `${env.NODE_OPTIONS} --inspect=127.0.0.1:${inspectPort}`;
    log(`database ${db.name}, topic prefix ${prefix}, enrollment on :${port}`);
    service = new ServiceProcess('enrollment', env).start();
    await service.ready(url, 90_000);

    const province = await publishProvince(prefix, o.wards, o.schools);
    log(
      `published 1 province, ${o.wards} wards, ${o.schools} primary schools to ${prefix}${Topics.registryOrgUnits}`,
    );
    const provinceToken = await signDemoToken(secret, {
      sub: 'bench-province',
      roles: ['province'],
      orgUnitId: null,
      issuer: 'qn-edu-local',
      audience: 'qn-edu-platform',
      expiresIn: '2h',
    });
    const now = Date.now();
    const round = await call(url, 'POST', '/rounds', provinceToken, {
      schoolYear: '2026-2027',
      grade: 1,
      name: 'Tuyển sinh lớp 1 (bench)',
      opensAt: new Date(now - HOUR).toISOString(),
      closesAt: new Date(now + 2 * HOUR).toISOString(),
      maxWishes: 2,
      priorityCategories: [{ code: 'HO-NGHEO', name: 'Hộ nghèo', points: 1 }],
    });
    if (round.status !== 201)
      throw new Error(`creating the round: ${round.status} ${JSON.stringify(round.body)}`);
    const roundId: string = round.body.id;
    const seatsStarted = Date.now();
    for (const s of province.schools) {
      await waitFor(
        async () =>
          (
            await call(url, 'PUT', `/rounds/${roundId}/schools/${s.id}`, provinceToken, {
              capacity: 400,
              catchmentOrgUnitIds: [s.wardId],
            })
          ).status === 200,
        {
          timeoutMs: 60_000,
          intervalMs: 200,
          description: `school ${s.id} in enrollment's replica`,
        },
      );
    }
    log(
      `round ${roundId} open, seats set for ${province.schools.length} schools (replica ready after ${Date.now() - seatsStarted} ms)`,
    );

    const tokens = await Promise.all(
      Array.from({ length: o.families }, (_, i) =>
        signDemoToken(secret, {
          sub: `bench-family-${i}`,
          roles: ['family'],
          orgUnitId: null,
          issuer: 'qn-edu-local',
          audience: 'qn-edu-platform',
          expiresIn: '2h',
        }).then((t) => `Bearer ${t}`),
      ),
    );
    const shape: RequestShape = { url, roundId, tokens, province, runTag: id };
    const state: LoadState = { seq: 0, ids2xx: new Set(), pending: new Set(), non2xxSamples: [] };
    const measured = { connections: o.connections, durationSec: o.durationSec, amount: o.amount };

    const result: Partial<SubmissionsBenchResult> = {};
    if (o.warmupSec > 0) {
      log(`warm-up: ${o.warmupSec} s, ${o.connections} connections`);
      result.warmup = await load(
        shape,
        state,
        { connections: o.connections, durationSec: o.warmupSec, title: 'warm-up' },
        rand,
      );
    }
    for (const c of o.sweep ?? []) {
      log(`sweep: ${c} connections, ${o.sweepSec} s`);
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
    await waitFor(
      async () =>
        Number(
          (await admin!.query(`SELECT count(*)::int AS n FROM enrollment.outbox`)).rows[0].n,
        ) === 0,
      { timeoutMs: 60_000, description: 'the outbox to drain after the warm-up' },
    ).catch(() => undefined);

    const pgPids = async () =>
      (
        await admin!.query(
          `SELECT pid FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()`,
          [db!.name],
        )
      ).rows.map((r: { pid: number }) => r.pid);
    const sampler = o.sampleWaits ? new WaitSampler(admin, db.name) : undefined;
    let profiler: InspectorProfiler | undefined;
    if (inspectPort) {
      profiler = new InspectorProfiler(inspectPort);
      await profiler.connect();
      await profiler.send('Profiler.enable');
      await profiler.send('Profiler.setSamplingInterval', { interval: 200 });
      await profiler.send('Profiler.start');
    }
    await scrapeEventLoop(url); // resets the event-loop histogram
    const cpu = new CpuMeter(pidOf(service), pgPids);
    await cpu.start();
    sampler?.start();
    log(
      `measured run: ${o.amount ? `${o.amount} requests` : `${o.durationSec} s`}, ${o.connections} connections`,
    );
    result.service = await load(shape, state, { ...measured, title: 'enrollment' }, rand);
    result.pgWaits = sampler?.stop();
    result.serviceCpu = await cpu.stop();
    if (profiler) {
      const { profile } = await profiler.send<{ profile: CpuProfile }>('Profiler.stop');
      profiler.close();
      writeFileSync(o.cpuProfile!, JSON.stringify(profile));
      result.profile = summariseProfile(profile);
      log(`CPU profile of the measured run written to ${o.cpuProfile}`);
    }
    result.eventLoop = await scrapeEventLoop(url);
    const loadEnded = Date.now();

    // Let the requests that were in flight when autocannon stopped finish in the service.
    let last = -1;
    await waitFor(
      async () => {
        const n = Number(
          (
            await admin!.query(
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
        outboxLeft = Number(
          (await admin!.query(`SELECT count(*)::int AS n FROM enrollment.outbox`)).rows[0].n,
        );
        return outboxLeft === 0;
      },
      { timeoutMs: 120_000, intervalMs: 100, description: 'the outbox to drain' },
    ).catch(() => undefined);
    const outboxDrainMs = Date.now() - loadEnded;

    // Correctness: the database against what the clients were told.
    const rows: Array<{ id: string; h: string; status: string }> = (
      await admin.query(
        `SELECT id, applicant_hash AS h, status FROM enrollment.application WHERE round_id = $1`,
        [roundId],
      )
    ).rows;
    const active = rows.filter((r) => r.status === 'active');
    const matched = active.filter((r) => state.ids2xx.has(r.id)).length;
    const unansweredHashes = new Set([...state.pending].map((pid) => protector.lookupHash(pid)));
    const extra = active.filter((r) => !state.ids2xx.has(r.id));
    const completedAfterStop = extra.filter((r) => unansweredHashes.has(r.h)).length;
    const total2xx =
      (result.warmup?.ok ?? 0) +
      (result.sweep ?? []).reduce((t, x) => t + x.figures.ok, 0) +
      result.service.ok;

    // Kafka: one `enrollment.application.recorded` per application on the applications topic.
    const kafkaCount = await readRecorded(prefix, new Set(active.map((r) => r.id)));
    const kafkaRecorded = kafkaCount.distinctRecorded;

    if (o.pgCeilingSec > 0) {
      log(
        `PostgreSQL alone: pgbench replays a submission's statements, ${o.connections} clients, ${o.pgCeilingSec} s per mode`,
      );
      result.pgCeiling = await pgCeiling(
        admin,
        db,
        roundId,
        province,
        { clients: o.connections, seconds: o.pgCeilingSec },
        pgPids,
      );
    }

    // The baseline, with the same settings.
    if (o.baseline) {
      const barePort = testPort();
      const bareUrl = `http://127.0.0.1:${barePort}`;
      bare = new ServiceProcess(
        'bare-nest',
        {
          PORT: String(barePort),
          NODE_OPTIONS: '--disable-warning=TimeoutNegativeWarning',
          BARE_ROUTE: 'POST /rounds/:roundId/applications',
          BARE_STATUS: '201',
          BARE_BODY: '{"ok":true}',
        },
        o.bareEntry ?? BARE_NEST_ENTRY,
      ).start();
      await bare.ready(bareUrl, 30_000);
      const bareShape = { ...shape, url: bareUrl };
      if (o.warmupSec > 0)
        result.bareWarmup = await bareLoad(
          bareShape,
          { connections: o.connections, durationSec: o.warmupSec, title: 'bare warm-up' },
          rand,
        );
      const bareCpu = new CpuMeter(pidOf(bare), async () => []);
      await bareCpu.start();
      log(`baseline: bare NestJS endpoint, same settings`);
      result.bare = await bareLoad(bareShape, { ...measured, title: 'bare' }, rand);
      result.bareCpu = await bareCpu.stop();
      result.ratio = Math.round((result.service.rps / Math.max(1, result.bare.rps)) * 1000) / 1000;
    }

    if (state.non2xxSamples.length)
      log(`non-2xx responses; the service's last log lines:\n${service.logs.slice(-3000)}`);
    const checks: SubmissionsBenchResult['checks'] = {
      total2xx,
      dbActive: active.length,
      dbMatched2xx: matched,
      dbCompletedAfterStop: completedAfterStop,
      unansweredAtStop: state.pending.size,
      dbExtraUnexplained: extra.length - completedAfterStop,
      outboxLeft,
      outboxDrainMs,
      kafkaRecorded,
      kafkaMessages: kafkaCount.messages,
      kafkaUnknown: kafkaCount.unknown,
      firstNon2xx: state.non2xxSamples,
    };
    const s = result.service;
    const anyBad = (f?: LoadFigures) => !!f && (f.non2xx > 0 || f.errors > 0);
    const correctness =
      !anyBad(result.warmup) &&
      !(result.sweep ?? []).some((x) => anyBad(x.figures)) &&
      !anyBad(result.service) &&
      !anyBad(result.bare) &&
      state.ids2xx.size === total2xx &&
      matched === total2xx &&
      checks.dbExtraUnexplained === 0 &&
      rows.length === active.length &&
      outboxLeft === 0 &&
      kafkaRecorded === active.length &&
      kafkaCount.unknown === 0;
    const pass = {
      throughput: s.rps >= o.targetRps,
      p99: s.p99 < o.targetP99Ms,
      correctness,
      all: false,
    };
    pass.all = pass.throughput && pass.p99 && pass.correctness;
    const { log: _log, ...printable } = o;
    void _log;
    return {
      options: printable,
      machine: {
        cores: cpus().length,
        cpu: cpus()[0]?.model ?? '?',
        loadavgBefore: loadBefore.map((x) => Math.round(x * 100) / 100),
        loadavgAfter: loadavg().map((x) => Math.round(x * 100) / 100),
      },
      ...(result as Pick<SubmissionsBenchResult, 'service'>),
      checks,
      pass,
    } as SubmissionsBenchResult;
  } finally {
    await Promise.all([
      service?.stop().catch(() => undefined),
      bare?.stop().catch(() => undefined),
    ]);
    await admin?.end().catch(() => undefined);
    await db?.drop().catch((e: Error) => log(`could not drop ${db?.name}: ${e.message}`));
    await deleteTopicsWithPrefix(prefix).catch((e: Error) =>
      log(`could not delete topics ${prefix}*: ${e.message}`),
    );
    // The idempotency records the run left in Redis (24 h TTL otherwise).
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
}

// ---------------------------------------------------------------------------------------------
// Report

const pad = (s: string | number, n: number) => String(s).padStart(n);

export function formatReport(r: SubmissionsBenchResult): string {
  const lines: string[] = [];
  const row = (name: string, f?: LoadFigures) =>
    f
      ? `| ${name.padEnd(18)} | ${pad(f.rps, 7)} | ${pad(f.ok, 7)} | ${pad(f.non2xx, 6)} | ${pad(f.errors, 5)} | ${pad(f.p50, 6)} | ${pad(f.p97_5, 7)} | ${pad(f.p99, 6)} | ${pad(f.max, 6)} | ${pad(f.durationSec.toFixed(1), 5)} |`
      : undefined;
  lines.push(
    `submission bench — ${r.machine.cores} cores (${r.machine.cpu}), load average ${r.machine.loadavgBefore.join(' ')} before, ${r.machine.loadavgAfter.join(' ')} after`,
  );
  lines.push(
    `autocannon: ${r.options.connections} connections, ${r.options.amount ? `${r.options.amount} requests` : `${r.options.durationSec} s`} measured after ${r.options.warmupSec} s warm-up; ${r.options.schools} schools, ${r.options.wards} wards`,
  );
  lines.push('');
  lines.push(
    '| target             | 2xx/s   | 2xx     | non2xx | err   | p50 ms | p97.5ms | p99 ms | max ms | s     |',
  );
  lines.push(
    '|--------------------|---------|---------|--------|-------|--------|---------|--------|--------|-------|',
  );
  const sweepRows = (r.sweep ?? []).map((x) => row(`sweep c=${x.connections}`, x.figures));
  for (const l of [
    row('enrollment warm-up', r.warmup),
    ...sweepRows,
    row('enrollment', r.service),
    row('bare NestJS', r.bare),
  ])
    if (l) lines.push(l);
  lines.push('');
  if (r.ratio !== undefined)
    lines.push(
      `ratio enrollment / bare: ${r.ratio} (${r.service.rps} / ${r.bare!.rps} req/s); p99 ${r.service.p99} ms vs ${r.bare!.p99} ms`,
    );
  if (r.serviceCpu) {
    const perReq = (pct: number) =>
      r.service.rps ? ((pct / 100 / r.service.rps) * 1000).toFixed(2) : '?';
    lines.push(
      `cpu during the measured run (% of one core): service ${r.serviceCpu.servicePct}, its PostgreSQL backends ${r.serviceCpu.postgresPct}, autocannon ${r.serviceCpu.benchPct}, redis-server ${r.serviceCpu.redisPct}, Kafka broker ${r.serviceCpu.kafkaPct}; machine busy ${r.serviceCpu.machineBusyPct}% of ${r.machine.cores} cores`,
    );
    lines.push(
      `cpu per 2xx request: service ${perReq(r.serviceCpu.servicePct)} ms, PostgreSQL ${perReq(r.serviceCpu.postgresPct)} ms${r.bare && r.bareCpu ? `; bare app ${((r.bareCpu.servicePct / 100 / Math.max(1, r.bare.rps)) * 1000).toFixed(3)} ms` : ''}`,
    );
  }
  if (r.bareCpu)
    lines.push(
      `cpu during the bare run: bare app ${r.bareCpu.servicePct}, autocannon ${r.bareCpu.benchPct}; machine busy ${r.bareCpu.machineBusyPct}%`,
    );
  if (r.eventLoop)
    lines.push(
      `service event loop lag (prom-client, 10 ms resolution, measured run): p50 ${r.eventLoop.lagP50Ms} ms, p99 ${r.eventLoop.lagP99Ms} ms, max ${r.eventLoop.lagMaxMs} ms`,
    );
  if (r.pgWaits)
    lines.push(
      `service's PostgreSQL backends, mean count by state:wait: ${Object.entries(r.pgWaits)
        .slice(0, 8)
        .map(([k, v]) => `${k}=${v}`)
        .join(', ')}`,
    );
  if (r.pgCeiling) {
    for (const c of r.pgCeiling)
      lines.push(
        `PostgreSQL alone, pgbench replaying a submission's SQL, ${r.options.connections} clients, ${c.mode}: ${c.tps} tx/s, mean ${c.latencyMs} ms; PostgreSQL ${c.postgresPct}% of a core = ${c.postgresMsPerTx} ms per submission; machine busy ${c.machineBusyPct}%`,
      );
  }
  if (r.profile) {
    // The sampler takes the main thread's stack on wall-clock ticks, also while the OS has it
    // descheduled (2 busy cores): shares are of samples. µs per request = share of the non-idle
    // samples × the service's measured CPU time per request (an estimate).
    const busy = r.profile.byArea[0][1];
    const cpuUsPerReq =
      r.serviceCpu && r.service.rps ? (r.serviceCpu.servicePct / 100 / r.service.rps) * 1e6 : 0;
    const perReq = (v: number) =>
      cpuUsPerReq ? ` ≈${Math.round((v / busy) * cpuUsPerReq)} µs/req` : '';
    const fmt = (xs: Array<[string, number]>) =>
      xs.map(([k, v]) => `${k} ${v}%${k.startsWith('(') ? '' : perReq(v)}`).join('; ');
    lines.push(
      `service CPU profile (${r.profile.wallMs} ms, % of samples) by area: ${fmt(r.profile.byArea)}`,
    );
    lines.push(`  inclusive: ${fmt(r.profile.inclusive)}`);
    lines.push(`  top self: ${fmt(r.profile.topSelf.slice(0, 12))}`);
  }
  const c = r.checks;
  lines.push(
    `checks: 2xx ${c.total2xx} (warm-up + measured); database active ${c.dbActive} = ${c.dbMatched2xx} answered 2xx + ${c.dbCompletedAfterStop} committed for the ${c.unansweredAtStop} requests in flight when autocannon stopped` +
      `${c.dbExtraUnexplained ? `, ${c.dbExtraUnexplained} UNEXPLAINED` : ''}; outbox left ${c.outboxLeft} (drained ${c.outboxDrainMs} ms after the load); ${c.kafkaRecorded} applications with enrollment.application.recorded on Kafka (${c.kafkaMessages} messages${c.kafkaUnknown ? `, ${c.kafkaUnknown} UNKNOWN` : ''})`,
  );
  if (c.firstNon2xx.length) lines.push(`first non-2xx: ${c.firstNon2xx.join(' | ')}`);
  lines.push(
    `${r.pass.throughput ? 'PASS' : 'FAIL'} throughput ${r.service.rps}/s (target ≥ ${r.options.targetRps}/s); ${r.pass.p99 ? 'PASS' : 'FAIL'} p99 ${r.service.p99} ms (target < ${r.options.targetP99Ms} ms); ${r.pass.correctness ? 'PASS' : 'FAIL'} correctness`,
  );
  lines.push(`RESULT ${r.pass.all ? 'PASS' : 'FAIL'}`);
  return lines.join('\n');
}

/** One JSON line with every figure. */
export function jsonLine(r: SubmissionsBenchResult): string {
  const { pass, ...rest } = r;
  return JSON.stringify({
    bench: 'enrollment-submissions',
    at: new Date().toISOString(),
    rps: r.service.rps,
    p50: r.service.p50,
    p97_5: r.service.p97_5,
    p99: r.service.p99,
    bareRps: r.bare?.rps,
    bareP99: r.bare?.p99,
    ratio: r.ratio,
    pass,
    ...rest,
  });
}
