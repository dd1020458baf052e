/**
 * The address a family's browser is sent to, to pay a gateway order at VNPay (API "pay",
 * version 2.1.0; cổng thanh toán VNPAY). Pure: the caller passes the order, the merchant's
 * settings, the client's address and the time.
 *
 * As VNPay's published PHP sample builds it: the `vnp_*` parameters with non-empty values,
 * sorted by key, each `urlencode(key)=urlencode(value)` with PHP's `urlencode`, joined by "&";
 * that string is both the query and the data HMAC-SHA512 signs (hex, keyed with the hash
 * secret), and `vnp_SecureHash=<hex>` is appended last. It is the very rule the IPN's
 * signature is checked by (`vnpaySignData`, `vnpaySign`), so VNPay's own check of our request
 * and ours of its callback cannot drift apart.
 *
 * `vnp_TxnRef` is our order id: the IPN names the order by it and the service finds the order
 * by that id alone. `vnp_OrderInfo` is ASCII without diacritics or special characters, as VNPay
 * asks, and carries no personal data (the student's payment code, which the fee notice prints).
 */
import { Vnd } from '../../shared/money';
import { formatVnpayDate, vndToVnpayAmount, vnpaySign, vnpaySignData } from './gateways';

/** How long VNPay accepts the payment after the order is created (vnp_ExpireDate). */
export const VNPAY_PAYMENT_WINDOW_MINUTES = 15;

export interface VnpayPaymentRequest {
  /** VNPay's payment page, e.g. https://sandbox.vnpayment.vn/paymentv2/vpcpay.html. */
  paymentUrl: string;
  tmnCode: string;
  hashSecret: string;
  /** Where VNPay sends the browser back (the families' page); informs only, the IPN credits. */
  returnUrl: string;
  /** Our gateway order id (vnp_TxnRef). */
  orderId: string;
  /** In đồng; VNPay receives it × 100. */
  amount: Vnd;
  /** ASCII letters, digits and spaces only (`vnpayOrderInfo`). */
  orderInfo: string;
  /** The family's address as the service saw it (IPv4-mapped IPv6 is written as IPv4). */
  clientIp: string;
  createdAt: Date;
  locale?: 'vn' | 'en';
}

export interface VnpayPaymentUrl {
  url: string;
  /** The parameters signed (without vnp_SecureHash). */
  params: Readonly<Record<string, string>>;
  secureHash: string;
  expiresAt: Date;
}

const ORDER_INFO = /^[A-Za-z0-9 ]{1,255}$/;

/** What the family's bank app shows: "Thanh toan hoc phi HP2025000014" (no diacritics, no name). */
export function vnpayOrderInfo(paymentCode: string): string {
  const text = `Thanh toan hoc phi ${paymentCode}`;
  if (!ORDER_INFO.test(text)) throw new RangeError('payment code is not plain ASCII');
  return text;
}

/** `::ffff:203.0.113.7` (IPv4 seen by an IPv6 socket) → `203.0.113.7`; unknown → `127.0.0.1`. */
export function vnpayClientIp(address: string | undefined): string {
  if (!address) return '127.0.0.1';
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(address);
  return mapped ? mapped[1]! : address;
}

export function buildVnpayPaymentUrl(r: VnpayPaymentRequest): VnpayPaymentUrl {
  if (r.amount <= 0n) throw new RangeError('amount must be positive');
  if (!ORDER_INFO.test(r.orderInfo)) throw new RangeError('vnp_OrderInfo must be plain ASCII');
  const expiresAt = new Date(r.createdAt.getTime() + VNPAY_PAYMENT_WINDOW_MINUTES * 60_000);
  const params: Record<string, string> = {
    vnp_Version: '2.1.0',
    vnp_Command: 'pay',
    vnp_TmnCode: r.tmnCode,
    vnp_Amount: vndToVnpayAmount(r.amount),
    vnp_CurrCode: 'VND',
    vnp_TxnRef: r.orderId,
    vnp_OrderInfo: r.orderInfo,
    vnp_OrderType: 'other',
    vnp_Locale: r.locale ?? 'vn',
    vnp_ReturnUrl: r.returnUrl,
    vnp_IpAddr: vnpayClientIp(r.clientIp),
    vnp_CreateDate: formatVnpayDate(r.createdAt),
    vnp_ExpireDate: formatVnpayDate(expiresAt),
  };
  const secureHash = vnpaySign(params, r.hashSecret);
  return {
    url: `${r.paymentUrl}?${vnpaySignData(params)}&vnp_SecureHash=${secureHash}`,
    params,
    secureHash,
    expiresAt,
  };
}
