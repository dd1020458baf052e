import { fail, ok, problem, Result } from './problems';

/**
 * A score in integer tenths of a point: 8.5 → 85, 10 → 100. Scores under Circular 22/2021 have at
 * most one decimal, so tenths are exact; binary floating point is not ((4.35).toFixed(1) is "4.3").
 */
export type Tenths = number & { readonly __tenths: unique symbol };

/** Trusted construction (constants, tests): an integer 0..100, or a RangeError. */
export function tenths(n: number): Tenths {
  if (!Number.isInteger(n) || n < 0 || n > 100) throw new RangeError(`not a score in tenths: ${n}`);
  return n as Tenths;
}

/**
 * Parses a teacher-entered score: "8", "8.5", "10", "0". A comma is accepted as the decimal
 * separator ("8,5") because that is how Vietnamese teachers write it and how spreadsheets with a
 * Vietnamese locale export it. Surrounding spaces are ignored. Rejected: more than one decimal
 * ("8.55": the circular's scores carry one), out of range ("11", "-1", "10.5"), anything else
 * ("8.", ".5", "8a", "1e1", and leading zeros such as "08": a typo more often than a score).
 * A number read from a spreadsheet cell goes through String(n) first: 8.55 stays "8.55" and is
 * refused, where multiplying by 10 and rounding would silently record 8.6.
 */
export function parseScore(raw: string, field = ''): Result<Tenths> {
  const text = raw.trim();
  if (text === '') return fail(problem(field, 'score.empty', 'score is empty'));
  if (/^-/.test(text))
    return fail(problem(field, 'score.outOfRange', 'score is below 0', { min: '0', max: '10' }));
  if (/^\d+[.,]\d{2,}$/.test(text))
    return fail(problem(field, 'score.tooManyDecimals', 'score has more than one decimal'));
  const m = /^(0|[1-9]\d*)(?:[.,](\d))?$/.exec(text);
  if (!m) return fail(problem(field, 'score.format', `not a score: "${text}"`));
  const value = Number(m[1]) * 10 + (m[2] === undefined ? 0 : Number(m[2]));
  if (value > 100)
    return fail(problem(field, 'score.outOfRange', 'score is above 10', { min: '0', max: '10' }));
  return ok(value as Tenths);
}

/** "8.5", "10", "0": one decimal only when it is not zero, point as separator (API form). */
export function formatScore(t: Tenths): string {
  const whole = Math.trunc(t / 10);
  const tenth = t % 10;
  return tenth === 0 ? String(whole) : `${whole}.${tenth}`;
}

/** "8,5", "10,0": the form printed in the học bạ and gradebook (one decimal, comma). */
export function formatScoreVi(t: Tenths): string {
  return `${Math.trunc(t / 10)},${t % 10}`;
}
