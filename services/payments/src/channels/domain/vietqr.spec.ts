import fc from 'fast-check';
import {
  buildVietQr,
  crc16CcittFalse,
  crcHex,
  parseTlv,
  parseVietQr,
  tlv,
  toVietQrText,
  VietQrError,
} from './vietqr';

function errorCode(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    if (e instanceof VietQrError) return e.code;
    throw e;
  }
  return undefined;
}

/** A second, table-driven CRC-16/CCITT-FALSE written independently of the bitwise one. */
const TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n << 8;
  for (let k = 0; k < 8; k++) c = (c & 0x8000 ? (c << 1) ^ 0x1021 : c << 1) & 0xffff;
  return c;
});
function crcByTable(bytes: Uint8Array): number {
  let crc = 0xffff;
  for (const b of bytes) crc = ((crc << 8) & 0xffff) ^ TABLE[((crc >> 8) ^ b) & 0xff]!;
  return crc;
}

/** Appends "6304" and the CRC, to build deliberately odd but correctly checksummed payloads. */
const sealed = (body: string) => `${body}6304${crcHex(`${body}6304`)}`;

describe('CRC-16/CCITT-FALSE', () => {
  it('has the catalogue check value 0x29B1 for "123456789"', () => {
    expect(crc16CcittFalse('123456789')).toBe(0x29b1);
    expect(crcHex('123456789')).toBe('29B1');
  });

  it('is 0xFFFF (the initial value) for no data, and reads strings as UTF-8', () => {
    expect(crc16CcittFalse('')).toBe(0xffff);
    expect(crc16CcittFalse('Học phí')).toBe(crc16CcittFalse(new TextEncoder().encode('Học phí')));
  });

  it('agrees with an independent table-driven implementation', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        expect(crc16CcittFalse(bytes)).toBe(crcByTable(bytes));
      }),
    );
  });
});

describe('published VietQR payloads', () => {
  // github.com/subiz/vietqr README: 120.000 ₫ to VietinBank (BIN 970415) account 0011001932418,
  // description "ủng hộ lũ lụt" (diacritics removed).
  const SUBIZ =
    '00020101021238570010A00000072701270006970415011300110019324180208QRIBFTTA530370454061200005802VN62170813ung ho lu lut6304C15C';
  // github.com/unicloudvn/KLBPay-NodeJS-SDK README: a KienlongBank (BIN 970452) sandbox response,
  // 123 ₫ to virtual account 10372212086747084, description "TT Don hang 123456".
  const KLB =
    '00020101021238610010A000000727013100069704520117103722120867470840208QRIBFTTA530370454031235802VN62220818TT Don hang 12345663046352';

  it('subiz example: CRC C15C verifies and the fields decode', () => {
    expect(crcHex(SUBIZ.slice(0, -4))).toBe('C15C');
    expect(parseVietQr(SUBIZ)).toMatchObject({
      initiation: 'dynamic',
      guid: 'A000000727',
      bankBin: '970415',
      accountNumber: '0011001932418',
      service: 'QRIBFTTA',
      currency: '704',
      amount: 120_000n,
      country: 'VN',
      purpose: 'ung ho lu lut',
      crc: 'C15C',
    });
  });

  it('subiz example: our builder reproduces it byte for byte', () => {
    expect(
      buildVietQr({
        bankBin: '970415',
        accountNumber: '0011001932418',
        amount: 120_000n,
        purpose: toVietQrText('ủng hộ lũ lụt'),
      }),
    ).toBe(SUBIZ);
  });

  it('KienlongBank example: CRC 6352 verifies, and our builder reproduces it', () => {
    expect(parseVietQr(KLB)).toMatchObject({
      bankBin: '970452',
      accountNumber: '10372212086747084',
      amount: 123n,
      purpose: 'TT Don hang 123456',
    });
    expect(
      buildVietQr({
        bankBin: '970452',
        accountNumber: '10372212086747084',
        amount: 123n,
        purpose: 'TT Don hang 123456',
      }),
    ).toBe(KLB);
  });

  it('a published string with a valid CRC but payload format "00" is refused for its format, not its CRC', () => {
    // From the README of github.com/thanhtinhpas1/vietqr-parser (static QR, Vietcombank 970436).
    const odd =
      '00020001021238570010A00000072701270006970436011308810004580860208QRIBFTTA53037045802VN6304CD60';
    expect(crcHex(odd.slice(0, -4))).toBe('CD60');
    expect(errorCode(() => parseVietQr(odd))).toBe('payloadFormat');
  });
});

