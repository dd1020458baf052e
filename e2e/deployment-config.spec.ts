import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { load, loadAll } from 'js-yaml';
import { readClients } from '../services/identity/src/clients';

const ROOT = join(__dirname, '..');
type ComposeService = {
  build?: { args?: Record<string, string> };
  healthcheck?: { test: unknown; disable?: boolean };
  depends_on?: Record<string, { condition: string }>;
  environment?: Record<string, string | number>;
  image?: string;
  ports?: string[];
  volumes?: string[];
  secrets?: string[];
  command?: string[];
  profiles?: string[];
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

describe('compose: people sign in at the identity provider, services verify its tokens', () => {
  const idp = compose.services.identity;
  const idpEnv = idp.environment ?? {};
  const issuer = String(idpEnv.IDP_ISSUER);
  const loader = compose.services['demo-loader'];
  const composeText = readFileSync(join(ROOT, 'docker-compose.yml'), 'utf8');
  const volumeDir = (svc: ComposeService, file: string) =>
    svc.volumes?.find((v) => file.startsWith(`${v.split(':')[1]}/`))?.split(':')[0];

  it('runs the identity provider from the same image, on all its interfaces, published on 127.0.0.1 only', () => {
    expect(idp.build?.args?.SERVICE).toBe('identity');
    // Its default host is 127.0.0.1: inside a container nothing else could reach it.
    expect(idpEnv.IDP_HOST).toBe('0.0.0.0');
    expect(idp.ports).toEqual([`127.0.0.1:${idpEnv.PORT}:${idpEnv.PORT}`]);
    // The issuer is where the browser reaches the published port.
    expect(issuer).toBe(`http://127.0.0.1:${idpEnv.PORT}`);
    expect(idp.healthcheck?.test).toEqual(
      expect.arrayContaining([expect.stringContaining(`:${idpEnv.PORT}/health/ready`)]),
    );
    // The signing key and the users live in named volumes; the image makes their mount points
    // writable by its user (a new volume takes the owner of the image's folder).
    const dockerfile = readFileSync(join(ROOT, 'Dockerfile'), 'utf8');
    for (const file of [idpEnv.IDP_KEY_FILE, idpEnv.IDP_USERS_FILE].map(String)) {
      const mount = idp.volumes!.find((v) => file.startsWith(`${v.split(':')[1]}/`))!;
      expect(mount).toBeDefined();
      expect(composeText).toMatch(new RegExp(`^  ${mount.split(':')[0]}:$`, 'm'));
      expect(dockerfile).toContain(mount.split(':')[1]);
    }
    expect(dockerfile).toMatch(/chown -R node:node \/var\/lib\/qn-identity/);
  });

  it.each(services)(
    'verifies %s’s tokens against the provider’s JWKS, without a shared secret',
    (name) => {
      const svc = compose.services[name];
      expect(svc.environment).toMatchObject({
        AUTH_JWKS_URL: `http://identity:${idpEnv.PORT}/jwks`,
        AUTH_ISSUER: issuer,
        AUTH_AUDIENCE: idpEnv.AUTH_AUDIENCE,
      });
      expect(svc.environment).not.toHaveProperty('AUTH_HMAC_SECRET');
      expect(svc.environment).not.toHaveProperty('AUTH_PUBLIC_KEY_PEM');
      expect(svc.depends_on).toMatchObject({ identity: { condition: 'service_healthy' } });
    },
  );

  it('gives no compose service a shared token secret', () => {
    expect(composeText).not.toMatch(/AUTH_HMAC_SECRET|AUTH_DEMO_SIGNING_KEY_FILE/);
  });

  it('runs the web app in front of kpi-aggregator; it signs people in at the provider, which may send them back to it', () => {
    const web = compose.services.web;
    expect(web.environment).toMatchObject({
      OIDC_ISSUER: issuer,
      OIDC_CLIENT_ID: 'qn-dashboard',
      FAMILY_OIDC_CLIENT_ID: 'qn-family',
      KPI_URL: 'http://kpi-aggregator:3005',
      // The families' page reads these, each at the port its service listens on.
      ENROLLMENT_URL: `http://enrollment:${compose.services.enrollment.environment?.PORT}`,
      PAYMENTS_URL: `http://payments:${compose.services.payments.environment?.PORT}`,
      RECORDS_URL: `http://records:${compose.services.records.environment?.PORT}`,
    });
    expect(web.healthcheck).toBeDefined();
    expect(web.depends_on).toMatchObject({ 'kpi-aggregator': { condition: 'service_healthy' } });
    const [published] = web.ports!.map((p) => p.split(':').slice(-2)[0]);
    const redirects = String(idpEnv.IDP_DASHBOARD_REDIRECT_URIS).split(',');
    expect(redirects).toContain(`http://127.0.0.1:${published}/`);
    // The same address as `npm start` prints (scripts/platform.sh's WEB_PORT).
    const platform = readFileSync(join(ROOT, 'scripts/platform.sh'), 'utf8');
    expect(/^WEB_PORT=\$\{WEB_PORT:-(\d+)\}/m.exec(platform)?.[1]).toBe(published);
    // The aggregator serves JSON only: no page, no sign-in settings.
    expect(Object.keys(compose.services['kpi-aggregator'].environment ?? {})).not.toContain(
      'DASHBOARD_OIDC_ISSUER',
    );
  });

  it('the demo-loader gets a token with its own client, then writes the demo users', () => {
    expect(loader.profiles).toEqual(['demo']);
    expect(loader.depends_on).toMatchObject({
      registry: { condition: 'service_healthy' },
      identity: { condition: 'service_healthy' },
    });
    expect(loader.environment).toMatchObject({
      DEMO_CLIENT_ID: 'demo-loader',
      DEMO_TOKEN_URL: `http://identity:${idpEnv.PORT}/token`,
    });
    // Its client is in the provider's (committed) clients file, the secret a generated file
    // that both containers get.
    const mounted = idp.volumes!.find((v) => v.endsWith(`:${String(idpEnv.IDP_CLIENTS_FILE)}:ro`))!;
    const clientsFile = join(ROOT, mounted.split(':')[0]);
    const secretPath = String(loader.environment?.DEMO_CLIENT_SECRET_FILE);
    const secretName = secretPath.replace('/run/secrets/', '');
    expect(loader.secrets).toEqual([secretName]);
    expect(idp.secrets).toContain(secretName);
    const raw = readFileSync(clientsFile, 'utf8');
    const dir = mkdtempSync(join(tmpdir(), 'qn-compose-clients-'));
    writeFileSync(join(dir, 'secret'), 'x'.repeat(64));
    const copy = join(dir, 'clients.json');
    writeFileSync(copy, raw.split(secretPath).join(join(dir, 'secret')));
    expect(readClients(copy)).toEqual([
      expect.objectContaining({ client_id: 'demo-loader', roles: ['province'] }),
    ]);
    expect(raw).toContain(`"client_secret_file": "${secretPath}"`);
    // The load first (the users belong to its org units), then the users file the provider reads.
    const script = loader.command!.join(' ');
    expect(script.indexOf('services/registry/demo/dist/demo/load-demo.js &&')).toBeGreaterThan(-1);
    expect(script.indexOf('load-demo.js')).toBeLessThan(script.indexOf('demo-setup.js users'));
    expect(script).toContain(`demo-setup.js users ${String(idpEnv.IDP_USERS_FILE)} `);
    const usersFile = String(idpEnv.IDP_USERS_FILE);
    expect(volumeDir(loader, usersFile)).toBe(volumeDir(idp, usersFile));
  });

  it('every secret compose references is generated by compose-credentials.sh', () => {
    const script = readFileSync(join(ROOT, 'deploy/kafka/compose-credentials.sh'), 'utf8');
    const list = (name: string) =>
      new RegExp(`^${name}="([^"]*)"`, 'm').exec(script)![1].split(' ');
    const generated = [
      ...list('principals').map((p) => `.local/kafka-credentials/${p}`),
      ...list('services').map((s) => `.local/postgres-credentials/${s}.env`),
      ...list('clients').map((c) => `.local/identity-credentials/${c}`),
    ];
    const declared = (load(composeText) as { secrets: Record<string, { file: string }> }).secrets;
    for (const { file } of Object.values(declared)) expect(generated).toContain(file);
    expect(script).toContain('iddir="$root/.local/identity-credentials"');
  });
});

/** Secrets that belong to one service only; no other service may get them. */
const OWN_SECRETS: Record<string, string[]> = {
  enrollment: ['PERSONAL_ID_HASH_KEY', 'PERSONAL_ID_ENCRYPTION_KEY'],
  payments: ['VNPAY_HASH_SECRET', 'MOMO_SECRET_KEY'],
};
/** The production adapters' addresses and keys: in the Kubernetes Secret of their service only (compose and npm start use the local adapters). */
const PRODUCTION_ADAPTER_SECRETS: Record<string, string[]> = {
  enrollment: [
    'IDENTITY_GATEWAY_URL',
    'IDENTITY_GATEWAY_API_KEY',
    'SECTOR_DATABASE_URL',
    'SECTOR_DATABASE_API_KEY',
  ],
};
const ownSecretsOfOthers = (name: string) =>
  Object.entries(OWN_SECRETS).flatMap(([owner, keys]) => (owner === name ? [] : keys));
const roleOf = (name: string) => `qn_${name.replace(/-/g, '_')}`;

describe('each service gets only its own secrets and its own PostgreSQL role', () => {
  type Svc = ComposeService & {
    secrets?: string[];
    env_file?: string | string[];
    command?: string[];
  };
  const svc = (name: string) => compose.services[name] as Svc;

  it.each(services)('compose: %s reads its DATABASE_URL from its own env file only', (name) => {
    const s = svc(name);
    expect(s.env_file).toBe(`.local/postgres-credentials/${name}.env`);
    // Nothing in the shared environment or its own points at the admin's URL.
    expect(s.environment?.DATABASE_URL).toBeUndefined();
    expect(s.depends_on).toMatchObject({
      'postgres-roles': { condition: 'service_completed_successfully' },
    });
    for (const k of ownSecretsOfOthers(name)) expect(s.environment).not.toHaveProperty(k);
    for (const k of OWN_SECRETS[name] ?? []) expect(s.environment).toHaveProperty(k);
    // Its own Kafka password, nobody else's, and no PostgreSQL secret (those are the one-shot's).
    expect(s.secrets).toEqual([`kafka_${name.replace(/-/g, '_')}`]);
  });

  it('compose: the postgres-roles one-shot provisions every service from the same files', () => {
    const roles = svc('postgres-roles');
    const allSecrets = (
      load(readFileSync(join(ROOT, 'docker-compose.yml'), 'utf8')) as {
        secrets: Record<string, { file: string }>;
      }
    ).secrets;
    expect(roles.command?.slice(0, 2)).toEqual([
      'node',
      'libs/persistence/dist/cli/provision-service-roles.js',
    ]);
    const args = roles.command!.slice(2);
    expect(args.map((a) => a.split('=')[0]).sort()).toEqual([...services].sort());
    for (const name of services) {
      const secret = `postgres_${name.replace(/-/g, '_')}`;
      expect(args).toContain(`${name}=/run/secrets/${secret}`);
      expect(roles.secrets).toContain(secret);
      // The secret is the very file the service reads its DATABASE_URL from.
      expect(allSecrets[secret].file).toBe(svc(name).env_file);
    }
    expect(roles.environment?.DATABASE_URL).toMatch(/^postgres:\/\/qn:/);
    expect(roles.depends_on).toMatchObject({ postgres: { condition: 'service_healthy' } });
    // The credentials script writes one file per service, logging in as qn_<schema>.
    const script = readFileSync(join(ROOT, 'deploy/kafka/compose-credentials.sh'), 'utf8');
    expect(/^services="([^"]*)"/m.exec(script)![1].split(' ').sort()).toEqual([...services].sort());
    expect(script).toContain('DATABASE_URL=postgres://qn_%s:%s@postgres:5432/qn');
  });

  it('generates every secret the compose file requires, so the README commands work as written', () => {
    const compose = readFileSync(join(ROOT, 'docker-compose.yml'), 'utf8');
    const required = [
      ...new Set([...compose.matchAll(/\$\{([A-Z_]+):\?/g)].map((m) => m[1])),
    ].sort();
    expect(required.length).toBeGreaterThan(0);
    const script = readFileSync(join(ROOT, 'deploy/kafka/compose-credentials.sh'), 'utf8');
    const written = /for k in ([A-Z_ ]+); do\n\s+grep -q "\^\$k=" "\$envfile"/.exec(script);
    expect(written?.[1].split(' ').sort()).toEqual(required);
    // …and the README runs the script before `docker compose up`, with nothing to set by hand.
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const block = /## Docker Compose\n\n```bash\n([\s\S]*?)```/.exec(readme)![1];
    expect(block).toMatch(
      /^bash deploy\/kafka\/compose-credentials\.sh[^\n]*\ndocker compose up -d --build/m,
    );
    expect(block).not.toMatch(/[A-Z_]+=\S+ docker compose/);
  });

  type K8sDoc = {
    kind: string;
    metadata: { name: string };
    stringData?: Record<string, string>;
    spec?: {
      template: {
        spec: {
          containers: Array<{
            command?: string[];
            envFrom?: Array<{ secretRef?: { name: string }; configMapRef?: { name: string } }>;
            env?: Array<{ name: string; valueFrom?: { secretKeyRef?: { name: string } } }>;
          }>;
          volumes?: Array<{
            secret?: { secretName: string };
            projected?: { sources: Array<{ secret: { name: string; items: unknown[] } }> };
          }>;
        };
      };
    };
  };
  const k8s = (file: string) =>
    loadAll(readFileSync(join(ROOT, 'deploy/k8s', file), 'utf8')) as K8sDoc[];
  const secrets = Object.fromEntries(
    k8s('secret.example.yaml').map((d) => [d.metadata.name, d.stringData ?? {}]),
  );

  it('kubernetes: the shared Secret holds no service’s own secret, database URL or token key', () => {
    expect(Object.keys(secrets['qn-edu-secrets'])).toEqual(['REDIS_URL']);
  });

  it('kubernetes: services verify the province provider’s tokens (JWKS), the dashboard signs in there', () => {
    const [config] = k8s('configmap.yaml') as Array<K8sDoc & { data: Record<string, string> }>;
    const { data } = config;
    expect(new URL(data.AUTH_JWKS_URL).protocol).toBe('https:');
    expect(new URL(data.AUTH_ISSUER).protocol).toBe('https:');
    expect(data.AUTH_AUDIENCE).toBe('qn-edu-platform');
    // The web app signs people in at that same provider, with its public client.
    const [web] = k8s('web.yaml').filter((d) => d.kind === 'Deployment');
    const env = (
      web.spec!.template.spec.containers[0] as unknown as {
        env: Array<{ name: string; value?: string; valueFrom?: unknown }>;
      }
    ).env;
    expect(env.find((e) => e.name === 'OIDC_ISSUER')?.valueFrom).toEqual({
      configMapKeyRef: { name: 'qn-edu-config', key: 'AUTH_ISSUER' },
    });
    expect(env.find((e) => e.name === 'OIDC_CLIENT_ID')?.value).toBe('qn-dashboard');
    expect(env.find((e) => e.name === 'KPI_URL')?.value).toBe('http://kpi-aggregator:3005');
    expect(env.find((e) => e.name === 'FAMILY_OIDC_CLIENT_ID')?.value).toBe('qn-family');
    for (const [name, service] of [
      ['ENROLLMENT_URL', 'enrollment'],
      ['PAYMENTS_URL', 'payments'],
      ['RECORDS_URL', 'records'],
    ]) {
      const svc = k8s(`${service}.yaml`).find((d) => d.kind === 'Service') as unknown as {
        spec: { ports: Array<{ port: number }> };
      };
      expect(env.find((e) => e.name === name)?.value).toBe(
        `http://${service}:${svc.spec.ports[0]!.port}`,
      );
    }
    // The only key source: no shared secret or PEM anywhere in the manifests.
    for (const file of readdirSync(join(ROOT, 'deploy/k8s')))
      for (const doc of k8s(file) as Array<K8sDoc & { data?: Record<string, string> }>) {
        expect({ ...doc.data, ...doc.stringData }).not.toHaveProperty('AUTH_HMAC_SECRET');
        expect({ ...doc.data, ...doc.stringData }).not.toHaveProperty('AUTH_PUBLIC_KEY_PEM');
      }
    // The demo identity provider is not deployed (the province's own replaces it).
    expect(readFileSync(join(ROOT, 'deploy/k8s/kustomization.yaml'), 'utf8')).not.toMatch(
      /identity/,
    );
  });

  // Secrets mounted as files that only one service gets: the issuing authorities' signing keys.
  const OWN_SECRET_FILES: Record<string, string[]> = { credentials: ['qn-edu-credentials-keys'] };

  it.each(services)('kubernetes: %s gets the shared Secret and its own only', (name) => {
    const [deployment] = k8s(`${name}.yaml`).filter((d) => d.kind === 'Deployment');
    const [container] = deployment.spec!.template.spec.containers;
    expect(container.envFrom).toEqual([
      { configMapRef: { name: 'qn-edu-config' } },
      { secretRef: { name: 'qn-edu-secrets' } },
      { secretRef: { name: `qn-edu-${name}` } },
    ]);
    expect(container.env?.some((e) => e.valueFrom)).toBeFalsy();
    expect(
      deployment.spec!.template.spec.volumes!.flatMap((v) =>
        v.secret ? [v.secret.secretName] : [],
      ),
    ).toEqual([`qn-edu-kafka-${name}`, ...(OWN_SECRET_FILES[name] ?? [])]);
    const own = secrets[`qn-edu-${name}`];
    expect(new URL(own.DATABASE_URL).username).toBe(roleOf(name));
    expect(Object.keys(own).sort()).toEqual(
      [
        'DATABASE_URL',
        ...(OWN_SECRETS[name] ?? []),
        ...(PRODUCTION_ADAPTER_SECRETS[name] ?? []),
      ].sort(),
    );
  });

  it('kubernetes: the postgres-roles Job provisions every service from its own Secret', () => {
    const [job] = k8s('postgres-roles-job.example.yaml');
    const [container] = job.spec!.template.spec.containers;
    expect(container.command?.[1]).toBe('libs/persistence/dist/cli/provision-service-roles.js');
    expect(container.command?.slice(2).sort()).toEqual(
      services.map((s) => `${s}=/var/run/secrets/qn-db/${s}`).sort(),
    );
    const sources = job.spec!.template.spec.volumes![0].projected!.sources;
    expect(sources.map((s) => s.secret.name).sort()).toEqual(
      services.map((s) => `qn-edu-${s}`).sort(),
    );
    for (const s of sources)
      expect(s.secret.items).toEqual([
        { key: 'DATABASE_URL', path: s.secret.name.replace('qn-edu-', '') },
      ]);
    // Not part of the kustomization: a template, like the Secrets.
    expect(readFileSync(join(ROOT, 'deploy/k8s/kustomization.yaml'), 'utf8')).not.toMatch(
      /^\s*-\s*(postgres-roles-job|secret)\.example\.yaml/m,
    );
  });

  it('npm start: the shared secrets file holds the token key only; the rest is per service', () => {
    const script = readFileSync(join(ROOT, 'scripts/platform.sh'), 'utf8');
    // Only AUTH_HMAC_SECRET is ever appended to .local/secrets.env.
    const appends = [...script.matchAll(/echo "([A-Z_]+)=[^\n]*>> "\$LOCAL\/secrets\.env"/g)];
    expect(appends.map((m) => m[1])).toEqual(['AUTH_HMAC_SECRET']);
    for (const [name, keys] of Object.entries(OWN_SECRETS))
      expect(script).toMatch(new RegExp(`${name}\\) echo ${keys.join(' ')} ;;`));
    // A service's process gets its own file, and no admin DATABASE_URL is passed along.
    expect(script).toContain('source "$LOCAL/secrets/$name.env"');
    expect(script).toMatch(/^unset DATABASE_URL$/m);
    expect(script).not.toMatch(/DATABASE_URL=\$DATABASE_URL/);
  });
});
