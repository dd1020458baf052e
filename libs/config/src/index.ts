import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { z } from 'zod';

export { z };

/** A bad or missing environment variable; the message names each one and never its value. */
export class ConfigError extends Error {
  constructor(readonly problems: Array<{ variable: string; message: string }>) {
    super(`invalid configuration: ${problems.map((p) => `${p.variable} ${p.message}`).join('; ')}`);
    this.name = 'ConfigError';
  }
}

const postgresUrl = z
  .string({ error: (i) => (i.input === undefined ? 'is required' : 'must be a string') })
  .refine((v) => {
    try {
      const u = new URL(v);
      return (
        (u.protocol === 'postgres:' || u.protocol === 'postgresql:') &&
        u.hostname !== '' &&
        u.pathname.length > 1
      );
    } catch {
      return false;
    }
  }, 'must be a PostgreSQL URL like postgres://user:password@host:5432/database');

const redisUrl = z
  .string({ error: (i) => (i.input === undefined ? 'is required' : 'must be a string') })
  .refine((v) => {
    try {
      const u = new URL(v);
      return (u.protocol === 'redis:' || u.protocol === 'rediss:') && u.hostname !== '';
    } catch {
      return false;
    }
  }, 'must be a Redis URL like redis://host:6379/0');

const brokerList = z
  .string({ error: (i) => (i.input === undefined ? 'is required' : 'must be a string') })
  .refine(
    (v) => v.split(',').every((b) => /^[A-Za-z0-9.\-_]+:\d{1,5}$/.test(b.trim())),
    'must be a comma-separated list of host:port',
  );

const port = (def: number) =>
  z.coerce
    .number({ error: 'must be a port number' })
    .int('must be a port number')
    .min(1, 'must be a port number')
    .max(65535, 'must be a port number')
    .default(def);

/** A comma-separated list (`a, b,c`), empty by default. */
export const commaSeparatedList = () =>
  z
    .string()
    .default('')
    .transform((v) =>
      v
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
    );

/** A size such as `100kb`, `1mb` or `512` (bytes), as a number of bytes. */
export const byteSize = (def: string) =>
  z
    .string()
    .default(def)
    .transform((v, ctx) => {
      const m = /^(\d+)\s*(b|kb|mb)?$/i.exec(v.trim());
      const n = m
        ? Number(m[1]) * { b: 1, kb: 1024, mb: 1024 * 1024 }[(m[2] ?? 'b').toLowerCase() as 'b']
        : NaN;
      if (!Number.isSafeInteger(n) || n < 1) {
        ctx.addIssue({ code: 'custom', message: 'must be a size like 512, 100kb or 1mb' });
        return z.NEVER;
      }
      return n;
    });

/** A duration such as `90s`, `15m`, `12h`, `1d` or `3600` (seconds), as a number of seconds. */
export const durationSeconds = (def: string) =>
  z
    .string()
    .default(def)
    .transform((v, ctx) => {
      const m = /^(\d+)\s*(s|m|h|d)?$/i.exec(v.trim());
      const n = m
        ? Number(m[1]) * { s: 1, m: 60, h: 3600, d: 86400 }[(m[2] ?? 's').toLowerCase() as 's']
        : NaN;
      if (!Number.isSafeInteger(n) || n < 1) {
        ctx.addIssue({ code: 'custom', message: 'must be a duration like 3600, 90s, 15m or 12h' });
        return z.NEVER;
      }
      return n;
    });

const PROXY_NAMES = ['loopback', 'linklocal', 'uniquelocal'];
/** One entry of TRUST_PROXY: a name Express knows, an address, or a CIDR range. */
const proxyEntry = (e: string) => {
  const [address, bits, ...rest] = e.split('/');
  return (
    PROXY_NAMES.includes(e) ||
    (rest.length === 0 && isIP(address!) !== 0 && (bits === undefined || /^\d{1,3}$/.test(bits)))
  );
};

