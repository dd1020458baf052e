/** Percentiles by nearest rank (the value at rank ⌈q·n⌉ of the sorted samples). */

/** The q-quantile (0 < q ≤ 1) of ascending `sorted` samples; NaN when there are none. */
export function nearestRank(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  return sorted[Math.min(n - 1, Math.max(0, Math.ceil(q * n) - 1))];
}

/** An ascending copy of the samples (typed: numeric sort, no string comparison). */
export const sortedCopy = (values: ArrayLike<number>): Float64Array =>
  Float64Array.from(values).sort();

/** Same-run baseline ratio, three decimals: how the measured target compares with the bare one. */
export const ratioOf = (measured: number, baseline: number): number =>
  Math.round((measured / baseline) * 1000) / 1000;
