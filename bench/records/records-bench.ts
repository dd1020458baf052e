/**
 * Records bench: "close and sign one term for the whole province (about 390,000 learners, 12
 * subjects); the time, verification throughput through the API, and, from the same run, their
 * ratios to the raw cost of the same number of signatures and verifications with Node's crypto
 * alone; where the rest of the time goes."
 *
 * What runs, all on this machine: the real records service (services/records/dist) as its own
 * process on a database and topic prefix of its own (PlatformEnv), signing with the demo CA
 * (RECORDS_SIGNER=demo-ca: software keys, ES256); a province-shaped roster published on Kafka as
 * enrollment and the registry publish it (seed.ts); both terms' marks, conduct and confirmations
 * through the API (seeding: timed, not the figure). Then, timed: the principals sign term 2 of
 * every class (`POST /classes/:id/terms/2/signature`, `concurrency` classes at a time): every
 * learner's học bạ built, signed 3 times (homeroom teacher, principal, school seal), stored, its
 * events in the outbox; then the outbox relayed to Kafka. A CPU profile of the service (its
 * inspector) covers the signing. Then autocannon verifies the signed records through the public
 * `GET /verification/records`. Last, the raw baseline (baseline.ts).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { testPort } from '@qn/testing';
import { generateDemoPki, writeDemoPki } from '../../services/records/demo/demo-pki';
import { RosterWorld } from '../../services/records/test/roster-world';
import { autocannonRun, statusCodesOf } from '../kit/autocannon';
import { CpuFigures, CpuMeter, pidOf } from '../kit/cpu';
import {
  CpuProfile,
  InspectorProfiler,
  ProfileMarkers,
  ProfileSummary,
  summariseProfile,
} from '../kit/cpu-profile';
import { loadAverage, machineCores } from '../kit/machine';
import { nearestRank, ratioOf, sortedCopy } from '../kit/stats';
import { fmt, textTable } from '../kit/table';
import { rawCrypto, RawCrypto } from './baseline';
import { buildProvince } from './province';
import { closeTerms, ok, pool, Publisher, seedRosters } from './seed';

export interface RecordsBenchOptions {
  learners: number;
  /** Classes signed at once (principals signing at the same time). */
  concurrency: number;
  /** Classes seeded at once. */
  seedConcurrency: number;
  classesPerGrade: number;
  classSize: [number, number];
  /** Verification: autocannon connections and seconds, or a fixed number of requests. */
  verifyConnections: number;
  verifySeconds: number;
  verifyAmount?: number;
  /** CPU profile of the service while it signs. */
  profile: boolean;
  log: (line: string) => void;
}

export const DEFAULTS: Omit<RecordsBenchOptions, 'log'> = {
  learners: 3000,
  concurrency: 2,
  seedConcurrency: 4,
  classesPerGrade: 6,
  classSize: [35, 40],
  verifyConnections: 8,
  verifySeconds: 10,
  profile: true,
};
export const SMOKE: Partial<RecordsBenchOptions> = {
  learners: 8,
  classesPerGrade: 1,
  classSize: [4, 4],
  verifyAmount: 30,
  verifyConnections: 2,
  profile: false,
};

export interface RecordsBenchResult {
  options: Omit<RecordsBenchOptions, 'log'>;
  machine: { cores: number; cpu: string; loadavgBefore: number[]; loadavgAfter: number[] };
  province: { schools: number; classes: number; learners: number; subjects: number };
  seeding: { events: number; rosterSeconds: number; calls: number; apiSeconds: number };
  signing: {
    classes: number;
    records: number;
    signatures: number;
    seconds: number;
    recordsPerSecond: number;
    signaturesPerSecond: number;
    classP50Ms: number;
    classP99Ms: number;
    relaySeconds: number;
    cpu: CpuFigures;
    canonicalBytes: number;
    signingInputBytes: number;
  };
  verification: {
    requests: number;
    valid: number;
    non2xx: number;
    errors: number;
    seconds: number;
    perSecond: number;
    p50: number;
    p99: number;
    cpu: CpuFigures;
  };
  raw: RawCrypto;
  /** Raw records/s: 3 signatures a record; 3 verifications a record. */
  rawRecordsSignedPerSecond: number;
  rawRecordsVerifiedPerSecond: number;
  /**
   * What verifying a record takes at the least, certificates included: 3 JWS signatures and, for
   * each signer, its certificate's and its issuing CA's signatures (9 ECDSA verifications).
   */
  rawRecordsVerifiedWithChainsPerSecond: number;
  /** Service rate ÷ raw rate. */
  signRatio: number;
  verifyRatio: number;
  /** Extrapolation to the province at the measured rate (when fewer learners were run). */
  province390k: { signSeconds: number; rawSignSeconds: number };
  profile?: ProfileSummary;
}