const flag = (def: 'true' | 'false') =>
  z
    .enum(['true', 'false'], { error: 'must be true or false' })
    .default(def)
    .transform((v) => v === 'true');

/** Variables every service reads. Services extend this with their own. */
export const serviceConfigSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  PORT: port(3000),
  /** PostgreSQL database; the service keeps its tables in DB_SCHEMA. */
  DATABASE_URL: postgresUrl,
  DB_SCHEMA: z
    .string()
    .regex(/^[a-z_][a-z0-9_]{0,62}$/, 'must be a lower-case PostgreSQL identifier')
    .optional(),
  DB_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(20),
  /** Named prepared statements for parameterised queries; `false` behind PgBouncer's transaction mode. */
  DB_PREPARED_STATEMENTS: z
    .enum(['true', 'false'])
    .default('true')
    .transform((v) => v === 'true'),
  KAFKA_BROKERS: brokerList,
  KAFKA_CLIENT_ID: z.string().optional(),
  /** SASL mechanism; unset = no authentication (a broker with ACLs refuses such clients). */
  KAFKA_SASL_MECHANISM: z
    .enum(['scram-sha-512', 'scram-sha-256', 'plain'], {
      error: 'must be scram-sha-512, scram-sha-256 or plain',
    })
    .optional(),
  /** The service's Kafka principal; by convention its service name. */
  KAFKA_SASL_USERNAME: z.string().optional(),
  KAFKA_SASL_PASSWORD: z.string().optional(),
  /** A file holding the password (a mounted secret); instead of KAFKA_SASL_PASSWORD. */
  KAFKA_SASL_PASSWORD_FILE: z.string().optional(),
  /** TLS to the brokers. */
  KAFKA_SSL: z
    .enum(['true', 'false'], { error: 'must be true or false' })
    .default('false')
    .transform((v) => v === 'true'),
  /** PEM file of the CA that signed the brokers' certificates (default: the system's CAs). */
  KAFKA_SSL_CA_FILE: z.string().optional(),
  /**
   * Days a consumer remembers an applied event id (processed_event). Redeliveries come from
   * offsets not yet committed, minutes old at most; the default leaves a wide margin.
   */
  PROCESSED_EVENT_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(30),
  /** How often expired processed-event and idempotency rows are deleted (ms). */
  RETENTION_CHECK_MS: z.coerce.number().int().min(1000).max(86_400_000).default(3_600_000),
  /** Prefix for every topic and consumer group; isolates a deployment or a test run. */
  TOPIC_PREFIX: z
    .string()
    .regex(/^[a-zA-Z0-9._-]*$/, 'may contain only letters, digits, dot, dash and underscore')
    .default(''),
  REDIS_URL: redisUrl,
  /**
   * Longest wait for one Redis command (ms). Past it the command fails and its caller goes on
   * without Redis (cache miss, rate limit not applied): a silent Redis never holds up requests.
   */
  REDIS_COMMAND_TIMEOUT_MS: z.coerce.number().int().min(10).max(60_000).default(300),
  /** Longest wait for a TCP connection to Redis (ms) before the next reconnect attempt. */
  REDIS_CONNECT_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(2000),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  OTEL_EXPORTER_OTLP_ENDPOINT: z.string().url('must be a URL').optional(),
  AUTH_ISSUER: z.string().default('qn-edu-local'),
  AUTH_AUDIENCE: z.string().default('qn-edu-platform'),
  AUTH_HMAC_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  AUTH_PUBLIC_KEY_PEM: z.string().optional(),
  AUTH_JWKS_URL: z.string().url('must be a URL').optional(),
  /** Longest accepted token lifetime (exp - iat, or exp - now without iat): a leaked token dies soon. */
  AUTH_MAX_TOKEN_LIFETIME: durationSeconds('12h'),
  /** Largest JSON request body; a larger one gets 413 before it is read. */
  HTTP_BODY_LIMIT: byteSize('1mb'),
  /** Largest text/csv request body (score sheets, bank statements). */
  HTTP_TEXT_BODY_LIMIT: byteSize('50mb'),
  /** Deepest accepted nesting of objects and arrays in a JSON body. */
  HTTP_JSON_MAX_DEPTH: z.coerce.number().int().min(2).max(256).default(32),
  /** Origins a browser may call the API from (CORS); empty = same origin only. */
  CORS_ALLOWED_ORIGINS: commaSeparatedList().refine(
    (list) => list.every((o) => /^https?:\/\/[^/\s]+$/.test(o)),
    'must be a comma-separated list of origins like https://portal.example.vn',
  ),
  /**
   * The proxies whose X-Forwarded-For is believed (Express's `trust proxy`), so that a request's
   * address (`req.ip`: the rate limit of anonymous calls, a gateway's vnp_IpAddr) is the client's
   * behind them: a number of hops, or a comma-separated list of `loopback`, `linklocal`,
   * `uniquelocal`, addresses and CIDR ranges. Unset: none, the address is the connection's (a
   * header anyone can send is never believed by default).
   */
  TRUST_PROXY: z
    .string()
    .optional()
    .refine(
      (v) => !v || /^\d{1,2}$/.test(v) || v.split(',').every((e) => proxyEntry(e.trim())),
      'must be a number of hops or a comma-separated list of loopback, linklocal, uniquelocal, addresses or CIDR ranges',
    )
    .transform((v): number | string[] | undefined =>
      !v ? undefined : /^\d{1,2}$/.test(v) ? Number(v) : v.split(',').map((e) => e.trim()),
    ),
  /** Requests per client (token subject, else IP address) per route per window; 429 beyond. */
  RATE_LIMIT_PER_ROUTE: z.coerce.number().int().min(1).max(10_000_000).default(6000),
  RATE_LIMIT_WINDOW: durationSeconds('60s'),
  RATE_LIMIT_ENABLED: flag('true'),
  /** A secret Prometheus sends as `Authorization: Bearer …` to read /metrics. */
  METRICS_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  /** /metrics without any token (only where the port is reachable from the cluster alone). */
  METRICS_PUBLIC: flag('false'),
  /** /docs (OpenAPI) without a province token (local demo). */
  DOCS_PUBLIC: flag('false'),
});
export type ServiceConfig = z.infer<typeof serviceConfigSchema>;

