/**
 * Credentials bench: issue one graduating cohort's diplomas (default 50,000) as W3C Verifiable
 * Credentials (Data Integrity eddsa-rdfc-2022) through the real credentials service and verify
 * them through its public API; from the same run, the raw cost of the same work done alone
 * (Ed25519 with node:crypto, RDF canonicalisation, the service's sign/verify functions
 * in-process), the ratios, and where the service's time goes (a CPU profile of it).
 *
 * What runs, all on this machine: the service (services/credentials/dist) as its own process on a
 * database and topic prefix of its own (CredentialsWorld of its tests: local keys generated for
 * the run, rate limiting off); the org tree, identities and graduation assessments on Kafka as
 * the registry, enrollment and records publish them (seed.ts); every school's principal proposes
 * its list. Then, timed: the competent authorities approve the lists (`concurrency` at a time),
 * each approval signing and writing its diplomas (100 a transaction). Then autocannon posts each
 * stored diploma to `POST /verification`. Last, the raw baseline (baseline.ts).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { testPort, waitFor } from '@qn/testing';
import type { TrustedIssuer } from '../../services/credentials/src/shared/verifiable-credentials/verify-credential';
import { CredentialsWorld, SCHOOL_YEAR } from '../../services/credentials/test/credentials-world';
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
import { rawBaseline, RawBaseline } from './baseline';
import { buildCohort, type BenchSchool } from './cohort';
import { Publisher, seedCohort } from './seed';

export interface CredentialsBenchOptions {
  graduates: number;
  schoolSize: number;
  /** Lists approved at once (authorities approving at the same time). */
  concurrency: number;
  /** Verification: autocannon connections; every diploma once, or for a number of seconds. */
  verifyConnections: number;
  verifySeconds?: number;
  /** Diplomas canonicalised, signed and verified again in-process for the raw baseline. */
  baselineSample: number;
  /** CPU profiles of the service while it issues and while it verifies. */
  profile: boolean;
  /** Where the JSON report goes (none when empty). */
  reportDir: string;
  log: (line: string) => void;
}

export const DEFAULTS: Omit<CredentialsBenchOptions, 'log'> = {
  graduates: 50_000,
  schoolSize: 500,
  concurrency: 2,
  verifyConnections: 4,
  baselineSample: 500,
  profile: true,
  reportDir: 'reports',
};
/** The CI smoke: 4 schools of 40 (3 upper-secondary lists, 1 lower-secondary), in seconds. */
export const SMOKE: Partial<CredentialsBenchOptions> = {
  graduates: 160,
  schoolSize: 40,
  verifyConnections: 2,
  baselineSample: 20,
  profile: false,
  reportDir: '',
};

export interface CredentialsBenchResult {
  options: Omit<CredentialsBenchOptions, 'log'>;
  machine: { cores: number; cpu: string; loadavgBefore: number[]; loadavgAfter: number[] };
  cohort: { schools: number; upperSecondary: number; wards: number; graduates: number };
  seeding: { events: number; seconds: number; proposals: number; proposeSeconds: number };
  issuing: {
    lists: number;
    diplomas: number;
    seconds: number;
    perSecond: number;
    listP50Ms: number;
    listP99Ms: number;
    relaySeconds: number;
    cpu: CpuFigures;
    /** Average stored credential (JSON) size. */
    credentialBytes: number;
  };
  verification: {
    requests: number;
    verified: number;
    non2xx: number;
    errors: number;
    seconds: number;
    perSecond: number;
    p50: number;
    p99: number;
    cpu: CpuFigures;
  };
  raw: RawBaseline;
  /** Service rate ÷ raw rate, per diploma. */
  ratios: {
    issueToEd25519: number;
    issueToCanonicalise: number;
    issueToSuiteSign: number;
    verifyToEd25519: number;
    verifyToCanonicalise: number;
    verifyToSuiteVerify: number;
  };
  /** At the measured rates, 50,000 diplomas (one cohort). */
  cohort50k: { issueSeconds: number; verifySeconds: number };
  issueProfile?: ProfileSummary;
  verifyProfile?: ProfileSummary;
}

