import { Controller, Get, INestApplication, Module } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { randomBytes } from 'node:crypto';
import { platformCatalog } from '@qn/contracts';
import { loadConfig, ServiceConfig, serviceConfigSchema } from '@qn/config';
import { connectAndMigrate } from '@qn/persistence';
import { Public } from '@qn/auth';
import {
  createTestDatabase,
  deleteTopicsWithPrefix,
  kafkaBrokers,
  kafkaClientEnv,
  redisUrl,
  TcpProxy,
  TestDatabase,
  testId,
  TestPrincipals,
} from '@qn/testing';
import { buildServiceDataSource, configureHttp, HTTP_APP_OPTIONS, ServiceKitModule } from '../src';

const COMMAND_TIMEOUT_MS = 300;
/** What an answer may take beyond the Redis command timeout (2 cores, a loaded CI machine). */
const MARGIN_MS = 1000;

/** A route behind the rate limiter (Redis): its answer proves Redis did not hold it up. */
@Public()
@Controller('probe')
class ProbeController {
  @Get()
  probe() {
    return { answered: true };
  }
}

interface Readiness {
  status: string;
  degraded?: string[];
  error?: Record<string, { status: string; message?: string }>;
  details: Record<string, { status: string }>;
}

/**
 * A service in-process (the real ServiceKitModule and HTTP setup) with `config`, listening on a
 * free port of 127.0.0.1.
 */
async function listen(
  service: string,
  config: Parameters<typeof ServiceKitModule.forRoot>[0]['config'],
  controllers: Array<new () => unknown> = [ProbeController],
): Promise<{ app: INestApplication; base: string }> {
  @Module({
    imports: [
      ServiceKitModule.forRoot({
        service,
        config,
        catalog: platformCatalog,
        entities: [],
        migrations: [],
      }),
    ],
    controllers,
  })
  class TestApp {}
  const moduleRef = await Test.createTestingModule({ imports: [TestApp] }).compile();
  const app = moduleRef.createNestApplication(HTTP_APP_OPTIONS);
  configureHttp(app, { title: 't', description: 't' });
  await app.listen(0, '127.0.0.1');
  return { app, base: (await app.getUrl()).replace('[::1]', '127.0.0.1') };
}

/**
 * A service (in-process, the real ServiceKitModule and HTTP setup) whose dependencies fail one
 * after the other, each behind a TCP endpoint the test controls: Redis never answers, then
 * Kafka is unreachable, then PostgreSQL. Requests keep answering in time; readiness stays 200
 * ("degraded", naming what failed) until PostgreSQL goes, then 503.
 */
describe('a service whose dependencies fail', () => {
  const id = testId();
  const prefix = `t${id}.`;
  let db: TestDatabase;
  let app: INestApplication;
  let base: string;
  let redis: TcpProxy;
  let kafka: TcpProxy;
  let postgres: TcpProxy;

  async function startApp(redisAddress: string): Promise<void> {
    const dbUrl = new URL(db.url);
    dbUrl.host = postgres.address;
    const config = loadConfig(serviceConfigSchema, {
      DATABASE_URL: dbUrl.toString(),
      KAFKA_BROKERS: kafka.address,
      ...kafkaClientEnv(TestPrincipals.admin),
      REDIS_URL: `redis://${redisAddress}`,
      REDIS_COMMAND_TIMEOUT_MS: String(COMMAND_TIMEOUT_MS),
      TOPIC_PREFIX: prefix,
      AUTH_HMAC_SECRET: randomBytes(32).toString('hex'),
      LOG_LEVEL: 'silent',
      METRICS_PUBLIC: 'true',
    });
    ({ app, base } = await listen(`outage-${id}`, config));
  }

  beforeAll(async () => {
    db = await createTestDatabase('outage');
    const [kHost, kPort] = kafkaBrokers()[0].split(':');
    kafka = await TcpProxy.start({ host: kHost, port: Number(kPort) });
    const pg = new URL(db.url);
    postgres = await TcpProxy.start({ host: pg.hostname, port: Number(pg.port || 5432) });
  });

  afterAll(async () => {
    await app?.close();
    await redis?.close();
    await kafka?.close();
    await postgres?.close();
    await db?.drop();
    await deleteTopicsWithPrefix(prefix);
  });

  const timed = async (path: string) => {
    const started = Date.now();
    const res = await fetch(`${base}${path}`);
    return { res, ms: Date.now() - started };
  };
  const readiness = async () => {
    const { res, ms } = await timed('/health/ready');
    return { status: res.status, body: (await res.json()) as Readiness, ms };
  };
  const dependencyUp = async (dependency: string) => {
    const text = await (await fetch(`${base}/metrics`)).text();
    const m = new RegExp(`^qn_dependency_up\\{dependency="${dependency}"\\} (\\d)$`, 'm').exec(
      text,
    );
    return m ? Number(m[1]) : undefined;
  };

  it('answers requests within the Redis command timeout while Redis never answers, and reports Redis degraded', async () => {
    // A Redis that answers until it freezes: commands already on the wire must time out.
    const [rHost, rPort] = new URL(redisUrl()).host.split(':');
    redis = await TcpProxy.start({ host: rHost, port: Number(rPort || 6379) });
    await startApp(redis.address);
    expect((await readiness()).body.status).toBe('ok');
    expect((await timed('/probe')).res.status).toBe(200);

    redis.stall();
    for (let i = 0; i < 3; i++) {
      const { res, ms } = await timed('/probe');
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ answered: true });
      expect(ms).toBeLessThan(COMMAND_TIMEOUT_MS + MARGIN_MS);
    }
    const ready = await readiness();
    expect(ready.status).toBe(200);
    expect(ready.body.status).toBe('degraded');
    expect(ready.body.degraded).toEqual(['redis']);
    expect(ready.body.details.database.status).toBe('up');
    expect(ready.body.error!.redis.status).toBe('down');
    expect(await dependencyUp('redis')).toBe(0);
    expect(await dependencyUp('database')).toBe(1);
    expect(await dependencyUp('kafka')).toBe(1);
    expect(
      (await fetch(`${base}/metrics`).then((r) => r.text())).match(
        /^qn_redis_fallback_total\{purpose="rate-limit"\} (\d+)$/m,
      )?.[1],
    ).toBeDefined();
  });

  it('answers at once when Redis refuses connections (stopped)', async () => {
    await redis.close(); // the port now refuses: nothing listens on it
    for (let i = 0; i < 3; i++) {
      const { res, ms } = await timed('/probe');
      expect(res.status).toBe(200);
      expect(ms).toBeLessThan(COMMAND_TIMEOUT_MS + MARGIN_MS);
    }
    const ready = await readiness();
    expect(ready.status).toBe(200);
    expect(ready.body.degraded).toEqual(['redis']);
  });

  it('stays ready but degraded when the Kafka brokers cannot be reached', async () => {
    await kafka.close();
    const ready = await readiness();
    expect(ready.status).toBe(200);
    expect(ready.body.status).toBe('degraded');
    expect(ready.body.degraded!.sort()).toEqual(['kafka', 'redis']);
    expect(ready.body.details.database.status).toBe('up');
    expect(await dependencyUp('kafka')).toBe(0);
    expect((await timed('/health/live')).res.status).toBe(200);
  });

  it('is not ready (503) when PostgreSQL cannot be reached, and still alive', async () => {
    await postgres.close();
    const ready = await readiness();
    expect(ready.status).toBe(503);
    expect(ready.body.status).toBe('error');
    expect(ready.body.error!.database.status).toBe('down');
    expect(ready.body.degraded).toBeUndefined();
    expect(await dependencyUp('database')).toBe(0);
    expect((await timed('/health/live')).res.status).toBe(200);
  });
});