describe('a school-fee QR', () => {
  // The school's collection account at Agribank (BIN 970405); the payment code goes in the
  // purpose (08) so that it reaches the bank statement, and in the bill number (01).
  const payload = buildVietQr({
    bankBin: '970405',
    accountNumber: '8000201012345',
    amount: 3_484_520n,
    purpose: 'HP2026000014',
    billNumber: 'HP2026000014',
  });

  it('is built field by field', () => {
    const objects = parseTlv(payload);
    expect(objects.map((o) => o.id)).toEqual(['00', '01', '38', '53', '54', '58', '62', '63']);
    expect(payload.startsWith('000201010212')).toBe(true);
    expect(payload).toContain('38570010A00000072701270006970405011380002010123450208QRIBFTTA');
    expect(payload).toContain('54073484520');
    expect(payload).toContain('62320112HP20260000140812HP2026000014');
    expect(payload).toMatch(/6304[0-9A-F]{4}$/);
  });

  it('decodes back to what was put in', () => {
    expect(parseVietQr(payload)).toMatchObject({
      initiation: 'dynamic',
      bankBin: '970405',
      accountNumber: '8000201012345',
      amount: 3_484_520n,
      purpose: 'HP2026000014',
      billNumber: 'HP2026000014',
    });
  });

  it('a static QR (no amount) for the school’s notice board', () => {
    const s = buildVietQr({ bankBin: '970405', accountNumber: '8000201012345' });
    expect(s.slice(0, 12)).toBe('000201010211');
    expect(parseVietQr(s)).toMatchObject({ initiation: 'static', amount: undefined });
    expect(parseVietQr(s).purpose).toBeUndefined();
  });

  it('a changed amount digit or a changed CRC is caught', () => {
    expect(errorCode(() => parseVietQr(payload.replace('54073484520', '54073484529')))).toBe('crc');
    const flipped = payload.slice(0, -1) + (payload.endsWith('0') ? '1' : '0');
    expect(errorCode(() => parseVietQr(flipped))).toBe('crc');
    // Hex case does not matter.
    expect(parseVietQr(payload.slice(0, -4) + payload.slice(-4).toLowerCase()).amount).toBe(
      3_484_520n,
    );
  });
});

describe('parseVietQr refuses broken payloads', () => {
  const merchant = '38570010A00000072701270006970415011300110019324180208QRIBFTTA';
  it.each([
    ['no CRC at all', '000201010212', 'format'],
    ['truncated value', sealed('0002010102123899'), 'format'],
    ['an id that is not digits', sealed('000201AB0212'), 'format'],
    ['a zero-length value', sealed('000201010012'), 'format'],
    [
      'payload format not first',
      sealed('010212000201' + merchant + '5303704' + '5802VN'),
      'payloadFormat',
    ],
    [
      'a repeated data object',
      sealed('000201010212' + merchant + '5303704' + '5303704' + '5802VN'),
      'format',
    ],
    [
      'no merchant account information',
      sealed('000201010212' + '5303704' + '5802VN'),
      'missingField',
    ],
    [
      'a non-NAPAS GUID',
      sealed(
        '000201010212' +
          '38570010A00000072801270006970415011300110019324180208QRIBFTTA' +
          '5303704' +
          '5802VN',
      ),
      'invalidField',
    ],
    [
      'a foreign currency',
      sealed('000201010212' + merchant + '5303840' + '5802VN'),
      'invalidField',
    ],
    ['a foreign country', sealed('000201010212' + merchant + '5303704' + '5802TH'), 'invalidField'],
    [
      'a fractional amount',
      sealed('000201010212' + merchant + '5303704' + '54071000.50' + '5802VN'),
      'invalidField',
    ],
    [
      'an unknown point of initiation',
      sealed('000201010213' + merchant + '5303704' + '5802VN'),
      'invalidField',
    ],
  ])('%s', (_name, payload, expected) => {
    expect(errorCode(() => parseVietQr(payload))).toBe(expected);
  });

  it('CRC must be the last data object, not just the last 8 characters', () => {
    // The string ends in "6304" + a correct CRC, but those characters sit inside the value of
    // data object 62 — the real last object is 62, not 63.
    const prefix = '000201010212' + merchant + '5303704' + '5802VN' + '62160812ABCD6304';
    const payload = prefix + crcHex(prefix);
    expect(parseTlv(payload).map((o) => o.id)).toEqual(['00', '01', '38', '53', '58', '62']);
    expect(() => parseVietQr(payload)).toThrow(/must be the last/);
  });
});