const DIGITALBAZAAR =
  /node_modules\/@digitalbazaar\/(vc|data-integrity|eddsa-rdfc-2022-cryptosuite)\//;
const MARKERS: ProfileMarkers = [
  ['RDF canonicalisation (rdf-canonize)', (f) => /node_modules\/rdf-canonize\//.test(f.url)],
  ['JSON-LD to RDF, expansion (jsonld)', (f) => /node_modules\/jsonld\//.test(f.url)],
  [
    'Ed25519 sign / verify',
    (f) => /ed25519-multikey/.test(f.url) && /^(sign|verify)/.test(f.functionName),
  ],
  ['vc / data-integrity / cryptosuite (all)', (f) => DIGITALBAZAAR.test(f.url)],
  ['signCredential (all of signing)', (f) => f.functionName === 'signCredential'],
  ['verifyCredential (all of the 5 checks)', (f) => f.functionName === 'verifyCredential'],
  ['build the document', (f) => f.functionName === 'buildDiplomaCredential'],
  ['status lists (allocate, read, encode)', (f) => /status-list/.test(f.url)],
  ['SQL (pg, typeorm)', (f) => /node_modules\/(pg|pg-protocol|typeorm)\//.test(f.url)],
  ['structuredClone', (f) => f.functionName === 'structuredClone'],
  ['outbox (enqueue, relay)', (f) => /messaging\/(src|dist)\/.*outbox/.test(f.url)],
  ['kafkajs', (f) => /node_modules\/kafkajs\//.test(f.url)],
  [
    'HTTP (express, nest, otel, pino, body parser)',
    (f) =>
      /node_modules\/(express|@nestjs|@opentelemetry|pino|pino-http|body-parser|raw-body)\//.test(
        f.url,
      ),
  ],
  ['garbage collector', (f) => f.functionName === '(garbage collector)'],
];

/** Runs `f` over `items`, `concurrency` at a time. */
async function pool<T>(items: T[], concurrency: number, f: (item: T) => Promise<void>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, items.length) }, async () => {
      while (next < items.length) await f(items[next++]);
    }),
  );
}

