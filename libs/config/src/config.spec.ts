import { ConfigError, loadConfig, serviceConfigSchema, z } from './index';

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
