/**
 * KPI aggregator bench: the real service process (services/kpi-aggregator/dist/main.js) on its
 * own database and topic prefix, fed with `enrollment.application.recorded` events built with
 * the contracts, measured from outside:
 *
 * 1. ingest: N events produced as fast as kafkajs goes while the service projects them; events
 *    per second from the first event produced to the last one applied (committed);
 * 2. freshness: events produced at a fixed rate (default 2,000/s) in 10 ms slices; the time from
 *    a slice's send to the first API answer (asked after the send) that counts it — the
 *    province's denominator counts every event, so event → Kafka → projection → API;
 * 3. cached query: GET /indicators/:code/values at a fixed rate (default 1,000/s), latency p50/p99,
 *    next to the same answer computed by a plain SQL GROUP BY over the raw events (kept by the
 *    bench in its own table) at the same rate; both answers must agree; the ratio is printed;
 * 4. rebuild: POST /projections/rebuild, time until the shadow generation is swapped in.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Agent, request } from 'node:http';
import { performance } from 'node:perf_hooks';
import { Pool } from 'pg';
import { Partitioners, Producer } from 'kafkajs';
import { newEvent, platformCatalog } from '@qn/contracts';
import { ensureTopics } from '@qn/messaging';
import {
  BARE_NEST_ENTRY,
  PlatformEnv,
  REPO_ROOT,
  serviceEnvArg,
  ServiceProcess,
  testKafka,
  testPort,
  waitFor,
} from '@qn/testing';
import { v7 as uuidv7 } from 'uuid';

export interface KpiBenchOptions {
  events: number;
  schools: number;
  communes: number;
  pacedRate: number;
  pacedSeconds: number;
  queryRate: number;
  querySeconds: number;
  rebuild: boolean;
  /** Also measure the bare NestJS endpoint at the query rate. */
  baseline: boolean;
  chunk: number;
  /** Extra environment of the service process (`--service-env KEY=VALUE`), for paired runs. */
  serviceEnv?: Record<string, string>;
  log?: (m: string) => void;
}

export const DEFAULTS: KpiBenchOptions = {
  events: 100_000,
  schools: 600,
  communes: 54,
  pacedRate: 2000,
  pacedSeconds: 10,
  queryRate: 1000,
  querySeconds: 5,
  rebuild: true,
  baseline: true,
  chunk: 2000,
};

export interface Latency {
  n: number;
  p50: number;
  p99: number;
  max: number;
}

export interface KpiBenchResult {
  options: KpiBenchOptions;
  ingest: { events: number; seconds: number; perSecond: number; produceSeconds: number };
  freshness: { rate: number; achievedRate: number; latencyMs: Latency };
  query: {
    rate: number;
    api: Latency & { errors: number };
    sql: Latency & { errors: number };
    /** SQL p99 / API p99 at the paced rate: how many times faster the cached answer is. */
    ratio: number;
    /**
     * A bare NestJS endpoint (libs/testing bare-nest: same path, same answer body, no work) at
     * the same rate with the same client: the floor this machine sets; null with --no-baseline.
     */
    bare: { paced: Latency & { errors: number }; sequential: Latency } | null;
    /** One request at a time (no queueing): the cost of one answer. */
    sequential: { api: Latency; sql: Latency; ratio: number };
    answer: { numerator: number; denominator: number };
    answersAgree: boolean;
  };
  rebuild: { events: number; seconds: number; perSecond: number; extrapolated1M: number } | null;
  targets: Record<string, { target: string; measured: string; pass: boolean }>;
}

const CHANNELS = ['online', 'portal', 'paper'] as const;
const INDICATOR = 'ENR-LIVE-ONLINE';