export async function runCredentialsBench(
  partial: Partial<CredentialsBenchOptions> = {},
): Promise<CredentialsBenchResult> {
  const o: CredentialsBenchOptions = { ...DEFAULTS, log: (l) => console.error(l), ...partial };
  const say = (l: string) => o.log(`[bench:credentials] ${l}`);
  const loadavgBefore = loadAverage(true);
  const w = new CredentialsWorld();
  const pub = new Publisher(w.env.prefix);
  const inspectPort = testPort();
  let profiler: InspectorProfiler | undefined;
  try {
    await w.start({
      LOG_LEVEL: 'warn',
      // The verification routes allow 20 requests a minute per client: off for the bench only.
      RATE_LIMIT_ENABLED: 'false',
      NODE_OPTIONS: `--disable-warning=TimeoutNegativeWarning --max-old-space-size=2048${o.profile ? ` --inspect=127.0.0.1:${inspectPort}` : ''}`,
    });
    const c = buildCohort({ graduates: o.graduates, schoolSize: o.schoolSize });
    const upper = c.schools.filter((s) => s.level === 'upper-secondary').length;
    say(
      `${c.schools.length} schools (${upper} upper secondary), ${c.wards.length} wards, ${c.graduates} graduates`,
    );

    // Seeding: not the figure.
    let t = performance.now();
    const events = await seedCohort(w, c, pub, say);
    const seedSeconds = (performance.now() - t) / 1000;
    say(`seeding: ${events} events published and applied in ${fmt(seedSeconds, 1)} s`);
    const department = await w.env.token('province', c.provinceId, 'sgddt');
    const communes = new Map<string, Promise<string>>();
    const approver = (s: BenchSchool) => {
      if (s.level === 'upper-secondary') return Promise.resolve(department);
      let tk = communes.get(s.ward.id);
      if (!tk)
        communes.set(s.ward.id, (tk = w.env.token('commune', s.ward.id, `ubnd-${s.ward.id}`)));
      return tk;
    };
    const lists = new Map<BenchSchool, string>();
    t = performance.now();
    await pool(c.schools, 2, async (s) => {
      const principal = await w.env.token('principal', s.id, s.principal);
      const r = await w.ok('POST', `/schools/${s.id}/graduation-lists`, principal, {
        level: s.level,
        schoolYear: SCHOOL_YEAR,
      });
      if (r.body.members !== s.learners.length)
        throw new Error(`school ${s.id}: ${r.body.members} of ${s.learners.length} proposed`);
      lists.set(s, r.body.id);
    });
    const proposeSeconds = (performance.now() - t) / 1000;
    say(`proposals: ${lists.size} lists in ${fmt(proposeSeconds, 1)} s`);

    // The figure: the authorities approve every list, which issues its diplomas.
    const pgPids = async () =>
      (
        await w.db.query(`SELECT pid FROM pg_stat_activity WHERE datname = current_database()`)
      ).rows.map((r: { pid: number }) => r.pid);
    let profilerConnected = false;
    const startProfile = async () => {
      if (!o.profile) return;
      profiler ??= new InspectorProfiler(inspectPort);
      if (!profilerConnected) await profiler.connect();
      profilerConnected = true;
      await profiler.send('Profiler.enable');
      await profiler.send('Profiler.setSamplingInterval', { interval: 500 });
      await profiler.send('Profiler.start');
    };
    const stopProfile = async () => {
      if (!profiler) return undefined;
      const { profile: raw } = await profiler.send<{ profile: CpuProfile }>('Profiler.stop');
      return summariseProfile(raw, MARKERS);
    };
    const meter = new CpuMeter(pidOf(w.service), pgPids);
    await startProfile();
    await meter.start();
    const listMs: number[] = [];
    let diplomas = 0;
    let done = 0;
    const decision = { decisionReference: '1024/QĐ-SGDĐT', decidedOn: '2026-07-15' };
    t = performance.now();
    await pool(c.schools, o.concurrency, async (s) => {
      const token = await approver(s);
      const t0 = performance.now();
      const r = await w.ok('POST', `/graduation-lists/${lists.get(s)}/approval`, token, decision);
      listMs.push(performance.now() - t0);
      if (r.body.issuedNow !== s.learners.length)
        throw new Error(`list of ${s.id}: ${r.body.issuedNow} of ${s.learners.length} issued`);
      diplomas += r.body.issuedNow;
      if (++done % 10 === 0) say(`issued ${diplomas} diplomas (${done}/${c.schools.length} lists)`);
    });
    const issueMs = performance.now() - t;
    const issueCpu = await meter.stop();
    const issueProfile = await stopProfile();
    const issueRate = diplomas / (issueMs / 1000);
    say(`issued ${diplomas} diplomas in ${fmt(issueMs / 1000, 1)} s (${fmt(issueRate, 1)}/s)`);
    // The outbox relayed to Kafka (its rows are deleted once published).
    t = performance.now();
    await waitFor(
      async () => (await w.rows<{ n: number }>(`SELECT count(*)::int AS n FROM outbox`))[0].n === 0,
      { timeoutMs: 3_600_000, intervalMs: 250, description: 'the outbox relayed' },
    );
    const relaySeconds = (issueMs + performance.now() - t) / 1000;

    // Verification through the API: each stored diploma as a verifier would post it.
    const stored = (
      await w.rows<{ doc: string }>(`SELECT document::text AS doc FROM credential ORDER BY id`)
    ).map((r) => r.doc);
    const credentialBytes = Math.round(
      stored.reduce((a, d) => a + Buffer.byteLength(d), 0) / stored.length,
    );
    const verifyMeter = new CpuMeter(pidOf(w.service), pgPids);
    let next = 0;
    let verified = 0;
    await startProfile();
    await verifyMeter.start();
    const ac = await autocannonRun({
      url: w.url,
      connections: o.verifyConnections,
      pipelining: 1,
      timeout: 60,
      ...(o.verifySeconds ? { duration: o.verifySeconds } : { amount: stored.length }),
      requests: [
        {
          setupRequest: (req: autocannon.Request) => ({
            ...req,
            method: 'POST',
            path: '/verification',
            headers: { 'content-type': 'application/json' },
            body: stored[next++ % stored.length],
          }),
          onResponse: (status: number, body: string) => {
            if (status === 200 && body.startsWith('{"verified":true')) verified++;
          },
        } as unknown as autocannon.Request,
      ],
    });
    const verifyCpu = await verifyMeter.stop();
    const verifyProfile = await stopProfile();
    const verifyRate = ac['2xx'] / ac.duration;
    say(
      `verified ${verified} of ${ac.requests.total} through the API in ${fmt(ac.duration, 1)} s (${JSON.stringify(statusCodesOf(ac))})`,
    );

    // The raw baseline, same run: what a verifier needs is fetched as an outsider would.
    const step = Math.max(1, Math.floor(stored.length / o.baselineSample));
    const sampleDocs = stored
      .filter((_, i) => i % step === 0)
      .slice(0, o.baselineSample)
      .map((d) => JSON.parse(d) as Record<string, unknown>);
    const issuers = new Map<string, TrustedIssuer>();
    const statusLists = new Map<string, object>();
    const fetchPublic = async (iri: string) => {
      const r = await fetch(`${w.url}${iri.replace(w.publicUrl, '')}`);
      if (r.status !== 200) throw new Error(`${iri}: ${r.status}`);
      return (await r.json()) as Record<string, unknown>;
    };
    for (const d of sampleDocs) {
      const iri = (d['issuer'] as { id: string }).id;
      if (!issuers.has(iri)) {
        const doc = await fetchPublic(iri);
        issuers.set(iri, {
          issuerIri: doc['id'] as string,
          name: String(doc['name'] ?? ''),
          controllerDocument: doc,
        });
      }
      for (const e of d['credentialStatus'] as Array<{ statusListCredential: string }>)
        if (!statusLists.has(e.statusListCredential))
          statusLists.set(e.statusListCredential, await fetchPublic(e.statusListCredential));
    }
    say(`raw baseline: node:crypto Ed25519, then ${sampleDocs.length} diplomas in-process`);
    const raw = await rawBaseline({
      issued: diplomas,
      verified: ac['2xx'],
      diplomas: sampleDocs,
      issuers,
      statusLists,
    });
    const sorted = sortedCopy(listMs);
    const result: CredentialsBenchResult = {
      options: (({ log: _log, ...rest }) => rest)(o),
      machine: { ...machineCores(), loadavgBefore, loadavgAfter: loadAverage(true) },
      cohort: {
        schools: c.schools.length,
        upperSecondary: upper,
        wards: c.wards.length,
        graduates: c.graduates,
      },
      seeding: { events, seconds: seedSeconds, proposals: lists.size, proposeSeconds },
      issuing: {
        lists: c.schools.length,
        diplomas,
        seconds: issueMs / 1000,
        perSecond: issueRate,
        listP50Ms: nearestRank(sorted, 0.5),
        listP99Ms: nearestRank(sorted, 0.99),
        relaySeconds,
        cpu: issueCpu,
        credentialBytes,
      },
      verification: {
        requests: ac.requests.total,
        verified,
        non2xx: ac.non2xx,
        errors: ac.errors,
        seconds: ac.duration,
        perSecond: verifyRate,
        p50: ac.latency.p50,
        p99: ac.latency.p99,
        cpu: verifyCpu,
      },
      raw,
      ratios: {
        issueToEd25519: ratioOf(issueRate, raw.ed25519.signaturesPerSecond),
        issueToCanonicalise: ratioOf(issueRate, raw.canonicalise.perSecond),
        issueToSuiteSign: ratioOf(issueRate, raw.suiteSign.perSecond),
        verifyToEd25519: ratioOf(verifyRate, raw.ed25519.verificationsPerSecond),
        verifyToCanonicalise: ratioOf(verifyRate, raw.canonicalise.perSecond),
        verifyToSuiteVerify: ratioOf(verifyRate, raw.suiteVerify.perSecond),
      },
      cohort50k: { issueSeconds: 50_000 / issueRate, verifySeconds: 50_000 / verifyRate },
      ...(issueProfile ? { issueProfile } : {}),
      ...(verifyProfile ? { verifyProfile } : {}),
    };
    if (o.reportDir) {
      mkdirSync(o.reportDir, { recursive: true });
      const file = join(
        o.reportDir,
        `credentials-bench-${c.graduates}-${new Date().toISOString().replace(/[:.]/g, '-')}.json`,
      );
      writeFileSync(file, JSON.stringify(result, null, 2));
      say(`report written to ${file}`);
    }
    return result;
  } catch (e) {
    // The service's output may hold personal data (SQL parameters): written only where asked.
    if (process.env.BENCH_SERVICE_LOG)
      writeFileSync(process.env.BENCH_SERVICE_LOG, w.service?.logs ?? '');
    throw e;
  } finally {
    profiler?.close();
    await pub.close();
    await w.stop().catch(() => undefined);
  }
}

