import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { load } from 'js-yaml';

const ROOT = join(__dirname, '..');
type ComposeService = {
  build?: { args?: Record<string, string> };
  healthcheck?: { test: unknown };
  depends_on?: Record<string, { condition: string }>;
  environment?: Record<string, string>;
  image?: string;
};
/** Applies YAML merge keys (`<<: *anchor`) the way Docker Compose does. */
function resolveMerges(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(resolveMerges);
  if (typeof node !== 'object' || node === null) return node;
  const { '<<': merge, ...own } = node as Record<string, unknown>;
  const bases = merge === undefined ? [] : ([] as unknown[]).concat(merge).map(resolveMerges);
  return Object.assign(
    {},
    ...bases,
    Object.fromEntries(Object.entries(own).map(([k, v]) => [k, resolveMerges(v)])),
  );
}
const compose = resolveMerges(load(readFileSync(join(ROOT, 'docker-compose.yml'), 'utf8'))) as {
  services: Record<string, ComposeService>;
};
// Services that run (have an entry point); a service still being built has none yet.
const services = readdirSync(join(ROOT, 'services')).filter((s) =>
  existsSync(join(ROOT, 'services', s, 'src', 'main.ts')),
);

/** The local broker's settings as key → value. */
const localKafka = Object.fromEntries(
  readFileSync(join(ROOT, 'deploy/kafka/server.properties.template'), 'utf8')
    .split('\n')
    .filter((l) => l.trim() && !l.startsWith('#'))
    .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
);
const composeKafkaEnv = (key: string) =>
  compose.services.kafka.environment?.[`KAFKA_${key.toUpperCase().replace(/\./g, '_')}`];

describe('docker-compose.yml stays in step with the code and the local scripts', () => {
  it.each(services)(
    'runs service %s with a health check, after healthy Kafka, PostgreSQL and Redis',
    (name) => {
      const svc = compose.services[name];
      expect(svc).toBeDefined();
      expect(svc.healthcheck).toBeDefined();
      expect(svc.depends_on).toMatchObject({
        kafka: { condition: 'service_healthy' },
        postgres: { condition: 'service_healthy' },
        redis: { condition: 'service_healthy' },
      });
    },
  );

  it('uses the official Apache Kafka image in KRaft mode with the local broker’s settings', () => {
    expect(compose.services.kafka.image).toMatch(/^apache\/kafka:3\.9\./);
    expect(composeKafkaEnv('process.roles')).toBe('broker,controller');
    for (const key of [
      'offsets.topic.replication.factor',
      'offsets.topic.num.partitions',
      'transaction.state.log.replication.factor',
      'transaction.state.log.min.isr',
      'group.initial.rebalance.delay.ms',
      'num.partitions',
      'min.insync.replicas',
    ]) {
      expect([key, String(composeKafkaEnv(key))]).toEqual([key, localKafka[key]]);
    }
  });

  it('pins PostgreSQL 15 and Redis 7 with health checks', () => {
    expect(compose.services.postgres.image).toMatch(/^postgres:15/);
    expect(compose.services.redis.image).toMatch(/^redis:7/);
    expect(compose.services.postgres.healthcheck).toBeDefined();
    expect(compose.services.redis.healthcheck).toBeDefined();
  });
});
