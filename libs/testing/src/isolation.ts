import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Client } from 'pg';
import { Kafka, KafkaConfig, logLevel } from 'kafkajs';
import { KafkaAclGrant, kafkaAccess, OutsideRoles, platformCatalog } from '@qn/contracts';
import { applyKafkaAcls, removeKafkaAcls } from '@qn/messaging';
import { REPO_ROOT } from './infrastructure';

/** Short random id that names a suite's database, topics and consumer groups. */
export const testId = () => randomBytes(4).toString('hex');

export function adminDatabaseUrl(): string {
  const url = process.env.TEST_ADMIN_DATABASE_URL ?? process.env.DATABASE_URL;
  if (!url)
    throw new Error(
      'no PostgreSQL for tests: run Jest through the workspace config (libs/testing global setup)',
    );
  return url;
}

export function kafkaBrokers(): string[] {
  return (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',').map((b) => b.trim());
}

export function redisUrl(): string {
  return process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
}

export interface TestDatabase {
  name: string;
  url: string;
  drop(): Promise<void>;
}

/** A fresh database for one suite on the test PostgreSQL server; `drop()` removes it. */
export async function createTestDatabase(label = 'qn'): Promise<TestDatabase> {
  const name = `${label.replace(/[^a-z0-9_]/g, '_')}_t${testId()}`;
  const admin = new Client({ connectionString: adminDatabaseUrl() });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE "${name}"`);
  } finally {
    await admin.end();
  }
  const url = new URL(adminDatabaseUrl());
  url.pathname = `/${name}`;
  return {
    name,
    url: url.toString(),
    async drop() {
      const c = new Client({ connectionString: adminDatabaseUrl() });
      await c.connect();
      try {
        await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      } finally {
        await c.end();
      }
    },
  };
}

/** A topic and consumer-group prefix of its own for one suite. */
export const testTopicPrefix = (id = testId()) => `t${id}.`;

/**
 * Kafka principals of the test broker (the local one has a SCRAM password for each, see
 * deploy/kafka/local-kafka.sh): `admin` (super user: creates and deletes topics, reads dead
 * letters, acts for a service when a test publishes its events), the services, and the
 * outside publishers below.
 */
export const TestPrincipals = {
  admin: 'admin',
  /** An outside admission portal (role admission-portal). */
  portal: 'demo-portal',
  /** The exam board (role exam-board). */
  examBoard: 'demo-exam-board',
} as const;

/** The outside principals of a test run and their roles (for the ACLs). */
export const testOutsidePrincipals: Record<string, string> = {
  [TestPrincipals.portal]: OutsideRoles.admissionPortal,
  [TestPrincipals.examBoard]: OutsideRoles.examBoard,
};

/**
 * Folder of the test broker's passwords, one file per principal: KAFKA_CREDENTIALS_DIR (the
 * global setup sets it), else the local broker's (KAFKA_HOME_DIR/credentials) when it exists,
 * for benches run outside Jest. Undefined: the broker has no authentication.
 */
export function kafkaCredentialsDir(): string | undefined {
  if (process.env.KAFKA_CREDENTIALS_DIR) return process.env.KAFKA_CREDENTIALS_DIR;
  const local = join(
    process.env.KAFKA_HOME_DIR || join(REPO_ROOT, 'deploy/kafka/.cache/run'),
    'credentials',
  );
  return existsSync(join(local, TestPrincipals.admin)) ? local : undefined;
}

/**
 * The local test broker's TLS listener (SASL_SSL) and the PEM file of its self-signed
 * certificate, which clients trust (deploy/kafka/local-kafka.sh); undefined for a broker
 * without one.
 */
export function kafkaTls(): { brokers: string[]; caFile: string } | undefined {
  const dir = kafkaCredentialsDir();
  const tls = dir && join(dirname(dir), 'tls');
  if (!tls || !existsSync(join(tls, 'bootstrap'))) return undefined;
  return {
    brokers: readFileSync(join(tls, 'bootstrap'), 'utf8').trim().split(','),
    caFile: join(tls, 'ca.pem'),
  };
}

/** SASL settings of a principal of the test broker (undefined without authentication). */
export function testKafkaSasl(
  principal: string = TestPrincipals.admin,
): { mechanism: 'scram-sha-512'; username: string; password: string } | undefined {
  const dir = kafkaCredentialsDir();
  if (!dir) return undefined;
  const password = readFileSync(join(dir, principal), 'utf8').trim();
  return { mechanism: 'scram-sha-512', username: principal, password };
}

/** Environment of a service process (or CLI) connecting as `principal`. */
export function kafkaClientEnv(principal: string): Record<string, string> {
  const dir = kafkaCredentialsDir();
  if (!dir) return {};
  return {
    KAFKA_SASL_MECHANISM: 'scram-sha-512',
    KAFKA_SASL_USERNAME: principal,
    KAFKA_SASL_PASSWORD_FILE: join(dir, principal),
  };
}

/** A kafkajs client of the test broker, as `principal` (default: the admin super user). */
export function testKafka(
  clientId = 'qn-test',
  principal: string = TestPrincipals.admin,
  extra: Partial<KafkaConfig> = {},
): Kafka {
  const sasl = testKafkaSasl(principal);
  return new Kafka({
    clientId,
    brokers: kafkaBrokers(),
    logLevel: logLevel.NOTHING,
    retry: { retries: 5, initialRetryTime: 100 },
    ...(sasl ? { sasl } : {}),
    ...extra,
  });
}

const accessOf = (prefix: string): KafkaAclGrant[] =>
  kafkaAccess(platformCatalog, { prefix, outsidePrincipals: testOutsidePrincipals });

/**
 * Grants the services and the test's outside publishers their ACLs on a suite's topics and
 * consumer groups (prefixed), as a deployment does for its TOPIC_PREFIX. No-op without
 * authentication.
 */
export async function grantKafkaAccess(prefix: string): Promise<void> {
  if (!kafkaCredentialsDir()) return;
  const admin = testKafka('qn-test-acls').admin();
  await admin.connect();
  try {
    await applyKafkaAcls(admin, accessOf(prefix));
  } finally {
    await admin.disconnect();
  }
}

/** Removes what `grantKafkaAccess(prefix)` granted. */
export async function revokeKafkaAccess(prefix: string): Promise<void> {
  if (!kafkaCredentialsDir()) return;
  const admin = testKafka('qn-test-acls').admin();
  await admin.connect();
  try {
    await removeKafkaAcls(admin, accessOf(prefix));
  } finally {
    await admin.disconnect();
  }
}

/**
 * Deletes a suite's topics (all topics with its prefix) and the ACLs granted for them, so
 * repeated runs leave nothing behind.
 */
export async function deleteTopicsWithPrefix(prefix: string): Promise<void> {
  await revokeKafkaAccess(prefix);
  const admin = testKafka('qn-test-cleanup').admin();
  await admin.connect();
  try {
    const topics = (await admin.listTopics()).filter((t) => t.startsWith(prefix));
    if (topics.length) await admin.deleteTopics({ topics, timeout: 10000 });
  } finally {
    await admin.disconnect();
  }
}