const MARKERS: ProfileMarkers = [
  [
    'build the document (yearRecordInput, buildSchoolRecord)',
    (f) => /^(yearRecordInput|buildSchoolRecord|schoolRecordBody)$/.test(f.functionName),
  ],
  [
    'canonical JSON (JCS) + hash',
    (f) => /^(canonicalJson|canonicalBytes|recordHash)$/.test(f.functionName),
  ],
  ['JWS sign (jose)', (f) => /\/jose\//.test(f.url) && /sign/i.test(f.functionName)],
  ['demo CA: issue a certificate', (f) => /issue-certificate|@peculiar|pkijs|asn1js/.test(f.url)],
  ['sector database (signers.json)', (f) => /local-records-sector-database/.test(f.url)],
  ['SQL (pg, typeorm)', (f) => /node_modules\/(pg|pg-protocol|typeorm)\//.test(f.url)],
  ['outbox (enqueue, relay)', (f) => /messaging\/(src|dist)\/.*outbox/.test(f.url)],
  ['kafkajs', (f) => /node_modules\/kafkajs\//.test(f.url)],
  [
    'HTTP (express, nest, otel, pino)',
    (f) =>
      /node_modules\/(express|@nestjs|@opentelemetry|pino|pino-http|body-parser)\//.test(f.url),
  ],
  ['garbage collector', (f) => f.functionName === '(garbage collector)'],
];

export async function runRecordsBench(
  partial: Partial<RecordsBenchOptions> = {},
): Promise<RecordsBenchResult> {
  const o: RecordsBenchOptions = { ...DEFAULTS, log: (l) => console.error(l), ...partial };
  const say = (l: string) => o.log(`[bench:records] ${l}`);
  const loadavgBefore = loadAverage(true);
  const pkiDir = mkdtempSync(join(tmpdir(), 'records-bench-pki-'));
  const w = new RosterWorld();
  const pub = new Publisher(w.env.prefix);
  const inspectPort = testPort();
  let profiler: InspectorProfiler | undefined;
  try {
    await writeDemoPki(await generateDemoPki(), pkiDir);
    await w.start({
      RECORDS_SIGNER: 'demo-ca',
      RECORDS_DEMO_PKI_DIR: pkiDir,
      SECTOR_DATABASE_DIR: join(pkiDir, 'sector'),
      LOG_LEVEL: 'warn',
      RATE_LIMIT_PER_ROUTE: '10000000',
      NODE_OPTIONS: `--disable-warning=TimeoutNegativeWarning${o.profile ? ` --inspect=127.0.0.1:${inspectPort}` : ''}`,
    });
    const p = buildProvince(o);
    say(
      `${p.schools.length} schools, ${p.classes.length} classes, ${p.learners} learners, 12 subjects a class`,
    );

    // Seeding: not the figure.
    let t = performance.now();
    const events = await seedRosters(w, p, pub);
    const rosterSeconds = (performance.now() - t) / 1000;
    say(`rosters: ${events} events published and projected in ${fmt(rosterSeconds, 1)} s`);
    const tokens = new Map<string, Promise<string>>();
    const token = (
      account: string,
      schoolId: string,
      role: 'teacher' | 'principal' = 'teacher',
    ) => {
      let tk = tokens.get(account);
      if (!tk) tokens.set(account, (tk = w.env.token(role, schoolId, account)));
      return tk;
    };
    t = performance.now();
    let calls = 0;
    let done = 0;
    await pool(p.classes, o.seedConcurrency, async (c) => {
      const n = await closeTerms(w, c, token);
      calls += n;
      if (++done % 50 === 0) say(`seeded ${done}/${p.classes.length} classes`);
    });
    const apiSeconds = (performance.now() - t) / 1000;
    say(`marks, conduct, confirmations: ${calls} calls in ${fmt(apiSeconds, 1)} s`);

    // The figure: the principals sign term 2 of every class.
    const pgPids = async () =>
      (
        await w.db.query(`SELECT pid FROM pg_stat_activity WHERE datname = current_database()`)
      ).rows.map((r: { pid: number }) => r.pid);
    const meter = new CpuMeter(pidOf(w.service), pgPids);
    if (o.profile) {
      profiler = new InspectorProfiler(inspectPort);
      await profiler.connect();
      await profiler.send('Profiler.enable');
      await profiler.send('Profiler.setSamplingInterval', { interval: 500 });
      await profiler.send('Profiler.start');
    }
    await meter.start();
    const classMs: number[] = [];
    let records = 0;
    t = performance.now();
    await pool(p.classes, o.concurrency, async (c) => {
      const principal = await token(c.school.principal.account, c.school.id, 'principal');
      const t0 = performance.now();
      const r = await ok(w, 'POST', `/classes/${c.id}/terms/2/signature`, principal);
      classMs.push(performance.now() - t0);
      if (r.body.recordsSigned !== c.learners.length)
        throw new Error(`class ${c.id}: ${r.body.recordsSigned} of ${c.learners.length} signed`);
      records += r.body.recordsSigned;
    });
    const signMs = performance.now() - t;
    const signCpu = await meter.stop();
    let profile: ProfileSummary | undefined;
    if (profiler) {
      const { profile: raw } = await profiler.send<{ profile: CpuProfile }>('Profiler.stop');
      profile = summariseProfile(raw, MARKERS);
    }
    say(`signed ${records} records of ${p.classes.length} classes in ${fmt(signMs / 1000, 1)} s`);
    // The outbox relayed to Kafka (its rows are deleted once published).
    t = performance.now();
    await w.until(
      `SELECT count(*)::int AS n FROM outbox`,
      [],
      (r: Array<{ n: number }>) => r[0].n === 0,
      'the outbox relayed',
    );
    const relaySeconds = (signMs + performance.now() - t) / 1000;
    const signed = await w.rows<{
      recordId: string;
      hash: string;
      canonical: number;
      input: number;
    }>(
      `SELECT record_id AS "recordId", record_hash AS hash,
              length(decode(translate(jws->>'payload', '-_', '+/') || repeat('=', (4 - length(jws->>'payload') % 4) % 4), 'base64'))::int AS canonical,
              (length(jws->'signatures'->0->>'protected') + 1 + length(jws->>'payload'))::int AS input
         FROM school_record_version WHERE version = 1`,
    );
    const canonicalBytes = Math.round(signed.reduce((a, r) => a + r.canonical, 0) / signed.length);
    const signingInputBytes = Math.round(signed.reduce((a, r) => a + r.input, 0) / signed.length);

    // Verification through the API.
    const verifyMeter = new CpuMeter(pidOf(w.service), pgPids);
    const paths = signed.map(
      (r) =>
        `/verification/records?record=${encodeURIComponent(r.recordId)}&version=1&hash=${r.hash}`,
    );
    let next = 0;
    let valid = 0;
    await verifyMeter.start();
    const ac = await autocannonRun({
      url: w.url,
      connections: o.verifyConnections,
      pipelining: 1,
      timeout: 30,
      ...(o.verifyAmount ? { amount: o.verifyAmount } : { duration: o.verifySeconds }),
      requests: [
        {
          setupRequest: (req: autocannon.Request) => ({
            ...req,
            method: 'GET',
            path: paths[next++ % paths.length],
          }),
          onResponse: (status: number, body: string) => {
            if (status === 200 && body.includes('"valid":true')) valid++;
          },
        } as unknown as autocannon.Request,
      ],
    });
    const verifyCpu = await verifyMeter.stop();
    const codes = statusCodesOf(ac);
    const verifyRate = ac['2xx'] / ac.duration;
    say(
      `verified ${ac['2xx']} through the API in ${fmt(ac.duration, 1)} s (${JSON.stringify(codes)})`,
    );

    // The raw baseline, same run, same machine.
    const raw = rawCrypto(3 * records, 3 * Math.max(ac['2xx'], 1), signingInputBytes);
    const rawSigned = raw.signaturesPerSecond / 3;
    const rawVerified = raw.verificationsPerSecond / 3;
    const recordsPerSecond = records / (signMs / 1000);
    const sorted = sortedCopy(classMs);
    return {
      options: (({ log: _log, ...rest }) => rest)(o),
      machine: { ...machineCores(), loadavgBefore, loadavgAfter: loadAverage(true) },
      province: {
        schools: p.schools.length,
        classes: p.classes.length,
        learners: p.learners,
        subjects: 12,
      },
      seeding: { events, rosterSeconds, calls, apiSeconds },
      signing: {
        classes: p.classes.length,
        records,
        signatures: 3 * records,
        seconds: signMs / 1000,
        recordsPerSecond,
        signaturesPerSecond: (3 * records) / (signMs / 1000),
        classP50Ms: nearestRank(sorted, 0.5),
        classP99Ms: nearestRank(sorted, 0.99),
        relaySeconds,
        cpu: signCpu,
        canonicalBytes,
        signingInputBytes,
      },
      verification: {
        requests: ac.requests.total,
        valid,
        non2xx: ac.non2xx,
        errors: ac.errors,
        seconds: ac.duration,
        perSecond: verifyRate,
        p50: ac.latency.p50,
        p99: ac.latency.p99,
        cpu: verifyCpu,
      },
      raw,
      rawRecordsSignedPerSecond: rawSigned,
      rawRecordsVerifiedPerSecond: rawVerified,
      rawRecordsVerifiedWithChainsPerSecond: raw.verificationsPerSecond / 9,
      signRatio: ratioOf(recordsPerSecond, rawSigned),
      verifyRatio: ratioOf(verifyRate, rawVerified),
      province390k: {
        signSeconds: 390_000 / recordsPerSecond,
        rawSignSeconds: 390_000 / rawSigned,
      },
      ...(profile ? { profile } : {}),
    };
  } finally {
    profiler?.close();
    await pub.close();
    await w.stop().catch(() => undefined);
    rmSync(pkiDir, { recursive: true, force: true });
  }
}

export function formatReport(r: RecordsBenchResult): string {
  const s = r.signing;
  const v = r.verification;
  const lines = [
    `records bench: ${r.province.schools} schools, ${r.province.classes} classes, ${fmt(r.province.learners)} learners, 12 subjects; ${r.machine.cores} cores (${r.machine.cpu}); load average ${r.machine.loadavgBefore.join(' ')} → ${r.machine.loadavgAfter.join(' ')}`,
    `seeding (not the figure): ${fmt(r.seeding.events)} roster events in ${fmt(r.seeding.rosterSeconds, 1)} s; ${fmt(r.seeding.calls)} API calls (marks, conduct, confirmations) in ${fmt(r.seeding.apiSeconds, 1)} s`,
    `a record: ${fmt(s.canonicalBytes)} bytes of canonical JSON, ${fmt(s.signingInputBytes)} bytes of JWS signing input per signature`,
    ...textTable(
      ['path', 'count', 'seconds', 'records/s', 'raw records/s', 'ratio'],
      [
        [
          `close and sign term 2 (${r.options.concurrency} classes at a time; 3 signatures a record)`,
          fmt(s.records),
          fmt(s.seconds, 1),
          fmt(s.recordsPerSecond, 1),
          fmt(r.rawRecordsSignedPerSecond, 1),
          fmt(r.signRatio, 3),
        ],
        [
          `verification, GET /verification/records (${r.options.verifyConnections} connections)`,
          fmt(v.requests),
          fmt(v.seconds, 1),
          fmt(v.perSecond, 1),
          fmt(r.rawRecordsVerifiedPerSecond, 1),
          fmt(r.verifyRatio, 3),
        ],
      ],
    ),
    `raw node:crypto ES256, one thread: ${fmt(r.raw.signaturesPerSecond)} signatures/s, ${fmt(r.raw.verificationsPerSecond)} verifications/s (${fmt(r.raw.signatures)} and ${fmt(r.raw.verifications)} of ${r.raw.inputBytes} bytes)`,
    `verification counting the certificate chains too (9 ECDSA verifications a record): raw ${fmt(r.rawRecordsVerifiedWithChainsPerSecond, 1)} records/s, ratio ${fmt(ratioOf(v.perSecond, r.rawRecordsVerifiedWithChainsPerSecond), 3)}`,
    `signing: class p50 ${fmt(s.classP50Ms)} ms, p99 ${fmt(s.classP99Ms)} ms; signed and relayed to Kafka (outbox empty) after ${fmt(s.relaySeconds, 1)} s; CPU (% of one core) service ${s.cpu.servicePct}, PostgreSQL ${s.cpu.postgresPct}, Kafka ${s.cpu.kafkaPct}, bench ${s.cpu.benchPct}, machine busy ${s.cpu.machineBusyPct} % of all cores`,
    `verification: ${fmt(v.valid)} valid, ${v.non2xx} non-2xx, ${v.errors} errors; p50 ${v.p50} ms, p99 ${v.p99} ms; CPU service ${v.cpu.servicePct} %, PostgreSQL ${v.cpu.postgresPct} %, machine busy ${v.cpu.machineBusyPct} %`,
    `province (390,000 learners) at this rate: signing ${fmt(r.province390k.signSeconds / 60, 1)} min (raw crypto alone ${fmt(r.province390k.rawSignSeconds / 60, 1)} min)${r.province.learners < 390_000 ? ' — extrapolated' : ''}`,
  ];
  if (r.profile) {
    lines.push(
      `where the service's CPU goes while signing (CPU profile, ${fmt(r.profile.wallMs / 1000, 1)} s; self time by area, % of samples):`,
      ...textTable(
        ['area', '%'],
        r.profile.byArea.map(([a, n]) => [a, fmt(n, 1)]),
      ),
      'steps (inclusive, synchronous stacks only):',
      ...textTable(
        ['step', '%'],
        r.profile.inclusive.map(([a, n]) => [a, fmt(n, 1)]),
      ),
      'busiest functions (self):',
      ...textTable(
        ['function', '%'],
        r.profile.topSelf.slice(0, 12).map(([a, n]) => [a, fmt(n, 1)]),
      ),
    );
  }
  lines.push(`BENCH_JSON ${JSON.stringify(r)}`);
  return lines.join('\n');
}

export function parseArgs(argv: string[]): Partial<RecordsBenchOptions> {
  if (argv.includes('--help')) {
    console.log(
      'bash bench/records/run.sh [--smoke] [--learners N] [--concurrency N] [--seed-concurrency N] [--verify-seconds S] [--verify-connections N] [--no-profile]\n' +
        'env: BENCH_LEARNERS, BENCH_CONCURRENCY, BENCH_SEED_CONCURRENCY, BENCH_VERIFY_SECONDS, BENCH_VERIFY_CONNECTIONS',
    );
    process.exit(0);
  }
  if (argv.includes('--smoke')) return { ...SMOKE };
  const o: Partial<RecordsBenchOptions> = {};
  const num = (name: string, env: string) => {
    const i = argv.indexOf(`--${name}`);
    const v = i >= 0 ? argv[i + 1] : process.env[env];
    return v === undefined || v === '' ? undefined : Number(v);
  };
  const set = <K extends keyof RecordsBenchOptions>(k: K, v: number | undefined) => {
    if (v !== undefined) (o as Record<string, unknown>)[k] = v;
  };
  set('learners', num('learners', 'BENCH_LEARNERS'));
  set('concurrency', num('concurrency', 'BENCH_CONCURRENCY'));
  set('seedConcurrency', num('seed-concurrency', 'BENCH_SEED_CONCURRENCY'));
  set('verifySeconds', num('verify-seconds', 'BENCH_VERIFY_SECONDS'));
  set('verifyConnections', num('verify-connections', 'BENCH_VERIFY_CONNECTIONS'));
  if (argv.includes('--no-profile')) o.profile = false;
  return o;
}

if (require.main === module) {
  runRecordsBench(parseArgs(process.argv.slice(2)))
    .then((r) => console.log(formatReport(r)))
    .catch((e: unknown) => {
      console.error(`[bench:records] ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
      process.exit(1);
    });
}
