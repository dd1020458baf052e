/**
 * The four measured phases of the KPI bench, in the order they run: ingest, freshness at a
 * fixed rate, the cached query next to a plain SQL GROUP BY (and the bare NestJS endpoint),
 * rebuild.
 */
import { Agent, request } from 'node:http';
import { performance } from 'node:perf_hooks';
import { waitFor } from '@qn/testing';
import { startBare } from '../kit/services';
import { oneByOne, paced, sleep } from '../kit/timing';
import { KpiBenchResult, latency } from './options';
import { api, applied, keepRaw, KpiWorld, makeEvents, PlatformEvent, send } from './world';

/** 1. Ingest: events produced as fast as kafkajs goes; per second from first produced to last applied. */
export async function ingest(w: KpiWorld): Promise<KpiBenchResult['ingest']> {
  const { o } = w;
  w.log(`ingest: producing ${o.events} events`);
  const base = await applied(w);
  const all = makeEvents(w, o.events);
  const t0 = performance.now();
  for (let i = 0; i < all.length; i += 2000) await send(w, all.slice(i, i + 2000));
  const produced = performance.now();
  await waitFor(async () => (await applied(w)) >= base + o.events, {
    timeoutMs: 600000,
    intervalMs: 20,
    description: 'the ingest to be applied',
  });
  const t1 = performance.now();
  const seconds = (t1 - t0) / 1000;
  w.log(`ingest: ${Math.round(o.events / seconds)} events/s`);
  await keepRaw(w, all);
  return {
    events: o.events,
    seconds,
    perSecond: o.events / seconds,
    produceSeconds: (produced - t0) / 1000,
  };
}

/**
 * 2. Freshness: events produced at a fixed rate in 10 ms slices; the time from a slice's send
 * to the first API answer (asked after the send) that counts it.
 */
export async function freshness(w: KpiWorld): Promise<KpiBenchResult['freshness']> {
  const { o } = w;
  w.log(`freshness: ${o.pacedRate} events/s for ${o.pacedSeconds} s`);
  const sliceMs = 10;
  const perSlice = Math.max(1, Math.round((o.pacedRate * sliceMs) / 1000));
  const slices = Math.round((o.pacedSeconds * 1000) / sliceMs);
  // Visible means visible through the API: the province's denominator counts every event.
  const visible = async () => (await api(w)).orgUnit.total.denominator;
  const start = await visible();
  const sentAt: Array<{ upTo: number; at: number }> = [];
  const fresh: number[] = [];
  const poll = { on: true };
  const poller = pollVisible(visible, start, sentAt, fresh, poll);
  const pacedEvents: PlatformEvent[] = [];
  const pStart = performance.now();
  let count = 0;
  for (let i = 0; i < slices; i++) {
    const due = pStart + i * sliceMs;
    const wait = due - performance.now();
    if (wait > 1) await sleep(wait);
    const batch = makeEvents(w, perSlice);
    pacedEvents.push(...batch);
    const at = performance.now();
    await send(w, batch);
    count += batch.length;
    sentAt.push({ upTo: count, at });
  }
  const pSeconds = (performance.now() - pStart) / 1000;
  poll.on = false;
  await poller;
  await keepRaw(w, pacedEvents);
  return { rate: o.pacedRate, achievedRate: count / pSeconds, latencyMs: latency(fresh) };
}

/** Asks the API in a loop; a slice counts as visible when an answer asked for after its send shows it. */
async function pollVisible(
  visible: () => Promise<number>,
  start: number,
  sentAt: Array<{ upTo: number; at: number }>,
  fresh: number[],
  poll: { on: boolean },
): Promise<void> {
  let next = 0;
  while (poll.on || next < sentAt.length) {
    const asked = performance.now();
    const n = (await visible()) - start;
    while (next < sentAt.length && sentAt[next].upTo <= n && sentAt[next].at <= asked)
      fresh.push(performance.now() - sentAt[next++].at);
    if (!poll.on && next < sentAt.length && asked - sentAt[sentAt.length - 1].at > 60000) break;
    await sleep(5);
  }
}

const SQL = `SELECT sum(num)::int AS numerator, sum(den)::int AS denominator FROM (
        SELECT school_id, count(*) FILTER (WHERE channel IN ('online', 'portal')) AS num, count(*) AS den
          FROM public.bench_raw_event WHERE school_year = '2025-2026' GROUP BY school_id) s`;

/** The same answer as the API's, computed by a plain SQL GROUP BY over the raw events. */
export const sqlAnswer = async (w: KpiWorld) =>
  (await w.db.query(SQL)).rows[0] as { numerator: number; denominator: number };

