import { isDecimal } from './validators';

describe('isDecimal', () => {
  it('accepts up to the given decimals and refuses the rest without throwing', () => {
    expect(isDecimal(2, 2)).toBe(true);
    expect(isDecimal(7.25, 2)).toBe(true);
    expect(isDecimal(7.255, 2)).toBe(false);
    expect(isDecimal(5e-324, 2)).toBe(false);
    expect(isDecimal(1e-7, 2)).toBe(false);
    expect(isDecimal(1e21, 2)).toBe(true);
    expect(isDecimal(Number.NaN, 2)).toBe(false);
    expect(isDecimal(Infinity, 2)).toBe(false);
    expect(isDecimal('2', 2)).toBe(false);
  });
});