describe('buildVietQr refuses values banks would reject', () => {
  const ok = { bankBin: '970405', accountNumber: '8000201012345' };
  it.each([
    ['a 5-digit BIN', { ...ok, bankBin: '97040' }],
    ['an account with spaces', { ...ok, accountNumber: '8000 2010' }],
    ['a 20-character account', { ...ok, accountNumber: '1'.repeat(20) }],
    ['a zero amount', { ...ok, amount: 0n }],
    ['a negative amount', { ...ok, amount: -1n }],
    ['a 14-digit amount', { ...ok, amount: 10n ** 13n }],
    ['a purpose longer than 25', { ...ok, purpose: 'HP2026000014 Nguyen Van An lop 5A' }],
    ['Vietnamese letters in the purpose', { ...ok, purpose: 'Học phí' }],
    ['an unknown service', { ...ok, service: 'QRPUSH' as 'QRIBFTTA' }],
  ])('%s', (_name, input) => {
    expect(errorCode(() => buildVietQr(input))).toBe('invalidField');
  });

  it('tlv refuses empty and over-long values', () => {
    expect(errorCode(() => tlv('08', ''))).toBe('invalidField');
    expect(errorCode(() => tlv('08', 'x'.repeat(100)))).toBe('invalidField');
    expect(tlv('08', 'x'.repeat(99))).toHaveLength(103);
  });
});

describe('toVietQrText', () => {
  it.each([
    ['Học phí HK1 – Nguyễn Văn Đức', 'Hoc phi HK1 - Nguyen Van Duc'],
    ['  Tiền   ăn   tháng 10 ', 'Tien an thang 10'],
    ['ĐÓNG TIỀN BHYT', 'DONG TIEN BHYT'],
    ['emoji 🎒 bỏ', 'emoji bo'],
  ])('%j → %j', (input, output) => {
    expect(toVietQrText(input)).toBe(output);
  });
});

describe('round trip', () => {
  it('anything the builder accepts, the parser returns unchanged', () => {
    const ascii = fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9 .-]{0,23}[A-Za-z0-9]$/);
    fc.assert(
      fc.property(
        fc.stringMatching(/^\d{6}$/),
        fc.stringMatching(/^[0-9A-Z]{1,19}$/),
        fc.option(fc.bigInt({ min: 1n, max: 10n ** 13n - 1n }), { nil: undefined }),
        fc.option(ascii, { nil: undefined }),
        fc.option(ascii, { nil: undefined }),
        (bankBin, accountNumber, amount, purpose, billNumber) => {
          const parsed = parseVietQr(
            buildVietQr({
              bankBin,
              accountNumber,
              ...(amount !== undefined ? { amount } : {}),
              ...(purpose !== undefined ? { purpose } : {}),
              ...(billNumber !== undefined ? { billNumber } : {}),
            }),
          );
          expect(parsed.bankBin).toBe(bankBin);
          expect(parsed.accountNumber).toBe(accountNumber);
          expect(parsed.amount).toBe(amount);
          expect(parsed.purpose).toBe(purpose);
          expect(parsed.billNumber).toBe(billNumber);
        },
      ),
    );
  });
});
