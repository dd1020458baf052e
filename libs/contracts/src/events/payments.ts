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
import { z } from 'zod';
import { defineEvent, EventDataOf } from '../contract';
import { AREA_SEGMENTS } from './registry';
import { calendarDate, count, dateTime, schoolYearCode, uuid } from './fields';

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

const schoolYear = schoolYearCode.describe('School year, e.g. 2025-2026.');
const utc = dateTime.describe('UTC, ISO 8601.');
const vnd = (description: string) =>
  z
    .string()
    .regex(/^(0|[1-9]\d{0,17})$/)
    .describe(`${description} Integer đồng as a decimal string, e.g. "1250000".`);
const currency = z.enum(['VND']).describe('Always VND (ISO 4217, no minor unit).');
const segment = z
  .enum(AREA_SEGMENTS)
  .describe(
    "Area segment of the school (the cashless targets differ: 100% of the amount in urban and rural areas, 65% in ethnic-minority and mountain areas). Island schools count as their own segment; the province's reports decide where they roll up.",
  );
const paymentCode = z
  .string()
  .regex(/^HP\d{10}$/)
  .describe(
    'Stable payment code of the student (mã thanh toán), the reference families write on transfers: HP + year + 5-digit serial + Luhn check digit.',
  );
const reason = z.string().min(1).max(500);
const schoolFacts = {
  schoolId: uuid.describe('The school (org unit id in the registry).'),
  segment,
  schoolYear,
};

/** Common school facts carried by every payments event. */
export type PaymentSchoolFacts = z.output<z.ZodObject<typeof schoolFacts>>;

/** `payments.invoice.issued` v1: a fee notice (thông báo thu) was issued to a student. */
export const invoiceIssuedV1 = defineEvent(
  'payments.invoice.issued',
  1,
  z
    .strictObject({
      invoiceId: uuid.describe('Invoice id (UUIDv7).'),
      studentId: uuid.describe('Student id from the enrollment service.'),
      paymentCode,
      ...schoolFacts,
      /** Billing period, e.g. `2025-2026/HK1` (a term). */
      periodKey: z
        .string()
        .max(40)
        .describe('Billing period: `<school year>/HK1` or `/HK2` for a term.'),
      issuedOn: calendarDate.describe('Day of issue (Asia/Ho_Chi_Minh).'),
      dueOn: calendarDate.describe('Day by which the family is asked to pay.'),
      currency,
      amount: vnd('Total of the lines.'),
      lines: z
        .array(
          z.strictObject({
            feeCode: z.string().min(1).max(50),
            feeName: z.string().min(1).max(200),
            kind: z.enum(FEE_KINDS),
            periodKey: z
              .string()
              .max(40)
              .describe('Month (YYYY-MM), term (<year>/HK1) or school year.'),
            mandatory: z
              .boolean()
              .describe('Tuition and health insurance are mandatory; service fees are opt-in.'),
            amount: vnd('Amount of the line.'),
          }),
        )
        .min(1)
        .describe(
          'What is charged, one line per fee and period, prorated where the student was not enrolled for the whole period.',
        ),
      /** Set when this invoice replaces a cancelled one (recomputed after a transfer). */
      replacesInvoiceId: uuid
        .nullable()
        .describe(
          'The cancelled invoice this one replaces (recomputed after a transfer), or null.',
        ),
    })
    .describe(
      'A fee notice was issued. The amount is owed by the family from `issuedOn`; it is receivable in the ledger until paid, reduced by entitlements, or cancelled.',
    ),
);
export type InvoiceIssuedV1 = EventDataOf<typeof invoiceIssuedV1>;

