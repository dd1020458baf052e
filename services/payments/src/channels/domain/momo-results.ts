/**
 * What each MoMo `resultCode` means for an order of ours, from MoMo's published result-code list
 * (payment gateway API v2/v3, "List Result Codes"; the same codes come in synchronous answers
 * and in the IPN body). Four outcomes:
 *
 * - `credit`: the family paid; book it.
 * - `pending`: not final yet (or a transient gateway state): the order stays open, nothing is
 *   booked or failed; MoMo sends the final result later.
 * - `failed`: final failure for this attempt; the order is failed with a Vietnamese reason the
 *   family is shown, and they may start a new order.
 * - `merchantError`: our request or our merchant configuration is wrong (credentials, format,
 *   duplicate ids, refund codes that have no business in a payment IPN): the order stays open and
 *   operators are alerted through the log (no personal data: code and order id only).
 *
 * 9000 ("authorized"): MoMo documents it as success for 1-step payments (autoCapture = 1) and
 * as "capture or cancel next" for 2-step ones. Every order this service creates is 1-step (it
 * never asks for autoCapture = 0 and has no capture call), so 9000 credits like 0. A later
 * final failure for the same transaction (e.g. 1003 "cancelled after authorization") is sent to
 * the exception queue for staff, never silently dropped.
 *
 * An unknown code never credits: it is kept as pending with a warning, so a code MoMo adds later
 * cannot pay an invoice nor fail an attempt that may still succeed.
 */
export type MomoResultKind = 'credit' | 'pending' | 'failed' | 'merchantError';

export interface MomoResult {
  kind: MomoResultKind;
  /** MoMo's published meaning (English), for logs and the exception queue. */
  meaning: string;
  /** Shown to the family for a failed attempt (lý do giao dịch không thành công). */
  reasonVi?: string;
  /** False for a code not in MoMo's list. */
  known: boolean;
}

// Reasons by family of codes, in Vietnamese as the family reads them.
const REASON = {
  funds:
    'Tài khoản không đủ số dư hoặc vượt hạn mức thanh toán trong ngày/tháng. Vui lòng thử lại sau hoặc chọn cách thanh toán khác.',
  declined: 'Bạn đã hủy hoặc không xác nhận giao dịch trên ứng dụng MoMo.',
  issuer:
    'Giao dịch bị từ chối bởi ngân hàng hoặc nhà cung cấp phương thức thanh toán. Vui lòng chọn cách thanh toán khác.',
  account:
    'Tài khoản MoMo chưa kích hoạt, chưa xác thực hoặc đang bị hạn chế. Vui lòng liên hệ MoMo hoặc chọn cách thanh toán khác.',
  expired: 'Mã QR hoặc đường dẫn thanh toán đã hết hạn. Vui lòng tạo giao dịch mới.',
  cancelled:
    'Giao dịch đã bị hủy sau khi được xác nhận. Số tiền (nếu đã trừ) sẽ được MoMo hoàn lại.',
  promotion: 'Giao dịch bị từ chối do điều kiện của chương trình khuyến mãi MoMo.',
  gateway: 'MoMo báo lỗi không xác định. Vui lòng thử lại sau hoặc chọn cách thanh toán khác.',
} as const;

const credit = (meaning: string): MomoResult => ({ kind: 'credit', meaning, known: true });
const pending = (meaning: string): MomoResult => ({ kind: 'pending', meaning, known: true });
const merchant = (meaning: string): MomoResult => ({ kind: 'merchantError', meaning, known: true });
const failed = (meaning: string, reasonVi: string): MomoResult => ({
  kind: 'failed',
  meaning,
  reasonVi,
  known: true,
});

/** Every result code MoMo documents, with what it means for our order. */
export const MOMO_RESULT_CODES: Readonly<Record<string, MomoResult>> = {
  '0': credit('successful'),
  '9000': credit('authorized (1-step payment: success)'),
  // Not final: MoMo notifies again when the user or the provider finishes.
  '8000': pending('awaiting user re-confirmation'),
  '7000': pending('being processed'),
  '7002': pending('being processed by the payment instrument provider'),
  '1000': pending('initiated, awaiting user confirmation'),
  // Transient on MoMo's side, not our fault, not final.
  '10': pending('system under maintenance'),
  '43': pending('an analogous transaction is being processed'),
  // Our configuration or request: operators must look; the family's order stays open.
  '11': merchant('access denied (merchant settings)'),
  '12': merchant('unsupported API version'),
  '13': merchant('merchant authentication failed'),
  '20': merchant('bad request format'),
  '21': merchant('invalid amount'),
  '22': merchant('amount out of range'),
  '40': merchant('duplicated requestId'),
  '41': merchant('duplicated orderId'),
  '42': merchant('invalid orderId or orderId not found'),
  '45': merchant('duplicated itemId'),
  '47': merchant('inapplicable information in the given data'),
  '1080': merchant('refund attempt failed (refund code in a payment notification)'),
  '1081': merchant('refund rejected (refund code in a payment notification)'),
  '1088': merchant('refund not allowed (refund code in a payment notification)'),
  '2019': merchant('invalid orderGroupId'),
  // Final failures of this attempt.
  '98': failed('QR code not generated', REASON.expired),
  '99': failed('unknown error', REASON.gateway),
  '1001': failed('insufficient funds', REASON.funds),
  '1002': failed('rejected by the issuer', REASON.issuer),
  '1003': failed('cancelled after authorization', REASON.cancelled),
  '1004': failed('exceeds daily or monthly limit', REASON.funds),
  '1005': failed('URL or QR code expired', REASON.expired),
  '1006': failed('user declined the payment', REASON.declined),
  '1007': failed('inactive or nonexistent user account', REASON.account),
  '1017': failed('cancelled by merchant', REASON.cancelled),
  '1026': failed('restricted by promotion rules', REASON.promotion),
  '4001': failed('user account restricted', REASON.account),
  '4002': failed('user account not verified with C06', REASON.account),
  '4100': failed('user failed to log in', REASON.declined),
};

/** The outcome of a MoMo result code; unknown (or malformed) codes are pending, never credit. */
export function momoResult(resultCode: string): MomoResult {
  const known = Object.prototype.hasOwnProperty.call(MOMO_RESULT_CODES, resultCode)
    ? MOMO_RESULT_CODES[resultCode]
    : undefined;
  return known ?? { kind: 'pending', meaning: 'unknown result code', known: false };
}
