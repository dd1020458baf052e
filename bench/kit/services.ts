/**
 * The processes a bench measures: a platform service built and run as its own process, and the
 * bare NestJS endpoint (libs/testing bare-nest: one route, no work) that gives the same-run
 * baseline the service's figures are divided by.
 */
import { signDemoToken } from '@qn/auth';
import {
  BARE_NEST_ENTRY,
  kafkaBrokers,
  kafkaClientEnv,
  redisUrl,
  ServiceProcess,
  testPort,
} from '@qn/testing';

export interface StartedProcess {
  process: ServiceProcess;
  url: string;
}

/** Settings every measured service gets: its database, brokers, Redis, prefix, secret, quiet logs. */
export function benchServiceEnv(o: {
  service: string;
  port: number;
  databaseUrl: string;
  schema: string;
  prefix: string;
  secret: string;
}): Record<string, string> {
  return {
    PORT: String(o.port),
    DATABASE_URL: o.databaseUrl,
    DB_SCHEMA: o.schema,
    KAFKA_BROKERS: kafkaBrokers().join(','),
    ...kafkaClientEnv(o.service),
    REDIS_URL: redisUrl(),
    TOPIC_PREFIX: o.prefix,
    AUTH_HMAC_SECRET: o.secret,
    LOG_LEVEL: 'warn',
    NODE_OPTIONS: '--disable-warning=TimeoutNegativeWarning',
    // One client sending as fast as it can: the bench measures the service, not the rate limit.
    RATE_LIMIT_PER_ROUTE: '10000000',
  };
}

/** Starts a built service (services/<name>/dist/main.js) and waits until it answers. */
export async function startService(
  name: string,
  env: Record<string, string>,
  readyTimeoutMs?: number,
): Promise<StartedProcess> {
  const url = `http://127.0.0.1:${env.PORT}`;
  const process = new ServiceProcess(name, env).start();
  await process.ready(url, readyTimeoutMs);
  return { process, url };
}

/** Starts the bare NestJS endpoint on a free port: `route` ('GET /path/:x') answers `env.BARE_BODY`. */
export async function startBare(o: {
  name: string;
  route: string;
  env: Record<string, string>;
  entry?: string;
  readyTimeoutMs?: number;
}): Promise<StartedProcess> {
  const port = testPort();
  const url = `http://127.0.0.1:${port}`;
  const process = new ServiceProcess(
    o.name,
    { PORT: String(port), BARE_ROUTE: o.route, ...o.env },
    o.entry ?? BARE_NEST_ENTRY,
  ).start();
  await process.ready(url, o.readyTimeoutMs);
  return { process, url };
}

/** A demo bearer token (2 h) signed with the service's secret. */
export const benchToken = (
  secret: string,
  sub: string,
  roles: Parameters<typeof signDemoToken>[1]['roles'],
) =>
  signDemoToken(secret, {
    sub,
    roles,
    orgUnitId: null,
    issuer: 'qn-edu-local',
    audience: 'qn-edu-platform',
    expiresIn: '2h',
  });
