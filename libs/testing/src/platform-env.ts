import { randomBytes } from 'node:crypto';
import { signDemoToken, Role } from '@qn/auth';
import { PersonalDataProtector } from '@qn/privacy';
import {
  createTestDatabase,
  kafkaBrokers,
  redisUrl,
  testId,
  TestDatabase,
  deleteTopicsWithPrefix,
  grantKafkaAccess,
  kafkaClientEnv,
} from './isolation';

/**
 * Environment for running real service processes in a test: one database (each service in its
 * own schema), one topic prefix with its Kafka ACLs (each service connects as its own
 * principal), one signing secret.
 */
export class PlatformEnv {
  readonly id = testId();
  readonly prefix = `t${this.id}.`;
  readonly secret = randomBytes(32).toString('hex');
  /** Keys for services that protect personal identification numbers. */
  readonly personalDataKeys = PersonalDataProtector.generateKeys();
  db!: TestDatabase;

  async setUp(): Promise<void> {
    this.db = await createTestDatabase('e2e');
    await grantKafkaAccess(this.prefix);
  }

  async tearDown(): Promise<void> {
    await this.db?.drop();
    await deleteTopicsWithPrefix(this.prefix);
  }

  envFor(
    service: string,
    port: number,
    extra: Record<string, string> = {},
  ): Record<string, string> {
    return {
      PORT: String(port),
      DATABASE_URL: this.db.url,
      DB_SCHEMA: service.replace(/-/g, '_'),
      KAFKA_BROKERS: kafkaBrokers().join(','),
      REDIS_URL: redisUrl(),
      TOPIC_PREFIX: this.prefix,
      AUTH_HMAC_SECRET: this.secret,
      PERSONAL_ID_HASH_KEY: this.personalDataKeys.hashKey,
      PERSONAL_ID_ENCRYPTION_KEY: this.personalDataKeys.encryptionKey,
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
