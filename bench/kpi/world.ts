/**
 * The KPI bench's world: the real service process on its own database and topic prefix, a
 * producer of platform events, an org tree (province, communes, schools) in its replica, and
 * the bench's own copy of the raw events (for the plain SQL baseline).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Pool } from 'pg';
import { Admin, Partitioners, Producer } from 'kafkajs';
import { newEvent, platformCatalog } from '@qn/contracts';
import { ensureTopics } from '@qn/messaging';
import { PlatformEnv, ServiceProcess, testKafka, testPort, waitFor } from '@qn/testing';
import { v7 as uuidv7 } from 'uuid';
import { benchCatalogue, CHANNELS, INDICATOR } from './catalogue';
import type { KpiBenchOptions } from './options';

export type PlatformEvent = ReturnType<typeof newEvent>;

/** The province total of the bench indicator, as the API answers it. */
export interface ApiAnswer {
  orgUnit: { total: { numerator: number; denominator: number } };
}

export interface KpiWorld {
  o: KpiBenchOptions;
  log: (m: string) => void;
  env: PlatformEnv;
  url: string;
  token: string;
  db: Pool;
  producer: Producer;
  service: ServiceProcess;
  /** The province (also the round id of the applications). */
  province: string;
  schools: string[];
  /** Path of the indicator's values for the province. */
  path: string;
  /** Events made so far (spreads them over schools and channels). */
  seq: number;
}

/** Starts the service and fills its replica; `close` stops whatever was started. */
export async function startWorld(
  o: KpiBenchOptions,
  log: (m: string) => void,
): Promise<{ world: KpiWorld; close: () => Promise<void> }> {
  const env = new PlatformEnv();
  await env.setUp();
  const kafka = testKafka('kpi-bench');
  const producer: Producer = kafka.producer({
    createPartitioner: Partitioners.DefaultPartitioner,
    allowAutoTopicCreation: false,
  });
  const db = new Pool({ connectionString: env.db.url, max: 6 });
  db.on('error', () => undefined); // idle clients ended by the database drop at the end
  let service: ServiceProcess | undefined;
  const close = async () => {
    await producer.disconnect().catch(() => undefined);
    await service?.stop();
    await db.end().catch(() => undefined);
    await env.tearDown().catch(() => undefined);
  };
  try {
    await createTopics(kafka.admin(), env);
    await producer.connect();
    const port = testPort();
    const url = `http://127.0.0.1:${port}`;
    service = new ServiceProcess('kpi-aggregator', serviceEnv(env, port, o)).start();
    await service.ready(url, 90000);
    const province = uuidv7();
    const world: KpiWorld = {
      o,
      log,
      env,
      url,
      token: await env.token('province'),
      db,
      producer,
      service,
      province,
      schools: Array.from({ length: o.schools }, () => uuidv7()),
      path: `/indicators/${INDICATOR}/values?orgUnitId=${province}&period=2025-2026`,
      seq: 0,
    };
    return { world, close };
  } catch (e) {
    await close();
    throw e;
  }
}

async function createTopics(admin: Admin, env: PlatformEnv): Promise<void> {
  await admin.connect();
  await ensureTopics(admin, platformCatalog, env.prefix);
  await admin.disconnect();
}

function serviceEnv(env: PlatformEnv, port: number, o: KpiBenchOptions): Record<string, string> {
  const dir = mkdtempSync(join(tmpdir(), 'kpi-bench-'));
  const cataloguePath = join(dir, 'indicators.yaml');
  writeFileSync(cataloguePath, benchCatalogue());
  return env.envFor('kpi-aggregator', port, {
    KPI_CATALOGUE_PATH: cataloguePath,
    KPI_CHUNK_SIZE: String(o.chunk),
    LOG_LEVEL: 'warn',
    // One client sending as fast as it can: the bench measures the service, not the rate limit.
    RATE_LIMIT_PER_ROUTE: '10000000',
    ...(o.serviceEnv ?? {}),
    ...(process.env.BENCH_SERVICE_NODE_OPTIONS
      ? { NODE_OPTIONS: process.env.BENCH_SERVICE_NODE_OPTIONS }
      : {}),
  });
}

