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
// Services that run (have an entry point); a service still being built has none yet. A local/demo
// component (`"qn": { "deployed": false }` in its package.json: the identity provider, replaced
// by the province's own) is not deployed.
const services = readdirSync(join(ROOT, 'services')).filter(
  (s) =>
    existsSync(join(ROOT, 'services', s, 'src', 'main.ts')) &&
    (
      JSON.parse(readFileSync(join(ROOT, 'services', s, 'package.json'), 'utf8')) as {
        qn?: { deployed?: boolean };
      }
    ).qn?.deployed !== false,
);

/** The local broker's settings as key → value. */
const localKafka = Object.fromEntries(
  readFileSync(join(ROOT, 'deploy/kafka/server.properties.template'), 'utf8')
    .split('\n')
    .filter((l) => l.trim() && !l.startsWith('#'))
    .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
);

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
    const kafka = compose.services.kafka as ComposeService & {
      entrypoint?: string[];
      volumes?: string[];
      secrets?: string[];
    };
    expect(kafka.image).toMatch(/^apache\/kafka:3\.9\./);
    // The same settings file, mounted: nothing to keep in step by hand.
    expect(kafka.volumes).toContain(
      './deploy/kafka/server.properties.template:/qn/server.properties.template:ro',
    );
    expect(kafka.entrypoint).toEqual(['/bin/bash', '/qn/container-start.sh']);
    expect(localKafka['process.roles']).toBe('broker,controller');
  });

  it('authenticates every Kafka client and authorises it by ACLs only', () => {
    expect(localKafka['authorizer.class.name']).toBe(
      'org.apache.kafka.metadata.authorizer.StandardAuthorizer',
    );
    expect(localKafka['allow.everyone.if.no.acl.found']).toBe('false');
    expect(localKafka['super.users']).toBe('User:admin');
    expect(localKafka['sasl.enabled.mechanisms']).toBe('SCRAM-SHA-512');
    expect(localKafka['listener.security.protocol.map']).not.toMatch(/:PLAINTEXT/);
    // The same principals everywhere they are listed.
    const principalsOf = (file: string, pattern: RegExp) =>
      pattern
        .exec(readFileSync(join(ROOT, file), 'utf8'))![1]
        .split(/\s+/)
        .sort();
    const local = principalsOf('deploy/kafka/local-kafka.sh', /^PRINCIPALS="([^"]*)"/m);
    expect(principalsOf('deploy/kafka/compose-credentials.sh', /^principals="([^"]*)"/m)).toEqual(
      local,
    );
    expect(
      String(compose.services.kafka.environment?.KAFKA_PRINCIPALS).split(/\s+/).sort(),
    ).toEqual(local);
  });

  it.each(services)('connects service %s to Kafka as its own principal', (name) => {
    const svc = compose.services[name] as ComposeService & { secrets?: string[] };
    const secret = `kafka_${name.replace(/-/g, '_')}`;
    expect(svc.environment).toMatchObject({
      KAFKA_SASL_MECHANISM: 'scram-sha-512',
      KAFKA_SASL_USERNAME: name,
      KAFKA_SASL_PASSWORD_FILE: `/run/secrets/${secret}`,
    });
    expect(svc.secrets).toEqual([secret]);
    expect(svc.depends_on).toMatchObject({
      'kafka-acls': { condition: 'service_completed_successfully' },
    });
  });

  it('pins PostgreSQL 15 and Redis 7 with health checks', () => {
    expect(compose.services.postgres.image).toMatch(/^postgres:15/);
    expect(compose.services.redis.image).toMatch(/^redis:7/);
    expect(compose.services.postgres.healthcheck).toBeDefined();
    expect(compose.services.redis.healthcheck).toBeDefined();
  });
});
