/**
 * The written forms of VND amounts that arrive from outside: the VietQR transaction amount
 * (EMVCo tag 54) and bank statement amounts. Both end as integer đồng (`bigint`); a non-zero
 * fraction is refused (VND has no minor unit, ISO 4217 exponent 0).
 */
import { Vnd } from './money';

export type AmountFormProblem = 'format' | 'fraction' | 'ambiguous' | 'negative' | 'zero';

export class AmountFormError extends Error {
  constructor(
    readonly code: AmountFormProblem,
    message: string,
  ) {
    super(message);
    this.name = 'AmountFormError';
  }
}

/**
 * EMVCo MPM "Transaction Amount" (ID 54), as NAPAS's VietQR profile takes it: 1 to 13
 * characters, digits with at most one "." as the decimal mark, which may be present even without
 * decimals ("150000."). So "150000", "0150000", "150000.", "150000.0", "150000.00" are all
 * 150 000 đồng. Refused: a non-zero fraction ("150000.5"), a leading "." (no integer digit), any
 * other character (",", spaces, signs, grouping), more than 13 characters, and zero.
 */
export function parseEmvAmount(text: string): Vnd {
  if (text.length < 1 || text.length > 13)
    throw new AmountFormError('format', `must be 1 to 13 characters, got ${text.length}`);
  const m = /^(\d+)(?:\.(\d*))?$/.exec(text);
  if (!m) throw new AmountFormError('format', `digits with an optional "." only, got "${text}"`);
  if (m[2] !== undefined && /[1-9]/.test(m[2]))
    throw new AmountFormError('fraction', `VND has no fractional part, got "${text}"`);
  const value = BigInt(m[1]!);
  if (value === 0n) throw new AmountFormError('zero', 'amount must be positive');
  return value;
}

const CURRENCY_SUFFIX = /\s*(?:₫|đ|vnđ|vnd)$/iu;
const MAX_DIGITS = 15; // 999 nghìn tỷ đồng: far beyond any school fee, and safe in every column

/**
 * A bank statement amount (credit). Accepted, with an optional currency suffix (`VND`, `VNĐ`,
 * `đ`, `₫`) and surrounding spaces:
 *   - plain digits: `1250000`
 *   - thousands grouped with dots (Vietnamese) or commas (English exports), at least two
 *     groups so the separator cannot be a decimal mark: `1.250.000`, `1,250,000`
 *   - a zero fraction of one or two digits after either mark: `1250000.00`, `1250000,0`,
 *     `1,250,000.00`, `1.250.000,00` (the last mark is the decimal mark, the other the grouping)
 * Refused:
 *   - `ambiguous`: a single mark followed by exactly three digits (`1.250`, `250,000`): a
 *     thousands separator in one convention and a decimal mark in the other; the bank must
 *     export plain digits or full grouping
 *   - `fraction`: a non-zero fraction (`1250000.50`)
 *   - `negative` (debits are not payments), `zero`, and any other form (`format`): spaces or
 *     apostrophes as grouping, misplaced separators, letters, more than 15 digits.
 */
export function parseStatementAmount(raw: string): Vnd {
  let s = raw.trim().replace(CURRENCY_SUFFIX, '');
  if (s.startsWith('-')) throw new AmountFormError('negative', `a debit, not a payment: "${raw}"`);
  if (s.startsWith('+')) s = s.slice(1);
  let digits: string;
  if (/^\d+$/.test(s)) digits = s;
  else {
    const dots = (s.match(/\./g) ?? []).length;
    const commas = (s.match(/,/g) ?? []).length;
    if (!/^[\d.,]+$/.test(s) || dots + commas === 0)
      throw new AmountFormError('format', `not an amount of VND: "${raw}"`);
    let integer: string;
    let fraction = '';
    if (dots === 0 || commas === 0) {
      const mark = dots ? '.' : ',';
      const parts = s.split(mark);
      if (parts.length === 2 && parts[1]!.length === 3 && /^\d{1,3}$/.test(parts[0]!))
        throw new AmountFormError(
          'ambiguous',
          `"${raw}" reads as thousands in one convention and as a decimal in the other; export plain digits`,
        );
      if (parts.length === 2 && /^\d+$/.test(parts[0]!) && /^\d{1,2}$/.test(parts[1]!)) {
        integer = parts[0]!;
        fraction = parts[1]!;
      } else integer = grouped(s, mark, raw);
    } else {
      const decimalMark = s.lastIndexOf('.') > s.lastIndexOf(',') ? '.' : ',';
      const groupMark = decimalMark === '.' ? ',' : '.';
      const at = s.lastIndexOf(decimalMark);
      fraction = s.slice(at + 1);
      if (!/^\d{1,2}$/.test(fraction) || s.indexOf(decimalMark) !== at)
        throw new AmountFormError('format', `not an amount of VND: "${raw}"`);
      integer = grouped(s.slice(0, at), groupMark, raw);
    }
    if (/[1-9]/.test(fraction))
      throw new AmountFormError('fraction', `VND has no fractional part: "${raw}"`);
    digits = integer;
  }
  if (digits.replace(/^0+/, '').length > MAX_DIGITS)
    throw new AmountFormError('format', `more than ${MAX_DIGITS} digits: "${raw}"`);
  const value = BigInt(digits);
  if (value === 0n) throw new AmountFormError('zero', 'amount must be positive');
  return value;
}

/** `1.250.000` with `mark` = "." → "1250000"; refuses anything that is not 3-digit grouping. */
function grouped(s: string, mark: '.' | ',', raw: string): string {
  const parts = s.split(mark);
  if (
    parts.length < 2 ||
    !/^\d{1,3}$/.test(parts[0]!) ||
    !parts.slice(1).every((p) => /^\d{3}$/.test(p))
  )
    throw new AmountFormError('format', `not an amount of VND: "${raw}"`);
  return parts.join('');
}
