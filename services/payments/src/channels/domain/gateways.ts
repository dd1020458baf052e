/**
 * Signed callbacks from payment gateways, verified without IO: the caller passes the parsed
 * request, the merchant secrets and a snapshot of the order; it gets back what to answer and
 * what happened. Recording the payment (ledger) and remembering the callback id happen in the
 * caller, after its own transaction commits.
 *
 * VNPay (IPN, API 2.1.0 style): GET with `vnp_*` query parameters. Signature = HMAC-SHA512,
 * hex, keyed with the merchant's hash secret, over the `vnp_*` parameters except
 * `vnp_SecureHash` and `vnp_SecureHashType`, with non-empty values, sorted by key, each
 * encoded as `urlencode(key)=urlencode(value)` with PHP's `urlencode` (VNPay's published PHP
 * integration sample builds the hash data exactly so: `phpUrlencode` below), joined by "&".
 * `vnp_Amount` is VND × 100. The
 * gateway expects a JSON answer `{"RspCode": "..", "Message": ".."}`:
 *   00 Confirm Success (also for a failed payment that was recorded as failed)
 *   01 Order not found   02 Order already confirmed   04 Invalid amount
 *   97 Invalid signature 99 Unknown error
 * VNPay asks for order descriptions without diacritics or special characters, but an authentic
 * callback may still carry `~ ( ) * ! '`: PHP's urlencode encodes them (`%7E %28 %29 %2A %21
 * %27`) where JavaScript's encodeURIComponent does not, so only PHP's rule verifies them.
 *
 * MoMo (IPN, AIO v2/v3): POST JSON. Signature = HMAC-SHA256, hex, keyed with the secret key,
 * over the raw string
 *   accessKey=..&amount=..&extraData=..&message=..&orderId=..&orderInfo=..&orderType=..
 *   &partnerCode=..&payType=..&requestId=..&responseTime=..&resultCode=..&transId=..
 * (values as sent, not URL-encoded; accessKey is the merchant's, not in the body). `amount` is
 * plain VND. MoMo expects HTTP 204 No Content once the notification is taken into account.
 * What each `resultCode` does to the order is in `momo-results.ts`.
 *
 * Replay protection is two pure checks: a timestamp window (`checkFreshness`) and a seen-id
 * lookup through the `SeenIds` interface (`checkReplay`). The window must be wider than the
 * gateway's own retry period, otherwise legitimate retries of an unconfirmed IPN are refused.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { Vnd } from '../../shared/money';
import { MomoResult, momoResult } from './momo-results';

// ---------------------------------------------------------------------------------------------
// Shared helpers
// ---------------------------------------------------------------------------------------------

export function hmacHex(algorithm: 'sha256' | 'sha512', key: string, data: string): string {
  return createHmac(algorithm, Buffer.from(key, 'utf8'))
    .update(Buffer.from(data, 'utf8'))
    .digest('hex');
}

/**
 * Constant-time comparison of two hex digests (case-insensitive). Different lengths or non-hex
 * input compare unequal without leaking where they differ.
 */
export function safeEqualHex(expected: string, received: string): boolean {
  if (typeof received !== 'string') return false;
  const a = expected.toLowerCase();
  const b = received.toLowerCase();
  const validHex = /^[0-9a-f]*$/.test(b) && b.length % 2 === 0;
  const left = Buffer.from(a, 'hex');
  const right =
    validHex && b.length === a.length ? Buffer.from(b, 'hex') : Buffer.alloc(left.length);
  const equal = timingSafeEqual(left, right);
  return equal && validHex && b.length === a.length;
}

/** A store of callback ids already processed. Only read here; the caller adds after commit. */
export interface SeenIds {
  has(id: string): boolean;
}

export type Freshness = { ok: true } | { ok: false; reason: 'stale' | 'future'; ageMs: number };

/**
 * Is an event stamped `eventTimeMs` acceptable at `nowMs`? Older than `maxAgeMs` is stale;
 * further in the future than `maxFutureSkewMs` (clock drift, default 5 minutes) is refused too.
 */
