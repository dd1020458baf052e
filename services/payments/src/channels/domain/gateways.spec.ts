import { createHmac } from 'node:crypto';
import {
  checkFreshness,
  checkReplay,
  evaluateMomoIpn,
  evaluateVnpayIpn,
  formatVnpayDate,
  hmacHex,
  MomoIpnBody,
  momoIpnRawSignature,
  momoSign,
  OrderSnapshot,
  parseVnpayDate,
  phpUrlencode,
  safeEqualHex,
  verifyMomoIpn,
  verifyVnpaySignature,
  VNPAY_RESPONSE,
  vnpayAmountToVnd,
  vnpaySign,
  vnpaySignData,
  vndToVnpayAmount,
} from './gateways';

/*
 * Test vectors. The secrets are made up. Each expected digest was computed twice: with the
 * openssl command line (constants below, e.g.
 *   printf '%s' "$SIGN_DATA" | openssl dgst -sha512 -hmac 'TESTSECRETQNEDU2025'
 * ) and by a second, straightforward implementation in this file (URLSearchParams for VNPay's
 * encoding, a template string for MoMo's raw signature).
 */

describe('HMAC helper', () => {
  it('matches RFC 4231 test case 2 (key "Jefe")', () => {
    const data = 'what do ya want for nothing?';
    expect(hmacHex('sha256', 'Jefe', data)).toBe(
      '5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843',
    );
    expect(hmacHex('sha512', 'Jefe', data)).toBe(
      '164b7a7bfcf819e2e395fbe73b56e0a387bd64222e831fd610270cd7ea2505549758bf75c05a994a6d034f65f8f0e6fdcaeab1a34d4a6b4b636e070a38bce737',
    );
  });

  it('safeEqualHex compares digests without caring about hex case, refusing other lengths or junk', () => {
    expect(safeEqualHex('ab01', 'AB01')).toBe(true);
    expect(safeEqualHex('ab01', 'ab02')).toBe(false);
    expect(safeEqualHex('ab01', 'ab0')).toBe(false);
    expect(safeEqualHex('ab01', 'ab01ff')).toBe(false);
    expect(safeEqualHex('ab01', 'zz01')).toBe(false);
    expect(safeEqualHex('ab01', '')).toBe(false);
  });
});

describe('replay protection', () => {
  const now = Date.UTC(2025, 8, 22, 3, 35, 0); // 10:35 in Hạ Long
  it('accepts events inside the window and refuses stale or future ones', () => {
    expect(checkFreshness(now - 60_000, now, { maxAgeMs: 15 * 60_000 })).toEqual({ ok: true });
    expect(checkFreshness(now - 16 * 60_000, now, { maxAgeMs: 15 * 60_000 })).toEqual({
      ok: false,
      reason: 'stale',
      ageMs: 960_000,
    });
    expect(checkFreshness(now + 6 * 60_000, now, { maxAgeMs: 15 * 60_000 })).toMatchObject({
      ok: false,
      reason: 'future',
    });
    expect(checkFreshness(now + 60_000, now, { maxAgeMs: 15 * 60_000 })).toEqual({ ok: true });
    expect(checkFreshness(Number.NaN, now, { maxAgeMs: 1 })).toMatchObject({ ok: false });
  });

  it('checks ids against any store with has()', () => {
    const seen = new Set(['vnpay:14422574']);
    expect(checkReplay('vnpay:14422574', seen)).toBe('duplicate');
    expect(checkReplay('vnpay:1', seen)).toBe('new');
    expect(checkReplay('vnpay:1', undefined)).toBe('new');
  });
});

