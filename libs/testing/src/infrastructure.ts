import { execFileSync, execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const REPO_ROOT = join(__dirname, '..', '..', '..');

export interface Endpoints {
  kafkaBrokers: string;
  /** Admin URL of a PostgreSQL server; suites create their own databases on it. */
  databaseUrl: string;
  redisUrl: string;
  source: 'env' | 'testcontainers' | 'local';
  /** Passwords of the broker's principals, one file each; unset: no authentication. */
  kafkaCredentialsDir?: string;
}

/** Where the local broker script keeps its passwords (KAFKA_HOME_DIR/credentials). */
const localCredentialsDir = (env: NodeJS.ProcessEnv) =>
  env.KAFKA_CREDENTIALS_DIR ||
  join(env.KAFKA_HOME_DIR || join(REPO_ROOT, 'deploy/kafka/.cache/run'), 'credentials');

export function tcpAnswers(host: string, port: number, timeoutMs = 1000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host, port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

function dockerAnswers(): Promise<boolean> {
  return new Promise((resolve) => {
    execFile('docker', ['info', '--format', '{{.ServerVersion}}'], { timeout: 5000 }, (err) =>
      resolve(!err),
    );
  });
}

const hostPort = (url: string, def: number): [string, number] => {
  const u = new URL(url);
  return [u.hostname, Number(u.port || def)];
};

/**
 * Finds the infrastructure for tests, in this order: endpoints given in the environment
 * (KAFKA_BROKERS, DATABASE_URL, REDIS_URL); containers when a Docker engine answers; otherwise
 * the project's local Kafka script and the machine's PostgreSQL and Redis.
 */
export async function resolveInfrastructure(): Promise<{
  endpoints: Endpoints;
  stop: () => Promise<void>;
}> {
  const env = process.env;
  if (env.KAFKA_BROKERS && env.DATABASE_URL && env.REDIS_URL) {
    const dir = localCredentialsDir(env);
    return {
      endpoints: {
        kafkaBrokers: env.KAFKA_BROKERS,
        databaseUrl: env.DATABASE_URL,
        redisUrl: env.REDIS_URL,
        source: 'env',
        kafkaCredentialsDir: existsSync(join(dir, 'admin')) ? dir : undefined,
      },
      stop: async () => {},
    };
  }
  if (env.QN_TEST_INFRA !== 'local' && (await dockerAnswers())) {
    return startContainers();
  }
  const databaseUrl = env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const redisUrl = env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  const kafkaBrokers = env.KAFKA_BROKERS ?? '127.0.0.1:9092';
  const [, kPort] = kafkaBrokers.split(',')[0].split(':');
  // Starts (or finds) the local KRaft broker; the script fetches the jars on first use, and
  // refuses a broker answering on the port without the passwords of its principals (one
  // started before SASL was enabled), so tests never run without authentication by mistake.
  execFileSync('bash', [join(REPO_ROOT, 'deploy/kafka/local-kafka.sh'), 'start'], {
    stdio: 'inherit',
    env: { ...env, KAFKA_PORT: kPort },
  });
  const [pgHost, pgPort] = hostPort(databaseUrl, 5432);
  if (!(await tcpAnswers(pgHost, pgPort))) {
    throw new Error(
      `PostgreSQL does not answer at ${pgHost}:${pgPort}. Start it (pg_ctlcluster <version> main start) or set DATABASE_URL.`,
    );
  }
  const [rHost, rPort] = hostPort(redisUrl, 6379);
  if (!(await tcpAnswers(rHost, rPort))) {
    throw new Error(
      `Redis does not answer at ${rHost}:${rPort}. Start redis-server or set REDIS_URL.`,
    );
  }
  return {
    endpoints: {
      kafkaBrokers,
      databaseUrl,
      redisUrl,
      source: 'local',
      kafkaCredentialsDir: localCredentialsDir(env),
    },
    stop: async () => {},
  };
}

async function startContainers(): Promise<{ endpoints: Endpoints; stop: () => Promise<void> }> {
  // Loaded only when a Docker engine answers, so machines without one never need it.
  const { GenericContainer, Wait } = await import('testcontainers');
  const postgres = await new GenericContainer('postgres:15-alpine')
    .withEnvironment({ POSTGRES_HOST_AUTH_METHOD: 'trust' })
    .withExposedPorts(5432)
    .withWaitStrategy(Wait.forLogMessage(/database system is ready to accept connections/, 2))
    .start();
  const redis = await new GenericContainer('redis:7-alpine').withExposedPorts(6379).start();
  // The same broker as docker-compose.yml: the local settings file, SASL/SCRAM credentials
  // created at format time from a password per principal (generated here), ACLs only.
  const credentials = mkdtempSync(join(tmpdir(), 'qn-kafka-credentials-'));
  const principals = readFileSync(join(REPO_ROOT, 'deploy/kafka/local-kafka.sh'), 'utf8').match(
    /^PRINCIPALS="([^"]*)"/m,
  )![1];
  for (const p of principals.split(/\s+/))
    writeFileSync(join(credentials, p), randomBytes(24).toString('hex'), { mode: 0o644 });
  const kafka = await new GenericContainer('apache/kafka:3.9.1')
    .withExposedPorts({ container: 29092, host: 29092 })
    .withExtraHosts([{ host: 'kafka', ipAddress: '127.0.0.1' }])
    .withCopyFilesToContainer([
      {
        source: join(REPO_ROOT, 'deploy/kafka/server.properties.template'),
        target: '/qn/server.properties.template',
      },
      {
        source: join(REPO_ROOT, 'deploy/kafka/container-start.sh'),
        target: '/qn/container-start.sh',
      },
      ...principals.split(/\s+/).map((p) => ({
        source: join(credentials, p),
        target: `/qn/secrets/kafka_${p.replace(/-/g, '_')}`,
      })),
    ])
    .withEntrypoint(['/bin/bash', '/qn/container-start.sh'])
    .withEnvironment({
      CLUSTER_ID: 'NEV-FPgylaqtsIRobERrvw',
      KAFKA_PRINCIPALS: principals,
      KAFKA_SECRETS_DIR: '/qn/secrets',
    })
    .withWaitStrategy(Wait.forLogMessage(/Kafka Server started/))
    .start();
  return {
    endpoints: {
      kafkaBrokers: `127.0.0.1:29092`,
      databaseUrl: `postgres://postgres@${postgres.getHost()}:${postgres.getMappedPort(5432)}/postgres`,
      redisUrl: `redis://${redis.getHost()}:${redis.getMappedPort(6379)}`,
      source: 'testcontainers',
      kafkaCredentialsDir: credentials,
    },
    stop: async () => {
      await Promise.all([kafka.stop(), redis.stop(), postgres.stop()]);
      rmSync(credentials, { recursive: true, force: true });
    },
  };
}
