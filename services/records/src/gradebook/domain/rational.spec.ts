import fc from 'fast-check';
import { compareToTenths, rational, roundHalfUpToTenths, weightedMeanTenths } from './rational';
import { Tenths } from './score';

const t = (n: number) => n as Tenths;

describe('roundHalfUpToTenths (làm tròn đến chữ số thập phân thứ nhất)', () => {
  it('rounds 4.35 up to 4.4, where binary floating point gives 4.3', () => {
    // 4.35 points = 43.5 tenths = 87/2.
    expect((4.35).toFixed(1)).toBe('4.3'); // the trap this module exists to avoid
    expect(roundHalfUpToTenths(rational(87n, 2n))).toBe(44);
  });

  it('rounds half up and everything else to the nearest tenth', () => {
    expect(roundHalfUpToTenths(rational(725n, 10n))).toBe(73); // 7.25 → 7.3
    expect(roundHalfUpToTenths(rational(7249n, 100n))).toBe(72); // 7.249 → 7.2
    expect(roundHalfUpToTenths(rational(726n, 10n))).toBe(73); // 7.26 → 7.3 (thukyphaply example)
    expect(roundHalfUpToTenths(rational(64n, 1n))).toBe(64);
    expect(roundHalfUpToTenths(rational(0n, 7n))).toBe(0);
    expect(roundHalfUpToTenths(rational(1000n, 10n))).toBe(100);
  });

  it('agrees with exact decimal rounding for any fraction (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 100_000 }),
        fc.integer({ min: 1, max: 1000 }),
        (n, d) => {
          const r = roundHalfUpToTenths(rational(BigInt(n), BigInt(d)));
          // r is the integer k with |n/d - k| ≤ 1/2, ties going up: k - 1/2 ≤ n/d < k + 1/2.
          expect(2 * r * d - d <= 2 * n).toBe(true);
          expect(2 * n < 2 * r * d + d).toBe(true);
        },
      ),
    );
  });
});

describe('weightedMeanTenths and compareToTenths', () => {
  it('keeps the mean exact', () => {
    const m = weightedMeanTenths([
      { score: t(70), weight: 1 },
      { score: t(75), weight: 2 },
    ]);
    expect(m).toEqual({ num: 220n, den: 3n });
    expect(compareToTenths(m, t(73))).toBe(1);
    expect(compareToTenths(m, t(74))).toBe(-1);
    expect(compareToTenths(rational(146n, 2n), t(73))).toBe(0);
  });

  it('refuses bad weights and denominators', () => {
    expect(() => weightedMeanTenths([{ score: t(5), weight: 0 }])).toThrow(RangeError);
    expect(() => weightedMeanTenths([{ score: t(5), weight: 1.5 }])).toThrow(RangeError);
    expect(() => weightedMeanTenths([])).toThrow(RangeError);
    expect(() => rational(1n, 0n)).toThrow(RangeError);
    expect(() => rational(-1n, 1n)).toThrow(RangeError);
  });
});
