import Redis from 'ioredis';
import { redisUrl, TcpProxy, waitFor } from '@qn/testing';
import { writeExtendedCatalogue } from './catalogue-fixture';
import { Json, KpiWorld, newId, orgUnit, roundClosed } from './world';

const COMMAND_TIMEOUT_MS = 300;
/** What an answer may take beyond the Redis timeouts it meets (2 cores, a loaded CI machine). */
const MARGIN_MS = 1000;

/**
 * The kpi-aggregator as its own process, its Redis behind a TCP proxy the test controls. Redis
 * freezes (connections open, nothing answers), then stops (connections refused): indicator
 * queries, which go through the rate limiter and the Redis cache, still answer with the right
 * numbers within the command timeout (once for the limiter, once for the cache read) plus a
 * margin, and readiness stays 200, naming Redis as degraded.
 */
describe('kpi-aggregator when Redis freezes or stops', () => {
  let proxy: TcpProxy;
  let world: KpiWorld;
  const P = newId();
  const C1 = newId();
  const C2 = newId();
  const A = newId();
  const B = newId();
  const D = newId();
  const values = (unit: string) =>
    `/indicators/ENR-ONLINE-SCHOOLS-G1/values?orgUnitId=${unit}&period=2025-2026`;

  beforeAll(async () => {
    const target = new URL(redisUrl());
    proxy = await TcpProxy.start({ host: target.hostname, port: Number(target.port || 6379) });
    world = new KpiWorld({
      KPI_CATALOGUE_PATH: writeExtendedCatalogue(),
      REDIS_URL: `redis://${proxy.address}`,
      REDIS_COMMAND_TIMEOUT_MS: String(COMMAND_TIMEOUT_MS),
    });
    await world.start();
    await world.publish([
      orgUnit(P, 'province', null),
      orgUnit(C1, 'commune', P),
      orgUnit(C2, 'commune', P),
      orgUnit(A, 'school', C1),
      orgUnit(B, 'school', C1, { segment: 'rural' }),
      orgUnit(D, 'school', C2, { segment: 'ethnic-minority-mountain' }),
    ]);
    await world.publish([
      roundClosed(newId(), 1, [
        [A, 30, 5, 0],
        [B, 10, 0, 2],
        [D, 0, 0, 4],
      ]),
    ]);
    // Projected, with Redis answering (only the province is asked: C1 and C2 stay uncached).
    await world.until(values(P), (b) => b.orgUnit.total.denominator === 3);
  });

  afterAll(async () => {
    await world?.stop();
    await proxy?.close();
    const redis = new Redis(redisUrl());
    const keys = await redis.keys(`*${world.env.prefix}*`);
    if (keys.length) await redis.del(...keys);
    await redis.quit();
  });

  const timedCall = async (path: string) => {
    const started = Date.now();
    const r = await world.call(path);
    return { ...r, ms: Date.now() - started };
  };
  const fallbacks = async (purpose: string) => {
    const res = await fetch(`${world.url}/metrics`, {
      headers: { authorization: `Bearer ${world.province}` },
    });
    const m = new RegExp(`^qn_redis_fallback_total\\{purpose="${purpose}"\\} (\\d+)$`, 'm').exec(
      await res.text(),
    );
    return m ? Number(m[1]) : 0;
  };
  const readiness = async () => {
    const res = await fetch(`${world.url}/health/ready`);
    return { status: res.status, body: (await res.json()) as Json };
  };

  it('answers an uncached query with the right numbers while Redis never answers', async () => {
    proxy.stall();
    const r = await timedCall(values(C1));
    expect(r.status).toBe(200);
    expect(r.body.orgUnit.total).toMatchObject({ numerator: 1, denominator: 2, value: 50 });
    expect(r.ms).toBeLessThan(2 * COMMAND_TIMEOUT_MS + MARGIN_MS);
    // Answered by computing: the cache read timed out, and so did the rate limiter.
    expect(await fallbacks('kpi-cache-read')).toBeGreaterThanOrEqual(1);
    expect(await fallbacks('rate-limit')).toBeGreaterThanOrEqual(1);
    const ready = await readiness();
    expect(ready.status).toBe(200);
    expect(ready.body.status).toBe('degraded');
    expect(ready.body.degraded).toEqual(['redis']);
  });

  it('answers at once when Redis refuses connections', async () => {
    await proxy.close();
    // The client notices the cut connection and from then on fails commands without waiting.
    await waitFor(async () => (await readiness()).body.error?.redis?.message !== undefined, {
      description: 'readiness to see Redis down',
    });
    const r = await timedCall(values(C2));
    expect(r.status).toBe(200);
    expect(r.body.orgUnit.total).toMatchObject({ numerator: 0, denominator: 1 });
    expect(r.ms).toBeLessThan(COMMAND_TIMEOUT_MS + MARGIN_MS);
    const ready = await readiness();
    expect(ready.status).toBe(200);
    expect(ready.body.degraded).toEqual(['redis']);
    expect(world.kpi.exitCode).toBeNull();
  });
});