/** Sends platform events to their topics (under the run's prefix), one batch, acks from all replicas. */
export async function send(w: KpiWorld, events: PlatformEvent[]): Promise<void> {
  const byTopic = new Map<string, Array<{ key: string; value: string }>>();
  for (const e of events) {
    const { topic, key } = platformCatalog.route(e);
    const list = byTopic.get(topic) ?? [];
    list.push({ key, value: JSON.stringify(e) });
    byTopic.set(topic, list);
  }
  await w.producer.sendBatch({
    acks: -1,
    topicMessages: [...byTopic].map(([topic, messages]) => ({
      topic: `${w.env.prefix}${topic}`,
      messages,
    })),
  });
}

/** The tree: province, communes, schools, published as the registry would; waits for the replica. */
export async function publishOrgTree(w: KpiWorld): Promise<void> {
  const communes = Array.from({ length: w.o.communes }, () => uuidv7());
  const P = w.province;
  await send(w, [
    orgUnitEvent(P, 'province', null, 0),
    ...communes.map((c, i) => orgUnitEvent(c, 'commune', P, i)),
    ...w.schools.map((s, i) => orgUnitEvent(s, 'school', communes[i % communes.length], i)),
  ]);
  await waitFor(
    async () => {
      const { rows } = await w.db.query(
        `SELECT count(*)::int AS n FROM kpi_aggregator.org_unit_replica`,
      );
      return rows[0].n === 1 + w.o.communes + w.o.schools;
    },
    { timeoutMs: 60000, description: 'the org tree in the replica' },
  );
  await w.db.query(
    `CREATE TABLE public.bench_raw_event (id uuid PRIMARY KEY, school_id uuid NOT NULL, channel text NOT NULL, school_year text NOT NULL)`,
  );
}

const SEG = ['urban', 'rural', 'ethnic-minority-mountain', 'island'] as const;

function orgUnitEvent(
  id: string,
  kind: 'province' | 'commune' | 'school',
  parentId: string | null,
  i: number,
): PlatformEvent {
  return newEvent({
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
}

/** The next `n` applications (enrollment.application.recorded), spread over schools and channels. */
export function makeEvents(w: KpiWorld, n: number): PlatformEvent[] {
  const out = [];
  for (let i = 0; i < n; i++, w.seq++) {
    const id = uuidv7();
    const school = w.schools[(w.seq * 7919) % w.schools.length];
    const channel = CHANNELS[w.seq % 3];
    out.push(
      newEvent({
        type: 'enrollment.application.recorded',
        version: 1,
        source: 'enrollment',
        subjectId: id,
        orgUnitId: school,
        data: {
          applicationId: id,
          roundId: w.province,
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
}

/** Keeps the bench's own copy of raw events (for the plain SQL GROUP BY baseline). */
export async function keepRaw(w: KpiWorld, events: PlatformEvent[]): Promise<void> {
  for (let i = 0; i < events.length; i += 5000) {
    const part = events.slice(i, i + 5000);
    await w.db.query(
      `INSERT INTO public.bench_raw_event SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[])`,
      [
        part.map((e) => e.id),
        part.map((e) => (e.data as { firstWishSchoolId: string }).firstWishSchoolId),
        part.map((e) => (e.data as { channel: string }).channel),
        part.map((e) => (e.data as { schoolYear: string }).schoolYear),
      ],
    );
  }
}

/** Events the active generation of the projection has applied. */
export async function applied(w: KpiWorld): Promise<number> {
  const { rows } = await w.db.query(
    `SELECT g.events_applied::bigint AS n FROM kpi_aggregator.projection_state s
       JOIN kpi_aggregator.projection_generation g ON g.generation = s.active_generation`,
  );
  return Number(rows[0]?.n ?? 0);
}

/** The indicator's values for the province, through the API. */
export async function api(w: KpiWorld): Promise<ApiAnswer> {
  const res = await fetch(`${w.url}${w.path}`, {
    headers: { authorization: `Bearer ${w.token}` },
  });
  if (res.status !== 200) throw new Error(`HTTP ${res.status}`);
  return (await res.json()) as ApiAnswer;
}
