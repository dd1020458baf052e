import { PlatformServices } from '@qn/contracts';
import { randomBytes } from 'node:crypto';
import { signDemoToken, Role } from '@qn/auth';
import { PersonalDataProtector } from '@qn/privacy';
import {
  dropServiceRoles,
  provisionServiceRoles,
  ServiceRole,
  serviceRoleName,
  urlForRole,
} from '@qn/persistence';
import {
  adminDatabaseUrl,
  createTestDatabase,
  kafkaBrokers,
  redisUrl,
  testId,
  TestDatabase,
  deleteTopicsWithPrefix,
  grantKafkaAccess,
  kafkaClientEnv,
} from './isolation';

/** The platform's services; PlatformEnv gives each its own PostgreSQL role. */
export const PLATFORM_SERVICES: readonly string[] = Object.values(PlatformServices);

/** Connection limit of a test's service roles: two replicas at the default pool size, and room. */
const TEST_CONNECTION_LIMIT = 60;

/**
 * Environment for running real service processes in a test: one database (each service in its
 * own schema, owned by the service's own PostgreSQL role), one topic prefix with its Kafka ACLs
 * (each service connects as its own principal), one signing secret. Only enrollment gets the
 * personal-id keys; `db.url` stays the admin's URL (for a test's own checks).
 */
export class PlatformEnv {
  readonly id = testId();
  readonly prefix = `t${this.id}.`;
  readonly secret = randomBytes(32).toString('hex');
  /** Keys for services that protect personal identification numbers. */
  readonly personalDataKeys = PersonalDataProtector.generateKeys();
  db!: TestDatabase;
  /**
   * Each service's PostgreSQL role in this suite's database: `qn_t<id>_<schema>` (roles are
   * cluster-wide, so the test id keeps suites apart; tearDown drops them).
   */
  readonly roles: Record<string, ServiceRole> = Object.fromEntries(
    PLATFORM_SERVICES.map((s) => [
      s,
      {
        schema: s.replace(/-/g, '_'),
        role: serviceRoleName(s, `t${this.id}_`),
        password: randomBytes(18).toString('base64url'),
        connectionLimit: TEST_CONNECTION_LIMIT,
      },
    ]),
  );

  async setUp(): Promise<void> {
    this.db = await createTestDatabase('e2e');
    await provisionServiceRoles(this.db.url, Object.values(this.roles));
    await grantKafkaAccess(this.prefix);
  }

  async tearDown(): Promise<void> {
    await this.db?.drop();
    await dropServiceRoles(
      adminDatabaseUrl(),
      Object.values(this.roles).map((r) => r.role),
    );
    await deleteTopicsWithPrefix(this.prefix);
  }

  /** A service's own DATABASE_URL in this suite's database (its role, its password). */
  databaseUrlFor(service: string): string {
    const role = this.roles[service];
    if (!role)
      throw new Error(
        `PlatformEnv has no PostgreSQL role for ${service} (known: ${PLATFORM_SERVICES.join(', ')})`,
      );
    return urlForRole(this.db.url, role);
  }

  envFor(
    service: string,
    port: number,
    extra: Record<string, string> = {},
  ): Record<string, string> {
    return {
      // Test mode makes some defects loud (e.g. an @Idempotent route that does not record its answer).
      NODE_ENV: 'test',
      PORT: String(port),
      DATABASE_URL: this.databaseUrlFor(service),
      DB_SCHEMA: this.roles[service].schema,
      KAFKA_BROKERS: kafkaBrokers().join(','),
      REDIS_URL: redisUrl(),
      TOPIC_PREFIX: this.prefix,
      AUTH_HMAC_SECRET: this.secret,
      // Only enrollment protects personal identification numbers: only it holds their keys.
      ...(service === 'enrollment'
        ? {
            PERSONAL_ID_HASH_KEY: this.personalDataKeys.hashKey,
            PERSONAL_ID_ENCRYPTION_KEY: this.personalDataKeys.encryptionKey,
          }
        : {}),
      NODE_OPTIONS: '--disable-warning=TimeoutNegativeWarning',
      ...kafkaClientEnv(service),
      ...extra,
    };
  }

  token(role: Role, orgUnitId: string | null = null, sub = `test-${role}`): Promise<string> {
    return signDemoToken(this.secret, {
      sub,
      roles: [role],
      orgUnitId,
      issuer: 'qn-edu-local',
      audience: 'qn-edu-platform',
      expiresIn: '1h',
    });
  }

  /** Any token the matrix needs (roles as plain strings, checked by signDemoToken). */
  sign(o: { sub: string; roles: string[]; orgUnitId: string | null; scopes?: string[] }) {
    return signDemoToken(this.secret, {
      ...o,
      roles: o.roles as Role[],
      issuer: 'qn-edu-local',
      audience: 'qn-edu-platform',
      expiresIn: '1h',
    });
  }

  /** An integration client's token (an outside system) with its named scopes. */
  clientToken(sub: string, scopes: string[], orgUnitId: string | null = null): Promise<string> {
    return signDemoToken(this.secret, {
      sub,
      roles: ['integration-client'],
      scopes,
      orgUnitId,
      issuer: 'qn-edu-local',
      audience: 'qn-edu-platform',
      expiresIn: '1h',
    });
  }
}
