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
    /**
     * The holders' wallet (the national identity app): `none` (nothing delivered: the default),
     * `local` (a folder: demo and tests) or `http` (its delivery API, documented in
     * src/wallet-delivery/wallet.ts).
     */
    CREDENTIALS_WALLET: z.enum(['none', 'local', 'http']).default('none'),
    CREDENTIALS_WALLET_DIR: z.string().min(1).default('.local/wallet'),
    CREDENTIALS_WALLET_URL: z.url().optional(),
    CREDENTIALS_WALLET_API_KEY: z.string().min(1).optional(),
    CREDENTIALS_WALLET_TIMEOUT_MS: z.coerce.number().int().min(100).max(300_000).default(15_000),
    /** How often credentials are delivered; 0 turns the sender off. */
    CREDENTIALS_WALLET_INTERVAL_MS: z.coerce.number().int().min(0).max(86_400_000).default(30_000),
  })
  .superRefine((c, ctx) => {
    if (c.CREDENTIALS_SIGNER === 'local-keys' && !c.CREDENTIALS_KEYS_DIR)
      ctx.addIssue({
        code: 'custom',
        path: ['CREDENTIALS_KEYS_DIR'],
        message: 'required with CREDENTIALS_SIGNER=local-keys',
      });
    for (const key of ['CREDENTIALS_WALLET_URL', 'CREDENTIALS_WALLET_API_KEY'] as const)
      if (c.CREDENTIALS_WALLET === 'http' && !c[key])
        ctx.addIssue({
          code: 'custom',
          path: [key],
          message: 'required with CREDENTIALS_WALLET=http',
        });
  });
export type CredentialsConfig = z.infer<typeof credentialsConfigSchema>;