/** `payments.payment.received` v1: money reached the school through one channel. */
export const paymentReceivedV1 = defineEvent(
  'payments.payment.received',
  1,
  z
    .strictObject({
      paymentId: uuid.describe('Payment id (UUIDv7).'),
      studentId: uuid,
      invoiceId: uuid
        .nullable()
        .describe(
          'The invoice the payer paid against (gateway order, cash receipt), or null when only the payment code was known (bank transfer). The ledger applies payments to the oldest open invoice first either way.',
        ),
      paymentCode,
      ...schoolFacts,
      channel: z
        .enum(PAYMENT_CHANNELS)
        .describe(
          'vietqr, vnpay, momo, bankTransfer (from the bank statement) or cash (school desk).',
        ),
      cashless: z.boolean().describe('False only for cash at the school desk.'),
      currency,
      amount: vnd('Amount received.'),
      appliedAmount: vnd('Part of the amount that reduced what the family owed.'),
      creditAmount: vnd(
        'Part beyond what was owed, kept as the family credit (carried forward to the next invoice).',
      ),
      receivedAt: utc,
      externalReference: z
        .string()
        .max(100)
        .nullable()
        .describe(
          "The channel's own reference: gateway transaction number, bank transaction id, or the desk receipt number.",
        ),
      reconciled: z
        .boolean()
        .describe(
          'True when the payment comes from the bank statement itself (already reconciled); gateway and desk payments are reconciled later.',
        ),
    })
    .describe(
      'A payment was recorded in the ledger exactly once (a repeated gateway callback or statement line never produces a second event). Cashless shares by amount: Σ amount where cashless / Σ amount; by count: the same over events.',
    ),
);
export type PaymentReceivedV1 = EventDataOf<typeof paymentReceivedV1>;

/**
 * `payments.payment.received` v2: v1 plus the fee lines the payment settled (what the receipt,
 * biên lai thu tiền, lists). Published from now on; v1 events stay on the topic and valid.
 */
export const paymentReceivedV2 = defineEvent(
  'payments.payment.received',
  2,
  paymentReceivedV1.data
    .extend({
      settledLines: z
        .array(
          z.strictObject({
            invoiceId: uuid.describe('The invoice the line belongs to.'),
            feeCode: z.string().min(1).max(50),
            feeName: z.string().min(1).max(200),
            kind: z
              .enum(FEE_KINDS)
              .describe(
                'tuition (học phí), healthInsurance (BHYT học sinh) or service (khoản thu dịch vụ).',
              ),
            periodKey: z
              .string()
              .max(40)
              .describe(
                'Month (YYYY-MM), term (<year>/HK1) or school year, as on the invoice line.',
              ),
            amount: vnd('Part of this line the payment settled (never zero).'),
          }),
        )
        .describe(
          'The invoice lines this payment settled and how much of each, oldest invoice first (as the ledger applies payments); within an invoice, mandatory lines (tuition, health insurance) before services, each in line order, net of entitlements. The amounts sum to appliedAmount; the credit beyond what was owed settles no line. Empty when nothing was owed.',
        ),
    })
    .describe(
      'A payment was recorded in the ledger exactly once (a repeated gateway callback or statement line never produces a second event), with the fee lines it settled. Cashless shares by amount: Σ amount where cashless / Σ amount; by count: the same over events. Tuition and service fees collected: Σ settledLines.amount where kind is tuition or service.',
    ),
);
export type PaymentReceivedV2 = EventDataOf<typeof paymentReceivedV2>;
export type SettledLine = PaymentReceivedV2['settledLines'][number];

/**
 * `payments.collection-account.set` v1: a school set (or changed) the bank account it collects
 * fees into. From then on its families can pay it by VietQR transfer and through the gateways:
 * the school accepts cashless payment (the province's "schools accepting cashless" counts this).
 */
export const collectionAccountSetV1 = defineEvent(
  'payments.collection-account.set',
  1,
  z
    .strictObject({
      schoolId: uuid.describe('The school (org unit id in the registry).'),
      bankBin: z
        .string()
        .regex(/^\d{6}$/)
        .describe("The bank's NAPAS BIN (6 digits) the account is held at."),
      setAt: utc,
    })
    .describe(
      "A school's collection account for fees was set or changed (the account number itself stays in payments). The school accepts cashless payment from `setAt`.",
    ),
);
export type CollectionAccountSetV1 = EventDataOf<typeof collectionAccountSetV1>;