export function formatReport(r: CredentialsBenchResult): string {
  const i = r.issuing;
  const v = r.verification;
  const raw = r.raw;
  const profileLines = (title: string, p?: ProfileSummary) =>
    p
      ? [
          `${title} (CPU profile of the service, ${fmt(p.wallMs / 1000, 1)} s; self time by area, % of samples):`,
          ...textTable(
            ['area', '%'],
            p.byArea.map(([a, n]) => [a, fmt(n, 1)]),
          ),
          'steps (inclusive, synchronous stacks only):',
          ...textTable(
            ['step', '%'],
            p.inclusive.map(([a, n]) => [a, fmt(n, 1)]),
          ),
          'busiest functions (self):',
          ...textTable(
            ['function', '%'],
            p.topSelf.slice(0, 12).map(([a, n]) => [a, fmt(n, 1)]),
          ),
        ]
      : [];
  return [
    `credentials bench: ${fmt(r.cohort.graduates)} graduates, ${r.cohort.schools} schools (${r.cohort.upperSecondary} upper secondary), ${r.cohort.wards} wards; ${r.machine.cores} cores (${r.machine.cpu}); load average ${r.machine.loadavgBefore.join(' ')} → ${r.machine.loadavgAfter.join(' ')}`,
    `seeding (not the figure): ${fmt(r.seeding.events)} events (org tree, identities, graduation assessments) applied in ${fmt(r.seeding.seconds, 1)} s; ${r.seeding.proposals} lists proposed in ${fmt(r.seeding.proposeSeconds, 1)} s`,
    `a diploma: ${fmt(i.credentialBytes)} bytes of JSON as stored; ${fmt(raw.canonicalise.canonicalBytes)} bytes of canonical N-Quads (+ ${fmt(raw.canonicalise.proofCanonicalBytes)} for the proof options)`,
    ...textTable(
      [
        'path',
        'diplomas',
        'seconds',
        'diplomas/s',
        'raw Ed25519/s',
        'ratio',
        'raw canon./s',
        'ratio',
        'raw suite/s',
        'ratio',
      ],
      [
        [
          `issue (approve the lists, ${r.options.concurrency} at a time)`,
          fmt(i.diplomas),
          fmt(i.seconds, 1),
          fmt(i.perSecond, 1),
          fmt(raw.ed25519.signaturesPerSecond),
          fmt(r.ratios.issueToEd25519, 4),
          fmt(raw.canonicalise.perSecond, 1),
          fmt(r.ratios.issueToCanonicalise, 3),
          fmt(raw.suiteSign.perSecond, 1),
          fmt(r.ratios.issueToSuiteSign, 3),
        ],
        [
          `verify (POST /verification, ${r.options.verifyConnections} connections)`,
          fmt(v.requests),
          fmt(v.seconds, 1),
          fmt(v.perSecond, 1),
          fmt(raw.ed25519.verificationsPerSecond),
          fmt(r.ratios.verifyToEd25519, 4),
          fmt(raw.canonicalise.perSecond, 1),
          fmt(r.ratios.verifyToCanonicalise, 3),
          fmt(raw.suiteVerify.perSecond, 1),
          fmt(r.ratios.verifyToSuiteVerify, 3),
        ],
      ],
    ),
    `raw, one thread: node:crypto Ed25519 ${fmt(raw.ed25519.signaturesPerSecond)} signatures/s and ${fmt(raw.ed25519.verificationsPerSecond)} verifications/s of 64 bytes (${fmt(raw.ed25519.signatures)} and ${fmt(raw.ed25519.verifications)}); jsonld.canonize RDFC-1.0 of document + proof options ${fmt(raw.canonicalise.perSecond, 1)} diplomas/s; signCredential ${fmt(raw.suiteSign.perSecond, 1)}/s; verifyCredential (5 checks, status lists' signatures included) ${fmt(raw.suiteVerify.perSecond, 1)}/s (${raw.suiteVerify.verified}/${raw.suiteVerify.documents} verified) — over ${raw.canonicalise.documents} issued diplomas`,
    `issuing: list p50 ${fmt(i.listP50Ms)} ms, p99 ${fmt(i.listP99Ms)} ms; issued and relayed to Kafka (outbox empty) after ${fmt(i.relaySeconds, 1)} s; CPU (% of one core) service ${i.cpu.servicePct}, PostgreSQL ${i.cpu.postgresPct}, Kafka ${i.cpu.kafkaPct}, bench ${i.cpu.benchPct}, machine busy ${i.cpu.machineBusyPct} % of all cores`,
    `verification: ${fmt(v.verified)} verified, ${v.non2xx} non-2xx, ${v.errors} errors; p50 ${v.p50} ms, p99 ${v.p99} ms; CPU service ${v.cpu.servicePct} %, PostgreSQL ${v.cpu.postgresPct} %, machine busy ${v.cpu.machineBusyPct} %`,
    `one cohort (50,000 diplomas) at these rates: issuing ${fmt(r.cohort50k.issueSeconds / 60, 1)} min, verifying each once ${fmt(r.cohort50k.verifySeconds / 60, 1)} min${r.cohort.graduates < 50_000 ? ' — extrapolated' : ''}`,
    ...profileLines('where the service’s time goes while issuing', r.issueProfile),
    ...profileLines('where the service’s time goes while verifying', r.verifyProfile),
    `BENCH_JSON ${JSON.stringify(r)}`,
  ].join('\n');
}