/** A Redis address that accepts connections and never answers, from the service's start. */
describe('a service started against a Redis that never answers', () => {
  const id = testId();
  const prefix = `t${id}.`;
  let db: TestDatabase;
  let app: INestApplication;
  let base: string;
  let stalled: TcpProxy;

  beforeAll(async () => {
    db = await createTestDatabase('outage');
    stalled = await TcpProxy.start();
    const config = loadConfig(serviceConfigSchema, {
      DATABASE_URL: db.url,
      KAFKA_BROKERS: kafkaBrokers().join(','),
      ...kafkaClientEnv(TestPrincipals.admin),
      REDIS_URL: `redis://${stalled.address}`,
      REDIS_COMMAND_TIMEOUT_MS: String(COMMAND_TIMEOUT_MS),
      TOPIC_PREFIX: prefix,
      AUTH_HMAC_SECRET: randomBytes(32).toString('hex'),
      LOG_LEVEL: 'silent',
    });
    ({ app, base } = await listen(`stalled-${id}`, config));
  });

  afterAll(async () => {
    await app?.close();
    await stalled?.close();
    await db?.drop();
    await deleteTopicsWithPrefix(prefix);
  });

  it('answers requests in time and reports Redis degraded', async () => {
    for (let i = 0; i < 3; i++) {
      const started = Date.now();
      const res = await fetch(`${base}/probe`);
      expect(res.status).toBe(200);
      expect(Date.now() - started).toBeLessThan(COMMAND_TIMEOUT_MS + MARGIN_MS);
    }
    const res = await fetch(`${base}/health/ready`);
    expect(res.status).toBe(200);
    expect(((await res.json()) as Readiness).degraded).toEqual(['redis']);
  });
});

/** Readiness includes the schema: a service whose migrations are not applied cannot commit work. */
describe('a service whose migrations are not applied yet (MIGRATE_ON_START=false)', () => {
  const id = testId();
  let db: TestDatabase;
  let app: INestApplication;
  let base: string;
  let config: ServiceConfig;
  const service = `unmigrated-${id}`;

  beforeAll(async () => {
    db = await createTestDatabase('outage');
    config = loadConfig(serviceConfigSchema, {
      DATABASE_URL: db.url,
      KAFKA_BROKERS: kafkaBrokers().join(','),
      ...kafkaClientEnv(TestPrincipals.admin),
      REDIS_URL: redisUrl(),
      TOPIC_PREFIX: `t${id}.`,
      AUTH_HMAC_SECRET: randomBytes(32).toString('hex'),
      LOG_LEVEL: 'silent',
    });
    ({ app, base } = await listen(service, { ...config, MIGRATE_ON_START: false }, []));
  });

  afterAll(async () => {
    await app?.close();
    await db?.drop();
    await deleteTopicsWithPrefix(`t${id}.`);
  });

  it('is not ready until they are', async () => {
    const res = await fetch(`${base}/health/ready`);
    expect(res.status).toBe(503);
    expect(((await res.json()) as Readiness).error!.database.status).toBe('down');
    expect((await fetch(`${base}/health/live`)).status).toBe(200);
    // The migration job runs (as `migrate` would): now it is.
    const ds = buildServiceDataSource({ service, config, entities: [], migrations: [] });
    await connectAndMigrate(ds);
    await ds.destroy();
    const after = await fetch(`${base}/health/ready`);
    expect(after.status).toBe(200);
    expect(((await after.json()) as Readiness).status).toBe('ok');
  });
});
