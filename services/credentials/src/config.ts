import { serviceConfigSchema, z } from '@qn/config';

/** The service's environment, checked at start: a wrong value stops it with the failing keys. */
export const credentialsConfigSchema = serviceConfigSchema
  .extend({
    PORT: z.coerce.number().int().min(1).max(65535).default(3007),
    /** Apply pending migrations at start (default); set false when a separate `migrate` step runs. */
    MIGRATE_ON_START: z
      .enum(['true', 'false'])
      .default('true')
      .transform((v) => v === 'true'),
    /**
     * Where the service is reached from outside: issuer ids, status list URLs and the QR code's
     * link are under it, so it is part of every credential issued: never change it afterwards.
     */
    CREDENTIALS_PUBLIC_URL: z
      .url()
      .default('http://localhost:3007')
      .transform((u) => u.replace(/\/+$/, '')),
    /**
     * Who holds the authorities' signing keys: `none` (issuing refused with 503: the default, so
     * a deployment never signs with keys it did not choose) or `local-keys` (Ed25519 keys in
     * files of CREDENTIALS_KEYS_DIR, one per authority).
     */
    CREDENTIALS_SIGNER: z.enum(['none', 'local-keys']).default('none'),
    CREDENTIALS_KEYS_DIR: z.string().min(1).optional(),
    /** Make an authority's key on its first diploma (demo and tests); otherwise the operator provides every key file. */
    CREDENTIALS_KEYS_GENERATE: z
      .enum(['true', 'false'])
      .default('false')
      .transform((v) => v === 'true'),
  })
  .superRefine((c, ctx) => {
    if (c.CREDENTIALS_SIGNER === 'local-keys' && !c.CREDENTIALS_KEYS_DIR)
      ctx.addIssue({
        code: 'custom',
        path: ['CREDENTIALS_KEYS_DIR'],
        message: 'required with CREDENTIALS_SIGNER=local-keys',
      });
  });
export type CredentialsConfig = z.infer<typeof credentialsConfigSchema>;
