import { AmountFormProblem, parseEmvAmount, parseStatementAmount } from './amount-forms';

describe('VietQR / EMVCo transaction amount (tag 54)', () => {
  it.each([
    ['150000', 150_000n],
    ['0150000', 150_000n],
    ['150000.', 150_000n],
    ['150000.0', 150_000n],
    ['150000.00', 150_000n],
    ['1', 1n],
    ['9999999999999', 9_999_999_999_999n], // 13 characters
    ['99999999999.0', 99_999_999_999n],
  ])('%j → %s đồng', (text, expected) => {
    expect(parseEmvAmount(text)).toBe(expected);
  });

  it.each<[string, AmountFormProblem]>([
    ['150000.5', 'fraction'],
    ['150000.05', 'fraction'],
    ['10000000000000', 'format'], // 14 characters
    ['', 'format'],
    ['.5', 'format'],
    ['.', 'format'],
    ['150.000.00', 'format'],
    ['150,000', 'format'],
    ['150000,00', 'format'],
    [' 150000', 'format'],
    ['-150000', 'format'],
    ['+150000', 'format'],
    ['1e5', 'format'],
    ['0', 'zero'],
    ['0.00', 'zero'],
  ])('%j is refused (%s)', (text, code) => {
    expect(() => parseEmvAmount(text)).toThrow(expect.objectContaining({ code }));
  });
});

describe('bank statement amounts', () => {
  it.each([
    ['1250000', 1_250_000n],
    ['1.250.000', 1_250_000n],
    ['1,250,000', 1_250_000n],
    ['1.250.000 VND', 1_250_000n],
    ['1.250.000 VNĐ', 1_250_000n],
    ['1,250,000đ', 1_250_000n],
    ['1250000 ₫', 1_250_000n],
    ['1250000.00', 1_250_000n],
    ['1250000,00', 1_250_000n],
    ['1250000.0', 1_250_000n],
    ['1,250,000.00', 1_250_000n],
    ['1.250.000,00', 1_250_000n],
    ['1,250.00', 1_250n],
    ['12.345.678.900', 12_345_678_900n],
    ['  3484520  ', 3_484_520n],
    ['+3484520', 3_484_520n],
  ])('%j → %s đồng', (text, expected) => {
    expect(parseStatementAmount(text)).toBe(expected);
  });

  it.each<[string, AmountFormProblem]>([
    ['1.250', 'ambiguous'],
    ['1,250', 'ambiguous'],
    ['250.000', 'ambiguous'],
    ['250,000 VND', 'ambiguous'],
    ['1250000.50', 'fraction'],
    ['1.250.000,50', 'fraction'],
    ['1,250,000.05', 'fraction'],
    ['-1250000', 'negative'],
    ['0', 'zero'],
    ['0.00', 'zero'],
    ['1.250,000', 'format'],
    ['1,250.000', 'format'],
    ['12.50.000', 'format'],
    ['1.2500.000', 'format'],
    ['1 250 000', 'format'],
    ["1'250'000", 'format'],
    ['1250000.000', 'format'],
    ['.50', 'format'],
    ['1.250.000.', 'format'],
    ['USD 100', 'format'],
    ['', 'format'],
    ['1234567890123456', 'format'],
  ])('%j is refused (%s)', (text, code) => {
    expect(() => parseStatementAmount(text)).toThrow(expect.objectContaining({ code }));
  });
});
