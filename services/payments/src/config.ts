import { serviceConfigSchema, z } from '@qn/config';

const secret = z.string().min(32, 'must be at least 32 characters');

const httpUrl = z.string().refine((v) => {
  try {
    return ['http:', 'https:'].includes(new URL(v).protocol);
  } catch {
    return false;
  }
}, 'must be an http(s) URL');

export const paymentsConfigSchema = serviceConfigSchema.extend({
  PORT: z.coerce.number().int().min(1).max(65535).default(3004),
  MIGRATE_ON_START: z
    .enum(['true', 'false'])
    .default('true')
    .transform((v) => v === 'true'),
  /** The collection account families transfer to (VietQR and bank statements): NAPAS BIN of the bank. */
  COLLECTION_BANK_BIN: z
    .string()
    .regex(/^\d{6}$/, 'must be a 6-digit NAPAS bank BIN')
    .default('970436'),
  COLLECTION_ACCOUNT_NO: z
    .string()
    .regex(/^[0-9A-Za-z]{1,19}$/, 'must be 1-19 letters or digits')
    .default('0011001932418'),
  /** VNPay-style gateway: our terminal code and the HMAC-SHA512 hash secret. */
  VNPAY_TMN_CODE: z.string().min(1).max(20).default('QNEDU001'),
  VNPAY_HASH_SECRET: secret,
  /** VNPay's payment page the family's browser is sent to (production: https://pay.vnpay.vn/vpcpay.html). */
  VNPAY_PAYMENT_URL: httpUrl.default('https://sandbox.vnpayment.vn/paymentv2/vpcpay.html'),
  /**
   * Where VNPay sends the browser back after paying: the web app's families' page. It only
   * informs the family; the IPN alone credits.
   */
  VNPAY_RETURN_URL: httpUrl.default('http://127.0.0.1:3008/gia-dinh'),
  /** MoMo-style gateway: partner code, access key and the HMAC-SHA256 secret key. */
  MOMO_PARTNER_CODE: z.string().min(1).max(50).default('MOMOQNEDU'),
  MOMO_ACCESS_KEY: z.string().min(1).max(100).default('qnedu-access'),
  MOMO_SECRET_KEY: secret,
  /**
   * Oldest gateway callback accepted (seconds). Wider than the gateways' own retry period of an
   * unconfirmed IPN, or legitimate retries would be refused.
   */
  CALLBACK_MAX_AGE_SECONDS: z.coerce
    .number()
    .int()
    .min(30)
    .max(7 * 86400)
    .default(86400),
  /** How long a processed callback id is remembered in Redis (PostgreSQL keeps it for ever). */
  CALLBACK_SEEN_TTL_SECONDS: z.coerce
    .number()
    .int()
    .min(60)
    .default(8 * 86400),
  /** Days between issuing an invoice and its due date. */
  INVOICE_DUE_DAYS: z.coerce.number().int().min(1).max(120).default(30),
});
export type PaymentsConfig = z.infer<typeof paymentsConfigSchema>;
