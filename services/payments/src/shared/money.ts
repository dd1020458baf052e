/**
 * Vietnamese đồng (VND) arithmetic and calendar helpers for school fees.
 *
 * Rules this module enforces everywhere:
 * - Money is an integer number of đồng held in a `bigint`. VND has no minor unit in practice
 *   (ISO 4217 lists 0 decimals), so a fractional amount is always an input error, never rounded
 *   silently.
 * - Floating point never touches money. Percentages and ratios are exact rationals
 *   (numerator/denominator as bigint) and there is exactly ONE rounding step per computed
 *   amount, with the rule named in the function (round half up to the đồng).
 * - Dates are `YYYY-MM-DD` strings (proleptic Gregorian, no time zone). Date arithmetic uses
 *   integer day numbers, not `Date`, so results never depend on the machine's time zone; it is
 *   the platform's calendar kernel (libs/contracts dates.ts), re-exported below.
 */

import { daysInMonth, IsoDate, monthStart, nextMonthStart, overlapDays } from '@qn/contracts';

export type Vnd = bigint;

export type MoneyErrorCode = 'format' | 'fraction' | 'negative' | 'zero';

export class MoneyError extends Error {
  constructor(
    readonly code: MoneyErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'MoneyError';
  }
}

export interface ParseVndOptions {
  /** Accept a leading minus sign (adjustments, reversals). Default false. */
  allowNegative?: boolean;
  /** Accept 0. Default true. */
  allowZero?: boolean;
}

const PLAIN_DIGITS = /^\d+$/;
/** Vietnamese grouping: dots separate thousands, e.g. `1.250.000`. */
const VI_GROUPED = /^\d{1,3}(?:\.\d{3})+$/;
/** Something that carries a decimal part: `12.5`, `1250000.00`, `1.250.000,50`, `0,5`. */
const HAS_DECIMAL_PART = /^(?:\d+|\d{1,3}(?:[.,]\d{3})+)[.,]\d+$/;
const CURRENCY_SUFFIX = /\s*(?:₫|đ|vnđ|vnd)$/iu;

/**
 * Parses an amount of VND.
 *
 * Strings: surrounding spaces and a currency suffix (`₫`, `đ`, `VND`, `VNĐ`) are ignored; digits
 * may be plain (`1250000`) or grouped the Vietnamese way with dots (`1.250.000`). Anything with a
 * decimal part (`1250000.50`, `1.250.000,00`, `12.5`) is refused with code `fraction` — a dot
 * followed by exactly three digits is a thousands separator, any other dot or comma is a decimal
 * separator. English grouping with commas (`1,250,000`) is refused as `fraction` too because
 * `1,250` means one and a quarter in Vietnamese.
 *
 * Numbers: must be safe integers (a non-integer number is `fraction`).
 * Bigints: taken as is (sign rules still apply).
 */
export function parseVnd(input: string | number | bigint, options: ParseVndOptions = {}): Vnd {
  const { allowNegative = false, allowZero = true } = options;
  let value: bigint;
  if (typeof input === 'bigint') {
    value = input;
  } else if (typeof input === 'number') {
    if (!Number.isFinite(input)) throw new MoneyError('format', `not a finite amount: ${input}`);
    if (!Number.isInteger(input)) {
      throw new MoneyError('fraction', `VND has no fractional part: ${input}`);
    }
    if (!Number.isSafeInteger(input)) {
      throw new MoneyError('format', `number ${input} is beyond 2^53; pass a string or bigint`);
    }
    value = BigInt(input);
  } else if (typeof input === 'string') {
    value = parseVndString(input);
  } else {
    throw new MoneyError('format', `unsupported amount type: ${typeof input}`);
  }
  if (value < 0n && !allowNegative) {
    throw new MoneyError('negative', `negative amount not allowed: ${String(input)}`);
  }
  if (value === 0n && !allowZero) throw new MoneyError('zero', 'amount must be positive');
  return value;
}

