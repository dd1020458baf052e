import { serviceConfigSchema, z } from '@qn/config';

/** The service's environment, checked at start: a wrong value stops it with the failing keys. */
export const credentialsConfigSchema = serviceConfigSchema.extend({
  PORT: z.coerce.number().int().min(1).max(65535).default(3007),
  /** Apply pending migrations at start (default); set false when a separate `migrate` step runs. */
  MIGRATE_ON_START: z
    .enum(['true', 'false'])
    .default('true')
    .transform((v) => v === 'true'),
});
export type CredentialsConfig = z.infer<typeof credentialsConfigSchema>;
