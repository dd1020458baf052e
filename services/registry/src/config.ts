import { serviceConfigSchema, z } from '@qn/config';

export const registryConfigSchema = serviceConfigSchema.extend({
  PORT: z.coerce.number().int().min(1).max(65535).default(3001),
  /** Apply pending migrations at start (default); set false when a separate `migrate` step runs. */
  MIGRATE_ON_START: z
    .enum(['true', 'false'])
    .default('true')
    .transform((v) => v === 'true'),
});
export type RegistryConfig = z.infer<typeof registryConfigSchema>;