/**
 * A GET with node:http and a keep-alive pool: lighter on the client than fetch, so the figures
 * are the service's more than the bench's (they share the machine).
 */
function getter(agent: Agent, token: string) {
  return (target: URL) => () =>
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
}

/** 3. Cached query vs plain SQL GROUP BY over the raw events (and the bare endpoint), paced. */
export async function query(
  w: KpiWorld,
): Promise<{ query: KpiBenchResult['query']; sqlDenominator: number }> {
  const { o } = w;
  const apiAnswer = (await api(w)).orgUnit.total;
  const sqlFirst = await sqlAnswer(w);
  for (let i = 0; i < 50; i++) {
    await api(w);
    await sqlAnswer(w);
  }
  w.log(`query: ${o.queryRate} req/s for ${o.querySeconds} s (API, then bare NestJS, then SQL)`);
  const agent = new Agent({ keepAlive: true, maxSockets: 64 });
  const get = getter(agent, w.token);
  const apiRaw = get(new URL(`${w.url}${w.path}`));
  // One at a time first: the cost of one answer without queueing.
  const apiSeq = latency(await oneByOne(apiRaw, 500));
  const sqlSeq = latency(await oneByOne(() => sqlAnswer(w), 500));
  const apiRun = await paced(o.queryRate, o.querySeconds, apiRaw);
  const bare = o.baseline ? await bareQuery(w, get) : null;
  const sqlRun = await paced(o.queryRate, o.querySeconds, async () => void (await sqlAnswer(w)));
  agent.destroy();
  const apiLat = latency(apiRun.ms);
  const sqlLat = latency(sqlRun.ms);
  const result: KpiBenchResult['query'] = {
    rate: o.queryRate,
    api: { ...apiLat, errors: apiRun.errors },
    sql: { ...sqlLat, errors: sqlRun.errors },
    ratio: sqlLat.p99 / apiLat.p99,
    bare,
    sequential: { api: apiSeq, sql: sqlSeq, ratio: sqlSeq.p50 / apiSeq.p50 },
    answer: { numerator: apiAnswer.numerator, denominator: apiAnswer.denominator },
    answersAgree:
      apiAnswer.numerator === sqlFirst.numerator && apiAnswer.denominator === sqlFirst.denominator,
  };
  return { query: result, sqlDenominator: sqlFirst.denominator };
}

/** The bare NestJS endpoint: same path, same answer body, same client, same rate; no work. */
async function bareQuery(
  w: KpiWorld,
  get: (target: URL) => () => Promise<void>,
): Promise<KpiBenchResult['query']['bare']> {
  const bare = await startBare({
    name: 'bare-nest',
    route: 'GET /indicators/:code/values',
    env: { BARE_BODY: JSON.stringify(await api(w)) },
    readyTimeoutMs: 30_000,
  });
  try {
    const bareRaw = get(new URL(`${bare.url}${w.path}`));
    for (let i = 0; i < 50; i++) await bareRaw();
    const sequential = latency(await oneByOne(bareRaw, 500));
    const run = await paced(w.o.queryRate, w.o.querySeconds, bareRaw);
    return { paced: { ...latency(run.ms), errors: run.errors }, sequential };
  } finally {
    await bare.process.stop();
  }
}

/** 4. Rebuild: POST /projections/rebuild, time until the shadow generation is swapped in. */
export async function rebuild(
  w: KpiWorld,
  expectedDenominator: number,
): Promise<KpiBenchResult['rebuild']> {
  const total = await applied(w);
  w.log(`rebuild: ${total} events`);
  const r0 = performance.now();
  const res = await fetch(`${w.url}/projections/rebuild`, {
    method: 'POST',
    headers: { authorization: `Bearer ${w.token}` },
  });
  if (res.status !== 202) throw new Error(`rebuild: HTTP ${res.status} ${await res.text()}`);
  const { generation } = (await res.json()) as { generation: number };
  await waitFor(
    async () => {
      const { rows } = await w.db.query(
        `SELECT active_generation AS g FROM kpi_aggregator.projection_state`,
      );
      return rows[0].g === generation;
    },
    { timeoutMs: 900000, intervalMs: 50, description: 'the rebuild to be swapped in' },
  );
  const seconds = (performance.now() - r0) / 1000;
  const after = await api(w);
  if (after.orgUnit.total.denominator !== expectedDenominator)
    throw new Error(`rebuild changed the answer: ${JSON.stringify(after.orgUnit.total)}`);
  return {
    events: total,
    seconds,
    perSecond: total / seconds,
    extrapolated1M: (1_000_000 / total) * seconds,
  };
}
