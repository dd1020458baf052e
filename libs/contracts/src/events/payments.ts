/**
 * Events of the payments service (thu học phí, khoản thu dịch vụ không dùng tiền mặt). Finance
 * systems and the KPI aggregator consume them, so they are a public API: additive changes only
 * within a version.
 *
 * Conventions shared by every payments event:
 * - Money is an integer number of Vietnamese đồng written as a decimal STRING of digits
 *   (`"1250000"`), never a JSON number (amounts above 2^53 and float rounding are impossible)
 *   and never with grouping or decimals. `currency` is always `"VND"`.
 * - Times are ISO 8601 in UTC (`…Z`); calendar dates (`YYYY-MM-DD`) are days in the province's
 *   time zone (Asia/Ho_Chi_Minh).
 * - Every event names the school, its area segment and the school year, so cashless shares by
 *   amount and by count can be computed per school, commune (through the org tree) and segment
 *   without joining anything else.
 * - No personal data: students are referred to by the platform's student id; the payment code is
 *   the reference families write on transfers, not an identity.
 * - Partition key: the student id on both payments topics, so one student's invoices and
 *   payments are in order within each topic (an invoice is issued before it is settled, a
 *   payment is received before it is refunded).
 */
import { UUID_PATTERN } from '../envelope';

export const PAYMENT_CHANNELS = ['vietqr', 'vnpay', 'momo', 'bankTransfer', 'cash'] as const;
/**
 * vietqr: bank transfer initiated by scanning the invoice's VietQR; vnpay / momo: gateway or
 * e-wallet confirmed by a signed callback; bankTransfer: transfer found on the collection
 * account's bank statement; cash: paid at the school desk (tiền mặt), the only non-cashless one.
 */
export type PaymentChannel = (typeof PAYMENT_CHANNELS)[number];

export const FEE_KINDS = ['tuition', 'healthInsurance', 'service'] as const;
/** học phí, bảo hiểm y tế học sinh, khoản thu dịch vụ (NQ 34/2021/NQ-HĐND) */
export type FeeKind = (typeof FEE_KINDS)[number];