export function parseArgs(argv: string[]): Partial<CredentialsBenchOptions> {
  if (argv.includes('--help')) {
    console.log(
      'bash bench/credentials/run.sh [--smoke] [--graduates N] [--school-size N] [--concurrency N] [--verify-connections N] [--verify-seconds S] [--baseline-sample N] [--no-profile]\n' +
        'env: N (or BENCH_GRADUATES), BENCH_SCHOOL_SIZE, BENCH_CONCURRENCY, BENCH_VERIFY_CONNECTIONS, BENCH_VERIFY_SECONDS, BENCH_BASELINE_SAMPLE',
    );
    process.exit(0);
  }
  if (argv.includes('--smoke')) return { ...SMOKE, reportDir: DEFAULTS.reportDir };
  const o: Partial<CredentialsBenchOptions> = {};
  const num = (name: string, ...envs: string[]) => {
    const i = argv.indexOf(`--${name}`);
    const v = i >= 0 ? argv[i + 1] : envs.map((e) => process.env[e]).find((x) => x);
    return v === undefined || v === '' ? undefined : Number(v);
  };
  const set = <K extends keyof CredentialsBenchOptions>(k: K, v: number | undefined) => {
    if (v !== undefined) (o as Record<string, unknown>)[k] = v;
  };
  set('graduates', num('graduates', 'N', 'BENCH_GRADUATES'));
  set('schoolSize', num('school-size', 'BENCH_SCHOOL_SIZE'));
  set('concurrency', num('concurrency', 'BENCH_CONCURRENCY'));
  set('verifyConnections', num('verify-connections', 'BENCH_VERIFY_CONNECTIONS'));
  set('verifySeconds', num('verify-seconds', 'BENCH_VERIFY_SECONDS'));
  set('baselineSample', num('baseline-sample', 'BENCH_BASELINE_SAMPLE'));
  if (argv.includes('--no-profile')) o.profile = false;
  return o;
}

if (require.main === module) {
  runCredentialsBench(parseArgs(process.argv.slice(2)))
    .then((r) => console.log(formatReport(r)))
    .catch((e: unknown) => {
      console.error(
        `[bench:credentials] ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`,
      );
      process.exit(1);
    });
}