describe('VNPay IPN', () => {
  const SECRET = 'TESTSECRETQNEDU2025';
  const unsigned = {
    vnp_Amount: '348452000', // 3.484.520 ₫ × 100
    vnp_BankCode: 'NCB',
    vnp_BankTranNo: 'VNP14422574',
    vnp_CardType: 'ATM',
    vnp_OrderInfo: 'Thanh toan hoc phi HP2026000014',
    vnp_PayDate: '20250922103015',
    vnp_ResponseCode: '00',
    vnp_TmnCode: 'QNEDU001',
    vnp_TransactionNo: '14422574',
    vnp_TransactionStatus: '00',
    vnp_TxnRef: 'HP2026000014',
  };
  const SIGN_DATA =
    'vnp_Amount=348452000&vnp_BankCode=NCB&vnp_BankTranNo=VNP14422574&vnp_CardType=ATM' +
    '&vnp_OrderInfo=Thanh+toan+hoc+phi+HP2026000014&vnp_PayDate=20250922103015&vnp_ResponseCode=00' +
    '&vnp_TmnCode=QNEDU001&vnp_TransactionNo=14422574&vnp_TransactionStatus=00&vnp_TxnRef=HP2026000014';
  const OPENSSL_HASH =
    '619adac5fb406c062c08882201155401765c2ec6cbfd3b53d21e06739be85bca6629fde164786b3c4f2be4b1a9d41b0a7c9fc3066020ee696f43d489c000cb19';
  // Parameters as they arrive: in a different order, with the hash and hash type.
  const ipn: Record<string, string> = {
    vnp_SecureHashType: 'HmacSHA512',
    ...Object.fromEntries(Object.entries(unsigned).reverse()),
    vnp_SecureHash: OPENSSL_HASH,
  };
  const order: OrderSnapshot = { orderId: 'HP2026000014', amount: 3_484_520n, status: 'pending' };

  /** Second implementation: URLSearchParams over sorted entries, node:crypto HMAC. */
  function referenceSign(params: Record<string, string>, secret: string): string {
    const entries = Object.entries(params)
      .filter(
        ([k, v]) =>
          k.startsWith('vnp_') && k !== 'vnp_SecureHash' && k !== 'vnp_SecureHashType' && v !== '',
      )
      .sort(([a], [b]) => (a < b ? -1 : 1));
    return createHmac('sha512', secret)
      .update(new URLSearchParams(entries).toString())
      .digest('hex');
  }

  it('signs the sorted, form-encoded vnp_ parameters without the hash fields', () => {
    expect(vnpaySignData(ipn)).toBe(SIGN_DATA);
    expect(vnpaySign(ipn, SECRET)).toBe(OPENSSL_HASH);
    expect(referenceSign(ipn, SECRET)).toBe(OPENSSL_HASH);
  });

  it('encodes Vietnamese text and reserved characters the same way as form encoding', () => {
    const p = { ...unsigned, vnp_OrderInfo: 'Học phí HK1: lớp 5A/2025 & BHYT' };
    expect(vnpaySignData(p)).toContain(
      'vnp_OrderInfo=H%E1%BB%8Dc+ph%C3%AD+HK1%3A+l%E1%BB%9Bp+5A%2F2025+%26+BHYT',
    );
    expect(vnpaySign(p, SECRET)).toBe(referenceSign(p, SECRET));
  });

  describe("PHP urlencode, as VNPay's PHP sample hashes", () => {
    // Expected values are PHP's urlencode() output (PHP manual: alphanumerics and "-_." kept,
    // space as "+", every other byte as %XX in upper-case hex).
    it.each([
      ['plain', 'HocPhi2025', 'HocPhi2025'],
      ['kept punctuation', 'a-b_c.d', 'a-b_c.d'],
      ['tilde', '~', '%7E'],
      ['parentheses', '(x)', '%28x%29'],
      ['star', '*', '%2A'],
      ['bang', '!', '%21'],
      ['apostrophe', "'", '%27'],
      ['space', 'a b', 'a+b'],
      ['plus', '1+1', '1%2B1'],
      ['ampersand', 'a&b', 'a%26b'],
      ['equals', 'a=b', 'a%3Db'],
      ['percent', '100%', '100%25'],
      ['slash and colon', 'HK1: 5A/2025', 'HK1%3A+5A%2F2025'],
      ['Vietnamese (NFC)', 'Học phí', 'H%E1%BB%8Dc+ph%C3%AD'],
      ['đ and Đ', 'Đông đủ', '%C4%90%C3%B4ng+%C4%91%E1%BB%A7'],
      ['decomposed diacritic kept as sent', 'e\u0301', 'e%CC%81'],
      ['four-byte character', '😀', '%F0%9F%98%80'],
      ['empty', '', ''],
    ])('%s: %j → %j', (_name, input, expected) => {
      expect(phpUrlencode(input)).toBe(expected);
    });

    it('a signed callback whose order info holds ~ ( ) * is authentic and credits', () => {
      const params = {
        ...unsigned,
        vnp_OrderInfo: "Hoc phi (HK1) ~ lop 5A * Nguyen's 100%!",
      };
      // Written out by hand from the PHP rule, not produced by the code under test.
      const expectedData =
        'vnp_Amount=348452000&vnp_BankCode=NCB&vnp_BankTranNo=VNP14422574&vnp_CardType=ATM' +
        '&vnp_OrderInfo=Hoc+phi+%28HK1%29+%7E+lop+5A+%2A+Nguyen%27s+100%25%21' +
        '&vnp_PayDate=20250922103015&vnp_ResponseCode=00&vnp_TmnCode=QNEDU001' +
        '&vnp_TransactionNo=14422574&vnp_TransactionStatus=00&vnp_TxnRef=HP2026000014';
      const hash = createHmac('sha512', SECRET).update(expectedData, 'utf8').digest('hex');
      expect(vnpaySignData(params)).toBe(expectedData);
      const decision = evaluateVnpayIpn(
        { vnp_SecureHashType: 'HmacSHA512', ...params, vnp_SecureHash: hash },
        { hashSecret: SECRET, tmnCode: 'QNEDU001', order },
      );
      expect(decision).toMatchObject({ outcome: 'paid', response: { RspCode: '00' } });
      // The old encodeURIComponent rule would have signed "(HK1)" unencoded: refused.
      const jsData = expectedData.replace('%28HK1%29+%7E', '(HK1)+~').replace('%2A', '*');
      const jsHash = createHmac('sha512', SECRET).update(jsData, 'utf8').digest('hex');
      expect(
        evaluateVnpayIpn({ ...params, vnp_SecureHash: jsHash }, { hashSecret: SECRET, order })
          .response.RspCode,
      ).toBe('97');
    });

    it('Vietnamese order info with + & = verifies against an independently computed HMAC', () => {
      const params = { ...unsigned, vnp_OrderInfo: 'Thu học phí: a+b & c=d' };
      const expectedData = SIGN_DATA.replace(
        'vnp_OrderInfo=Thanh+toan+hoc+phi+HP2026000014',
        'vnp_OrderInfo=Thu+h%E1%BB%8Dc+ph%C3%AD%3A+a%2Bb+%26+c%3Dd',
      );
      const hash = createHmac('sha512', SECRET).update(expectedData, 'utf8').digest('hex');
      expect(verifyVnpaySignature({ ...params, vnp_SecureHash: hash }, SECRET)).toBe(true);
    });
  });

  it('ignores empty values and parameters that are not vnp_', () => {
    expect(vnpaySignData({ ...unsigned, vnp_BankTranNo: '', utm_source: 'zalo' })).toBe(
      SIGN_DATA.replace('&vnp_BankTranNo=VNP14422574', ''),
    );
  });

  it('verifies the genuine callback; the hash may arrive in upper case', () => {
    expect(verifyVnpaySignature(ipn, SECRET)).toBe(true);
    expect(
      verifyVnpaySignature({ ...ipn, vnp_SecureHash: OPENSSL_HASH.toUpperCase() }, SECRET),
    ).toBe(true);
  });

  it.each([
    ['a tampered amount', { vnp_Amount: '348452100' }],
    ['a tampered order', { vnp_TxnRef: 'HP2026000018' }],
    ['a tampered result', { vnp_ResponseCode: '24' }],
    ['an added parameter', { vnp_Extra: '1' }],
    ['a missing hash', { vnp_SecureHash: '' }],
    ['a truncated hash', { vnp_SecureHash: OPENSSL_HASH.slice(0, 64) }],
  ])('refuses %s with 97', (_name, change) => {
    const decision = evaluateVnpayIpn({ ...ipn, ...change }, { hashSecret: SECRET, order });
    expect(decision.response).toEqual({ RspCode: '97', Message: 'Invalid signature' });
    expect(decision.outcome).toBe('rejected');
  });

  it('refuses the wrong secret with 97', () => {
    expect(evaluateVnpayIpn(ipn, { hashSecret: 'WRONGSECRET', order }).response.RspCode).toBe('97');
  });

  it('confirms a successful payment with 00 "Confirm Success"', () => {
    expect(evaluateVnpayIpn(ipn, { hashSecret: SECRET, tmnCode: 'QNEDU001', order })).toEqual({
      response: { RspCode: '00', Message: 'Confirm Success' },
      outcome: 'paid',
      orderId: 'HP2026000014',
      amount: 3_484_520n,
      replayKey: 'vnpay:14422574',
    });
  });

  it('records a payment the parent cancelled at the gateway as failed, still answering 00', () => {
    const cancelled = { ...unsigned, vnp_ResponseCode: '24', vnp_TransactionStatus: '02' };
    const signed = { ...cancelled, vnp_SecureHash: referenceSign(cancelled, SECRET) };
    expect(evaluateVnpayIpn(signed, { hashSecret: SECRET, order })).toMatchObject({
      response: { RspCode: '00' },
      outcome: 'failed',
    });
  });

  it('01 when the order is unknown or belongs to another terminal', () => {
    expect(evaluateVnpayIpn(ipn, { hashSecret: SECRET, order: undefined }).response).toEqual(
      VNPAY_RESPONSE.orderNotFound,
    );
    expect(
      evaluateVnpayIpn(ipn, { hashSecret: SECRET, order: { ...order, orderId: 'HP2026000099' } })
        .response.RspCode,
    ).toBe('01');
    expect(evaluateVnpayIpn(ipn, { hashSecret: SECRET, tmnCode: 'OTHER', order })).toMatchObject({
      response: { RspCode: '01' },
      reason: 'wrongMerchant',
    });
  });

  it('04 when the signed amount is not what the order expects', () => {
    expect(
      evaluateVnpayIpn(ipn, { hashSecret: SECRET, order: { ...order, amount: 3_484_521n } }),
    ).toMatchObject({
      response: { RspCode: '04', Message: 'Invalid amount' },
      reason: 'invalidAmount',
    });
    // An amount that is not a whole number of đồng (× 100) is invalid too.
    const odd = { ...unsigned, vnp_Amount: '348452050' };
    expect(
      evaluateVnpayIpn(
        { ...odd, vnp_SecureHash: referenceSign(odd, SECRET) },
        { hashSecret: SECRET, order },
      ).response.RspCode,
    ).toBe('04');
  });

  it('02 for an order already confirmed or a transaction number already processed (gateway retry)', () => {
    expect(
      evaluateVnpayIpn(ipn, { hashSecret: SECRET, order: { ...order, status: 'paid' } }),
    ).toMatchObject({
      response: { RspCode: '02', Message: 'Order already confirmed' },
      outcome: 'duplicate',
    });
    expect(
      evaluateVnpayIpn(ipn, { hashSecret: SECRET, order, seen: new Set(['vnpay:14422574']) })
        .response.RspCode,
    ).toBe('02');
    // The same transaction that paid the order, delivered again: a repeat.
    expect(
      evaluateVnpayIpn(ipn, {
        hashSecret: SECRET,
        order: { ...order, status: 'paid', paidBy: '14422574' },
      }).outcome,
    ).toBe('duplicate');
  });

  it('a second transaction for an order another one paid is a second payment, kept for a refund', () => {
    const paid = { ...order, status: 'paid' as const, paidBy: '14400000' };
    expect(evaluateVnpayIpn(ipn, { hashSecret: SECRET, order: paid })).toMatchObject({
      response: { RspCode: '02' },
      outcome: 'secondPayment',
      amount: 3_484_520n,
    });
    // …but its own redelivery, once seen, is a repeat.
    expect(
      evaluateVnpayIpn(ipn, { hashSecret: SECRET, order: paid, seen: new Set(['vnpay:14422574']) })
        .outcome,
    ).toBe('duplicate');
  });

  it('99 for a callback whose pay date is outside the window', () => {
    const paidAt = parseVnpayDate('20250922103015');
    expect(
      evaluateVnpayIpn(ipn, {
        hashSecret: SECRET,
        order,
        nowMs: paidAt + 10 * 60_000,
        maxAgeMs: 24 * 3_600_000,
      }).outcome,
    ).toBe('paid');
    expect(
      evaluateVnpayIpn(ipn, {
        hashSecret: SECRET,
        order,
        nowMs: paidAt + 25 * 3_600_000,
        maxAgeMs: 24 * 3_600_000,
      }),
    ).toMatchObject({
      response: { RspCode: '99', Message: 'Unknown error' },
      outcome: 'rejected',
      reason: 'stale',
    });
  });

  it('99 for a signed but malformed pay date', () => {
    const bad = { ...unsigned, vnp_PayDate: '2025-09-22' };
    const signed = { ...bad, vnp_SecureHash: referenceSign(bad, SECRET) };
    expect(
      evaluateVnpayIpn(signed, { hashSecret: SECRET, order, nowMs: 0, maxAgeMs: 1 }).response
        .RspCode,
    ).toBe('99');
  });

  it('dates are Vietnam time; amounts are VND × 100', () => {
    expect(new Date(parseVnpayDate('20250922103015')).toISOString()).toBe(
      '2025-09-22T03:30:15.000Z',
    );
    expect(() => parseVnpayDate('20250231103015')).toThrow(RangeError);
    expect(formatVnpayDate(new Date('2025-09-22T03:30:15.000Z'))).toBe('20250922103015');
    expect(formatVnpayDate(new Date(parseVnpayDate('20260101000500')))).toBe('20260101000500');
    expect(vnpayAmountToVnd('348452000')).toBe(3_484_520n);
    expect(vnpayAmountToVnd('348452001')).toBeUndefined();
    expect(vnpayAmountToVnd('-100')).toBeUndefined();
    expect(vndToVnpayAmount(3_484_520n)).toBe('348452000');
  });
});