/** The Kafka variables of a service's configuration (serviceConfigSchema). */
export type KafkaSecurityConfig = Partial<
  Pick<
    ServiceConfig,
    | 'KAFKA_SASL_MECHANISM'
    | 'KAFKA_SASL_USERNAME'
    | 'KAFKA_SASL_PASSWORD'
    | 'KAFKA_SASL_PASSWORD_FILE'
    | 'KAFKA_SSL'
    | 'KAFKA_SSL_CA_FILE'
  >
>;

/** Authentication and TLS of a Kafka client, resolved (files read). */
export interface KafkaClientSecurity {
  sasl?: {
    mechanism: 'scram-sha-512' | 'scram-sha-256' | 'plain';
    username: string;
    password: string;
  };
  ssl?: boolean | { ca: string[] };
}

/**
 * Resolves the Kafka client's SASL and TLS settings, reading the password and CA files.
 * Throws ConfigError naming the variable when they do not fit together or a file cannot be
 * read (never its content).
 */
export function kafkaClientSecurity(c: KafkaSecurityConfig): KafkaClientSecurity {
  const problems: Array<{ variable: string; message: string }> = [];
  const read = (variable: string, path: string): string | undefined => {
    try {
      return readFileSync(path, 'utf8');
    } catch {
      problems.push({ variable, message: 'names a file that cannot be read' });
      return undefined;
    }
  };
  const out: KafkaClientSecurity = {};
  if (c.KAFKA_SASL_MECHANISM) {
    if (!c.KAFKA_SASL_USERNAME)
      problems.push({
        variable: 'KAFKA_SASL_USERNAME',
        message: 'is required with KAFKA_SASL_MECHANISM',
      });
    if (c.KAFKA_SASL_PASSWORD && c.KAFKA_SASL_PASSWORD_FILE)
      problems.push({
        variable: 'KAFKA_SASL_PASSWORD_FILE',
        message: 'and KAFKA_SASL_PASSWORD are both set; set one',
      });
    const password = c.KAFKA_SASL_PASSWORD_FILE
      ? read('KAFKA_SASL_PASSWORD_FILE', c.KAFKA_SASL_PASSWORD_FILE)?.trim()
      : c.KAFKA_SASL_PASSWORD;
    if (!c.KAFKA_SASL_PASSWORD && !c.KAFKA_SASL_PASSWORD_FILE)
      problems.push({
        variable: 'KAFKA_SASL_PASSWORD',
        message: 'or KAFKA_SASL_PASSWORD_FILE is required with KAFKA_SASL_MECHANISM',
      });
    else if (password === '')
      problems.push({ variable: 'KAFKA_SASL_PASSWORD_FILE', message: 'names an empty file' });
    if (c.KAFKA_SASL_USERNAME && password)
      out.sasl = { mechanism: c.KAFKA_SASL_MECHANISM, username: c.KAFKA_SASL_USERNAME, password };
  } else {
    for (const v of [
      'KAFKA_SASL_USERNAME',
      'KAFKA_SASL_PASSWORD',
      'KAFKA_SASL_PASSWORD_FILE',
    ] as const)
      if (c[v]) problems.push({ variable: v, message: 'is set but KAFKA_SASL_MECHANISM is not' });
  }
  if (c.KAFKA_SSL_CA_FILE) {
    if (!c.KAFKA_SSL)
      problems.push({ variable: 'KAFKA_SSL_CA_FILE', message: 'is set but KAFKA_SSL is not true' });
    const ca = read('KAFKA_SSL_CA_FILE', c.KAFKA_SSL_CA_FILE);
    if (ca !== undefined) out.ssl = { ca: [ca] };
  } else if (c.KAFKA_SSL) out.ssl = true;
  if (problems.length) throw new ConfigError(problems);
  return out;
}

