import { commaSeparatedList, serviceConfigSchema, z } from '@qn/config';

const key32 = z.string().regex(/^[0-9a-fA-F]{64}$/, 'must be 64 hex characters (a 32-byte key)');

export const enrollmentConfigSchema = serviceConfigSchema.extend({
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
});
export type EnrollmentConfig = z.infer<typeof enrollmentConfigSchema>;