function parseVndString(raw: string): bigint {
  let s = raw.trim().replace(CURRENCY_SUFFIX, '');
  let negative = false;
  if (s.startsWith('-') || s.startsWith('+')) {
    negative = s.startsWith('-');
    s = s.slice(1);
  }
  let digits: string;
  if (PLAIN_DIGITS.test(s)) digits = s;
  else if (VI_GROUPED.test(s)) digits = s.replace(/\./g, '');
  else if (HAS_DECIMAL_PART.test(s)) {
    throw new MoneyError('fraction', `VND has no fractional part: "${raw}"`);
  } else throw new MoneyError('format', `not an amount of VND: "${raw}"`);
  const value = BigInt(digits);
  return negative ? -value : value;
}

/** `1250000n` → `"1.250.000 ₫"` (dot thousands separator, plain space, đồng sign). */
export function formatVnd(amount: Vnd): string {
  const negative = amount < 0n;
  const digits = (negative ? -amount : amount).toString();
  const grouped = digits.replace(/\B(?=(\d{3})+(?!\d))/g, '.');
  return `${negative ? '-' : ''}${grouped} ₫`;
}

/** Sum of amounts (0 for an empty list). */
export function sumVnd(amounts: Iterable<Vnd>): Vnd {
  let total = 0n;
  for (const a of amounts) total += a;
  return total;
}

export function minVnd(a: Vnd, b: Vnd): Vnd {
  return a < b ? a : b;
}

export function maxVnd(a: Vnd, b: Vnd): Vnd {
  return a > b ? a : b;
}

// ---------------------------------------------------------------------------------------------
// Rounding and ratios
// ---------------------------------------------------------------------------------------------

/**
 * Integer division rounding half up to the đồng: exact halves go away from zero, so
 * 2.5 → 3 and -2.5 → -3 (the rule is symmetric: f(-x) = -f(x)). Denominator must be non-zero.
 */
export function divRoundHalfUp(numerator: bigint, denominator: bigint): bigint {
  if (denominator === 0n) throw new RangeError('division by zero');
  if (denominator < 0n) {
    numerator = -numerator;
    denominator = -denominator;
  }
  const negative = numerator < 0n;
  const n = negative ? -numerator : numerator;
  const q = (2n * n + denominator) / (2n * denominator);
  return negative ? -q : q;
}

/** amount × numerator / denominator, rounded once, half up to the đồng. */
export function mulDivRoundHalfUp(amount: Vnd, numerator: bigint, denominator: bigint): Vnd {
  return divRoundHalfUp(amount * numerator, denominator);
}

/** An exact rational p/q with q > 0. */
export interface Ratio {
  readonly numerator: bigint;
  readonly denominator: bigint;
}

/**
 * A percentage written exactly: a bigint or integer number (`70n`, `50`) or a decimal string
 * (`"4.5"`, `"12.25"`). Non-integer JavaScript numbers are refused: `0.1 + 0.2` style values
 * must not decide how much a family pays.
 */
export type Percent = bigint | number | string;

/** `"4.5"` → 45/1000 (that is, 4.5 %), as a ratio of the whole. */
export function percentRatio(percent: Percent): Ratio {
  let numerator: bigint;
  let scale = 1n;
  if (typeof percent === 'bigint') numerator = percent;
  else if (typeof percent === 'number') {
    if (!Number.isSafeInteger(percent)) {
      throw new MoneyError(
        'format',
        `percent ${percent} must be an integer; use a string like "4.5"`,
      );
    }
    numerator = BigInt(percent);
  } else {
    const m = /^(-?)(\d+)(?:\.(\d+))?$/.exec(percent.trim());
    if (!m) throw new MoneyError('format', `not a percentage: "${percent}"`);
    const frac = m[3] ?? '';
    scale = 10n ** BigInt(frac.length);
    numerator = BigInt(m[2] + frac) * (m[1] === '-' ? -1n : 1n);
  }
  return { numerator, denominator: 100n * scale };
}

/**
 * `percent` % of `amount`, rounded half up to the đồng. Example: 70 % of 73.710 ₫ is exactly
 * 51.597 ₫; 4.5 % of 2.340.000 ₫ is 105.300 ₫; 50 % of 155.555 ₫ is 77.777,5 → 77.778 ₫.
 */
