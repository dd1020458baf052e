import { createHmac } from 'node:crypto';
import { verifyVnpaySignature } from './gateways';
import {
  buildVnpayPaymentUrl,
  VnpayPaymentRequest,
  vnpayClientIp,
  vnpayOrderInfo,
} from './vnpay-payment-url';

/*
 * The payment URL is checked against a second, independent construction: the query written out
 * by hand in sorted order (what VNPay's PHP sample produces, `+` for a space, `%3A %2F` in the
 * return URL) and its HMAC-SHA512 computed with node:crypto directly.
 */
describe('VNPay payment URL (pay, 2.1.0)', () => {
  const secret = 'TESTSECRETQNEDU2025-payment-url-0001';
  const request: VnpayPaymentRequest = {
    paymentUrl: 'https://sandbox.vnpayment.vn/paymentv2/vpcpay.html',
    tmnCode: 'QNEDU001',
    hashSecret: secret,
    returnUrl: 'http://127.0.0.1:3008/gia-dinh',
    orderId: '01926a3e-7b1c-7d2e-9f00-1234567890ab',
    amount: 2_044_520n,
    orderInfo: vnpayOrderInfo('HP2025000014'),
    clientIp: '::ffff:203.0.113.7',
    // 2025-09-22 03:30:15 UTC = 10:30:15 in Vietnam.
    createdAt: new Date('2025-09-22T03:30:15.000Z'),
  };
  const expectedQuery = [
    'vnp_Amount=204452000',
    'vnp_Command=pay',
    'vnp_CreateDate=20250922103015',
    'vnp_CurrCode=VND',
    'vnp_ExpireDate=20250922104515',
    'vnp_IpAddr=203.0.113.7',
    'vnp_Locale=vn',
    'vnp_OrderInfo=Thanh+toan+hoc+phi+HP2025000014',
    'vnp_OrderType=other',
    'vnp_ReturnUrl=http%3A%2F%2F127.0.0.1%3A3008%2Fgia-dinh',
    'vnp_TmnCode=QNEDU001',
    'vnp_TxnRef=01926a3e-7b1c-7d2e-9f00-1234567890ab',
    'vnp_Version=2.1.0',
  ].join('&');
  const expectedHash = createHmac('sha512', secret).update(expectedQuery, 'utf8').digest('hex');

  it('is the sorted, PHP-urlencoded query with its HMAC-SHA512 appended last', () => {
    const built = buildVnpayPaymentUrl(request);
    expect(built.url).toBe(
      `https://sandbox.vnpayment.vn/paymentv2/vpcpay.html?${expectedQuery}&vnp_SecureHash=${expectedHash}`,
    );
    expect(built.secureHash).toBe(expectedHash);
    expect(built.expiresAt.toISOString()).toBe('2025-09-22T03:45:15.000Z');
  });

  it('encodes an order info with spaces as "+" in both the query and the signed data', () => {
    const built = buildVnpayPaymentUrl({ ...request, orderInfo: 'Thanh toan  hoc phi 2 ky' });
    const query = built.url.split('?')[1]!.split('&vnp_SecureHash=')[0]!;
    expect(query).toContain('vnp_OrderInfo=Thanh+toan++hoc+phi+2+ky&');
    expect(built.secureHash).toBe(createHmac('sha512', secret).update(query, 'utf8').digest('hex'));
    // What VNPay does on its side: decode the parameters, then sign them again.
    const decoded = Object.fromEntries(new URL(built.url).searchParams);
    expect(decoded.vnp_OrderInfo).toBe('Thanh toan  hoc phi 2 ky');
    expect(verifyVnpaySignature(decoded, secret)).toBe(true);
    expect(verifyVnpaySignature(decoded, `${secret}x`)).toBe(false);
  });

  it('dates are Vietnam time; the 15 minutes may cross midnight and the year', () => {
    // 16:50 UTC on 31 December = 23:50 in Vietnam; expiry at 00:05 on 1 January.
    const built = buildVnpayPaymentUrl({
      ...request,
      createdAt: new Date('2025-12-31T16:50:00.000Z'),
    });
    expect([built.params.vnp_CreateDate, built.params.vnp_ExpireDate]).toEqual([
      '20251231235000',
      '20260101000500',
    ]);
  });

  it('refuses an order info VNPay would reject and a non-positive amount', () => {
    expect(() => buildVnpayPaymentUrl({ ...request, orderInfo: 'Thanh toán học phí' })).toThrow(
      RangeError,
    );
    expect(() => buildVnpayPaymentUrl({ ...request, orderInfo: 'a&b' })).toThrow(RangeError);
    expect(() => buildVnpayPaymentUrl({ ...request, amount: 0n })).toThrow(RangeError);
    expect(() => vnpayOrderInfo('HP-2025')).toThrow(RangeError);
  });

  it('writes the client address as VNPay expects it', () => {
    expect(vnpayClientIp('::ffff:10.1.2.3')).toBe('10.1.2.3');
    expect(vnpayClientIp('203.0.113.9')).toBe('203.0.113.9');
    expect(vnpayClientIp('2001:db8::1')).toBe('2001:db8::1');
    expect(vnpayClientIp(undefined)).toBe('127.0.0.1');
  });
});