/** The shipped catalogue plus a live-applications indicator over enrollment.application.recorded. */
export function benchCatalogue(): string {
  const base = readFileSync(
    join(REPO_ROOT, 'services', 'kpi-aggregator', 'catalogue', 'indicators.yaml'),
    'utf8',
  );
  const source = (where: string) => `
      - event: enrollment.application.recorded
        version: 1
        how: count
        org_unit: firstWishSchoolId
        period: { code: schoolYear, type: school-year }
        segment: org-unit${where}`;
  const elements = `
  applications.live.digital:
    name_vi: Hồ sơ đang hiệu lực nộp trực tuyến hoặc qua cổng
    name_en: Live applications submitted online or through a portal
    value_type: count
    sources:${source('\n        where: { channel: [online, portal] }')}
  applications.live.total:
    name_vi: Hồ sơ đang hiệu lực
    name_en: Live applications, all channels
    value_type: count
    sources:${source('')}
`;
  const indicator = `
  - code: ${INDICATOR}
    name_vi: Tỷ lệ hồ sơ đang hiệu lực nộp trực tuyến
    name_en: Share of live applications submitted online
    unit: percent
    numerator: '#{applications.live.digital}'
    denominator: '#{applications.live.total}'
    aggregation: ratio-of-sums
    period_type: school-year
    segments: [urban, rural, ethnic-minority-mountain, island]
    source_events: [enrollment.application.recorded]
    targets:
      - { from: '2025-2026', value: 100 }
    source_doc:
      - file: 003_fd7a49e97dadd4a8.txt
        ref: 2.1 b) target (7)
        text: bench indicator
`;
  return `${base.replace('\ndata_elements:\n', `\ndata_elements:\n${elements}`).trimEnd()}\n${indicator}`;
}

export function latency(samples: number[]): Latency {
  const s = [...samples].sort((a, b) => a - b);
  const at = (q: number) =>
    s.length ? s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)] : NaN;
  return { n: s.length, p50: at(0.5), p99: at(0.99), max: s.length ? s[s.length - 1] : NaN };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Calls `fire` at `rate` per second for `seconds`, without waiting for answers; returns latencies. */
async function paced(
  rate: number,
  seconds: number,
  fire: () => Promise<void>,
): Promise<{ ms: number[]; errors: number }> {
  const ms: number[] = [];
  let errors = 0;
  const inflight: Array<Promise<void>> = [];
  const start = performance.now();
  const total = Math.round(rate * seconds);
  for (let i = 0; i < total; i++) {
    const due = start + (i * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 1) await sleep(wait);
    const t = performance.now();
    inflight.push(
      fire().then(
        () => void ms.push(performance.now() - t),
        () => void errors++,
      ),
    );
  }
  await Promise.all(inflight);
  return { ms, errors };
}

