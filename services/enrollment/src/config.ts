import { commaSeparatedList, serviceConfigSchema, z } from '@qn/config';

const key32 = z.string().regex(/^[0-9a-fA-F]{64}$/, 'must be 64 hex characters (a 32-byte key)');

export const enrollmentConfigSchema = serviceConfigSchema
  .extend({
    PORT: z.coerce.number().int().min(1).max(65535).default(3002),
    MIGRATE_ON_START: z
      .enum(['true', 'false'])
      .default('true')
      .transform((v) => v === 'true'),
    /** Key of the look-up hash of personal identification numbers (HMAC-SHA256). */
    PERSONAL_ID_HASH_KEY: key32,
    /** Key that encrypts personal identification numbers and sealed lottery seeds (AES-256-GCM). */
    PERSONAL_ID_ENCRYPTION_KEY: key32,
    /** How often to look for rounds whose deadline passed (ms). */
    ROUND_CLOSE_CHECK_MS: z.coerce.number().int().min(100).max(3_600_000).default(15_000),
    /** Event `source` values of the outside admission portals allowed to submit applications over Kafka. */
    TRUSTED_PORTALS: commaSeparatedList(),
    /** Sources allowed to publish exam scores on the exam-score intake topic (comma-separated). */
    TRUSTED_EXAM_BOARDS: commaSeparatedList(),
    /** Which identity register answers: `local` (a CSV file, demo and tests) or `gateway` (the sector gateway's API). */
    IDENTITY_VERIFIER: z.enum(['local', 'gateway']).default('local'),
    /** The local register's CSV file (`personal_id,full_name,date_of_birth`); unset: an empty register. */
    IDENTITY_REGISTER_FILE: z.string().min(1).optional(),
    /** The sector gateway's base URL (IDENTITY_VERIFIER=gateway). */
    IDENTITY_GATEWAY_URL: z.url().optional(),
    /** Its API key, sent as a bearer token. */
    IDENTITY_GATEWAY_API_KEY: z.string().min(1).optional(),
    IDENTITY_GATEWAY_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(10_000),
    /** Largest batch of identity queries per call. */
    IDENTITY_MAX_BATCH: z.coerce.number().int().min(1).max(1000).default(100),
    /** A verified identity is checked again after this many days. */
    IDENTITY_RECHECK_DAYS: z.coerce.number().int().min(1).max(3650).default(365),
    /** Which sector database takes changes and serves roster exports: `local` (a directory) or `http`. */
    SECTOR_DATABASE: z.enum(['local', 'http']).default('local'),
    /** The local sector database's directory. */
    SECTOR_DATABASE_DIR: z.string().min(1).default('.local/sector-database'),
    /** The sector database API's base URL (SECTOR_DATABASE=http). */
    SECTOR_DATABASE_URL: z.url().optional(),
    SECTOR_DATABASE_API_KEY: z.string().min(1).optional(),
    SECTOR_DATABASE_TIMEOUT_MS: z.coerce.number().int().min(100).max(300_000).default(30_000),
    /** Largest batch of learner records per call. */
    SECTOR_MAX_BATCH: z.coerce.number().int().min(1).max(5000).default(500),
  })
  .superRefine((c, ctx) => {
    const need = (
      when: boolean,
      variable:
        | 'IDENTITY_GATEWAY_URL'
        | 'IDENTITY_GATEWAY_API_KEY'
        | 'SECTOR_DATABASE_URL'
        | 'SECTOR_DATABASE_API_KEY',
      because: string,
    ) => {
      if (when && !c[variable])
        ctx.addIssue({ code: 'custom', path: [variable], message: `is required when ${because}` });
    };
    need(c.IDENTITY_VERIFIER === 'gateway', 'IDENTITY_GATEWAY_URL', 'IDENTITY_VERIFIER=gateway');
    need(
      c.IDENTITY_VERIFIER === 'gateway',
      'IDENTITY_GATEWAY_API_KEY',
      'IDENTITY_VERIFIER=gateway',
    );
    need(c.SECTOR_DATABASE === 'http', 'SECTOR_DATABASE_URL', 'SECTOR_DATABASE=http');
    need(c.SECTOR_DATABASE === 'http', 'SECTOR_DATABASE_API_KEY', 'SECTOR_DATABASE=http');
  });
export type EnrollmentConfig = z.infer<typeof enrollmentConfigSchema>;