export function checkFreshness(
  eventTimeMs: number,
  nowMs: number,
  options: { maxAgeMs: number; maxFutureSkewMs?: number },
): Freshness {
  const ageMs = nowMs - eventTimeMs;
  if (!Number.isFinite(ageMs)) return { ok: false, reason: 'stale', ageMs };
  if (ageMs > options.maxAgeMs) return { ok: false, reason: 'stale', ageMs };
  if (-ageMs > (options.maxFutureSkewMs ?? 5 * 60_000))
    return { ok: false, reason: 'future', ageMs };
  return { ok: true };
}

export function checkReplay(id: string, seen: SeenIds | undefined): 'new' | 'duplicate' {
  return seen?.has(id) ? 'duplicate' : 'new';
}

/** What the caller knows about the order the callback is for. */
export interface OrderSnapshot {
  orderId: string;
  /** Amount expected, in đồng. */
  amount: Vnd;
  status: 'pending' | 'paid' | 'failed' | 'cancelled';
  /** The gateway transaction that paid the order, once paid. */
  paidBy?: string;
}

/**
 * An authentic success for an order another transaction already paid: the family paid twice.
 * The money must not be dropped; it is queued for a refund through the gateway.
 */
export function isSecondPayment(
  order: Pick<OrderSnapshot, 'status' | 'paidBy'>,
  transaction: string | undefined,
): boolean {
  return (
    order.status === 'paid' &&
    order.paidBy !== undefined &&
    transaction !== undefined &&
    transaction !== order.paidBy
  );
}

export type CallbackOutcome =
  /** Authentic and the payment succeeded: record it. */
  | 'paid'
  /** Authentic, the payment failed or was cancelled at the gateway: mark the attempt failed. */
  | 'failed'
  /** Authentic repeat of something already handled: nothing to do. */
  | 'duplicate'
  /** Authentic, successful, and a different transaction already paid the order: queue a refund. */
  | 'secondPayment'
  /** Not acted upon (bad signature, unknown order, wrong amount, stale, …): see `reason`. */
  | 'rejected'
  /** Authentic, not final yet (or a result code we do not know): the order stays open. */
  | 'pending'
  /** Authentic, our request or merchant configuration is wrong: order open, operators alerted. */
  | 'merchantError'
  /** Authentic final failure of a transaction that already credited the order: staff look. */
  | 'reversed';

export type RejectReason =
  | 'invalidSignature'
  | 'wrongMerchant'
  | 'orderNotFound'
  | 'invalidAmount'
  | 'stale'
  | 'future'
  | 'malformed';

// ---------------------------------------------------------------------------------------------
// VNPay
// ---------------------------------------------------------------------------------------------

export type VnpayParams = Readonly<Record<string, string | undefined>>;

export interface VnpayIpnResponse {
  RspCode: '00' | '01' | '02' | '04' | '97' | '99';
  Message: string;
}

export const VNPAY_RESPONSE = {
  confirmSuccess: { RspCode: '00', Message: 'Confirm Success' },
  orderNotFound: { RspCode: '01', Message: 'Order not found' },
  alreadyConfirmed: { RspCode: '02', Message: 'Order already confirmed' },
  invalidAmount: { RspCode: '04', Message: 'Invalid amount' },
  invalidSignature: { RspCode: '97', Message: 'Invalid signature' },
  unknownError: { RspCode: '99', Message: 'Unknown error' },
} as const satisfies Record<string, VnpayIpnResponse>;

const PHP_URLENCODE_SAFE = /^[A-Za-z0-9\-_.]$/;

/**
 * Exactly PHP's `urlencode` over the UTF-8 bytes of `value`: `A-Z a-z 0-9 - _ .` stay as they
 * are, a space becomes "+", every other byte becomes "%XX" (upper-case hex). Unlike
 * encodeURIComponent it encodes `~ ( ) * ! '`, and unlike URLSearchParams it encodes `*`.
 * The text is not normalised: the signature covers the bytes the gateway sent.
 */
export function phpUrlencode(value: string): string {
  let out = '';
  for (const byte of Buffer.from(value, 'utf8')) {
    const ch = String.fromCharCode(byte);
    if (byte < 0x80 && PHP_URLENCODE_SAFE.test(ch)) out += ch;
    else if (byte === 0x20) out += '+';
    else out += '%' + byte.toString(16).toUpperCase().padStart(2, '0');
  }
  return out;
}

