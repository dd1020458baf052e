/**
 * A local stand-in for the gateways and the bank (giả lập cổng thanh toán và ngân hàng): builds
 * callbacks signed exactly as VNPay-style and MoMo-style IPNs are, and statement CSV files in the
 * documented layout, so the demo, the tests and the benchmark run the whole flow with no outside
 * service. Signing uses the domain's own functions, so a callback the simulator signs is one the
 * service verifies — and one with a wrong secret is one it refuses.
 */
import { randomInt } from 'node:crypto';
import {
  formatVnpayDate,
  MomoIpnBody,
  momoIpnRawSignature,
  momoSign,
  vnpaySign,
  vndToVnpayAmount,
} from '../../src/channels/domain/gateways';
import { STATEMENT_HEADER } from '../../src/reconciliation/domain/reconciliation';

/** yyyyMMddHHmmss in Vietnam time (GMT+7), as VNPay stamps vnp_PayDate (the domain's format). */
export const vnpayDate = formatVnpayDate;

export interface SimulatedPayment {
  orderId: string;
  amount: bigint;
  /** The gateway's transaction number; a retry of the same IPN repeats it. */
  transactionNo?: string;
  paidAt?: Date;
  success?: boolean;
}

/** Query parameters of a VNPay-style IPN (GET /gateways/vnpay/ipn?…). */
export function vnpayIpn(
  p: SimulatedPayment,
  keys: { tmnCode: string; hashSecret: string },
): Record<string, string> {
  const params: Record<string, string> = {
    vnp_TmnCode: keys.tmnCode,
    vnp_Amount: vndToVnpayAmount(p.amount),
    vnp_BankCode: 'NCB',
    vnp_BankTranNo: `VNP${randomInt(1e9)}`,
    vnp_CardType: 'ATM',
    vnp_OrderInfo: `Thanh toan hoc phi ${p.orderId.slice(0, 8)}`,
    vnp_PayDate: vnpayDate(p.paidAt ?? new Date()),
    vnp_ResponseCode: p.success === false ? '24' : '00',
    vnp_TransactionNo: p.transactionNo ?? String(randomInt(1e9, 2 ** 47)),
    vnp_TransactionStatus: p.success === false ? '02' : '00',
    vnp_TxnRef: p.orderId,
  };
  return {
    ...params,
    vnp_SecureHashType: 'HmacSHA512',
    vnp_SecureHash: vnpaySign(params, keys.hashSecret),
  };
}

export const vnpayQuery = (params: Record<string, string>) =>
  new URLSearchParams(params).toString();

/** JSON body of a MoMo-style IPN (POST /gateways/momo/ipn). */
export function momoIpn(
  p: SimulatedPayment,
  keys: { partnerCode: string; accessKey: string; secretKey: string },
): MomoIpnBody {
  const body: Omit<MomoIpnBody, 'signature'> = {
    partnerCode: keys.partnerCode,
    orderId: p.orderId,
    requestId: p.orderId,
    amount: Number(p.amount),
    orderInfo: 'Thanh toan hoc phi',
    orderType: 'momo_wallet',
    transId: p.transactionNo ?? String(randomInt(1e9, 2 ** 47)),
    resultCode: p.success === false ? 1006 : 0,
    message: p.success === false ? 'Transaction denied by user.' : 'Successful.',
    payType: 'qr',
    responseTime: (p.paidAt ?? new Date()).getTime(),
    extraData: '',
  };
  return {
    ...body,
    signature: momoSign(momoIpnRawSignature(body, keys.accessKey), keys.secretKey),
  };
}

export interface StatementLine {
  transactionId: string;
  bookingDate: string;
  amount: bigint | string;
  description: string;
  currency?: string;
  counterpartyAccount?: string;
  counterpartyName?: string;
}

const csvField = (v: string) => (/[",\n\r]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

/** A statement of the collection account, as the bank exports it. */
export function statementCsv(lines: StatementLine[]): string {
  const rows = lines.map((l) =>
    [
      l.transactionId,
      l.bookingDate,
      l.bookingDate,
      String(l.amount),
      l.currency ?? 'VND',
      l.description,
      l.counterpartyAccount ?? '0011001000001',
      l.counterpartyName ?? 'NGUYEN VAN A',
    ]
      .map(csvField)
      .join(','),
  );
  return [STATEMENT_HEADER.join(','), ...rows].join('\r\n') + '\r\n';
}
