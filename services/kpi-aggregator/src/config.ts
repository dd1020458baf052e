import { serviceConfigSchema, z } from '@qn/config';

export const kpiConfigSchema = serviceConfigSchema.extend({
  PORT: z.coerce.number().int().min(1).max(65535).default(3005),
  MIGRATE_ON_START: z
    .enum(['true', 'false'])
    .default('true')
    .transform((v) => v === 'true'),
});
export type KpiConfig = z.infer<typeof kpiConfigSchema>;