/** The encoding VNPay's hash data uses for keys and values (its PHP sample's `urlencode`). */
export const vnpayEncode = phpUrlencode;

/** The exact string VNPay signs. */
export function vnpaySignData(params: VnpayParams): string {
  return Object.keys(params)
    .filter((k) => k.startsWith('vnp_') && k !== 'vnp_SecureHash' && k !== 'vnp_SecureHashType')
    .filter((k) => params[k] !== undefined && params[k] !== '')
    .sort()
    .map((k) => `${vnpayEncode(k)}=${vnpayEncode(params[k]!)}`)
    .join('&');
}

export function vnpaySign(params: VnpayParams, hashSecret: string): string {
  return hmacHex('sha512', hashSecret, vnpaySignData(params));
}

export function verifyVnpaySignature(params: VnpayParams, hashSecret: string): boolean {
  const received = params.vnp_SecureHash;
  if (!received) return false;
  return safeEqualHex(vnpaySign(params, hashSecret), received);
}

const VIETNAM_OFFSET_MS = 7 * 3_600_000;

/**
 * A VNPay timestamp (`vnp_CreateDate`, `vnp_ExpireDate`, `vnp_PayDate`): yyyyMMddHHmmss in
 * Vietnam time (GMT+7, no daylight saving), whatever the server's time zone.
 */
