import { Tenths } from './score';

/**
 * An exact non-negative fraction of BigInts. Averages are kept exact until the single rounding the
 * circulars prescribe, so no intermediate rounding or binary float error can move a boundary.
 */
export interface Rational {
  readonly num: bigint;
  readonly den: bigint;
}

export function rational(num: bigint, den: bigint): Rational {
  if (den <= 0n) throw new RangeError('denominator must be positive');
  if (num < 0n) throw new RangeError('scores are never negative');
  return { num, den };
}

/**
 * Weighted mean of scores in tenths, as an exact rational number of tenths.
 * ΣwᵢSᵢ / Σwᵢ with integer weights.
 */
export function weightedMeanTenths(
  items: ReadonlyArray<{ score: Tenths; weight: number }>,
): Rational {
  let num = 0n;
  let den = 0n;
  for (const { score, weight } of items) {
    if (!Number.isInteger(weight) || weight <= 0) throw new RangeError(`bad weight ${weight}`);
    num += BigInt(score) * BigInt(weight);
    den += BigInt(weight);
  }
  return rational(num, den);
}

/**
 * Rounds a rational number of tenths to whole tenths, half up ("làm tròn số" to one decimal:
 * 7.25 → 7.3, 7.249… → 7.2). Non-negative only, so half up and half away from zero agree.
 * floor((2n + d) / 2d) is exact integer arithmetic.
 */
export function roundHalfUpToTenths(r: Rational): Tenths {
  return Number((2n * r.num + r.den) / (2n * r.den)) as Tenths;
}

/** Compares r with a score in tenths: -1, 0 or 1. */
export function compareToTenths(r: Rational, t: Tenths): -1 | 0 | 1 {
  const lhs = r.num;
  const rhs = BigInt(t) * r.den;
  return lhs < rhs ? -1 : lhs > rhs ? 1 : 0;
}
