import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, kafkaClientSecurity, loadConfig, serviceConfigSchema, z } from './index';

const good = {
  DATABASE_URL: 'postgres://app:secret@db:5432/qn',
  KAFKA_BROKERS: 'kafka:9092, kafka-2:9092',
  REDIS_URL: 'redis://cache:6379/0',
};

describe('loadConfig', () => {
  it('applies defaults and coerces numbers', () => {
    const cfg = loadConfig(serviceConfigSchema, { ...good, PORT: '8080' });
    expect(cfg.PORT).toBe(8080);
    expect(cfg.TOPIC_PREFIX).toBe('');
    expect(cfg.LOG_LEVEL).toBe('info');
  });

  it('names every missing or bad variable and never echoes a value', () => {
    let error: ConfigError | undefined;
    try {
      loadConfig(serviceConfigSchema, {
        DATABASE_URL: 'mysql://root:hunter2@db/qn',
        KAFKA_BROKERS: 'kafka',
        PORT: '99999',
      });
    } catch (e) {
      error = e as ConfigError;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const vars = error!.problems.map((p) => p.variable).sort();
    expect(vars).toEqual(['DATABASE_URL', 'KAFKA_BROKERS', 'PORT', 'REDIS_URL']);
    expect(error!.problems.find((p) => p.variable === 'REDIS_URL')!.message).toBe('is required');
    expect(error!.message).toContain('DATABASE_URL must be a PostgreSQL URL');
    expect(error!.message).not.toContain('hunter2');
  });

  it('treats empty strings as unset and supports service-specific variables', () => {
    const schema = serviceConfigSchema.extend({ DEMO_SEED: z.coerce.number().int().default(2025) });
    expect(loadConfig(schema, { ...good, DEMO_SEED: '' }).DEMO_SEED).toBe(2025);
    expect(() => loadConfig(schema, { ...good, DEMO_SEED: 'abc' })).toThrow(/DEMO_SEED/);
  });
});

describe('Kafka authentication and TLS settings', () => {
  const dir = mkdtempSync(join(tmpdir(), 'qn-config-'));
  const pwFile = join(dir, 'registry');
  writeFileSync(pwFile, 's3cret-from-file\n');
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('resolves SCRAM with a password file and TLS with a CA file', () => {
    const caFile = join(dir, 'ca.pem');
    writeFileSync(caFile, '-----BEGIN CERTIFICATE-----\n');
    const cfg = loadConfig(serviceConfigSchema, {
      ...good,
      KAFKA_SASL_MECHANISM: 'scram-sha-512',
      KAFKA_SASL_USERNAME: 'registry',
      KAFKA_SASL_PASSWORD_FILE: pwFile,
      KAFKA_SSL: 'true',
      KAFKA_SSL_CA_FILE: caFile,
    });
    expect(kafkaClientSecurity(cfg)).toEqual({
      sasl: { mechanism: 'scram-sha-512', username: 'registry', password: 's3cret-from-file' },
      ssl: { ca: ['-----BEGIN CERTIFICATE-----\n'] },
    });
    expect(kafkaClientSecurity(loadConfig(serviceConfigSchema, good))).toEqual({});
  });

  it.each([
    [{ KAFKA_SASL_MECHANISM: 'scram-sha-1' }, 'KAFKA_SASL_MECHANISM must be'],
    [{ KAFKA_SASL_MECHANISM: 'scram-sha-512', KAFKA_SASL_PASSWORD: 'x' }, 'KAFKA_SASL_USERNAME'],
    [{ KAFKA_SASL_MECHANISM: 'scram-sha-512', KAFKA_SASL_USERNAME: 'a' }, 'KAFKA_SASL_PASSWORD'],
    [
      {
        KAFKA_SASL_MECHANISM: 'scram-sha-512',
        KAFKA_SASL_USERNAME: 'a',
        KAFKA_SASL_PASSWORD_FILE: '/nonexistent/pw',
      },
      'KAFKA_SASL_PASSWORD_FILE names a file that cannot be read',
    ],
    [
      { KAFKA_SASL_USERNAME: 'a', KAFKA_SASL_PASSWORD: 'hunter2' },
      'KAFKA_SASL_USERNAME is set but',
    ],
    [{ KAFKA_SSL: 'yes' }, 'KAFKA_SSL must be true or false'],
    [{ KAFKA_SSL_CA_FILE: pwFile }, 'KAFKA_SSL_CA_FILE is set but KAFKA_SSL is not true'],
  ])('names the variable of a bad combination (%j) and never its value', (vars, message) => {
    let error: ConfigError | undefined;
    try {
      loadConfig(serviceConfigSchema, { ...good, ...vars });
    } catch (e) {
      error = e as ConfigError;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect(error!.message).toContain(message);
    expect(error!.message).not.toContain('hunter2');
    expect(error!.message).not.toContain('s3cret');
  });
});
