import { execFileSync, execFile } from 'node:child_process';
import { createConnection } from 'node:net';
import { join } from 'node:path';

export const REPO_ROOT = join(__dirname, '..', '..', '..');

export interface Endpoints {
  kafkaBrokers: string;
  /** Admin URL of a PostgreSQL server; suites create their own databases on it. */
  databaseUrl: string;
  redisUrl: string;
  source: 'env' | 'testcontainers' | 'local';
}

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
    return {
      endpoints: {
        kafkaBrokers: env.KAFKA_BROKERS,
        databaseUrl: env.DATABASE_URL,
        redisUrl: env.REDIS_URL,
        source: 'env',
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
  const [kHost, kPort] = kafkaBrokers.split(',')[0].split(':');
  if (!(await tcpAnswers(kHost, Number(kPort)))) {
    // Starts (or finds) the local KRaft broker; the script fetches the jars on first use.
    execFileSync('bash', [join(REPO_ROOT, 'deploy/kafka/local-kafka.sh'), 'start'], {
      stdio: 'inherit',
      env: { ...env, KAFKA_PORT: kPort },
    });
  }
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
    endpoints: { kafkaBrokers, databaseUrl, redisUrl, source: 'local' },
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
  const kafka = await new GenericContainer('apache/kafka:3.9.1')
    .withExposedPorts({ container: 9092, host: 29092 })
    .withEnvironment({
      KAFKA_NODE_ID: '1',
      KAFKA_PROCESS_ROLES: 'broker,controller',
      KAFKA_LISTENERS: 'PLAINTEXT://0.0.0.0:9092,CONTROLLER://0.0.0.0:9093',
      KAFKA_ADVERTISED_LISTENERS: 'PLAINTEXT://127.0.0.1:29092',
      KAFKA_CONTROLLER_LISTENER_NAMES: 'CONTROLLER',
      KAFKA_CONTROLLER_QUORUM_VOTERS: '1@localhost:9093',
      KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR: '1',
      KAFKA_OFFSETS_TOPIC_NUM_PARTITIONS: '1',
      KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR: '1',
      KAFKA_TRANSACTION_STATE_LOG_MIN_ISR: '1',
      KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS: '0',
    })
    .withWaitStrategy(Wait.forLogMessage(/Kafka Server started/))
    .start();
  return {
    endpoints: {
      kafkaBrokers: `127.0.0.1:29092`,
      databaseUrl: `postgres://postgres@${postgres.getHost()}:${postgres.getMappedPort(5432)}/postgres`,
      redisUrl: `redis://${redis.getHost()}:${redis.getMappedPort(6379)}`,
      source: 'testcontainers',
    },
    stop: async () => {
      await Promise.all([kafka.stop(), redis.stop(), postgres.stop()]);
    },
  };
}