/** Validates the environment against a schema; throws ConfigError naming every bad variable. */
export function loadConfig<S extends z.ZodType>(
  schema: S,
  env: NodeJS.ProcessEnv = process.env,
): z.infer<S> {
  // Empty strings count as unset: compose files often pass `VAR=` for optional settings.
  const cleaned = Object.fromEntries(
    Object.entries(env).filter(([, v]) => v !== undefined && v !== ''),
  );
  const result = schema.safeParse(cleaned);
  if (result.success) {
    // Variables that only make sense together, and the files they name: checked at start too.
    if (result.data && typeof result.data === 'object' && 'KAFKA_BROKERS' in result.data)
      kafkaClientSecurity(result.data as KafkaSecurityConfig);
    return result.data;
  }
  const problems = result.error.issues.map((i) => ({
    variable: i.path.length ? i.path.join('.') : '(environment)',
    message: i.code === 'invalid_type' && i.input === undefined ? 'is required' : i.message,
  }));
  throw new ConfigError(problems);
}

/**
 * For main.ts: validates the environment, and on failure prints one clear line naming the
 * variables and exits with status 78 (EX_CONFIG), before anything else starts.
 */
export function loadConfigOrExit<S extends z.ZodType>(
  service: string,
  schema: S,
  env: NodeJS.ProcessEnv = process.env,
): z.infer<S> {
  try {
    return loadConfig(schema, env);
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(`${service}: cannot start: ${err.message}`);
      process.exit(78);
    }
    throw err;
  }
}