export function percentOf(amount: Vnd, percent: Percent): Vnd {
  const r = percentRatio(percent);
  return mulDivRoundHalfUp(amount, r.numerator, r.denominator);
}

// ---------------------------------------------------------------------------------------------
// Allocation
// ---------------------------------------------------------------------------------------------

/**
 * Splits `total` over parts proportionally to `weights` without losing or creating a đồng
 * (largest remainder / Hamilton method): each part first gets floor(total × w / Σw); the đồng
 * left over go one each to the parts with the largest remainders, ties to the earlier part.
 * The result always sums to `total` exactly. A negative total is split symmetrically.
 */
export function allocate(total: Vnd, weights: readonly bigint[]): Vnd[] {
  if (weights.length === 0) throw new RangeError('allocate needs at least one weight');
  if (weights.some((w) => w < 0n)) throw new RangeError('weights must not be negative');
  const weightSum = sumVnd(weights);
  if (weightSum === 0n) throw new RangeError('weights must not all be zero');
  if (total < 0n) return allocate(-total, weights).map((x) => -x);
  const shares = weights.map((w) => (total * w) / weightSum);
  const remainders = weights.map((w, index) => ({ index, rest: (total * w) % weightSum }));
  let left = total - sumVnd(shares);
  remainders.sort((a, b) => (a.rest === b.rest ? a.index - b.index : a.rest > b.rest ? -1 : 1));
  for (let i = 0; left > 0n; i++, left--) shares[remainders[i]!.index]! += 1n;
  return shares;
}

/** `total` in `parts` nearly equal shares (they differ by at most one đồng, larger ones first). */
export function splitEvenly(total: Vnd, parts: number): Vnd[] {
  if (!Number.isSafeInteger(parts) || parts < 1) throw new RangeError('parts must be ≥ 1');
  return allocate(
    total,
    Array.from({ length: parts }, () => 1n),
  );
}

// ---------------------------------------------------------------------------------------------
// Proration
// ---------------------------------------------------------------------------------------------

/**
 * The `part`/`whole` share of `amount`, rounded half up to the đồng — e.g. a fee for 17 of 31
 * days, or 40 of 85 school days. 0 ≤ part ≤ whole, whole > 0.
 */
export function prorate(amount: Vnd, part: number | bigint, whole: number | bigint): Vnd {
  const p = BigInt(part);
  const w = BigInt(whole);
  if (w <= 0n) throw new RangeError('whole must be positive');
  if (p < 0n || p > w) throw new RangeError(`part ${p} outside 0..${w}`);
  if (p === w) return amount;
  return mulDivRoundHalfUp(amount, p, w);
}

/**
 * Monthly fee for the days [from, until) that fall in `month` (YYYY-MM), by calendar days of
 * that month (28, 29, 30 or 31). `until` is exclusive: a student transferring out on 15 October
 * has from = 1 Oct, until = 15 Oct → 14 of 31 days.
 */
export function prorateMonthlyByDays(
  monthlyAmount: Vnd,
  month: string,
  from: IsoDate,
  until: IsoDate,
): Vnd {
  const days = overlapDays(from, until, monthStart(month), nextMonthStart(month));
  return prorate(monthlyAmount, days, daysInMonth(month));
}

// ---------------------------------------------------------------------------------------------
// Calendar (integer day numbers; no Date, no time zone)
// ---------------------------------------------------------------------------------------------

// Calendar helpers: the platform's one implementation (libs/contracts dates.ts), re-exported
// for the fee code that has always found them here.
export type { IsoDate } from '@qn/contracts';
export {
  isIsoDate,
  assertIsoDate,
  toDayNumber,
  fromDayNumber,
  addDays,
  daysBetween,
  isoWeekday,
  compareDates,
  assertIsoMonth,
  daysInMonth,
  monthOf,
  monthStart,
  nextMonthStart,
  overlapDays,
} from '@qn/contracts';
