import { serviceConfigSchema, z } from '@qn/config';

/** The service's environment, checked at start: a wrong value stops it with the failing keys. */
export const recordsConfigSchema = serviceConfigSchema
  .extend({
    PORT: z.coerce.number().int().min(1).max(65535).default(3006),
    /** Apply pending migrations at start (default); set false when a separate `migrate` step runs. */
    MIGRATE_ON_START: z
      .enum(['true', 'false'])
      .default('true')
      .transform((v) => v === 'true'),
    /**
     * Who signs học bạ: `none` (signing refused with 503: the default, so a deployment never signs
     * with keys it did not choose), `demo-ca` (the demo CA issues a key per signer on first use:
     * demo and tests only), `local-keys` (software keys of a key manifest: demo and tests only),
     * `remote` (a CA's remote signing service).
     */
    RECORDS_SIGNER: z.enum(['none', 'demo-ca', 'local-keys', 'remote']).default('none'),
    /** The demo PKI folder (its pki.json): for `demo-ca` and `local-keys`. */
    RECORDS_DEMO_PKI_DIR: z.string().min(1).optional(),
    /** Trust anchors: PEM files, comma-separated (the VGCA root, licensed public CAs' roots). */
    RECORDS_TRUST_ANCHORS: z
      .string()
      .default('')
      .transform((v) =>
        v
          .split(',')
          .map((f) => f.trim())
          .filter(Boolean),
      ),
    /** The remote signing service (`remote`): base URL and bearer token. */
    RECORDS_REMOTE_SIGNING_URL: z.url().optional(),
    RECORDS_REMOTE_SIGNING_TOKEN: z.string().min(1).optional(),
    /** Where the QR code of a printed học bạ leads: the public verification endpoint. */
    RECORDS_VERIFY_URL: z.url().default('http://localhost:3006/verification/records'),
    /** Which sector database: `local` (a folder) or `http` (its API). */
    SECTOR_DATABASE: z.enum(['local', 'http']).default('local'),
    /** The local sector database's folder (signer registrations, term results); shared with enrollment's in a demo. */
    SECTOR_DATABASE_DIR: z.string().min(1).default('.local/sector-database'),
    /** The sector database API's base URL and key (SECTOR_DATABASE=http). */
    SECTOR_DATABASE_URL: z.url().optional(),
    SECTOR_DATABASE_API_KEY: z.string().min(1).optional(),
    SECTOR_DATABASE_TIMEOUT_MS: z.coerce.number().int().min(100).max(300_000).default(30_000),
    /** Largest batch of learner records per call. */
    SECTOR_MAX_BATCH: z.coerce.number().int().min(1).max(5000).default(500),
    /** How often the term results export sends what is queued; 0 turns the sender off. */
    SECTOR_EXPORT_INTERVAL_MS: z.coerce.number().int().min(0).max(86_400_000).default(60_000),
  })
  .superRefine((c, ctx) => {
    const need = (when: boolean, key: string, why: string) => {
      if (when && !(c as Record<string, unknown>)[key])
        ctx.addIssue({ code: 'custom', path: [key], message: `required with ${why}` });
    };
    need(c.RECORDS_SIGNER === 'demo-ca', 'RECORDS_DEMO_PKI_DIR', 'RECORDS_SIGNER=demo-ca');
    need(c.RECORDS_SIGNER === 'local-keys', 'RECORDS_DEMO_PKI_DIR', 'RECORDS_SIGNER=local-keys');
    need(c.RECORDS_SIGNER === 'remote', 'RECORDS_REMOTE_SIGNING_URL', 'RECORDS_SIGNER=remote');
    need(c.RECORDS_SIGNER === 'remote', 'RECORDS_REMOTE_SIGNING_TOKEN', 'RECORDS_SIGNER=remote');
    need(c.SECTOR_DATABASE === 'http', 'SECTOR_DATABASE_URL', 'SECTOR_DATABASE=http');
    need(c.SECTOR_DATABASE === 'http', 'SECTOR_DATABASE_API_KEY', 'SECTOR_DATABASE=http');
  });
export type RecordsConfig = z.infer<typeof recordsConfigSchema>;