describe('MoMo IPN', () => {
  const keys = { accessKey: 'F8TESTACCESSKEY', secretKey: 'testMomoSecretKey2025' };
  const fields = {
    partnerCode: 'MOMOQN2025',
    orderId: 'HP2026000014',
    requestId: 'HP2026000014-1',
    amount: 3_484_520,
    orderInfo: 'Hoc phi HP2026000014',
    orderType: 'momo_wallet',
    transId: 4_088_878_653,
    resultCode: 0,
    message: 'Thành công.',
    payType: 'qr',
    responseTime: 1_758_511_815_000, // 2025-09-22 10:30:15 GMT+7
    extraData: '',
  };
  const RAW =
    'accessKey=F8TESTACCESSKEY&amount=3484520&extraData=&message=Thành công.&orderId=HP2026000014' +
    '&orderInfo=Hoc phi HP2026000014&orderType=momo_wallet&partnerCode=MOMOQN2025&payType=qr' +
    '&requestId=HP2026000014-1&responseTime=1758511815000&resultCode=0&transId=4088878653';
  const OPENSSL_SIGNATURE = 'bee251251c44d01c5005299c03ff2fff52430b72d857d84aaf6cb24cf253c89e';
  const body: MomoIpnBody = { ...fields, signature: OPENSSL_SIGNATURE };
  const order: OrderSnapshot = { orderId: 'HP2026000014', amount: 3_484_520n, status: 'pending' };
  const ctx = { ...keys, partnerCode: 'MOMOQN2025', order };

  /** Second implementation: the raw string spelled out field by field. */
  function referenceSignature(b: typeof fields, accessKey: string, secretKey: string): string {
    const raw =
      `accessKey=${accessKey}&amount=${b.amount}&extraData=${b.extraData}&message=${b.message}` +
      `&orderId=${b.orderId}&orderInfo=${b.orderInfo}&orderType=${b.orderType}&partnerCode=${b.partnerCode}` +
      `&payType=${b.payType}&requestId=${b.requestId}&responseTime=${b.responseTime}&resultCode=${b.resultCode}` +
      `&transId=${b.transId}`;
    return createHmac('sha256', secretKey).update(raw, 'utf8').digest('hex');
  }

  it('builds the raw signature string in MoMo’s field order, values as sent', () => {
    expect(momoIpnRawSignature(fields, keys.accessKey)).toBe(RAW);
    expect(momoSign(RAW, keys.secretKey)).toBe(OPENSSL_SIGNATURE);
    expect(referenceSignature(fields, keys.accessKey, keys.secretKey)).toBe(OPENSSL_SIGNATURE);
  });

  it('numbers sent as strings sign the same', () => {
    const asStrings = {
      ...body,
      amount: '3484520',
      transId: '4088878653',
      resultCode: '0',
      responseTime: '1758511815000',
    };
    expect(verifyMomoIpn(asStrings, keys)).toBe(true);
  });

  it('acknowledges a genuine successful payment with HTTP 204', () => {
    expect(evaluateMomoIpn(body, ctx)).toEqual({
      httpStatus: 204,
      outcome: 'paid',
      orderId: 'HP2026000014',
      amount: 3_484_520n,
      replayKey: 'momo:4088878653',
      resultCode: '0',
      result: { kind: 'credit', meaning: 'successful', known: true },
    });
  });

  it.each([
    ['a tampered amount', { amount: 3_484_521 }],
    ['a tampered result code', { resultCode: 1006 }],
    ['a tampered message', { message: 'Thanh cong.' }],
    ['tampered extra data', { extraData: 'eyJ4IjoxfQ==' }],
    ['a signature of the wrong length', { signature: OPENSSL_SIGNATURE.slice(2) }],
    ['a non-hex signature', { signature: 'z'.repeat(64) }],
    ['an unsafe number', { transId: 2 ** 60 }],
  ])('refuses %s with HTTP 400', (_name, change) => {
    expect(evaluateMomoIpn({ ...body, ...change }, ctx)).toEqual({
      httpStatus: 400,
      outcome: 'rejected',
      reason: 'invalidSignature',
    });
  });

  it('refuses the wrong secret key or access key', () => {
    expect(evaluateMomoIpn(body, { ...ctx, secretKey: 'other' }).httpStatus).toBe(400);
    expect(evaluateMomoIpn(body, { ...ctx, accessKey: 'other' }).httpStatus).toBe(400);
  });

  it('refuses a genuine callback for another partner code', () => {
    expect(evaluateMomoIpn(body, { ...ctx, partnerCode: 'MOMOOTHER' })).toMatchObject({
      httpStatus: 400,
      reason: 'wrongMerchant',
    });
  });

  it('a failed payment (resultCode ≠ 0), properly signed, is recorded as failed', () => {
    const failed = { ...fields, resultCode: 1006, message: 'Giao dịch bị từ chối bởi người dùng.' };
    const signed = {
      ...failed,
      signature: referenceSignature(failed, keys.accessKey, keys.secretKey),
    };
    expect(evaluateMomoIpn(signed, ctx)).toMatchObject({ httpStatus: 204, outcome: 'failed' });
  });

  const signedWith = (change: { resultCode: number }): MomoIpnBody => {
    const b = { ...fields, ...change };
    return { ...b, signature: referenceSignature(b, keys.accessKey, keys.secretKey) };
  };

  it.each([
    [0, 'paid'],
    [9000, 'paid'],
    [7000, 'pending'],
    [8000, 'pending'],
    [1000, 'pending'],
    [13, 'merchantError'],
    [42, 'merchantError'],
    [1001, 'failed'],
    [1006, 'failed'],
    [99, 'failed'],
    [123456, 'pending'],
  ] as const)('resultCode %i on an open order → %s', (resultCode, outcome) => {
    const decision = evaluateMomoIpn(signedWith({ resultCode }), ctx);
    expect(decision).toMatchObject({ httpStatus: 204, outcome, resultCode: String(resultCode) });
    // Only a crediting result hands back a replay key: a pending one must not hide the final one.
    expect(decision.replayKey !== undefined).toBe(outcome === 'paid');
  });

  it('a failure carries the Vietnamese reason shown to the family', () => {
    expect(evaluateMomoIpn(signedWith({ resultCode: 1001 }), ctx).result?.reasonVi).toMatch(
      /không đủ số dư/,
    );
  });

  it('a pending then a final success of the same transaction credits once, at the success', () => {
    expect(evaluateMomoIpn(signedWith({ resultCode: 7000 }), ctx).outcome).toBe('pending');
    expect(evaluateMomoIpn(signedWith({ resultCode: 0 }), ctx).outcome).toBe('paid');
  });

  it('a final failure of the transaction that already paid the order goes to staff, not dropped', () => {
    const paid = { ...order, status: 'paid' as const, paidBy: String(fields.transId) };
    expect(
      evaluateMomoIpn(signedWith({ resultCode: 1003 }), { ...ctx, order: paid }),
    ).toMatchObject({ outcome: 'reversed', amount: order.amount });
    // A failure of another transaction on a paid order is no second payment: nothing to do.
    expect(
      evaluateMomoIpn(signedWith({ resultCode: 1006 }), { ...ctx, order: { ...paid, paidBy: '1' } })
        .outcome,
    ).toBe('duplicate');
  });

  it('unknown order and wrong amount are acknowledged (204) but not acted upon', () => {
    expect(evaluateMomoIpn(body, { ...ctx, order: undefined })).toMatchObject({
      httpStatus: 204,
      outcome: 'rejected',
      reason: 'orderNotFound',
    });
    expect(
      evaluateMomoIpn(body, { ...ctx, order: { ...order, amount: 3_000_000n } }),
    ).toMatchObject({
      httpStatus: 204,
      outcome: 'rejected',
      reason: 'invalidAmount',
    });
  });

  it('a retry of a processed transaction is a duplicate', () => {
    expect(evaluateMomoIpn(body, { ...ctx, seen: new Set(['momo:4088878653']) }).outcome).toBe(
      'duplicate',
    );
    expect(evaluateMomoIpn(body, { ...ctx, order: { ...order, status: 'paid' } }).outcome).toBe(
      'duplicate',
    );
  });

  it('a second transaction for an order already paid by another is a second payment', () => {
    const paid = { ...order, status: 'paid' as const, paidBy: '1' };
    expect(evaluateMomoIpn(body, { ...ctx, order: paid })).toMatchObject({
      httpStatus: 204,
      outcome: 'secondPayment',
    });
    expect(
      evaluateMomoIpn(body, { ...ctx, order: { ...paid, paidBy: '4088878653' } }).outcome,
    ).toBe('duplicate');
  });

  it('a replay long after responseTime is refused as stale; one from the future too', () => {
    const sent = fields.responseTime;
    expect(
      evaluateMomoIpn(body, { ...ctx, nowMs: sent + 30_000, maxAgeMs: 15 * 60_000 }).outcome,
    ).toBe('paid');
    expect(
      evaluateMomoIpn(body, { ...ctx, nowMs: sent + 16 * 60_000, maxAgeMs: 15 * 60_000 }),
    ).toMatchObject({
      httpStatus: 204,
      outcome: 'rejected',
      reason: 'stale',
    });
    expect(
      evaluateMomoIpn(body, { ...ctx, nowMs: sent - 10 * 60_000, maxAgeMs: 15 * 60_000 }),
    ).toMatchObject({ reason: 'future' });
  });
});
