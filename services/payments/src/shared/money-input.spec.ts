import { amountField, currencyField, FieldError, textField } from './money-input';

describe('amounts from API bodies', () => {
  const parse = (value: unknown, allowZero = false) => {
    const errors: FieldError[] = [];
    const amount = amountField(value, 'amount', errors, { allowZero });
    return { amount, errors: errors.map((e) => e.message) };
  };

  it.each([
    ['1250000', 1_250_000n],
    ['1.250.000', 1_250_000n],
    ['1.250.000 ₫', 1_250_000n],
    [' 884520 VND ', 884_520n],
    [884520, 884_520n],
    ['99999999999999999999', 99_999_999_999_999_999_999n],
  ])('accepts %p as %p đồng', (value, expected) => {
    expect(parse(value)).toEqual({ amount: expected, errors: [] });
  });

  it.each([
    ['1250000.50', 'whole number'],
    ['1.250.000,50', 'whole number'],
    ['0,5', 'whole number'],
    [0.5, 'whole number'],
    ['1,250,000', 'whole number'],
    ['-1000', 'must not be negative'],
    ['0', 'must be positive'],
    ['12abc', 'integer VND'],
    [true, 'integer VND'],
    [undefined, 'is required'],
    ['', 'is required'],
  ])('refuses %p naming the field', (value, message) => {
    const r = parse(value);
    expect(r.amount).toBeUndefined();
    expect(r.errors[0]).toContain(message);
  });

  it('accepts 0 only where allowed (a catalogue rate may be 0)', () => {
    expect(parse('0', true)).toEqual({ amount: 0n, errors: [] });
  });

  it('accepts no currency but VND', () => {
    const errors: FieldError[] = [];
    currencyField('VND', 'currency', errors);
    currencyField(undefined, 'currency', errors);
    expect(errors).toEqual([]);
    currencyField('USD', 'currency', errors);
    currencyField('vnd', 'currency', errors);
    expect(errors.map((e) => e.field)).toEqual(['currency', 'currency']);
  });

  it('normalises Vietnamese text to NFC', () => {
    const errors: FieldError[] = [];
    // "Hoàn tiền" typed with combining marks (NFD) compares equal once normalised.
    const text = textField('Hoa\u0300n tie\u0302\u0300n ', 'reason', errors);
    expect(text).toBe('Hoàn tiền');
    expect(text).toBe('Hoàn tiền'.normalize('NFC'));
    expect(textField('   ', 'reason', errors)).toBeUndefined();
    expect(errors).toEqual([{ field: 'reason', message: 'is required' }]);
  });
});