export function formatVnpayDate(at: Date): string {
  const t = new Date(at.getTime() + VIETNAM_OFFSET_MS);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${t.getUTCFullYear()}${p(t.getUTCMonth() + 1)}${p(t.getUTCDate())}${p(t.getUTCHours())}${p(t.getUTCMinutes())}${p(t.getUTCSeconds())}`;
}

/** `vnp_PayDate` is yyyyMMddHHmmss in Vietnam time (GMT+7). Returns epoch milliseconds. */
export function parseVnpayDate(text: string): number {
  const m = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})$/.exec(text);
  if (!m) throw new RangeError(`not a VNPay date: "${text}"`);
  const [, y, mo, d, h, mi, s] = m.map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const ms = Date.UTC(y, mo - 1, d, h - 7, mi, s);
  const back = new Date(ms + 7 * 3_600_000);
  if (back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d || h > 23 || mi > 59 || s > 59) {
    throw new RangeError(`not a real date: "${text}"`);
  }
  return ms;
}

/** VND × 100 as sent by VNPay → đồng; undefined when not a whole number of đồng. */
export function vnpayAmountToVnd(text: string | undefined): Vnd | undefined {
  if (!text || !/^\d+$/.test(text)) return undefined;
  const hundredths = BigInt(text);
  return hundredths % 100n === 0n ? hundredths / 100n : undefined;
}

export function vndToVnpayAmount(amount: Vnd): string {
  return (amount * 100n).toString();
}

export interface VnpayIpnContext {
  hashSecret: string;
  /** Our terminal code; a callback for another terminal is not ours. */
  tmnCode?: string;
  /** The order named by vnp_TxnRef, or undefined when there is none. */
  order: OrderSnapshot | undefined;
  /** Freshness window on vnp_PayDate (omit both to skip the check). */
  nowMs?: number;
  maxAgeMs?: number;
  /** Already processed vnp_TransactionNo values. */
  seen?: SeenIds;
}

export interface VnpayIpnDecision {
  response: VnpayIpnResponse;
  outcome: CallbackOutcome;
  reason?: RejectReason;
  orderId?: string;
  amount?: Vnd;
  /** Store this after committing, to recognise retries (vnp_TransactionNo). */
  replayKey?: string;
}

/**
 * Decides the answer to a VNPay IPN, in VNPay's order: signature (97), order (01),
 * amount (04), already confirmed (02), then the result. Anything unexpected answers 99.
 */
export function evaluateVnpayIpn(params: VnpayParams, ctx: VnpayIpnContext): VnpayIpnDecision {
  try {
    if (!verifyVnpaySignature(params, ctx.hashSecret)) {
      return {
        response: VNPAY_RESPONSE.invalidSignature,
        outcome: 'rejected',
        reason: 'invalidSignature',
      };
    }
    const orderId = params.vnp_TxnRef;
    if (ctx.tmnCode !== undefined && params.vnp_TmnCode !== ctx.tmnCode) {
      return {
        response: VNPAY_RESPONSE.orderNotFound,
        outcome: 'rejected',
        reason: 'wrongMerchant',
      };
    }
    if (!ctx.order || ctx.order.orderId !== orderId) {
      return {
        response: VNPAY_RESPONSE.orderNotFound,
        outcome: 'rejected',
        reason: 'orderNotFound',
      };
    }
    const amount = vnpayAmountToVnd(params.vnp_Amount);
    if (amount === undefined || amount !== ctx.order.amount) {
      return {
        response: VNPAY_RESPONSE.invalidAmount,
        outcome: 'rejected',
        reason: 'invalidAmount',
        orderId,
      };
    }
    const replayKey = params.vnp_TransactionNo ? `vnpay:${params.vnp_TransactionNo}` : undefined;
    if (
      isSecondPayment(ctx.order, params.vnp_TransactionNo) &&
      !(replayKey && checkReplay(replayKey, ctx.seen) === 'duplicate')
    )
      return {
        response: VNPAY_RESPONSE.alreadyConfirmed,
        outcome: 'secondPayment',
        orderId,
        amount,
      };
    if (
      ctx.order.status !== 'pending' ||
      (replayKey && checkReplay(replayKey, ctx.seen) === 'duplicate')
    ) {
      return { response: VNPAY_RESPONSE.alreadyConfirmed, outcome: 'duplicate', orderId, amount };
    }
    if (ctx.nowMs !== undefined && ctx.maxAgeMs !== undefined) {
      const fresh = checkFreshness(parseVnpayDate(params.vnp_PayDate ?? ''), ctx.nowMs, {
        maxAgeMs: ctx.maxAgeMs,
      });
      if (!fresh.ok)
        return {
          response: VNPAY_RESPONSE.unknownError,
          outcome: 'rejected',
          reason: fresh.reason,
          orderId,
        };
    }
    const success = params.vnp_ResponseCode === '00' && params.vnp_TransactionStatus === '00';
    return {
      response: VNPAY_RESPONSE.confirmSuccess,
      outcome: success ? 'paid' : 'failed',
      orderId,
      amount,
      ...(replayKey ? { replayKey } : {}),
    };
  } catch {
    return { response: VNPAY_RESPONSE.unknownError, outcome: 'rejected', reason: 'malformed' };
  }
}

// ---------------------------------------------------------------------------------------------
// MoMo
// ---------------------------------------------------------------------------------------------

export interface MomoIpnBody {
  partnerCode: string;
  orderId: string;
  requestId: string;
  amount: number | string;
  orderInfo: string;
  orderType: string;
  transId: number | string;
  resultCode: number | string;
  message: string;
  payType: string;
  responseTime: number | string;
  extraData: string;
  signature: string;
}

export const MOMO_IPN_SIGNED_FIELDS = [
  'accessKey',
  'amount',
  'extraData',
  'message',
  'orderId',
  'orderInfo',
  'orderType',
  'partnerCode',
  'payType',
  'requestId',
  'responseTime',
  'resultCode',
  'transId',
] as const;

function momoValue(value: unknown, field: string): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value)) throw new RangeError(`${field} is not a safe integer`);
    return String(value);
  }
  if (typeof value === 'string') return value;
  throw new RangeError(`${field} has an unexpected type`);
}

/** The raw signature string MoMo signs for an IPN. */
export function momoIpnRawSignature(
  body: Omit<MomoIpnBody, 'signature'>,
  accessKey: string,
): string {
  const source: Record<string, unknown> = { ...body, accessKey };
  return MOMO_IPN_SIGNED_FIELDS.map((f) => `${f}=${momoValue(source[f], f)}`).join('&');
}

export function momoSign(rawSignature: string, secretKey: string): string {
  return hmacHex('sha256', secretKey, rawSignature);
}

export function verifyMomoIpn(
  body: MomoIpnBody,
  keys: { accessKey: string; secretKey: string },
): boolean {
  try {
    return safeEqualHex(
      momoSign(momoIpnRawSignature(body, keys.accessKey), keys.secretKey),
      body.signature,
    );
  } catch {
    return false;
  }
}

export interface MomoIpnContext {
  accessKey: string;
  secretKey: string;
  partnerCode: string;
  order: OrderSnapshot | undefined;
  nowMs?: number;
  maxAgeMs?: number;
  /** Already processed MoMo transIds. */
  seen?: SeenIds;
}

export interface MomoIpnDecision {
  /** 204 once the notification is taken into account; 400 for a forged or malformed one. */
  httpStatus: 204 | 400;
  outcome: CallbackOutcome;
  reason?: RejectReason;
  orderId?: string;
  amount?: Vnd;
  replayKey?: string;
  /** The result code as sent and what it means (every authentic decision past the amount). */
  resultCode?: string;
  result?: MomoResult;
}

/**
 * Decides what to do with a MoMo IPN. Authentic notifications are acknowledged with 204 even
 * when not acted upon (unknown order, wrong amount, stale) — the decision says why, for the
 * reconciliation queue; forged or malformed ones get 400.
 */
export function evaluateMomoIpn(body: MomoIpnBody, ctx: MomoIpnContext): MomoIpnDecision {
  if (!body || typeof body !== 'object' || !verifyMomoIpn(body, ctx)) {
    return { httpStatus: 400, outcome: 'rejected', reason: 'invalidSignature' };
  }
  if (body.partnerCode !== ctx.partnerCode) {
    return { httpStatus: 400, outcome: 'rejected', reason: 'wrongMerchant' };
  }
  const orderId = body.orderId;
  if (!ctx.order || ctx.order.orderId !== orderId) {
    return { httpStatus: 204, outcome: 'rejected', reason: 'orderNotFound', orderId };
  }
  const amountText = momoValue(body.amount, 'amount');
  if (!/^\d+$/.test(amountText) || BigInt(amountText) !== ctx.order.amount) {
    return { httpStatus: 204, outcome: 'rejected', reason: 'invalidAmount', orderId };
  }
  const amount = BigInt(amountText);
  const transId = momoValue(body.transId, 'transId');
  const replayKey = `momo:${transId}`;
  const resultCode = momoValue(body.resultCode, 'resultCode');
  const result = momoResult(resultCode);
  if (result.kind !== 'credit') {
    const base = { httpStatus: 204 as const, orderId, amount, resultCode, result };
    // A final failure of the very transaction that paid the order (1003 after 9000): the credit
    // stays booked, staff check with MoMo; nothing else to undo automatically.
    if (result.kind === 'failed' && ctx.order.status === 'paid' && ctx.order.paidBy === transId)
      return { ...base, outcome: 'reversed' };
    // Already paid or failed: a non-crediting notification changes nothing. Pending results are
    // never remembered as seen, so the final result of the same transaction still applies.
    if (ctx.order.status !== 'pending') return { ...base, outcome: 'duplicate' };
    if (ctx.nowMs !== undefined && ctx.maxAgeMs !== undefined) {
      const fresh = checkFreshness(
        Number(momoValue(body.responseTime, 'responseTime')),
        ctx.nowMs,
        {
          maxAgeMs: ctx.maxAgeMs,
        },
      );
      if (!fresh.ok) return { httpStatus: 204, outcome: 'rejected', reason: fresh.reason, orderId };
    }
    return { ...base, outcome: result.kind };
  }
  if (isSecondPayment(ctx.order, transId) && checkReplay(replayKey, ctx.seen) !== 'duplicate')
    return { httpStatus: 204, outcome: 'secondPayment', orderId, amount };
  if (ctx.order.status !== 'pending' || checkReplay(replayKey, ctx.seen) === 'duplicate') {
    return { httpStatus: 204, outcome: 'duplicate', orderId, amount };
  }
  if (ctx.nowMs !== undefined && ctx.maxAgeMs !== undefined) {
    const fresh = checkFreshness(Number(momoValue(body.responseTime, 'responseTime')), ctx.nowMs, {
      maxAgeMs: ctx.maxAgeMs,
    });
    if (!fresh.ok) return { httpStatus: 204, outcome: 'rejected', reason: fresh.reason, orderId };
  }
  return { httpStatus: 204, outcome: 'paid', orderId, amount, replayKey, resultCode, result };
}