/** `payments.payment.refunded` v1: family credit approved to be paid back. */
export const paymentRefundedV1 = defineEvent(
  'payments.payment.refunded',
  1,
  z
    .strictObject({
      refundId: uuid,
      studentId: uuid,
      ...schoolFacts,
      currency,
      amount: vnd('Amount refunded.'),
      reason,
      refundedAt: utc,
    })
    .describe(
      "A refund to the family was approved from the family's credit balance (overpayment, cancelled invoice, retroactive exemption). Subtract it from amounts received when computing net collections.",
    ),
);
export type PaymentRefundedV1 = EventDataOf<typeof paymentRefundedV1>;

/** `payments.invoice.settled` v1: nothing is owed on an invoice any more. */
export const invoiceSettledV1 = defineEvent(
  'payments.invoice.settled',
  1,
  z
    .strictObject({
      invoiceId: uuid,
      studentId: uuid,
      ...schoolFacts,
      currency,
      amount: vnd('Amount of the invoice.'),
      settledAt: utc,
    })
    .describe(
      "An invoice is fully covered by payments, credit and entitlements (payments apply to a student's oldest open invoice first).",
    ),
);
export type InvoiceSettledV1 = EventDataOf<typeof invoiceSettledV1>;

/** `payments.invoice.cancelled` v1: an invoice was withdrawn, with the reason. */
export const invoiceCancelledV1 = defineEvent(
  'payments.invoice.cancelled',
  1,
  z
    .strictObject({
      invoiceId: uuid,
      studentId: uuid,
      ...schoolFacts,
      currency,
      amount: vnd('Amount of the cancelled invoice.'),
      reason,
      cancelledAt: utc,
    })
    .describe(
      'An invoice was cancelled (reversed in the ledger with its entitlements). What the family already paid against it becomes credit; it is not refunded by this event.',
    ),
);
export type InvoiceCancelledV1 = EventDataOf<typeof invoiceCancelledV1>;

export const RECONCILIATION_CATEGORIES = [
  'exact',
  'partial',
  'overpayment',
  'unmatched',
  'duplicate',
  'amountMismatch',
] as const;
type ReconciliationCategory = (typeof RECONCILIATION_CATEGORIES)[number];

/** One required `item` per reconciliation category. */
const perCategory = <S extends z.ZodType>(item: S) =>
  z.strictObject(
    Object.fromEntries(RECONCILIATION_CATEGORIES.map((c) => [c, item])) as Record<
      ReconciliationCategory,
      S
    >,
  );

/** `payments.reconciliation.completed` v1: a bank statement was imported and matched. */
export const reconciliationCompletedV1 = defineEvent(
  'payments.reconciliation.completed',
  1,
  z
    .strictObject({
      importId: uuid,
      accountNumber: z
        .string()
        .max(30)
        .describe('The collection account the statement belongs to.'),
      fromDate: calendarDate.nullable(),
      toDate: calendarDate.nullable(),
      lines: count.describe('Transactions read from the file.'),
      rejectedLines: count.describe('Lines refused by the parser (bad amount, currency, date…).'),
      counts: perCategory(count),
      amounts: perCategory(vnd('Σ amount of the lines in the category.')),
      exceptionsOpened: count,
      completedAt: utc,
    })
    .describe(
      'A bank statement of the collection account was imported and matched against open invoices by payment code and amount. exact/partial/overpayment lines were booked as bankTransfer payments (each also published as payment.received); unmatched, duplicate and amountMismatch lines went to the exception queue for staff.',
    ),
);
export type ReconciliationCompletedV1 = EventDataOf<typeof reconciliationCompletedV1>;