const uuid = { type: 'string', pattern: UUID_PATTERN };
const schoolYear = {
  type: 'string',
  pattern: '^\\d{4}-\\d{4}$',
  description: 'School year, e.g. 2025-2026.',
};
const dateTime = { type: 'string', format: 'date-time', description: 'UTC, ISO 8601.' };
const date = { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$' };
const vnd = (description: string) => ({
  type: 'string',
  pattern: '^(0|[1-9]\\d{0,17})$',
  description: `${description} Integer đồng as a decimal string, e.g. "1250000".`,
});
const currency = {
  type: 'string',
  enum: ['VND'],
  description: 'Always VND (ISO 4217, no minor unit).',
};
const segment = {
  type: 'string',
  enum: ['urban', 'rural', 'ethnic-minority-mountain', 'island'],
  description:
    "Area segment of the school (the cashless targets differ: 100% of the amount in urban and rural areas, 65% in ethnic-minority and mountain areas). Island schools count as their own segment; the province's reports decide where they roll up.",
};
const paymentCode = {
  type: 'string',
  pattern: '^HP\\d{10}$',
  description:
    'Stable payment code of the student (mã thanh toán), the reference families write on transfers: HP + year + 5-digit serial + Luhn check digit.',
};
const schoolFacts = {
  schoolId: { ...uuid, description: 'The school (org unit id in the registry).' },
  segment,
  schoolYear,
};

/** Common school facts carried by every payments event. */
export interface PaymentSchoolFacts {
  schoolId: string;
  segment: 'urban' | 'rural' | 'ethnic-minority-mountain' | 'island';
  schoolYear: string;
}

/** `payments.invoice.issued` v1: a fee notice (thông báo thu) was issued to a student. */
export interface InvoiceIssuedV1 extends PaymentSchoolFacts {
  invoiceId: string;
  studentId: string;
  paymentCode: string;
  /** Billing period, e.g. `2025-2026/HK1` (a term). */
  periodKey: string;
  issuedOn: string;
  dueOn: string;
  currency: 'VND';
  amount: string;
  lines: Array<{
    feeCode: string;
    feeName: string;
    kind: FeeKind;
    periodKey: string;
    mandatory: boolean;
    amount: string;
  }>;
  /** Set when this invoice replaces a cancelled one (recomputed after a transfer). */
  replacesInvoiceId: string | null;
}
export const invoiceIssuedV1Schema = {
  type: 'object',
  description:
    'A fee notice was issued. The amount is owed by the family from `issuedOn`; it is receivable in the ledger until paid, reduced by entitlements, or cancelled.',
  required: [
    'invoiceId',
    'studentId',
    'paymentCode',
    ...Object.keys(schoolFacts),
    'periodKey',
    'issuedOn',
    'dueOn',
    'currency',
    'amount',
    'lines',
    'replacesInvoiceId',
  ],
  additionalProperties: false,
  properties: {
    invoiceId: { ...uuid, description: 'Invoice id (UUIDv7).' },
    studentId: { ...uuid, description: 'Student id from the enrollment service.' },
    paymentCode,
    ...schoolFacts,
    periodKey: {
      type: 'string',
      maxLength: 40,
      description: 'Billing period: `<school year>/HK1` or `/HK2` for a term.',
    },
    issuedOn: { ...date, description: 'Day of issue (Asia/Ho_Chi_Minh).' },
    dueOn: { ...date, description: 'Day by which the family is asked to pay.' },
    currency,
    amount: vnd('Total of the lines.'),
    lines: {
      type: 'array',
      minItems: 1,
      description:
        'What is charged, one line per fee and period, prorated where the student was not enrolled for the whole period.',
      items: {
        type: 'object',
        required: ['feeCode', 'feeName', 'kind', 'periodKey', 'mandatory', 'amount'],
        additionalProperties: false,
        properties: {
          feeCode: { type: 'string', minLength: 1, maxLength: 50 },
          feeName: { type: 'string', minLength: 1, maxLength: 200 },
          kind: { type: 'string', enum: [...FEE_KINDS] },
          periodKey: {
            type: 'string',
            maxLength: 40,
            description: 'Month (YYYY-MM), term (<year>/HK1) or school year.',
          },
          mandatory: {
            type: 'boolean',
            description: 'Tuition and health insurance are mandatory; service fees are opt-in.',
          },
          amount: vnd('Amount of the line.'),
        },
      },
    },
    replacesInvoiceId: {
      type: ['string', 'null'],
      pattern: UUID_PATTERN,
      description:
        'The cancelled invoice this one replaces (recomputed after a transfer), or null.',
    },
  },
};

/** `payments.payment.received` v1: money reached the school through one channel. */
export interface PaymentReceivedV1 extends PaymentSchoolFacts {
  paymentId: string;
  studentId: string;
  invoiceId: string | null;
  paymentCode: string;
  channel: PaymentChannel;
  cashless: boolean;
  currency: 'VND';
  amount: string;
  appliedAmount: string;
  creditAmount: string;
  receivedAt: string;
  externalReference: string | null;
  reconciled: boolean;
}
export const paymentReceivedV1Schema = {
  type: 'object',
  description:
    'A payment was recorded in the ledger exactly once (a repeated gateway callback or statement line never produces a second event). Cashless shares by amount: Σ amount where cashless / Σ amount; by count: the same over events.',
  required: [
    'paymentId',
    'studentId',
    'invoiceId',
    'paymentCode',
    ...Object.keys(schoolFacts),
    'channel',
    'cashless',
    'currency',
    'amount',
    'appliedAmount',
    'creditAmount',
    'receivedAt',
    'externalReference',
    'reconciled',
  ],
  additionalProperties: false,
  properties: {
    paymentId: { ...uuid, description: 'Payment id (UUIDv7).' },
    studentId: uuid,
    invoiceId: {
      type: ['string', 'null'],
      pattern: UUID_PATTERN,
      description:
        'The invoice the payer paid against (gateway order, cash receipt), or null when only the payment code was known (bank transfer). The ledger applies payments to the oldest open invoice first either way.',
    },
    paymentCode,
    ...schoolFacts,
    channel: {
      type: 'string',
      enum: [...PAYMENT_CHANNELS],
      description:
        'vietqr, vnpay, momo, bankTransfer (from the bank statement) or cash (school desk).',
    },
    cashless: { type: 'boolean', description: 'False only for cash at the school desk.' },
    currency,
    amount: vnd('Amount received.'),
    appliedAmount: vnd('Part of the amount that reduced what the family owed.'),
    creditAmount: vnd(
      'Part beyond what was owed, kept as the family credit (carried forward to the next invoice).',
    ),
    receivedAt: dateTime,
    externalReference: {
      type: ['string', 'null'],
      maxLength: 100,
      description:
        "The channel's own reference: gateway transaction number, bank transaction id, or the desk receipt number.",
    },
    reconciled: {
      type: 'boolean',
      description:
        'True when the payment comes from the bank statement itself (already reconciled); gateway and desk payments are reconciled later.',
    },
  },
};

/** `payments.payment.refunded` v1: family credit approved to be paid back. */
export interface PaymentRefundedV1 extends PaymentSchoolFacts {
  refundId: string;
  studentId: string;
  currency: 'VND';
  amount: string;
  reason: string;
  refundedAt: string;
}
export const paymentRefundedV1Schema = {
  type: 'object',
  description:
    "A refund to the family was approved from the family's credit balance (overpayment, cancelled invoice, retroactive exemption). Subtract it from amounts received when computing net collections.",
  required: [
    'refundId',
    'studentId',
    ...Object.keys(schoolFacts),
    'currency',
    'amount',
    'reason',
    'refundedAt',
  ],
  additionalProperties: false,
  properties: {
    refundId: uuid,
    studentId: uuid,
    ...schoolFacts,
    currency,
    amount: vnd('Amount refunded.'),
    reason: { type: 'string', minLength: 1, maxLength: 500 },
    refundedAt: dateTime,
  },
};

/** `payments.invoice.settled` v1: nothing is owed on an invoice any more. */
export interface InvoiceSettledV1 extends PaymentSchoolFacts {
  invoiceId: string;
  studentId: string;
  currency: 'VND';
  amount: string;
  settledAt: string;
}
export const invoiceSettledV1Schema = {
  type: 'object',
  description:
    "An invoice is fully covered by payments, credit and entitlements (payments apply to a student's oldest open invoice first).",
  required: [
    'invoiceId',
    'studentId',
    ...Object.keys(schoolFacts),
    'currency',
    'amount',
    'settledAt',
  ],
  additionalProperties: false,
  properties: {
    invoiceId: uuid,
    studentId: uuid,
    ...schoolFacts,
    currency,
    amount: vnd('Amount of the invoice.'),
    settledAt: dateTime,
  },
};

/** `payments.invoice.cancelled` v1: an invoice was withdrawn, with the reason. */
export interface InvoiceCancelledV1 extends PaymentSchoolFacts {
  invoiceId: string;
  studentId: string;
  currency: 'VND';
  amount: string;
  reason: string;
  cancelledAt: string;
}
export const invoiceCancelledV1Schema = {
  type: 'object',
  description:
    'An invoice was cancelled (reversed in the ledger with its entitlements). What the family already paid against it becomes credit; it is not refunded by this event.',
  required: [
    'invoiceId',
    'studentId',
    ...Object.keys(schoolFacts),
    'currency',
    'amount',
    'reason',
    'cancelledAt',
  ],
  additionalProperties: false,
  properties: {
    invoiceId: uuid,
    studentId: uuid,
    ...schoolFacts,
    currency,
    amount: vnd('Amount of the cancelled invoice.'),
    reason: { type: 'string', minLength: 1, maxLength: 500 },
    cancelledAt: dateTime,
  },
};

export const RECONCILIATION_CATEGORIES = [
  'exact',
  'partial',
  'overpayment',
  'unmatched',
  'duplicate',
  'amountMismatch',
] as const;

/** `payments.reconciliation.completed` v1: a bank statement was imported and matched. */
export interface ReconciliationCompletedV1 {
  importId: string;
  accountNumber: string;
  fromDate: string | null;
  toDate: string | null;
  lines: number;
  rejectedLines: number;
  counts: Record<(typeof RECONCILIATION_CATEGORIES)[number], number>;
  amounts: Record<(typeof RECONCILIATION_CATEGORIES)[number], string>;
  exceptionsOpened: number;
  completedAt: string;
}
const perCategory = (item: Record<string, unknown>) => ({
  type: 'object',
  required: [...RECONCILIATION_CATEGORIES],
  additionalProperties: false,
  properties: Object.fromEntries(RECONCILIATION_CATEGORIES.map((c) => [c, item])),
});
export const reconciliationCompletedV1Schema = {
  type: 'object',
  description:
    'A bank statement of the collection account was imported and matched against open invoices by payment code and amount. exact/partial/overpayment lines were booked as bankTransfer payments (each also published as payment.received); unmatched, duplicate and amountMismatch lines went to the exception queue for staff.',
  required: [
    'importId',
    'accountNumber',
    'fromDate',
    'toDate',
    'lines',
    'rejectedLines',
    'counts',
    'amounts',
    'exceptionsOpened',
    'completedAt',
  ],
  additionalProperties: false,
  properties: {
    importId: uuid,
    accountNumber: {
      type: 'string',
      maxLength: 30,
      description: 'The collection account the statement belongs to.',
    },
    fromDate: { type: ['string', 'null'], pattern: '^\\d{4}-\\d{2}-\\d{2}$' },
    toDate: { type: ['string', 'null'], pattern: '^\\d{4}-\\d{2}-\\d{2}$' },
    lines: { type: 'integer', minimum: 0, description: 'Transactions read from the file.' },
    rejectedLines: {
      type: 'integer',
      minimum: 0,
      description: 'Lines refused by the parser (bad amount, currency, date…).',
    },
    counts: perCategory({ type: 'integer', minimum: 0 }),
    amounts: perCategory(vnd('Σ amount of the lines in the category.')),
    exceptionsOpened: { type: 'integer', minimum: 0 },
    completedAt: dateTime,
  },
};