export async function runKpiBench(partial: Partial<KpiBenchOptions> = {}): Promise<KpiBenchResult> {
  const o: KpiBenchOptions = { ...DEFAULTS, ...partial };
  const log = o.log ?? (() => undefined);
  const env = new PlatformEnv();
  await env.setUp();
  const dir = mkdtempSync(join(tmpdir(), 'kpi-bench-'));
  const cataloguePath = join(dir, 'indicators.yaml');
  writeFileSync(cataloguePath, benchCatalogue());
  const port = testPort();
  const url = `http://127.0.0.1:${port}`;
  const kafka = testKafka('kpi-bench');
  const admin = kafka.admin();
  const producer: Producer = kafka.producer({
    createPartitioner: Partitioners.DefaultPartitioner,
    allowAutoTopicCreation: false,
  });
  const db = new Pool({ connectionString: env.db.url, max: 6 });
  db.on('error', () => undefined); // idle clients ended by the database drop at the end
  let service: ServiceProcess | undefined;
  let bare: ServiceProcess | undefined;
  try {
    await admin.connect();
    await ensureTopics(admin, platformCatalog, env.prefix);
    await admin.disconnect();
    await producer.connect();
    service = new ServiceProcess(
      'kpi-aggregator',
      env.envFor('kpi-aggregator', port, {
        KPI_CATALOGUE_PATH: cataloguePath,
        KPI_CHUNK_SIZE: String(o.chunk),
        LOG_LEVEL: 'warn',
        // One client sending as fast as it can: the bench measures the service, not the rate limit.
        RATE_LIMIT_PER_ROUTE: '10000000',
        ...(o.serviceEnv ?? {}),
        ...(process.env.BENCH_SERVICE_NODE_OPTIONS
          ? { NODE_OPTIONS: process.env.BENCH_SERVICE_NODE_OPTIONS }
          : {}),
      }),
    ).start();
    await service.ready(url, 90000);
    const token = await env.token('province');

    const send = async (events: ReturnType<typeof newEvent>[]) => {
      const byTopic = new Map<string, Array<{ key: string; value: string }>>();
      for (const e of events) {
        const { topic, key } = platformCatalog.route(e);
        const list = byTopic.get(topic) ?? [];
        list.push({ key, value: JSON.stringify(e) });
        byTopic.set(topic, list);
      }
      await producer.sendBatch({
        acks: -1,
        topicMessages: [...byTopic].map(([topic, messages]) => ({
          topic: `${env.prefix}${topic}`,
          messages,
        })),
      });
    };

    // The tree: province, communes, schools.
    const P = uuidv7();
    const communes = Array.from({ length: o.communes }, () => uuidv7());
    const schools = Array.from({ length: o.schools }, () => uuidv7());
    const SEG = ['urban', 'rural', 'ethnic-minority-mountain', 'island'] as const;
    const unit = (
      id: string,
      kind: 'province' | 'commune' | 'school',
      parentId: string | null,
      i: number,
    ) =>
      newEvent({
        type: 'registry.org-unit.changed',
        version: 1,
        source: 'registry',
        subjectId: id,
        orgUnitId: id,
        data: {
          id,
          code: `${kind}-${i}`,
          kind,
          name: `${kind} ${i}`,
          parentId,
          validFrom: '2025-01-01',
          validTo: null,
          successorIds: [],
          versions: [{ validFrom: '2025-01-01', validTo: null, parentId, name: `${kind} ${i}` }],
          school:
            kind === 'school'
              ? { levels: ['primary'], segment: SEG[i % 4], ownership: 'public' }
              : null,
          revision: 1,
        },
      });
    await send([
      unit(P, 'province', null, 0),
      ...communes.map((c, i) => unit(c, 'commune', P, i)),
      ...schools.map((s, i) => unit(s, 'school', communes[i % communes.length], i)),
    ]);
    await waitFor(
      async () => {
        const { rows } = await db.query(
          `SELECT count(*)::int AS n FROM kpi_aggregator.org_unit_replica`,
        );
        return rows[0].n === 1 + o.communes + o.schools;
      },
      { timeoutMs: 60000, description: 'the org tree in the replica' },
    );
    await db.query(
      `CREATE TABLE public.bench_raw_event (id uuid PRIMARY KEY, school_id uuid NOT NULL, channel text NOT NULL, school_year text NOT NULL)`,
    );
    const applied = async (): Promise<number> => {
      const { rows } = await db.query(
        `SELECT g.events_applied::bigint AS n FROM kpi_aggregator.projection_state s
           JOIN kpi_aggregator.projection_generation g ON g.generation = s.active_generation`,
      );
      return Number(rows[0]?.n ?? 0);
    };
    let seq = 0;
    const makeEvents = (n: number) => {
      const out = [];
      for (let i = 0; i < n; i++, seq++) {
        const id = uuidv7();
        const school = schools[(seq * 7919) % schools.length];
        const channel = CHANNELS[seq % 3];
        out.push(
          newEvent({
            type: 'enrollment.application.recorded',
            version: 1,
            source: 'enrollment',
            subjectId: id,
            orgUnitId: school,
            data: {
              applicationId: id,
              roundId: P,
              schoolYear: '2025-2026',
              grade: 1,
              channel,
              firstWishSchoolId: school,
              wishes: [school],
              revision: 1,
              recordedAt: new Date().toISOString(),
            },
          }),
        );
      }
      return out;
    };
    const raw = async (events: ReturnType<typeof makeEvents>) => {
      for (let i = 0; i < events.length; i += 5000) {
        const part = events.slice(i, i + 5000);
        await db.query(
          `INSERT INTO public.bench_raw_event SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[])`,
          [
            part.map((e) => e.id),
            part.map((e) => (e.data as { firstWishSchoolId: string }).firstWishSchoolId),
            part.map((e) => (e.data as { channel: string }).channel),
            part.map((e) => (e.data as { schoolYear: string }).schoolYear),
          ],
        );
      }
    };

    // 1. Ingest.
    log(`ingest: producing ${o.events} events`);
    const base = await applied();
    const all = makeEvents(o.events);
    const t0 = performance.now();
    for (let i = 0; i < all.length; i += 2000) await send(all.slice(i, i + 2000));
    const produced = performance.now();
    await waitFor(async () => (await applied()) >= base + o.events, {
      timeoutMs: 600000,
      intervalMs: 20,
      description: 'the ingest to be applied',
    });
    const t1 = performance.now();
    const ingestSeconds = (t1 - t0) / 1000;
    log(`ingest: ${Math.round(o.events / ingestSeconds)} events/s`);
    await raw(all);

    const path = `/indicators/${INDICATOR}/values?orgUnitId=${P}&period=2025-2026`;
    const api = async () => {
      const res = await fetch(`${url}${path}`, { headers: { authorization: `Bearer ${token}` } });
      if (res.status !== 200) throw new Error(`HTTP ${res.status}`);
      return (await res.json()) as {
        orgUnit: { total: { numerator: number; denominator: number } };
      };
    };
    // 2. Freshness at a fixed rate.
    log(`freshness: ${o.pacedRate} events/s for ${o.pacedSeconds} s`);
    const sliceMs = 10;
    const perSlice = Math.max(1, Math.round((o.pacedRate * sliceMs) / 1000));
    const slices = Math.round((o.pacedSeconds * 1000) / sliceMs);
    // Visible means visible through the API: the province's denominator counts every event.
    const visible = async () => (await api()).orgUnit.total.denominator;
    const start = await visible();
    const sentAt: Array<{ upTo: number; at: number }> = [];
    const fresh: number[] = [];
    let polling = true;
    const poller = (async () => {
      let next = 0;
      while (polling || next < sentAt.length) {
        const asked = performance.now();
        const n = (await visible()) - start;
        // A slice counts as visible when the answer asked for after its send shows it.
        while (next < sentAt.length && sentAt[next].upTo <= n && sentAt[next].at <= asked)
          fresh.push(performance.now() - sentAt[next++].at);
        if (!polling && next < sentAt.length && asked - sentAt[sentAt.length - 1].at > 60000) break;
        await sleep(5);
      }
    })();
    const pacedEvents: ReturnType<typeof makeEvents> = [];
    const pStart = performance.now();
    let count = 0;
    for (let i = 0; i < slices; i++) {
      const due = pStart + i * sliceMs;
      const wait = due - performance.now();
      if (wait > 1) await sleep(wait);
      const batch = makeEvents(perSlice);
      pacedEvents.push(...batch);
      const at = performance.now();
      await send(batch);
      count += batch.length;
      sentAt.push({ upTo: count, at });
    }
    const pSeconds = (performance.now() - pStart) / 1000;
    polling = false;
    await poller;
    await raw(pacedEvents);

    // 3. Cached query vs plain SQL GROUP BY over the raw events.
    const SQL = `SELECT sum(num)::int AS numerator, sum(den)::int AS denominator FROM (
        SELECT school_id, count(*) FILTER (WHERE channel IN ('online', 'portal')) AS num, count(*) AS den
          FROM public.bench_raw_event WHERE school_year = '2025-2026' GROUP BY school_id) s`;
    const sql = async () =>
      (await db.query(SQL)).rows[0] as { numerator: number; denominator: number };
    const apiAnswer = (await api()).orgUnit.total;
    const sqlAnswer = await sql();
    for (let i = 0; i < 50; i++) {
      await api();
      await sql();
    }
    log(`query: ${o.queryRate} req/s for ${o.querySeconds} s (API, then bare NestJS, then SQL)`);
    // node:http with a keep-alive pool: lighter on the client than fetch, so the figures are
    // the service's more than the bench's (they share the machine).
    const agent = new Agent({ keepAlive: true, maxSockets: 64 });
    const get = (target: URL) => () =>
      new Promise<void>((resolve, reject) => {
        const req = request(
          {
            host: target.hostname,
            port: target.port,
            path: `${target.pathname}${target.search}`,
            agent,
            headers: { authorization: `Bearer ${token}` },
          },
          (res) => {
            res.on('data', () => undefined);
            res.on('end', () =>
              res.statusCode === 200 ? resolve() : reject(new Error(`HTTP ${res.statusCode}`)),
            );
          },
        );
        req.on('error', reject);
        req.end();
      });
    const apiRaw = get(new URL(`${url}${path}`));
    // One at a time first: the cost of one answer without queueing.
    const oneByOne = async (f: () => Promise<unknown>, n: number) => {
      const ms: number[] = [];
      for (let i = 0; i < n; i++) {
        const t = performance.now();
        await f();
        ms.push(performance.now() - t);
      }
      return latency(ms);
    };
    const apiSeq = await oneByOne(apiRaw, 500);
    const sqlSeq = await oneByOne(sql, 500);
    const apiRun = await paced(o.queryRate, o.querySeconds, apiRaw);
    let bareRun: KpiBenchResult['query']['bare'] = null;
    if (o.baseline) {
      const barePort = testPort();
      bare = new ServiceProcess(
        'bare-nest',
        {
          PORT: String(barePort),
          BARE_ROUTE: 'GET /indicators/:code/values',
          BARE_BODY: JSON.stringify(await api()),
        },
        BARE_NEST_ENTRY,
      ).start();
      await bare.ready(`http://127.0.0.1:${barePort}`, 30_000);
      const bareRaw = get(new URL(`http://127.0.0.1:${barePort}${path}`));
      for (let i = 0; i < 50; i++) await bareRaw();
      const sequential = await oneByOne(bareRaw, 500);
      const run = await paced(o.queryRate, o.querySeconds, bareRaw);
      bareRun = { paced: { ...latency(run.ms), errors: run.errors }, sequential };
      await bare.stop();
      bare = undefined;
    }
    const sqlRun = await paced(o.queryRate, o.querySeconds, async () => void (await sql()));
    agent.destroy();
    const apiLat = latency(apiRun.ms);
    const sqlLat = latency(sqlRun.ms);

    // 4. Rebuild.
    let rebuild: KpiBenchResult['rebuild'] = null;
    if (o.rebuild) {
      const total = await applied();
      log(`rebuild: ${total} events`);
      const r0 = performance.now();
      const res = await fetch(`${url}/projections/rebuild`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}` },
      });
      if (res.status !== 202) throw new Error(`rebuild: HTTP ${res.status} ${await res.text()}`);
      const { generation } = (await res.json()) as { generation: number };
      await waitFor(
        async () => {
          const { rows } = await db.query(
            `SELECT active_generation AS g FROM kpi_aggregator.projection_state`,
          );
          return rows[0].g === generation;
        },
        { timeoutMs: 900000, intervalMs: 50, description: 'the rebuild to be swapped in' },
      );
      const seconds = (performance.now() - r0) / 1000;
      const after = await api();
      if (after.orgUnit.total.denominator !== sqlAnswer.denominator)
        throw new Error(`rebuild changed the answer: ${JSON.stringify(after.orgUnit.total)}`);
      rebuild = {
        events: total,
        seconds,
        perSecond: total / seconds,
        extrapolated1M: (1_000_000 / total) * seconds,
      };
    }

    const freshLat = latency(fresh);
    const result: KpiBenchResult = {
      options: o,
      ingest: {
        events: o.events,
        seconds: ingestSeconds,
        perSecond: o.events / ingestSeconds,
        produceSeconds: (produced - t0) / 1000,
      },
      freshness: { rate: o.pacedRate, achievedRate: count / pSeconds, latencyMs: freshLat },
      query: {
        rate: o.queryRate,
        api: { ...apiLat, errors: apiRun.errors },
        sql: { ...sqlLat, errors: sqlRun.errors },
        ratio: sqlLat.p99 / apiLat.p99,
        bare: bareRun,
        sequential: { api: apiSeq, sql: sqlSeq, ratio: sqlSeq.p50 / apiSeq.p50 },
        answer: { numerator: apiAnswer.numerator, denominator: apiAnswer.denominator },
        answersAgree:
          apiAnswer.numerator === sqlAnswer.numerator &&
          apiAnswer.denominator === sqlAnswer.denominator,
      },
      rebuild,
      targets: {},
    };
    const t = result.targets;
    t.ingest = {
      target: '≥ 10,000 events/s',
      measured: `${Math.round(result.ingest.perSecond)} events/s`,
      pass: result.ingest.perSecond >= 10000,
    };
    t.freshness = {
      target: 'p99 < 1,000 ms at 2,000 events/s',
      measured: `p99 ${freshLat.p99.toFixed(0)} ms at ${Math.round(result.freshness.achievedRate)} events/s`,
      pass: freshLat.p99 < 1000 && result.freshness.achievedRate >= 1900,
    };
    t.query = {
      target: 'cached query p99 < 10 ms at 1,000 req/s',
      measured: `p99 ${apiLat.p99.toFixed(2)} ms at ${o.queryRate} req/s`,
      pass: apiLat.p99 < 10 && o.queryRate >= 1000 && apiRun.errors === 0,
    };
    if (rebuild)
      t.rebuild = {
        target: '1,000,000 events in < 60 s',
        measured: `${Math.round(rebuild.perSecond)} events/s (1M ≈ ${rebuild.extrapolated1M.toFixed(0)} s${rebuild.events < 1_000_000 ? ', extrapolated' : ''})`,
        pass: rebuild.extrapolated1M < 60,
      };
    return result;
  } finally {
    await producer.disconnect().catch(() => undefined);
    await service?.stop();
    await bare?.stop();
    await db.end().catch(() => undefined);
    await env.tearDown().catch(() => undefined);
  }
}

export function formatReport(r: KpiBenchResult): string {
  const l: string[] = [];
  const f = (n: number, d = 1) => (Number.isFinite(n) ? n.toFixed(d) : 'n/a');
  l.push('KPI aggregator bench');
  l.push(
    `  ingest            ${r.ingest.events} events in ${f(r.ingest.seconds, 2)} s = ${Math.round(r.ingest.perSecond)} events/s (producer alone ${f(r.ingest.produceSeconds, 2)} s)`,
  );
  l.push(
    `  freshness         ${Math.round(r.freshness.achievedRate)} events/s offered: p50 ${f(r.freshness.latencyMs.p50)} ms, p99 ${f(r.freshness.latencyMs.p99)} ms, max ${f(r.freshness.latencyMs.max)} ms (${r.freshness.latencyMs.n} slices)`,
  );
  l.push(
    `  cached query      ${r.query.rate} req/s: p50 ${f(r.query.api.p50, 2)} ms, p99 ${f(r.query.api.p99, 2)} ms, errors ${r.query.api.errors}`,
  );
  l.push(
    `  SQL GROUP BY raw  ${r.query.rate} req/s: p50 ${f(r.query.sql.p50, 2)} ms, p99 ${f(r.query.sql.p99, 2)} ms, errors ${r.query.sql.errors}`,
  );
  l.push(
    `  ratio             SQL p99 / cached API p99 = ${f(r.query.ratio, 2)} (answers agree: ${r.query.answersAgree}, ${r.query.answer.numerator}/${r.query.answer.denominator})`,
  );
  const b = r.query.bare;
  if (b) {
    l.push(
      `  bare NestJS       ${r.query.rate} req/s: p50 ${f(b.paced.p50, 2)} ms, p99 ${f(b.paced.p99, 2)} ms, errors ${b.paced.errors}; one at a time p50 ${f(b.sequential.p50, 2)} ms / p99 ${f(b.sequential.p99, 2)} ms`,
    );
    l.push(
      `  ratio             cached API p99 / bare NestJS p99 = ${f(r.query.api.p99 / b.paced.p99, 2)} (same path, answer and client; the bare endpoint does no work)`,
    );
  }
  const q = r.query.sequential;
  l.push(
    `  one at a time     cached API p50 ${f(q.api.p50, 2)} ms / p99 ${f(q.api.p99, 2)} ms; SQL p50 ${f(q.sql.p50, 2)} ms / p99 ${f(q.sql.p99, 2)} ms; SQL p50 / API p50 = ${f(q.ratio, 2)}`,
  );
  if (r.rebuild)
    l.push(
      `  rebuild           ${r.rebuild.events} events in ${f(r.rebuild.seconds, 2)} s = ${Math.round(r.rebuild.perSecond)} events/s`,
    );
  l.push('  targets');
  for (const [k, v] of Object.entries(r.targets))
    l.push(`    ${v.pass ? 'PASS' : 'MISS'} ${k.padEnd(10)} ${v.measured}  (target ${v.target})`);
  l.push(`BENCH_JSON ${JSON.stringify(r)}`);
  return l.join('\n');
}

function parseArgs(argv: string[]): Partial<KpiBenchOptions> {
  const o: Partial<KpiBenchOptions> = {};
  const num = (name: string, envName: string): number | undefined => {
    const i = argv.indexOf(`--${name}`);
    const v = i >= 0 ? argv[i + 1] : process.env[envName];
    return v === undefined ? undefined : Number(v);
  };
  const set = <K extends keyof KpiBenchOptions>(k: K, v: KpiBenchOptions[K] | undefined) => {
    if (v !== undefined && !Number.isNaN(v)) o[k] = v;
  };
  set('events', num('events', 'BENCH_EVENTS'));
  set('schools', num('schools', 'BENCH_SCHOOLS'));
  set('pacedRate', num('rate', 'BENCH_RATE'));
  set('pacedSeconds', num('paced-seconds', 'BENCH_PACED_SECONDS'));
  set('queryRate', num('query-rate', 'BENCH_QUERY_RATE'));
  set('querySeconds', num('query-seconds', 'BENCH_QUERY_SECONDS'));
  set('chunk', num('chunk', 'BENCH_CHUNK'));
  if (argv.includes('--no-rebuild')) o.rebuild = false;
  if (argv.includes('--no-baseline')) o.baseline = false;
  argv.forEach((a, i) => {
    if (a !== '--service-env') return;
    const [key, value] = serviceEnvArg(argv[i + 1]);
    o.serviceEnv = { ...o.serviceEnv, [key]: value };
  });
  return o;
}

if (require.main === module) {
  const opts = parseArgs(process.argv.slice(2));
  runKpiBench({ ...opts, log: (m) => process.stderr.write(`[bench:kpi] ${m}\n`) })
    .then((r) => {
      process.stdout.write(`${formatReport(r)}\n`);
      process.exit(0);
    })
    .catch((e: Error) => {
      process.stderr.write(`[bench:kpi] failed: ${e.stack ?? e.message}\n`);
      process.exit(1);
    });
}
